import type { Child } from 'hono/jsx';
import { OfficeAdminCrumbs } from '../../core/views/crumbs.tsx';
import { LAP_AREAS } from '../../core/domain.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { CheckGroup, ConfirmForm, Field, Form } from '../../core/views/forms.tsx';
import { formatDate } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import { ALL_OPPORTUNITIES_PATH, adminOpportunitiesPath, adminOpportunityPath, opportunitiesPath, opportunityPath } from './paths.ts';
import type { Opportunity, OpportunityCard } from './repo.ts';
import { AGE_MAX, AGE_MIN, APPLICANT_STATUSES, OPPORTUNITY_KINDS, type OpportunityQuery } from './schema.ts';
import { deadlineState } from './service.ts';

type Office = Pick<OfficeRef, 'slug' | 'name'>;

export const kindLabel = (v: View, kind: string) => v.t(`opportunities.kind.${kind}` as 'opportunities.kind.job');
const areaLabel = (v: View, area: string) => v.t(`lap.${area}` as 'lap.education');
const statusLabel = (v: View, s: string) => v.t(`opportunities.status.${s}` as 'opportunities.status.pupil');

function ageLabel(v: View, min: number | null, max: number | null): string | null {
  if (min !== null && max !== null) return v.t('opportunities.facts.age.range', { min, max });
  if (min !== null) return v.t('opportunities.facts.age.min', { min });
  if (max !== null) return v.t('opportunities.facts.age.max', { max });
  return null;
}

/**
 * The deadline in words: "closes in N days" (plural forms in each script) within MARK_DAYS,
 * "closed" once the day has passed — as text, never by colour alone.
 */
export function DeadlineMark({ v, deadline, today, dated = true }: { v: View; deadline: string | null; today: string; dated?: boolean }) {
  const s = deadlineState(deadline, today);
  // Beside a date already shown (the opportunity's page): the mark alone.
  if (!dated) {
    if (s.kind === 'soon') return <strong class="tag">{v.t('opportunities.closesIn', { n: s.days })}</strong>;
    return s.kind === 'closed' ? <strong class="tag">{v.t('opportunities.closed')}</strong> : null;
  }
  switch (s.kind) {
    case 'rolling':
      return <span>{v.t('opportunities.rolling')}</span>;
    case 'closed':
      return <strong class="tag">{v.t('opportunities.closed')}</strong>;
    case 'soon':
      // One element, so a table cell stacked on a phone keeps the mark and its date together.
      return (
        <span>
          <strong class="tag">{v.t('opportunities.closesIn', { n: s.days })}</strong> ({formatDate(v.locale, s.deadline)})
        </span>
      );
    case 'open':
      return <span>{v.t('opportunities.until', { date: formatDate(v.locale, s.deadline) })}</span>;
  }
}

