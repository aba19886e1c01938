import { LAP_AREAS } from '../../core/domain.ts';
import { OfficeAdminCrumbs } from '../../core/views/crumbs.tsx';
import type { OfficeRef } from '../../core/http/env.ts';
import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { localParts } from '../../core/time.ts';
import { CheckGroup, ConfirmForm, Field, Form, RadioGroup } from '../../core/views/forms.tsx';
import { formatDateTime } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import { ImageForm } from '../activities/views.tsx';
import { adminNewsPath, adminPostPath, newsImagePath, newsPostPath } from './paths.ts';
import { isPublic, isScheduled } from './policy.ts';
import type { NewsPost, NewsSummary } from './repo.ts';
import { BODY_MAX, NEWS_CATEGORIES, type NewsCategory } from './schema.ts';

type Office = Pick<OfficeRef, 'slug' | 'name'>;

export const categoryLabel = (v: View, c: NewsCategory) => v.t(`news.category.${c}`);

/** "draft", "scheduled for …", "published …": what the staff list and the edit page say. */
export function statusText(v: View, p: Pick<NewsPost, 'status' | 'publish_at'>, now: Date): string {
  if (p.status === 'draft' || !p.publish_at) return v.t('news.status.draft');
  const at = formatDateTime(v.locale, p.publish_at);
  return v.t(p.publish_at > now ? 'news.status.scheduled' : 'news.status.published', { at });
}

function Crumbs({ v, office, list }: { v: View; office: Office; list?: boolean }) {
  return (
    <OfficeAdminCrumbs v={v} office={office} back={list ? { href: adminNewsPath(office), label: v.t('news.backToList') } : undefined} />
  );
}

export function NewsAdminPage({ v, office, rows, now }: { v: View; office: Office; rows: NewsSummary[]; now: Date }) {
  const title = v.t('news.admin.title', { office: v.tx(office.name) });
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} />
      <h1>{title}</h1>
      <p>
        <a href={v.href(`${adminNewsPath(office)}/nova`)}>{v.t('news.new')}</a> ·{' '}
        <a href={v.href(`/kancelarije/${office.slug}/vesti`)}>{v.t('news.view')}</a>
      </p>
      <DataTable
        caption={v.t('news.title')}
        captionHidden
        rows={rows}
        empty={v.t('news.none')}
        columns={[
          {
            label: v.t('news.col.title'),
            rowHeader: true,
            cell: (r) => <a href={v.href(adminPostPath(office, r.id))}>{v.tx(r.title)}</a>,
          },
          { label: v.t('news.col.category'), cell: (r) => categoryLabel(v, r.category) },
          { label: v.t('news.col.status'), cell: (r) => statusText(v, r, now) },
        ]}
      />
    </Page>
  );
}

/** datetime-local's value for an instant, in Belgrade time. */
const dt = (at: Date | null) => (at ? `${localParts(at).date}T${localParts(at).time}` : '');

export function newPostValues(): FormValues {
  return { category: 'announcement', publish: 'draft' };
}

export function postFormValues(p: NewsPost, now: Date): FormValues {
  return {
    title: p.title,
    summary: p.summary,
    body: p.body,
    category: p.category,
    areas: p.areas.join(','),
    publish: p.status === 'draft' ? 'draft' : isScheduled(p, now) ? 'at' : 'now',
    publish_at: isScheduled(p, now) ? dt(p.publish_at) : '',
  };
}

/** The text form (create and edit): everything typed comes back after an error. */
function PostForm({ v, action, values, errors }: { v: View; action: string; values: FormValues; errors?: FormErrors | undefined }) {
  const field = (name: string, label: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field v={v} name={name} label={label} value={values[name]} errors={errors} {...extra} />
  );
  return (
    <Form v={v} action={action} errors={errors} novalidate>
      <fieldset>
        <legend>{v.t('news.section.text')}</legend>
        {field('title', v.t('news.field.title'), { required: true, maxlength: 200 })}
        {field('summary', v.t('news.field.summary'), { hint: v.t('news.field.summary.hint'), multiline: true, rows: 2, maxlength: 300 })}
        {field('body', v.t('news.field.body'), { hint: v.t('news.field.body.hint'), multiline: true, rows: 14, maxlength: BODY_MAX })}
        {field('category', v.t('news.field.category'), {
          required: true,
          options: NEWS_CATEGORIES.map((c) => [c, categoryLabel(v, c)]),
        })}
        <CheckGroup
          v={v}
          name="areas"
          legend={v.t('news.field.areas')}
          options={LAP_AREAS.map((a) => [a, v.t(`lap.${a}`)] as const)}
          value={values.areas}
          errors={errors}
        />
      </fieldset>
      <fieldset>
        <legend>{v.t('news.section.publish')}</legend>
        <RadioGroup
          v={v}
          name="publish"
          legend={v.t('news.field.publish')}
          required
          options={[
            ['draft', v.t('news.publish.draft')],
            ['now', v.t('news.publish.now')],
            ['at', v.t('news.publish.at')],
          ]}
          value={values.publish}
          errors={errors}
        />
        {field('publish_at', v.t('news.field.publishAt'), { type: 'datetime-local', hint: v.t('news.field.publishAt.hint') })}
      </fieldset>
      <button type="submit">{v.t('news.save')}</button>
    </Form>
  );
}

export function NewPostPage({ v, office, values, errors }: { v: View; office: Office; values: FormValues; errors?: FormErrors }) {
  const title = v.t('news.new');
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} list />
      <h1>{title}</h1>
      <PostForm v={v} action={v.href(adminNewsPath(office))} values={values} errors={errors} />
    </Page>
  );
}

export function EditPostPage(props: {
  v: View;
  office: Office;
  post: NewsPost;
  now: Date;
  values: FormValues;
  errors?: FormErrors | undefined;
  imageValues?: FormValues | undefined;
  imageErrors?: FormErrors | undefined;
}) {
  const { v, office, post: p, now } = props;
  const base = adminPostPath(office, p.id);
  const title = v.t('news.edit.title', { title: v.tx(p.title) });
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} list />
      <h1>{title}</h1>
      <p>
        {statusText(v, p, now)}
        {isPublic(p, now) ? (
          <>
            {' · '}
            <a href={v.href(newsPostPath(office, p.id))}>{v.t('news.view')}</a>
          </>
        ) : null}
      </p>
      <PostForm v={v} action={v.href(base)} values={props.values} errors={props.errors} />
      <section aria-labelledby="image">
        <h2 id="image">{v.t('news.section.image')}</h2>
        {p.image_file_id ? (
          <img
            src={v.href(`${newsImagePath(office, p.id)}?v=${p.image_file_id.slice(0, 8)}`)}
            alt={v.tx(p.image_alt)}
            class="activity-image"
            width={p.image_width ?? undefined}
            height={p.image_height ?? undefined}
          />
        ) : (
          <p>{v.t('news.image.none')}</p>
        )}
        <ImageForm
          v={v}
          action={v.href(`${base}/slika`)}
          hasImage={p.image_file_id !== null}
          alt={p.image_alt}
          values={props.imageValues}
          errors={props.imageErrors}
          hint={v.t('news.field.image.hint')}
        />
      </section>
      <section aria-labelledby="delete">
        <h2 id="delete">{v.t('news.delete')}</h2>
        <ConfirmForm v={v} action={v.href(`${base}/obrisi`)} label={v.t('news.delete')} question={v.t('news.delete.question')} />
      </section>
    </Page>
  );
}
