import { LAP_AREAS } from '../../core/domain.ts';
import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import { numberFormat } from '../../core/intl.ts';
import { OfficeAdminCrumbs } from '../../core/views/crumbs.tsx';
import { Check, CheckGroup, Field, Form, RadioGroup, isOn } from '../../core/views/forms.tsx';
import { formatDate, formatDateTime } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import { ImageInput } from '../activities/views.tsx';
import type { PendingRequest } from '../bookings/repo.ts';
import { requestPath } from '../bookings/views.tsx';
import { INVITE_PATH, MINE_PATH, adminPath, editPath, initiativePath, newPath, photoPath, publicPath } from './paths.ts';
import type { Can } from './policy.ts';
import type { Comment, HistoryRow, Initiative, Invite, ListRow, Member, Photo, PublicRow } from './repo.ts';
import {
  BLANK_ROWS,
  MAX_ROWS,
  PROPOSERS,
  STATUSES,
  SUPPORT,
  budgetTotalPara,
  hundredths,
  lineTotalPara,
  rowCount,
  type BudgetItem,
  type Status,
} from './schema.ts';

/** Dinars from para, as people read them ("1.234,50" / "1,234.50"). */
const rsd = (v: View, para: number) =>
  numberFormat(v.locale === 'en' ? 'en-GB' : 'sr-Latn-RS', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(para / 100);
const amount = (v: View, hundredthsValue: number) =>
  numberFormat(v.locale === 'en' ? 'en-GB' : 'sr-Latn-RS', { maximumFractionDigits: 2 }).format(hundredthsValue / 100);

const areaOptions = (v: View): Array<[string, string]> => LAP_AREAS.map((a) => [a, v.t(`lap.${a}`)]);
const statusLabel = (v: View, s: Status) => v.t(`init.status.${s}`);
const when = (v: View, r: { starts_on: string; ends_on: string }) =>
  r.starts_on === r.ends_on
    ? formatDate(v.locale, r.starts_on)
    : `${formatDate(v.locale, r.starts_on)} – ${formatDate(v.locale, r.ends_on)}`;
const proposer = (v: View, r: Pick<ListRow, 'proposer_kind' | 'group_name' | 'association_name'>) =>
  r.proposer_kind === 'group'
    ? v.tx(r.group_name)
    : r.proposer_kind === 'association'
      ? v.tx(r.association_name ?? '—')
      : v.t('init.proposer.person');

/** A refusal of the whole page (the status moved, the invitation is used): the error summary's look, focused. */
function ErrorBox({ v, message }: { v: View; message: string }) {
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="errors" autofocus>
      <p>{v.t('form.errors')}</p>
      <ul>
        <li>{message}</li>
      </ul>
    </div>
  );
}

// ── The proposal form (new and edit) ──

/** The form's values of a stored initiative and its budget (amounts as typed: "1500.5" → "1500,5" in Serbian). */
export function formValuesOf(i: Initiative, items: readonly BudgetItem[]): FormValues {
  const f: FormValues = {
    proposer_kind: i.proposer_kind,
    group_name: i.group_name,
    association_id: i.association_id ?? '',
    title: i.title,
    idea: i.idea,
    why: i.why,
    audience: i.audience,
    area: i.area,
    place: i.place,
    starts_on: i.starts_on,
    ends_on: i.ends_on,
    support: i.support.join(','),
    publish_consent: i.publish_consent ? 'on' : '',
    rows: String(Math.min(MAX_ROWS, Math.max(BLANK_ROWS, items.length + 1))),
  };
  items.forEach((it, n) => {
    f[`b_name_${n}`] = it.name;
    f[`b_qty_${n}`] = String(it.quantity100 / 100);
    f[`b_price_${n}`] = String(it.unitPara / 100);
  });
  return f;
}

/** One cell's input of the budget table, with a label screen readers read and its error. */
function BudgetInput(p: { v: View; name: string; label: string; value: string; errors?: FormErrors | undefined; numeric?: boolean }) {
  const id = `f-${p.name}`;
  const error = p.errors?.[p.name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id} class="visually-hidden">
        {p.label}
      </label>
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <input
        id={id}
        name={p.name}
        type="text"
        value={p.value}
        inputmode={p.numeric ? 'decimal' : undefined}
        maxlength={p.numeric ? 20 : 200}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
    </div>
  );
}