function Filters({ v, action, query }: { v: View; action: string; query: OpportunityQuery }) {
  const used = Object.values(query).some((x) => x !== '');
  const select = (name: keyof OpportunityQuery, label: string, options: ReadonlyArray<readonly [string, string]>) => (
    <div class="field">
      <label for={`q-${name}`}>{label}</label>
      <select id={`q-${name}`} name={name}>
        <option value="">{v.t('opportunities.filter.any')}</option>
        {options.map(([value, text]) => (
          <option value={value} selected={query[name] === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    // Folded behind a summary on a phone (plain <details>, no JavaScript); open once a filter is used.
    <details class="filters" open={used}>
      <summary>{v.t('opportunities.filters')}</summary>
      <form method="get" action={action} class="search" role="search" aria-label={v.t('opportunities.filters')}>
        {select(
          'vrsta',
          v.t('opportunities.filter.kind'),
          OPPORTUNITY_KINDS.map((k) => [k, kindLabel(v, k)]),
        )}
        {select(
          'oblast',
          v.t('opportunities.filter.area'),
          LAP_AREAS.map((a) => [a, areaLabel(v, a)]),
        )}
        {select(
          'status',
          v.t('opportunities.filter.status'),
          APPLICANT_STATUSES.map((s) => [s, statusLabel(v, s)]),
        )}
        <div class="field">
          <label for="q-uzrast">{v.t('opportunities.filter.age')}</label>
          <input id="q-uzrast" name="uzrast" type="number" inputmode="numeric" min={AGE_MIN} max={AGE_MAX} value={query.uzrast} />
        </div>
        <div class="field check">
          <input type="checkbox" id="q-uskoro" name="uskoro" value="1" checked={query.uskoro === '1'} />
          <label for="q-uskoro">{v.t('opportunities.filter.soon')}</label>
        </div>
        <button type="submit">{v.t('opportunities.filter.submit')}</button>
      </form>
    </details>
  );
}

/** The public list: one office's (office given) or every office's open opportunities. */
export function OpportunitiesPage(p: { v: View; office: Office | null; rows: OpportunityCard[]; query: OpportunityQuery; today: string }) {
  const { v, office, rows, query, today } = p;
  const title = office ? v.t('opportunities.office.title', { office: v.tx(office.name) }) : v.t('opportunities.title');
  const filtered = Object.values(query).some((x) => x !== '');
  return (
    <Page v={v} title={title} description={v.t('opportunities.intro')}>
      <p class="crumbs">
        {office ? (
          <>
            <a href={v.href(`/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a> ·{' '}
            <a href={v.href(ALL_OPPORTUNITIES_PATH)}>{v.t('opportunities.all')}</a>
          </>
        ) : (
          <a href={v.href('/kancelarije')}>{v.t('office.all')}</a>
        )}
      </p>
      <h1>{title}</h1>
      <p>{v.t('opportunities.intro')}</p>
      <Filters v={v} action={v.href(office ? opportunitiesPath(office) : ALL_OPPORTUNITIES_PATH)} query={query} />
      <DataTable
        caption={title}
        captionHidden
        rows={rows}
        empty={filtered ? v.t('opportunities.noneFound') : v.t('opportunities.none')}
        found={(n) => v.t('opportunities.found', { n })}
        columns={[
          {
            label: v.t('opportunities.col.title'),
            rowHeader: true,
            cell: (o) => (
              <>
                <a href={v.href(opportunityPath({ slug: o.office_slug }, o.id))}>{v.tx(o.title)}</a>
                <br />
                <span class="meta">{kindLabel(v, o.kind)}</span>
              </>
            ),
          },
          { label: v.t('opportunities.col.deadline'), cell: (o) => <DeadlineMark v={v} deadline={o.deadline} today={today} /> },
          { label: v.t('opportunities.col.source'), cell: (o) => v.tx(o.source) },
          !office && { label: v.t('opportunities.col.office'), cell: (o) => v.tx(o.office_name) },
        ]}
      />
    </Page>
  );
}

function Facts({ v, o, today }: { v: View; o: Opportunity; today: string }) {
  const age = ageLabel(v, o.age_min, o.age_max);
  const row = (label: string, value: Child) => (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
  return (
    <dl class="facts">
      {row(v.t('opportunities.facts.kind'), kindLabel(v, o.kind))}
      {row(v.t('opportunities.facts.source'), v.tx(o.source))}
      {row(
        v.t('opportunities.facts.deadline'),
        o.deadline ? (
          <>
            {formatDate(v.locale, o.deadline)}
            {deadlineState(o.deadline, today).kind === 'open' ? null : ' · '}
            <DeadlineMark v={v} deadline={o.deadline} today={today} dated={false} />
          </>
        ) : (
          v.t('opportunities.rolling')
        ),
      )}
      {age ? row(v.t('opportunities.facts.age'), age) : null}
      {row(
        v.t('opportunities.facts.statuses'),
        o.statuses.length === 0 ? v.t('opportunities.facts.statuses.any') : o.statuses.map((s) => statusLabel(v, s)).join(', '),
      )}
      {o.areas.length > 0 ? row(v.t('opportunities.facts.areas'), o.areas.map((a) => areaLabel(v, a)).join(', ')) : null}
    </dl>
  );
}

/** Plain text as paragraphs (an empty line starts a new one); escaped like every other text. */
const paragraphs = (v: View, text: string) =>
  text
    .split(/\n\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((para) => <p>{v.tx(para)}</p>);

/** One opportunity's page: reachable by its address after its deadline, marked closed (and without the apply link). */
export function OpportunityPage(p: { v: View; office: Office; o: Opportunity; today: string; canManage: boolean }) {
  const { v, office, o, today } = p;
  const state = deadlineState(o.deadline, today);
  return (
    <Page v={v} title={v.tx(o.title)} description={v.tx(o.description.slice(0, 160))}>
      <p class="crumbs">
        <a href={v.href(`/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a> ·{' '}
        <a href={v.href(opportunitiesPath(office))}>{v.t('opportunities.officeList')}</a>
      </p>
      <h1>{v.tx(o.title)}</h1>
      {state.kind === 'closed' ? (
        <p class="notice" role="status">
          <strong>{v.t('opportunities.closed')}.</strong> {v.t('opportunities.closed.text', { date: formatDate(v.locale, state.deadline) })}
        </p>
      ) : null}
      <Facts v={v} o={o} today={today} />
      {paragraphs(v, o.description)}
      {state.kind === 'closed' ? null : (
        <p>
          <a href={o.link} rel="noopener nofollow">
            {v.t('opportunities.apply')}
          </a>
        </p>
      )}
      <p class="meta">{v.t('opportunities.byOffice', { office: v.tx(office.name) })}</p>
      {p.canManage ? (
        <p>
          <a href={v.href(`${adminOpportunityPath(office, o.id)}/uredi`)}>{v.t('opportunities.edit')}</a>
        </p>
      ) : null}
    </Page>
  );
}

function AdminCrumbs({ v, office, list }: { v: View; office: Office; list?: boolean }) {
  return (
    <OfficeAdminCrumbs
      v={v}
      office={office}
      back={list ? { href: adminOpportunitiesPath(office), label: v.t('opportunities.backToList') } : undefined}
    />
  );
}

/** The staff list: every opportunity of the office, open and closed. */
export function AdminOpportunitiesPage(p: { v: View; office: Office; rows: Opportunity[]; today: string }) {
  const { v, office, rows, today } = p;
  const title = v.t('opportunities.admin.title', { office: v.tx(office.name) });
  return (
    <Page v={v} title={title}>
      <AdminCrumbs v={v} office={office} />
      <h1>{title}</h1>
      <p>{v.t('opportunities.admin.intro')}</p>
      <p>
        <a href={v.href(`${adminOpportunitiesPath(office)}/nova`)}>{v.t('opportunities.new')}</a> ·{' '}
        <a href={v.href(opportunitiesPath(office))}>{v.t('opportunities.public')}</a>
      </p>
      <DataTable
        caption={title}
        captionHidden
        rows={rows}
        empty={v.t('opportunities.admin.none')}
        found={(n) => v.t('opportunities.admin.found', { n })}
        columns={[
          {
            label: v.t('opportunities.col.title'),
            rowHeader: true,
            cell: (o) => <a href={v.href(`${adminOpportunityPath(office, o.id)}/uredi`)}>{v.tx(o.title)}</a>,
          },
          { label: v.t('opportunities.col.kind'), cell: (o) => kindLabel(v, o.kind) },
          { label: v.t('opportunities.col.deadline'), cell: (o) => <DeadlineMark v={v} deadline={o.deadline} today={today} /> },
          {
            label: v.t('opportunities.public'),
            actions: true,
            cell: (o) => (
              <a href={v.href(opportunityPath(office, o.id))} aria-label={`${v.t('opportunities.public')}: ${v.tx(o.title)}`}>
                {v.t('opportunities.public')}
              </a>
            ),
          },
        ]}
      />
    </Page>
  );
}

/** The form's values for an existing opportunity (as a form would send them). */
export function opportunityFormValues(o: Opportunity): FormValues {
  return {
    kind: o.kind,
    title: o.title,
    description: o.description,
    deadline: o.deadline ?? '',
    age_min: o.age_min === null ? '' : String(o.age_min),
    age_max: o.age_max === null ? '' : String(o.age_max),
    statuses: o.statuses.join(','),
    link: o.link,
    source: o.source,
    areas: o.areas.join(','),
  };
}

export const NEW_OPPORTUNITY_VALUES: FormValues = { kind: 'scholarship' };

function OpportunityFields({ v, values, errors }: { v: View; values: FormValues; errors?: FormErrors | undefined }) {
  const f = (name: string) => ({ v, name, value: values[name], errors });
  return (
    <>
      <Field
        {...f('kind')}
        label={v.t('opportunities.field.kind')}
        required
        options={OPPORTUNITY_KINDS.map((k): [string, string] => [k, kindLabel(v, k)])}
      />
      <Field {...f('title')} label={v.t('opportunities.field.title')} required maxlength={200} />
      <Field
        {...f('source')}
        label={v.t('opportunities.field.source')}
        hint={v.t('opportunities.field.source.hint')}
        required
        maxlength={200}
      />
      <Field
        {...f('link')}
        label={v.t('opportunities.field.link')}
        hint={v.t('opportunities.field.link.hint')}
        type="url"
        required
        maxlength={500}
      />
      <Field {...f('deadline')} label={v.t('opportunities.field.deadline')} hint={v.t('opportunities.field.deadline.hint')} type="date" />
      <Field {...f('age_min')} label={v.t('opportunities.field.ageMin')} hint={v.t('opportunities.field.age.hint')} inputmode="numeric" />
      <Field {...f('age_max')} label={v.t('opportunities.field.ageMax')} hint={v.t('opportunities.field.age.hint')} inputmode="numeric" />
      <CheckGroup
        v={v}
        name="statuses"
        legend={v.t('opportunities.field.statuses')}
        hint={v.t('opportunities.field.statuses.hint')}
        options={APPLICANT_STATUSES.map((s) => [s, statusLabel(v, s)] as const)}
        value={values.statuses}
        errors={errors}
      />
      <CheckGroup
        v={v}
        name="areas"
        legend={v.t('opportunities.field.areas')}
        options={LAP_AREAS.map((a) => [a, areaLabel(v, a)] as const)}
        value={values.areas}
        errors={errors}
      />
      <Field
        {...f('description')}
        label={v.t('opportunities.field.description')}
        hint={v.t('opportunities.field.description.hint')}
        multiline
        rows={8}
        maxlength={5000}
      />
    </>
  );
}

export function NewOpportunityPage(p: { v: View; office: Office; values: FormValues; errors?: FormErrors }) {
  const { v, office } = p;
  return (
    <Page v={v} title={v.t('opportunities.new')}>
      <AdminCrumbs v={v} office={office} list />
      <h1>{v.t('opportunities.new')}</h1>
      <Form v={v} action={v.href(adminOpportunitiesPath(office))} errors={p.errors}>
        <OpportunityFields v={v} values={p.values} errors={p.errors} />
        <button type="submit">{v.t('opportunities.publish')}</button>
      </Form>
    </Page>
  );
}

export function EditOpportunityPage(p: { v: View; office: Office; o: Opportunity; values: FormValues; errors?: FormErrors | undefined }) {
  const { v, office, o } = p;
  const title = v.t('opportunities.edit.title', { title: v.tx(o.title) });
  return (
    <Page v={v} title={title}>
      <AdminCrumbs v={v} office={office} list />
      <h1>{title}</h1>
      <p>
        <a href={v.href(opportunityPath(office, o.id))}>{v.t('opportunities.public')}</a>
      </p>
      <Form v={v} action={v.href(`${adminOpportunityPath(office, o.id)}/uredi`)} errors={p.errors}>
        <OpportunityFields v={v} values={p.values} errors={p.errors} />
        <button type="submit">{v.t('opportunities.save')}</button>
      </Form>
      <ConfirmForm
        v={v}
        action={v.href(`${adminOpportunityPath(office, o.id)}/obrisi`)}
        label={v.t('opportunities.delete')}
        question={v.t('opportunities.delete.question')}
      />
    </Page>
  );
}
