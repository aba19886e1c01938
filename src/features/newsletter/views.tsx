import { LAP_AREAS } from '../../core/domain.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { ConfirmForm, Check, CheckGroup, Field, Form, RadioGroup, isOn } from '../../core/views/forms.tsx';
import { formatDateTime } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import type { MessageKey } from '../../core/i18n/messages.ts';
import { CONFIRM_PATH, managePath, subscribePath, unsubscribePath } from './mails.ts';
import type { CampaignCan } from './policy.ts';
import type { Campaign, Progress } from './repo.ts';
import { OPPORTUNITY_KINDS } from './schema.ts';

type Office = Pick<OfficeRef, 'slug' | 'name'>;
export const adminBase = (o: Office) => `/admin/kancelarije/${o.slug}/bilten`;

const areaOptions = (v: View) => LAP_AREAS.map((a) => [a, v.t(`lap.${a}` as MessageKey)] as const);
const kindOptions = (v: View) => OPPORTUNITY_KINDS.map((k) => [k, v.t(`newsletter.kind.${k}`)] as const);
const scriptOptions = (v: View) => (['cir', 'lat'] as const).map((s) => [s, v.t(`newsletter.script.${s}`)] as const);
const officeOptions = (v: View, offices: readonly Office[]) => offices.map((o) => [o.slug, v.tx(o.name)] as const);

/** The script a new subscriber gets by default: the reader's (English readers: Latin). */
export const defaultScript = (v: View) => (v.locale === 'cir' ? 'cir' : 'lat');

function Interests({
  v,
  values,
  errors,
  offices,
}: {
  v: View;
  values: FormValues;
  errors?: FormErrors | undefined;
  offices: readonly Office[];
}) {
  return (
    <>
      <RadioGroup
        v={v}
        name="script"
        legend={v.t('newsletter.field.script')}
        options={scriptOptions(v)}
        value={values.script}
        errors={errors}
        required
      />
      <AreaAndKindChecks
        v={v}
        values={values}
        errors={errors}
        areas={v.t('newsletter.field.areas')}
        kinds={v.t('newsletter.field.kinds')}
        hint={v.t('newsletter.field.areas.hint')}
      />
      <CheckGroup
        v={v}
        name="offices"
        legend={v.t('newsletter.field.offices')}
        options={officeOptions(v, offices)}
        value={values.offices}
        errors={errors}
        required
      />
    </>
  );
}

export function SubscribePage(p: {
  v: View;
  office: Office;
  offices: readonly Office[];
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office } = p;
  const title = v.t('newsletter.subscribe.title', { office: v.tx(office.name) });
  return (
    <Page v={v} title={title}>
      <h1>{title}</h1>
      <p>{v.t('newsletter.subscribe.intro')}</p>
      <Form v={v} action={v.href(subscribePath(office.slug))} errors={p.errors}>
        <Field
          v={v}
          name="email"
          type="email"
          label={v.t('newsletter.field.email')}
          value={p.values.email}
          errors={p.errors}
          required
          autocomplete="email"
        />
        <Interests v={v} values={p.values} errors={p.errors} offices={p.offices} />
        <Check v={v} name="consent" label={v.t('newsletter.field.consent')} checked={isOn(p.values.consent)} errors={p.errors} required />
        <button type="submit">{v.t('newsletter.subscribe.submit')}</button>
      </Form>
    </Page>
  );
}

/** A page with a heading and a paragraph (check your mail, confirmed, unsubscribed, a bad link). */
export function MessagePage({ v, title, body, back }: { v: View; title: MessageKey; body: MessageKey; back?: boolean }) {
  return (
    <Page v={v} title={v.t(title)}>
      <h1>{v.t(title)}</h1>
      <p>{v.t(body)}</p>
      {back ? (
        <p>
          <a href={v.href('/kancelarije')}>{v.t('newsletter.link.offices')}</a>
        </p>
      ) : null}
    </Page>
  );
}

export function ConfirmPage({ v, token }: { v: View; token: string }) {
  return (
    <Page v={v} title={v.t('newsletter.confirm.title')}>
      <h1>{v.t('newsletter.confirm.title')}</h1>
      <p>{v.t('newsletter.confirm.question')}</p>
      <Form v={v} action={v.href(CONFIRM_PATH)}>
        <input type="hidden" name="token" value={token} />
        <button type="submit">{v.t('newsletter.confirm.submit')}</button>
      </Form>
    </Page>
  );
}