export function InitiativeFormPage(props: {
  v: View;
  office: OfficeRef;
  action: string;
  title: string;
  values: FormValues;
  errors?: FormErrors | undefined;
  associations: ReadonlyArray<{ id: string; name: string }>;
  back?: { href: string; label: string };
}) {
  const { v, values, errors } = props;
  const rows = rowCount(values);
  const indexes = Array.from({ length: rows }, (_, n) => n);
  const cellTotal = (n: number) => {
    const q = hundredths(values[`b_qty_${n}`] ?? '');
    const p = hundredths(values[`b_price_${n}`] ?? '');
    return q !== null && p !== null && q > 0 ? rsd(v, lineTotalPara({ quantity100: q, unitPara: p })) : '';
  };
  const sum = budgetTotalPara(
    indexes
      .map((n) => ({ q: hundredths(values[`b_qty_${n}`] ?? ''), p: hundredths(values[`b_price_${n}`] ?? '') }))
      .filter((x): x is { q: number; p: number } => x.q !== null && x.p !== null)
      .map((x) => ({ quantity100: x.q, unitPara: x.p })),
  );
  const rowLabel = (n: number, what: string) => `${v.t('init.budget.row', { n: n + 1 })}: ${what}`;
  return (
    <Page v={v} title={props.title}>
      <p class="crumbs">
        <a href={v.href(props.back?.href ?? publicPath(props.office))}>
          {props.back?.label ?? v.t('init.public.title', { office: v.tx(props.office.name) })}
        </a>
      </p>
      <h1>{props.title}</h1>
      <p>{v.t('init.new.lead')}</p>
      <Form v={v} action={v.href(props.action)} errors={errors} novalidate>
        <input type="hidden" name="rows" value={String(rows)} />
        <RadioGroup
          v={v}
          name="proposer_kind"
          legend={v.t('init.field.proposer')}
          options={PROPOSERS.filter((p) => p !== 'association' || props.associations.length > 0).map((p) => [p, v.t(`init.proposer.${p}`)])}
          value={values.proposer_kind ?? 'person'}
          errors={errors}
          required
        />
        <Field v={v} name="group_name" label={v.t('init.field.groupName')} value={values.group_name} errors={errors} maxlength={120} />
        {props.associations.length > 0 ? (
          <Field
            v={v}
            name="association_id"
            label={v.t('init.field.association')}
            value={values.association_id}
            errors={errors}
            options={[['', '—'], ...props.associations.map((a): [string, string] => [a.id, v.tx(a.name)])]}
          />
        ) : null}
        <Field v={v} name="title" label={v.t('init.field.title')} value={values.title} errors={errors} required maxlength={150} />
        <Field v={v} name="idea" label={v.t('init.field.idea')} value={values.idea} errors={errors} required multiline maxlength={4000} />
        <Field
          v={v}
          name="why"
          label={v.t('init.field.why')}
          value={values.why}
          errors={errors}
          required
          multiline
          rows={3}
          maxlength={4000}
        />
        <Field v={v} name="audience" label={v.t('init.field.audience')} value={values.audience} errors={errors} required maxlength={1000} />
        <Field v={v} name="area" label={v.t('init.field.area')} value={values.area} errors={errors} required options={areaOptions(v)} />
        <Field v={v} name="place" label={v.t('init.field.place')} value={values.place} errors={errors} required maxlength={300} />
        <Field v={v} name="starts_on" type="date" label={v.t('init.field.startsOn')} value={values.starts_on} errors={errors} required />
        <Field v={v} name="ends_on" type="date" label={v.t('init.field.endsOn')} value={values.ends_on} errors={errors} required />
        <CheckGroup
          v={v}
          name="support"
          legend={v.t('init.field.support')}
          options={SUPPORT.map((s) => [s, v.t(`init.support.${s}`)])}
          value={values.support}
          errors={errors}
        />
        <h2 id="budget">{v.t('init.budget')}</h2>
        <p class="hint">{v.t('init.budget.hint')}</p>
        <DataTable
          caption={v.t('init.budget')}
          captionHidden
          rows={indexes}
          columns={[
            {
              label: v.t('init.budget.name'),
              cell: (n) => (
                <BudgetInput
                  v={v}
                  name={`b_name_${n}`}
                  label={rowLabel(n, v.t('init.budget.name'))}
                  value={values[`b_name_${n}`] ?? ''}
                  errors={errors}
                />
              ),
            },
            {
              label: v.t('init.budget.quantity'),
              cell: (n) => (
                <BudgetInput
                  v={v}
                  name={`b_qty_${n}`}
                  label={rowLabel(n, v.t('init.budget.quantity'))}
                  value={values[`b_qty_${n}`] ?? ''}
                  errors={errors}
                  numeric
                />
              ),
            },
            {
              label: v.t('init.budget.unitPrice'),
              cell: (n) => (
                <BudgetInput
                  v={v}
                  name={`b_price_${n}`}
                  label={rowLabel(n, v.t('init.budget.unitPrice'))}
                  value={values[`b_price_${n}`] ?? ''}
                  errors={errors}
                  numeric
                />
              ),
            },
            { label: v.t('init.budget.total'), numeric: true, cell: (n) => cellTotal(n) },
          ]}
          totals={[v.t('init.budget.sum'), '', '', rsd(v, sum)]}
        />
        {rows < MAX_ROWS ? (
          <p>
            <button type="submit" name="action" value="add_row" class="secondary">
              {v.t('init.budget.addRow')}
            </button>
          </p>
        ) : null}
        <Check
          v={v}
          name="publish_consent"
          label={v.t('init.field.consent')}
          hint={v.t('init.field.consent.hint')}
          checked={isOn(values.publish_consent)}
          errors={errors}
        />
        <p class="actions">
          <button type="submit" name="action" value="save">
            {v.t('init.save')}
          </button>{' '}
          <button type="submit" name="action" value="submit">
            {v.t('init.saveSubmit')}
          </button>
        </p>
      </Form>
    </Page>
  );
}

