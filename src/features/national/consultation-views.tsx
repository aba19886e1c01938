import type { Child } from 'hono/jsx';
import { CSRF_FIELD } from '../../core/http/csrf.ts';
import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { formatDateTime } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import type { PlanTree } from '../plan/repo.ts';
import type { Consultation, ItemKind, ReviewComment } from './consultation-repo.ts';
import { NETWORK_ADMIN } from './views.tsx';

export const REVIEWS = `${NETWORK_ADMIN}/konsultacije`;
export const reviewPath = (planId: string) => `${REVIEWS}/${planId}`;
export const officeConsultationsPath = (slug: string) => `/admin/kancelarije/${slug}/konsultacije`;
export const officeConsultationPath = (slug: string, planId: string) => `/admin/kancelarije/${slug}/lap/${planId}/konsultacije`;

const statusText = (v: View, c: Consultation) => v.t(`natd.cons.status.${c.status}`);

/** Each town's consultation status (the national dashboard and the reviewers' list). */
export function ConsultationStatusTable({ v, rows, links }: { v: View; rows: readonly Consultation[]; links?: boolean }) {
  return (
    <section aria-labelledby="konsultacije">
      <h2 id="konsultacije">{v.t('natd.cons.statusTitle')}</h2>
      <DataTable
        caption={v.t('natd.cons.statusTitle')}
        captionHidden
        rows={rows}
        empty={v.t('natd.cons.none')}
        columns={[
          { label: v.t('nat.col.town'), rowHeader: true, cell: (c) => v.tx(c.town) },
          { label: v.t('nat.col.office'), cell: (c) => v.tx(c.office_name) },
          {
            label: v.t('natd.cons.plan'),
            cell: (c) => (links ? <a href={v.href(reviewPath(c.plan_id))}>{planLabel(v, c)}</a> : planLabel(v, c)),
          },
          { label: v.t('nat.col.status'), cell: (c) => statusText(v, c) },
          {
            label: v.t('natd.cons.comments'),
            numeric: true,
            cell: (c) => v.t('natd.cons.commentCount', { n: c.comments, open: c.open_comments }),
          },
        ]}
      />
    </section>
  );
}

const planLabel = (v: View, c: { plan_title: string; plan_version: number }) =>
  `${v.tx(c.plan_title)} (${v.t('natd.cons.version', { n: c.plan_version })})`;

export function ReviewListPage({ v, rows }: { v: View; rows: readonly Consultation[] }) {
  return (
    <Page v={v} title={v.t('natd.cons.title')}>
      <p class="crumbs">
        <a href={v.href(NETWORK_ADMIN)}>{v.t('nat.admin.title')}</a> ·{' '}
        <a href={v.href(`${NETWORK_ADMIN}/pregled`)}>{v.t('natd.adm.title')}</a>
      </p>
      <h1>{v.t('natd.cons.title')}</h1>
      <p>{v.t('natd.cons.lead')}</p>
      <ConsultationStatusTable v={v} rows={rows} links />
    </Page>
  );
}

interface Item {
  kind: ItemKind;
  key: string;
  text: string;
  children: Item[];
}

/** The plan as a tree of the items a reviewer comments on: per area, goals (and their specific goals), measures, activities; the area's indicators. */
function items(v: View, tree: PlanTree): Array<{ area: string; items: Item[] }> {
  const goal = (g: PlanTree['goals'][number]): Item => ({
    kind: 'goal',
    key: g.key,
    text: v.tx(g.text),
    children: [
      ...tree.goals.filter((s) => s.parent_id === g.id).map(goal),
      ...tree.measures
        .filter((m) => m.goal_id === g.id)
        .map((m): Item => ({
          kind: 'measure',
          key: m.key,
          text: v.tx(m.title),
          children: tree.activities
            .filter((a) => a.measure_id === m.id)
            .map((a): Item => ({ kind: 'activity', key: a.key, text: `${v.tx(a.title)} (${a.year})`, children: [] })),
        })),
    ],
  });
  return tree.areas.map((a) => ({
    area: a.code ? v.t(`lap.${a.code}` as Parameters<View['t']>[0]) : v.tx(a.name),
    items: [
      ...tree.goals.filter((g) => g.area_id === a.id && g.parent_id === null).map(goal),
      ...tree.indicators
        .filter((i) => i.area_id === a.id)
        .map((i): Item => ({ kind: 'indicator', key: i.key, text: `${i.code} ${v.tx(i.definition)}`, children: [] })),
    ],
  }));
}

function ItemList({ v, list, slot }: { v: View; list: Item[]; slot: (i: Item) => Child }): Child {
  if (list.length === 0) return null;
  return (
    <ul class="plan-items">
      {list.map((i) => (
        <li>
          <p>
            <strong>{v.t(`natd.cons.kind.${i.kind}`)}:</strong> {i.text}
          </p>
          {slot(i)}
          <ItemList v={v} list={i.children} slot={slot} />
        </li>
      ))}
    </ul>
  );
}