export function ManagePage(p: {
  v: View;
  keyValue: string;
  email: string;
  active: boolean;
  offices: readonly Office[];
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v } = p;
  return (
    <Page v={v} title={v.t('newsletter.manage.title')}>
      <h1>{v.t('newsletter.manage.title')}</h1>
      <p>{v.t('newsletter.manage.for', { email: p.email })}</p>
      {p.active ? (
        <Form v={v} action={v.href(managePath(p.keyValue))} errors={p.errors}>
          <Interests v={v} values={p.values} errors={p.errors} offices={p.offices} />
          <button type="submit">{v.t('newsletter.manage.save')}</button>
        </Form>
      ) : (
        <p>{v.t('newsletter.manage.inactive')}</p>
      )}
      {p.active ? (
        <p>
          <a href={v.href(unsubscribePath(p.keyValue))}>{v.t('newsletter.unsubscribe.link')}</a>
        </p>
      ) : null}
    </Page>
  );
}

/** The unsubscribe link's page: a button (a GET changes nothing: mail scanners follow links). */
export function UnsubscribePage({ v, keyValue }: { v: View; keyValue: string }) {
  return (
    <Page v={v} title={v.t('newsletter.unsubscribe.title')}>
      <h1>{v.t('newsletter.unsubscribe.title')}</h1>
      <p>{v.t('newsletter.unsubscribe.question')}</p>
      <Form v={v} action={v.href(unsubscribePath(keyValue))}>
        <button type="submit">{v.t('newsletter.unsubscribe.submit')}</button>
      </Form>
    </Page>
  );
}

// ── The coordinator's pages ─────────────────────────────────────────────────