// ── The initiative's page (team and office) ──

export function BudgetTable({ v, items }: { v: View; items: readonly BudgetItem[] }) {
  return (
    <DataTable
      caption={v.t('init.budget')}
      captionHidden
      rows={items}
      empty={v.t('init.budget.none')}
      columns={[
        { label: v.t('init.budget.name'), rowHeader: true, cell: (i) => v.tx(i.name) },
        { label: v.t('init.budget.quantity'), numeric: true, cell: (i) => amount(v, i.quantity100) },
        { label: v.t('init.budget.unitPrice'), numeric: true, cell: (i) => rsd(v, i.unitPara) },
        { label: v.t('init.budget.total'), numeric: true, cell: (i) => rsd(v, lineTotalPara(i)) },
      ]}
      totals={[v.t('init.budget.sum'), '', '', rsd(v, budgetTotalPara(items))]}
    />
  );
}

const reachedTotal = (r: Pick<Initiative, 'reached_15_19' | 'reached_20_24' | 'reached_25_30'>) =>
  (r.reached_15_19 ?? 0) + (r.reached_20_24 ?? 0) + (r.reached_25_30 ?? 0);

function Reached({ v, r }: { v: View; r: Pick<Initiative, 'reached_15_19' | 'reached_20_24' | 'reached_25_30'> }) {
  return (
    <p>
      {v.t('init.report.reachedTotal', { n: reachedTotal(r) })}: {v.t('init.report.15_19')} {r.reached_15_19 ?? 0} ·{' '}
      {v.t('init.report.20_24')} {r.reached_20_24 ?? 0} · {v.t('init.report.25_30')} {r.reached_25_30 ?? 0}
    </p>
  );
}

function Photos({ v, office, id, photos }: { v: View; office: OfficeRef; id: string; photos: readonly Photo[] }) {
  if (photos.length === 0) return <p>{v.t('init.photos.none')}</p>;
  return (
    <ul class="cards">
      {photos.map((p) => (
        <li class="card">
          <img
            src={v.href(photoPath(office, id, p.file_id))}
            alt={v.tx(p.alt)}
            width={p.width ?? undefined}
            height={p.height ?? undefined}
            class="activity-image"
            loading="lazy"
          />
        </li>
      ))}
    </ul>
  );
}