function PlanItems({ v, tree, slot }: { v: View; tree: PlanTree; slot: (i: Item) => Child }) {
  return (
    <>
      {items(v, tree).map((a) => (
        <section>
          <h2>{a.area}</h2>
          <ItemList v={v} list={a.items} slot={slot} />
        </section>
      ))}
    </>
  );
}

function Comments({ v, comments }: { v: View; comments: readonly ReviewComment[] }) {
  if (comments.length === 0) return null;
  return (
    <ol class="comments">
      {comments.map((c) => (
        <li id={`k-${c.id}`}>
          <p>
            <strong>{v.t('natd.cons.reviewer')}</strong> ({formatDateTime(v.locale, new Date(c.created_at))}): {v.tx(c.body)}
          </p>
          {c.answer ? (
            <p>
              <strong>{v.t('natd.cons.office')}</strong> ({formatDateTime(v.locale, new Date(c.answered_at!))}): {v.tx(c.answer)}
            </p>
          ) : (
            <p class="hint">{v.t('natd.cons.unanswered')}</p>
          )}
        </li>
      ))}
    </ol>
  );
}

/** Every error of a rejected form, on top of the page (as core/views/forms.tsx Form does). */
function ErrorSummary({ v, errors }: { v: View; errors: FormErrors | undefined }) {
  const messages = errors ? Object.values(errors).filter(Boolean) : [];
  if (messages.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="errors">
      <p>{v.t('form.errors')}</p>
      <ul>
        {messages.map((m) => (
          <li>{m}</li>
        ))}
      </ul>
    </div>
  );
}

const errorOf = (errors: FormErrors | undefined, values: FormValues | undefined, match: boolean) =>
  match && errors ? Object.values(errors).join(' ') : undefined;

/** A form beside an item or comment: one textarea with a unique id, its error tied to it. */
function SmallForm(p: {
  v: View;
  action: string;
  id: string;
  hidden: Record<string, string>;
  name: string;
  label: string;
  submit: string;
  value?: string | undefined;
  error?: string | undefined;
}) {
  const fid = `f-${p.id}`;
  return (
    <form method="post" action={p.action} class="inline-form">
      <input type="hidden" name={CSRF_FIELD} value={p.v.csrf()} />
      {Object.entries(p.hidden).map(([k, val]) => (
        <input type="hidden" name={k} value={val} />
      ))}
      <div class={p.error ? 'field has-error' : 'field'}>
        <label for={fid}>{p.label}</label>
        {p.error ? (
          <p class="error" id={`${fid}-error`} role="alert">
            {p.error}
          </p>
        ) : null}
        <textarea
          id={fid}
          name={p.name}
          rows={3}
          maxlength={2000}
          required
          aria-invalid={p.error ? 'true' : undefined}
          aria-describedby={p.error ? `${fid}-error` : undefined}
        >
          {p.value ?? ''}
        </textarea>
      </div>
      <button type="submit">{p.submit}</button>
    </form>
  );
}

/** The national reviewer's page: the shared plan, item by item, with the comments and a form per item while it is open. */
export function ReviewPage(p: {
  v: View;
  c: Consultation;
  tree: PlanTree;
  comments: readonly ReviewComment[];
  values?: FormValues;
  errors?: FormErrors;
}) {
  const { v, c } = p;
  const open = !c.closed_at && c.plan_status !== 'adopted';

  return (
    <Page v={v} title={v.t('natd.cons.reviewTitle', { town: v.tx(c.town) })}>
      <p class="crumbs">
        <a href={v.href(REVIEWS)}>{v.t('natd.cons.title')}</a>
      </p>
      <h1>{v.t('natd.cons.reviewTitle', { town: v.tx(c.town) })}</h1>
      <p>
        {planLabel(v, c)}, {c.start_year}–{c.end_year}. {v.t('nat.col.status')}: {statusText(v, c)}.
      </p>
      <ErrorSummary v={v} errors={p.errors} />
      {open ? <p>{v.t('natd.cons.reviewLead')}</p> : <p>{v.t('natd.cons.closedLead')}</p>}
      <PlanItems
        v={v}
        tree={p.tree}
        slot={(i) => {
          const here = `${i.kind}:${i.key}`;
          const mine = p.values?.item === here;
          return (
            <>
              <Comments v={v} comments={p.comments.filter((x) => x.item_kind === i.kind && x.item_key === i.key)} />
              {open ? (
                <details open={mine || undefined}>
                  <summary>{v.t('natd.cons.comment')}</summary>
                  <SmallForm
                    v={v}
                    action={v.href(reviewPath(c.plan_id))}
                    id={`${i.kind}-${i.key}`}
                    hidden={{ item: here }}
                    name="body"
                    label={v.t('natd.cons.commentOn', { item: i.text })}
                    submit={v.t('natd.cons.send')}
                    value={mine ? p.values?.body : undefined}
                    error={errorOf(p.errors, p.values, mine)}
                  />
                </details>
              ) : null}
            </>
          );
        }}
      />
    </Page>
  );
}

/** A message page (a plan the reviewer may not see, a closed consultation), in the reader's script. */
export function ConsultationMessagePage({ v, message }: { v: View; message: string }) {
  return (
    <Page v={v} title={v.t('natd.cons.title')}>
      <h1>{v.t('natd.cons.title')}</h1>
      <p role="alert">{message}</p>
      <p>
        <a href={v.href(REVIEWS)}>{v.t('natd.cons.back')}</a>
      </p>
    </Page>
  );
}