function Crumbs({ v, office, list }: { v: View; office: Office; list?: boolean }) {
  return (
    <p class="crumbs">
      <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(`/admin/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a>
      {list ? (
        <>
          {' '}
          · <a href={v.href(adminBase(office))}>{v.t('newsletter.campaign.back')}</a>
        </>
      ) : null}
    </p>
  );
}

function CampaignFields({ v, values, errors }: { v: View; values: FormValues; errors?: FormErrors | undefined }) {
  return (
    <>
      <Field v={v} name="subject" label={v.t('newsletter.field.subject')} value={values.subject} errors={errors} required maxlength={200} />
      <Field
        v={v}
        name="body"
        label={v.t('newsletter.field.body')}
        hint={v.t('newsletter.field.body.hint')}
        value={values.body}
        errors={errors}
        required
        multiline
        rows={12}
        maxlength={20000}
      />
      <Segment v={v} values={values} errors={errors} />
    </>
  );
}

/** The LAP areas and kinds of opportunity: what a subscriber follows, and a letter's segment. */
function AreaAndKindChecks(p: {
  v: View;
  values: FormValues;
  errors?: FormErrors | undefined;
  areas: string;
  kinds: string;
  hint: string;
}) {
  const { v, values, errors } = p;
  return (
    <>
      <CheckGroup v={v} name="areas" legend={p.areas} hint={p.hint} options={areaOptions(v)} value={values.areas} errors={errors} />
      <CheckGroup v={v} name="kinds" legend={p.kinds} hint={p.hint} options={kindOptions(v)} value={values.kinds} errors={errors} />
    </>
  );
}

function Segment({ v, values, errors }: { v: View; values: FormValues; errors?: FormErrors | undefined }) {
  return (
    <AreaAndKindChecks
      v={v}
      values={values}
      errors={errors}
      areas={v.t('newsletter.field.segment.areas')}
      kinds={v.t('newsletter.field.segment.kinds')}
      hint={v.t('newsletter.field.segment.hint')}
    />
  );
}

const statusLabel = (v: View, s: Campaign['status']) => v.t(`newsletter.status.${s}`);

export function CampaignsPage(p: {
  v: View;
  office: Office;
  subscribers: number;
  campaigns: readonly Campaign[];
  values: FormValues;
  errors?: FormErrors | undefined;
  digestValues: FormValues;
  digestErrors?: FormErrors | undefined;
}) {
  const { v, office } = p;
  const title = v.t('newsletter.admin.title', { office: v.tx(office.name) });
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} />
      <h1>{title}</h1>
      <p>{v.t('newsletter.admin.subscribers', { n: p.subscribers })}</p>
      <DataTable
        caption={v.t('newsletter.admin.campaigns')}
        rows={p.campaigns}
        empty={v.t('newsletter.admin.none')}
        columns={[
          {
            label: v.t('newsletter.admin.col.subject'),
            rowHeader: true,
            cell: (c) => <a href={v.href(`${adminBase(office)}/${c.id}`)}>{v.tx(c.subject)}</a>,
          },
          { label: v.t('newsletter.admin.col.status'), cell: (c) => statusLabel(v, c.status) },
          { label: v.t('newsletter.admin.col.created'), cell: (c) => formatDateTime(v.locale, new Date(c.created_at)) },
        ]}
      />
      <section aria-labelledby="digest">
        <h2 id="digest">{v.t('newsletter.admin.digest')}</h2>
        <p>{v.t('newsletter.admin.digest.intro')}</p>
        <Form v={v} action={v.href(`${adminBase(office)}/pregled-novosti`)} errors={p.digestErrors}>
          <Field
            v={v}
            name="subject"
            label={v.t('newsletter.field.subject')}
            hint={v.t('newsletter.admin.digest.subjectHint')}
            value={p.digestValues.subject}
            errors={p.digestErrors}
            maxlength={200}
          />
          <Segment v={v} values={p.digestValues} errors={p.digestErrors} />
          <button type="submit">{v.t('newsletter.admin.digest.submit')}</button>
        </Form>
      </section>
      <section aria-labelledby="new">
        <h2 id="new">{v.t('newsletter.admin.new')}</h2>
        <Form v={v} action={v.href(adminBase(office))} errors={p.errors}>
          <CampaignFields v={v} values={p.values} errors={p.errors} />
          <button type="submit">{v.t('newsletter.admin.create')}</button>
        </Form>
      </section>
    </Page>
  );
}

export const campaignValues = (c: Campaign): FormValues => ({
  subject: c.subject,
  body: c.body,
  areas: c.segment_areas.join(','),
  kinds: c.segment_kinds.join(','),
});

export function CampaignPage(p: {
  v: View;
  office: Office;
  campaign: Campaign;
  can: CampaignCan;
  previews: Array<{ script: 'cir' | 'lat'; subject: string; text: string }>;
  segment: number;
  progress: Progress;
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, campaign: c, can, progress } = p;
  const base = `${adminBase(office)}/${c.id}`;
  return (
    <Page v={v} title={v.tx(c.subject)}>
      <Crumbs v={v} office={office} list />
      <h1>{v.tx(c.subject)}</h1>
      {p.errors?._form && !can.edit ? (
        <div class="error-summary" role="alert" tabindex={-1} id="errors">
          <p>{v.t('form.errors')}</p>
          <ul>
            <li>{p.errors._form}</li>
          </ul>
        </div>
      ) : null}
      <p>
        {v.t('newsletter.admin.col.status')}: <strong>{statusLabel(v, c.status)}</strong>
      </p>
      {c.status !== 'draft' ? (
        <section aria-labelledby="progress">
          <h2 id="progress">{v.t('newsletter.admin.col.progress')}</h2>
          <p role="status">
            {v.t('newsletter.campaign.progress', {
              sent: progress.sent,
              queued: progress.queued + progress.sending,
              failed: progress.failed,
              total: c.total,
            })}
          </p>
          <p>{v.t('newsletter.campaign.progress.more', { skipped: progress.skipped, unconfirmed: progress.unconfirmed })}</p>
          <p>
            <a href={v.href(base)}>{v.t('newsletter.campaign.refresh')}</a>
          </p>
          {can.pause ? (
            <Form v={v} action={v.href(`${base}/pauza`)}>
              <button type="submit">{v.t('newsletter.campaign.pause')}</button>
            </Form>
          ) : null}
          {can.resume ? (
            <Form v={v} action={v.href(`${base}/nastavak`)}>
              <button type="submit">{v.t('newsletter.campaign.resume')}</button>
            </Form>
          ) : null}
        </section>
      ) : (
        <p>{v.t('newsletter.campaign.segment', { n: p.segment })}</p>
      )}
      {c.kind === 'digest' ? <p>{v.t('newsletter.campaign.items', { n: c.digest_items.length })}</p> : null}
      {p.previews.map((pr) => (
        <section aria-labelledby={`preview-${pr.script}`}>
          <h2 id={`preview-${pr.script}`}>{v.t('newsletter.campaign.preview', { script: v.t(`newsletter.script.${pr.script}`) })}</h2>
          <p>
            <strong>{pr.subject}</strong>
          </p>
          <pre class="mail-preview">{pr.text}</pre>
        </section>
      ))}
      {can.test ? (
        <Form v={v} action={v.href(`${base}/proba`)}>
          <button type="submit">{v.t('newsletter.campaign.test')}</button>
        </Form>
      ) : null}
      {can.send ? (
        <ConfirmForm
          v={v}
          action={v.href(`${base}/slanje`)}
          label={v.t('newsletter.campaign.send')}
          question={v.t('newsletter.campaign.send.question', { n: p.segment })}
        />
      ) : null}
      {can.edit ? (
        <section aria-labelledby="edit">
          <h2 id="edit">{v.t('newsletter.campaign.edit')}</h2>
          <Form v={v} action={v.href(base)} errors={p.errors}>
            <CampaignFields v={v} values={p.values} errors={p.errors} />
            <button type="submit">{v.t('newsletter.admin.create')}</button>
          </Form>
        </section>
      ) : null}
    </Page>
  );
}