function historyText(v: View, h: HistoryRow): string {
  switch (h.action) {
    case 'created':
      return v.t('init.history.created');
    case 'edited':
      return v.t('init.history.edited', {
        fields: h.fields.map((f) => (f === 'budget' ? v.t('init.field.budget') : fieldLabel(v, f))).join(', '),
      });
    case 'status':
      return v.t('init.history.status', {
        from: h.from_status ? statusLabel(v, h.from_status) : '—',
        to: h.to_status ? statusLabel(v, h.to_status) : '—',
      });
    case 'invited':
      return v.t('init.history.invited', { who: h.note });
    case 'joined':
      return v.t('init.history.joined');
    case 'photo':
      return v.t('init.history.photo');
  }
}

const FIELD_LABELS = {
  proposer_kind: 'init.field.proposer',
  group_name: 'init.field.groupName',
  association_id: 'init.field.association',
  title: 'init.field.title',
  idea: 'init.field.idea',
  why: 'init.field.why',
  audience: 'init.field.audience',
  area: 'init.field.area',
  place: 'init.field.place',
  starts_on: 'init.field.startsOn',
  ends_on: 'init.field.endsOn',
  support: 'init.field.support',
  publish_consent: 'init.field.consent',
} as const;
const fieldLabel = (v: View, f: string) => (f in FIELD_LABELS ? v.t(FIELD_LABELS[f as keyof typeof FIELD_LABELS]) : f);

export interface InitiativePageProps {
  v: View;
  office: OfficeRef;
  i: Initiative;
  items: readonly BudgetItem[];
  members: readonly Member[];
  comments: readonly Comment[];
  history: readonly HistoryRow[];
  photos: readonly Photo[];
  /** Its requests for space and equipment (the bookings feature's). */
  bookings: readonly PendingRequest[];
  can: Can;
  /** A refusal to show above the page (409: someone else decided first). */
  error?: string | undefined;
  forms?: { name: 'invite' | 'comment' | 'decide' | 'report' | 'photo'; values: FormValues; errors: FormErrors } | undefined;
}