type OfficeRef = { slug: string; name: string };

/** The office's plans: share a draft with the national reviewers, or open its consultation. */
export function OfficeConsultationsPage(p: {
  v: View;
  office: OfficeRef;
  plans: Array<{ id: string; title: string; version: number; status: string; consultation: Consultation | undefined }>;
  error?: string | undefined;
}) {
  const { v, office } = p;
  return (
    <Page v={v} title={v.t('natd.cons.officeTitle')}>
      <p class="crumbs">
        <a href={v.href(`/admin/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a> ·{' '}
        <a href={v.href(`/admin/kancelarije/${office.slug}/lap`)}>{v.t('natd.cons.plans')}</a>
      </p>
      <h1>{v.t('natd.cons.officeTitle')}</h1>
      <p>{v.t('natd.cons.officeLead')}</p>
      <ErrorSummary v={v} errors={p.error ? { _form: p.error } : undefined} />
      <DataTable
        caption={v.t('natd.cons.officeTitle')}
        captionHidden
        rows={p.plans}
        empty={v.t('natd.cons.noPlans')}
        columns={[
          { label: v.t('natd.cons.plan'), rowHeader: true, cell: (pl) => planLabel(v, { plan_title: pl.title, plan_version: pl.version }) },
          { label: v.t('nat.col.status'), cell: (pl) => (pl.consultation ? statusText(v, pl.consultation) : v.t('natd.cons.notShared')) },
          {
            label: v.t('nat.col.actions'),
            actions: true,
            cell: (pl) => (
              <>
                {pl.consultation ? <a href={v.href(officeConsultationPath(office.slug, pl.id))}>{v.t('natd.cons.open')}</a> : null}
                {pl.status !== 'adopted' && (!pl.consultation || pl.consultation.closed_at) ? (
                  <form method="post" action={v.href(`${officeConsultationPath(office.slug, pl.id)}/podeli`)} class="inline-form">
                    <input type="hidden" name={CSRF_FIELD} value={v.csrf()} />
                    <button type="submit" aria-label={v.t('natd.cons.shareNamed', { plan: v.tx(pl.title), n: pl.version })}>
                      {v.t('natd.cons.share')}
                    </button>
                  </form>
                ) : null}
              </>
            ),
          },
        ]}
      />
    </Page>
  );
}

/** The office's page of one consultation: the comments by item, an answer form under each, and closing it. */
export function OfficeConsultationPage(p: {
  v: View;
  office: OfficeRef;
  c: Consultation;
  tree: PlanTree;
  comments: readonly ReviewComment[];
  values?: FormValues;
  errors?: FormErrors;
}) {
  const { v, office, c } = p;
  const open = !c.closed_at;

  return (
    <Page v={v} title={v.t('natd.cons.officePlanTitle', { plan: v.tx(c.plan_title) })}>
      <p class="crumbs">
        <a href={v.href(officeConsultationsPath(office.slug))}>{v.t('natd.cons.officeTitle')}</a> ·{' '}
        <a href={v.href(`/admin/kancelarije/${office.slug}/lap/${c.plan_id}`)}>{v.t('natd.cons.revise')}</a>
      </p>
      <h1>{v.t('natd.cons.officePlanTitle', { plan: v.tx(c.plan_title) })}</h1>
      <p>
        {v.t('nat.col.status')}: {statusText(v, c)}. {v.t('natd.cons.commentCount', { n: c.comments, open: c.open_comments })}
      </p>
      <ErrorSummary v={v} errors={p.errors} />
      <p>{v.t('natd.cons.officePlanLead')}</p>
      <PlanItems
        v={v}
        tree={p.tree}
        slot={(i) => {
          const here = p.comments.filter((x) => x.item_kind === i.kind && x.item_key === i.key);
          if (here.length === 0) return null;
          return (
            <>
              <Comments v={v} comments={here} />
              {open
                ? here.map((k) => {
                    const mine = p.values?.comment === k.id;
                    return (
                      <SmallForm
                        v={v}
                        action={v.href(`${officeConsultationPath(office.slug, c.plan_id)}/odgovor`)}
                        id={`odgovor-${k.id}`}
                        hidden={{ comment: k.id }}
                        name="answer"
                        label={v.t(k.answer ? 'natd.cons.answerAgain' : 'natd.cons.answer', { item: i.text })}
                        submit={v.t('natd.cons.sendAnswer')}
                        value={mine ? p.values?.answer : (k.answer ?? undefined)}
                        error={errorOf(p.errors, p.values, mine)}
                      />
                    );
                  })
                : null}
            </>
          );
        }}
      />
      {open ? (
        <form method="post" action={v.href(`${officeConsultationPath(office.slug, c.plan_id)}/zavrsi`)}>
          <input type="hidden" name={CSRF_FIELD} value={v.csrf()} />
          <button type="submit">{v.t('natd.cons.close')}</button>
        </form>
      ) : null}
    </Page>
  );
}