export function InitiativePage(p: InitiativePageProps) {
  const { v, office, i, can } = p;
  const base = initiativePath(office, i.id);
  const formOf = (name: NonNullable<InitiativePageProps['forms']>['name']) =>
    p.forms?.name === name ? p.forms : { values: {} as FormValues, errors: undefined };
  return (
    <Page v={v} title={v.tx(i.title)}>
      {can.staff ? (
        <OfficeAdminCrumbs v={v} office={office} back={{ href: adminPath(office), label: v.t('init.title') }} />
      ) : (
        <p class="crumbs">
          <a href={v.href(MINE_PATH)}>{v.t('init.mine.title')}</a>
        </p>
      )}
      <h1>{v.tx(i.title)}</h1>
      {p.error ? <ErrorBox v={v} message={p.error} /> : null}
      <dl class="facts">
        <dt>{v.t('init.status')}</dt>
        <dd>
          <strong>{statusLabel(v, i.status)}</strong>
        </dd>
        <dt>{v.t('init.proposedBy')}</dt>
        <dd>{proposer(v, i)}</dd>
        <dt>{v.t('init.field.area')}</dt>
        <dd>{v.t(`lap.${i.area}`)}</dd>
        <dt>{v.t('init.when')}</dt>
        <dd>{when(v, i)}</dd>
        <dt>{v.t('init.where')}</dt>
        <dd>{v.tx(i.place)}</dd>
        <dt>{v.t('init.field.support')}</dt>
        <dd>{i.support.length > 0 ? i.support.map((s) => v.t(`init.support.${s}`)).join(', ') : '—'}</dd>
      </dl>
      {i.decision_note ? (
        <p>
          <strong>{i.status === 'declined' ? v.t('init.declineReason') : v.t('init.officeNote')}:</strong> {v.tx(i.decision_note)}
        </p>
      ) : null}
      <h2>{v.t('init.field.idea')}</h2>
      <p class="initiative-text">{v.tx(i.idea)}</p>
      <h2>{v.t('init.field.why')}</h2>
      <p class="initiative-text">{v.tx(i.why)}</p>
      <h2>{v.t('init.field.audience')}</h2>
      <p>{v.tx(i.audience)}</p>
      <h2>{v.t('init.budget')}</h2>
      <BudgetTable v={v} items={p.items} />
      <InitiativeBookings v={v} office={office} i={i} can={can} rows={p.bookings} />

      {can.edit ? (
        <p class="actions">
          <a href={v.href(editPath(office, i.id))}>{v.t('init.edit')}</a>
        </p>
      ) : can.team && !can.edit ? (
        <p class="hint">{v.t('init.locked')}</p>
      ) : null}
      {can.submit ? (
        <Form v={v} action={v.href(`${base}/posalji`)} class="inline">
          <button type="submit">{v.t('init.submit')}</button>
        </Form>
      ) : null}
      {can.start ? (
        <Form v={v} action={v.href(`${base}/pocetak`)} class="inline">
          <button type="submit">{v.t('init.start')}</button>
        </Form>
      ) : null}
      {can.review ? (
        <Form v={v} action={v.href(`${base}/pregled`)} class="inline">
          <button type="submit">{v.t('init.review.start')}</button>
        </Form>
      ) : null}
      {can.decide ? (
        <section aria-labelledby="decide">
          <h2 id="decide">{v.t('init.decision')}</h2>
          <Form v={v} action={v.href(`${base}/odluka`)} errors={formOf('decide').errors} novalidate>
            <RadioGroup
              v={v}
              name="decision"
              legend={v.t('init.decide')}
              options={(['needs_changes', 'supported', 'declined'] as const).map((d) => [d, v.t(`init.decision.${d}`)])}
              value={formOf('decide').values.decision}
              errors={formOf('decide').errors}
              required
            />
            <Field
              v={v}
              name="note"
              label={v.t('init.decision.note')}
              value={formOf('decide').values.note}
              errors={formOf('decide').errors}
              multiline
              rows={3}
              maxlength={2000}
            />
            <button type="submit">{v.t('init.decision.submit')}</button>
          </Form>
        </section>
      ) : null}

      {i.status === 'completed' || can.report ? (
        <section aria-labelledby="report">
          <h2 id="report">{v.t('init.report')}</h2>
          {i.status === 'completed' ? (
            <>
              <p class="initiative-text">{v.tx(i.report)}</p>
              <Reached v={v} r={i} />
            </>
          ) : (
            <Form v={v} action={v.href(`${base}/izvestaj`)} errors={formOf('report').errors} novalidate>
              <Field
                v={v}
                name="report"
                label={v.t('init.report.text')}
                value={formOf('report').values.report}
                errors={formOf('report').errors}
                required
                multiline
                maxlength={4000}
              />
              <fieldset>
                <legend>{v.t('init.report.reached')}</legend>
                {(['15_19', '20_24', '25_30'] as const).map((g) => (
                  <Field
                    v={v}
                    name={`reached_${g}`}
                    label={v.t(`init.report.${g}`)}
                    value={formOf('report').values[`reached_${g}`]}
                    errors={formOf('report').errors}
                    required
                    type="number"
                    maxlength={6}
                  />
                ))}
              </fieldset>
              <button type="submit">{v.t('init.report.submit')}</button>
            </Form>
          )}
        </section>
      ) : null}
      {i.status === 'in_progress' || i.status === 'completed' ? (
        <section aria-labelledby="photos">
          <h2 id="photos">{v.t('init.photos')}</h2>
          <Photos v={v} office={office} id={i.id} photos={p.photos} />
          {can.photo ? (
            <Form v={v} action={v.href(`${base}/fotografije`)} errors={formOf('photo').errors} novalidate multipart>
              <ImageInput v={v} label={v.t('init.photo.add')} required errors={formOf('photo').errors} />
              <Field
                v={v}
                name="image_alt"
                label={v.t('activities.field.imageAlt')}
                hint={v.t('activities.field.imageAlt.hint')}
                value={formOf('photo').values.image_alt}
                errors={formOf('photo').errors}
                required
                maxlength={300}
              />
              <button type="submit">{v.t('init.photo.add')}</button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="team">
        <h2 id="team">{v.t('init.team')}</h2>
        <ul>
          {p.members.map((m) => (
            <li>
              {m.display_name ? v.tx(m.display_name) : m.email} —{' '}
              {m.accepted_at ? v.t(m.role === 'lead' ? 'init.team.lead' : 'init.team.member') : v.t('init.team.invited')}
            </li>
          ))}
        </ul>
        {can.invite ? (
          <Form v={v} action={v.href(`${base}/tim`)} errors={formOf('invite').errors} novalidate>
            <Field
              v={v}
              name="email"
              type="email"
              label={v.t('init.team.invite')}
              value={formOf('invite').values.email}
              errors={formOf('invite').errors}
              required
              autocomplete="off"
              maxlength={254}
            />
            <button type="submit">{v.t('init.team.inviteButton')}</button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="comments">
        <h2 id="comments">{v.t('init.comments')}</h2>
        {p.comments.length === 0 ? <p>{v.t('init.comments.none')}</p> : null}
        <ul class="comments">
          {p.comments.map((c) => (
            <li>
              <p>
                <strong>{v.tx(c.author_name)}</strong>
                {c.from_office ? ` (${v.t('init.comment.office')})` : ''} · {formatDateTime(v.locale, new Date(c.created_at))}
              </p>
              <p class="initiative-text">{v.tx(c.body)}</p>
            </li>
          ))}
        </ul>
        {can.comment ? (
          <Form v={v} action={v.href(`${base}/komentari`)} errors={formOf('comment').errors} novalidate>
            <Field
              v={v}
              name="body"
              label={v.t('init.comment')}
              value={formOf('comment').values.body}
              errors={formOf('comment').errors}
              required
              multiline
              rows={3}
              maxlength={2000}
            />
            <button type="submit">{v.t('init.comment.send')}</button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="history">
        <h2 id="history">{v.t('init.history')}</h2>
        <DataTable
          caption={v.t('init.history')}
          captionHidden
          rows={p.history}
          columns={[
            { label: v.t('init.history.at'), cell: (h) => formatDateTime(v.locale, new Date(h.at)) },
            { label: v.t('init.history.who'), cell: (h) => v.tx(h.actor_name) },
            {
              label: v.t('init.history.what'),
              cell: (h) => (
                <>
                  {historyText(v, h)}
                  {h.action === 'status' && h.note ? (
                    <>
                      <br />
                      {v.tx(h.note)}
                    </>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      </section>
    </Page>
  );
}

// ── Lists ──

export function MinePage({ v, rows }: { v: View; rows: ReadonlyArray<ListRow & { office_slug: string; office_name: string }> }) {
  return (
    <Page v={v} title={v.t('init.mine.title')}>
      <h1>{v.t('init.mine.title')}</h1>
      <DataTable
        caption={v.t('init.mine.title')}
        captionHidden
        rows={rows}
        empty={v.t('init.mine.none')}
        columns={[
          {
            label: v.t('init.field.title'),
            rowHeader: true,
            cell: (r) => <a href={v.href(initiativePath({ slug: r.office_slug }, r.id))}>{v.tx(r.title)}</a>,
          },
          { label: v.t('init.office'), cell: (r) => v.tx(r.office_name) },
          { label: v.t('init.status'), cell: (r) => statusLabel(v, r.status) },
          { label: v.t('init.when'), cell: (r) => when(v, r) },
        ]}
      />
    </Page>
  );
}

export function AdminListPage(p: {
  v: View;
  office: OfficeRef;
  rows: readonly ListRow[];
  pending: number;
  status: Status | null;
  area: string | null;
}) {
  const { v, office } = p;
  const title = v.t('init.admin.title', { office: v.tx(office.name) });
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} />
      <h1>{title}</h1>
      <p>
        <strong>{v.t('init.pending', { n: p.pending })}</strong> ·{' '}
        <a href={v.href(publicPath(office))}>{v.t('init.public.title', { office: v.tx(office.name) })}</a>
      </p>
      <form method="get" action={v.href(adminPath(office))} class="filters">
        <Field
          v={v}
          name="stanje"
          label={v.t('init.status')}
          value={p.status ?? ''}
          options={[
            ['', v.t('init.admin.allStatuses')],
            ...STATUSES.filter((s) => s !== 'draft').map((s): [string, string] => [s, statusLabel(v, s)]),
          ]}
        />
        <Field
          v={v}
          name="oblast"
          label={v.t('init.field.area')}
          value={p.area ?? ''}
          options={[['', v.t('init.admin.allAreas')], ...areaOptions(v)]}
        />
        <button type="submit">{v.t('init.admin.filter')}</button>
      </form>
      <DataTable
        caption={title}
        captionHidden
        rows={p.rows}
        empty={v.t('init.admin.none')}
        found={(n) => v.t('init.count', { n })}
        columns={[
          {
            label: v.t('init.field.title'),
            rowHeader: true,
            cell: (r) => <a href={v.href(initiativePath(office, r.id))}>{v.tx(r.title)}</a>,
          },
          { label: v.t('init.status'), cell: (r) => statusLabel(v, r.status) },
          { label: v.t('init.field.area'), cell: (r) => v.t(`lap.${r.area}`) },
          { label: v.t('init.proposedBy'), cell: (r) => proposer(v, r) },
          { label: v.t('init.admin.updated'), cell: (r) => formatDateTime(v.locale, new Date(r.updated_at)) },
        ]}
      />
    </Page>
  );
}

export function PublicPage({ v, office, rows }: { v: View; office: OfficeRef; rows: readonly PublicRow[] }) {
  const title = v.t('init.public.title', { office: v.tx(office.name) });
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href(`/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a>
      </p>
      <h1>{title}</h1>
      <p>{v.t('init.public.lead')}</p>
      <p>
        <a href={v.href(newPath(office))}>{v.t('init.public.propose')}</a>
      </p>
      {rows.length === 0 ? <p class="empty">{v.t('init.public.none')}</p> : null}
      {rows.map((r) => (
        <article class="card" aria-labelledby={`i-${r.id}`}>
          <h2 id={`i-${r.id}`}>{v.tx(r.title)}</h2>
          <p>
            <strong>{statusLabel(v, r.status)}</strong> · {v.t(`lap.${r.area}`)} · {when(v, r)} · {v.tx(r.place)}
          </p>
          <p class="initiative-text">{v.tx(r.idea)}</p>
          <p>
            {v.t('init.field.audience')}: {v.tx(r.audience)}
          </p>
          {r.status === 'completed' ? (
            <>
              <h3>{v.t('init.report')}</h3>
              <p class="initiative-text">{v.tx(r.report)}</p>
              <Reached v={v} r={r} />
            </>
          ) : null}
          {r.photos.length > 0 ? <Photos v={v} office={office} id={r.id} photos={r.photos} /> : null}
        </article>
      ))}
    </Page>
  );
}

export function InvitePage({
  v,
  invite,
  token,
  error,
}: {
  v: View;
  invite: Invite | undefined;
  token: string;
  error?: string | undefined;
}) {
  return (
    <Page v={v} title={v.t('init.invite.title')}>
      <h1>{v.t('init.invite.title')}</h1>
      {invite && !error ? (
        <>
          <p>{v.t('init.invite.lead', { title: v.tx(invite.title) })}</p>
          <Form v={v} action={v.href(INVITE_PATH)}>
            <input type="hidden" name="t" value={token} />
            <button type="submit">{v.t('init.invite.accept')}</button>
          </Form>
        </>
      ) : (
        <ErrorBox v={v} message={error ?? v.t('init.err.badInvite')} />
      )}
    </Page>
  );
}

/**
 * Space and equipment for a supported or running initiative: its team books them from here
 * (the request form of the bookings feature, which records the initiative and checks the team),
 * and the page lists what was asked and how it was decided.
 */
function InitiativeBookings(p: { v: View; office: OfficeRef; i: Initiative; can: Can; rows: readonly PendingRequest[] }) {
  const { v, office, i } = p;
  const bookable = p.can.team && (i.status === 'supported' || i.status === 'in_progress');
  if (!bookable && p.rows.length === 0) return null;
  const form = `${v.href(requestPath(office))}?inicijativa=${i.id}&date=${i.starts_on}`;
  return (
    <section aria-labelledby="init-space">
      <h2 id="init-space">{v.t('init.space.title')}</h2>
      <DataTable
        caption={v.t('init.space.title')}
        captionHidden
        rows={p.rows}
        empty={v.t('init.space.none')}
        columns={[
          { label: v.t('init.space.what'), rowHeader: true, cell: (r) => v.tx(r.resources ?? '') },
          { label: v.t('init.space.when'), cell: (r) => (r.first_start ? formatDateTime(v.locale, new Date(r.first_start)) : '—') },
          { label: v.t('init.status'), cell: (r) => v.t(`bk.status.${r.status}`) },
        ]}
      />
      {bookable ? (
        <p class="actions">
          <a href={form}>{v.t('init.space.book')}</a>
        </p>
      ) : null}
    </section>
  );
}
