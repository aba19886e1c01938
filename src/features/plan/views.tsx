import { numberFormat } from '../../core/intl.ts';
import type { Child } from 'hono/jsx';
import { LAP_AREAS } from '../../core/domain.ts';
import type { IndicatorSource } from '../../core/indicators.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { UPLOAD_KINDS, uploadMaxMb } from '../../core/http/uploads.ts';
import { isMessageKey } from '../../core/i18n/messages.ts';
import { OfficeAdminCrumbs } from '../../core/views/crumbs.tsx';
import { Check, Field, Form } from '../../core/views/forms.tsx';
import { formatDate } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import { localParts } from '../../core/time.ts';
import { meetingPath } from '../council/views.tsx';
import type { Measured } from './catalogue.ts';
import type { PlanDecision } from './links-repo.ts';
import type { Change } from './compare.ts';
import {
  comparePath,
  importPath,
  indicatorPath,
  monitoringPath,
  planActivityPath,
  planPath,
  plansPath,
  publicPlanPath,
  workplanPath,
} from './paths.ts';
import {
  DIRECTIONS,
  FUNDING_SOURCES,
  INDICATOR_KINDS,
  PLAN_STATUSES,
  RESPONSIBLE_KINDS,
  UNITS,
  type Area,
  type Indicator,
  type LinkableActivity,
  type Plan,
  type PlanActivity,
  type PlanTree,
  type Workplan,
  type WorkplanItem,
} from './repo.ts';
import type { IndicatorStatus } from './rules.ts';
import { isDone, type Dashboard, type IndicatorReport } from './service.ts';

type Office = Pick<OfficeRef, 'slug' | 'name'>;

/** A form's values and errors, shown on the one form of a page that was sent (by its name). */
export interface FormState {
  form: string;
  values: FormValues;
  errors: FormErrors;
}
const stateOf = (s: FormState | undefined, form: string) => (s && s.form === form ? s : { values: {} as FormValues, errors: undefined });

export const num = (v: View, n: number) => numberFormat(v.locale === 'en' ? 'en-GB' : 'sr-Latn-RS', { maximumFractionDigits: 2 }).format(n);
const label = (v: View, s: string) => (isMessageKey(s) ? v.t(s) : v.tx(s));

export const areaName = (v: View, a: Pick<Area, 'code' | 'name'>) =>
  a.name
    ? v.tx(a.name)
    : a.code && (LAP_AREAS as readonly string[]).includes(a.code)
      ? v.t(`lap.${a.code as (typeof LAP_AREAS)[number]}`)
      : '';

export const statusTag = (v: View, s: IndicatorStatus) => <strong class={`tag status-${s}`}>{v.t(`plan.status.${s}`)}</strong>;

function valueText(v: View, ind: Pick<Indicator, 'unit'>, m: Pick<Measured, 'value' | 'missing'>): string {
  if (m.missing) return v.t('plan.ind.missing');
  if (m.value === null) return v.t('plan.ind.noValue');
  return ind.unit === 'percent' ? `${num(v, m.value)} %` : num(v, m.value);
}

const planLabel = (v: View, p: Plan) =>
  `${v.tx(p.title)} (${v.t('plan.period', { from: p.start_year, to: p.end_year })}, ${v.t('plan.version', { n: p.version })})`;

function Crumbs({ v, office, plan }: { v: View; office: Office; plan?: Plan | undefined }) {
  return (
    <OfficeAdminCrumbs
      v={v}
      office={office}
      back={plan ? { href: planPath(office, plan.id), label: planLabel(v, plan) } : { href: plansPath(office), label: v.t('plan.title') }}
    />
  );
}

function PlanNav({ v, office, plan }: { v: View; office: Office; plan: Plan }) {
  return (
    <p class="actions-line">
      <a href={v.href(monitoringPath(office, plan.id))}>{v.t('plan.monitoring')}</a> ·{' '}
      <a href={v.href(workplanPath(office, plan.id))}>{v.t('plan.workplan')}</a> ·{' '}
      <a href={v.href(comparePath(office, plan.id))}>{v.t('plan.compare')}</a> ·{' '}
      <a href={v.href(importPath(office, plan.id))}>{v.t('plan.import.title')}</a> ·{' '}
      <a href={v.href(publicPlanPath(office))}>{v.t('plan.public')}</a>
    </p>
  );
}

// ── The list of plans ──

export function PlansPage({ v, office, plans, state, now }: { v: View; office: Office; plans: Plan[]; state?: FormState; now: Date }) {
  const title = v.t('plan.admin.title', { office: v.tx(office.name) });
  const s = stateOf(state, 'plan');
  const y = now.getUTCFullYear();
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} />
      <h1>{title}</h1>
      <p>{v.t('plan.lead')}</p>
      <DataTable
        caption={v.t('plan.versions')}
        rows={plans}
        empty={v.t('plan.none')}
        columns={[
          { label: v.t('plan.field.title'), rowHeader: true, cell: (p) => <a href={v.href(planPath(office, p.id))}>{planLabel(v, p)}</a> },
          { label: v.t('plan.status'), cell: (p) => v.t(`plan.status.${p.status}`) },
        ]}
      />
      <h2>{v.t('plan.new')}</h2>
      <Form v={v} action={v.href(plansPath(office))} errors={s.errors} novalidate>
        <Field v={v} name="title" label={v.t('plan.field.title')} value={s.values.title} errors={s.errors} required maxlength={200} />
        <div class="row">
          <Field
            v={v}
            name="start_year"
            label={v.t('plan.field.startYear')}
            value={s.values.start_year ?? String(y)}
            errors={s.errors}
            required
            inputmode="numeric"
          />
          <Field
            v={v}
            name="end_year"
            label={v.t('plan.field.endYear')}
            value={s.values.end_year ?? String(y + 4)}
            errors={s.errors}
            required
            inputmode="numeric"
          />
        </div>
        <fieldset class="choices">
          <legend>{v.t('plan.field.areas')}</legend>
          <p class="hint">{v.t('plan.field.areasHint')}</p>
          {LAP_AREAS.map((a) => (
            <Check
              v={v}
              name="areas"
              value={a}
              id={`f-areas-${a}`}
              label={v.t(`lap.${a}`)}
              checked={s.values.areas === undefined ? true : s.values.areas.split(',').includes(a)}
            />
          ))}
        </fieldset>
        <button type="submit">{v.t('plan.create')}</button>
      </Form>
    </Page>
  );
}

// ── The Youth Council's decisions on plan items (migration 0020) ──

/** The council's decisions and opinions: meeting (linked), kind, text; `withItem` also names the plan item. */
export function CouncilDecisions(p: { v: View; office: Office; decisions: readonly PlanDecision[]; withItem?: boolean }) {
  const { v } = p;
  return (
    <section aria-labelledby="council-decisions">
      <h2 id="council-decisions">{v.t('plan.council.title')}</h2>
      <DataTable
        caption={v.t('plan.council.title')}
        captionHidden
        rows={[...p.decisions]}
        empty={v.t('plan.council.none')}
        columns={[
          {
            label: v.t('plan.council.meetingCol'),
            rowHeader: true,
            cell: (d) => (
              <>
                <a href={v.href(meetingPath(p.office, d.meeting_id))}>
                  {v.t('plan.council.meeting', { date: formatDate(v.locale, localParts(new Date(d.starts_at)).date) })}
                </a>
                {d.minutes_adopted ? null : <small> ({v.t('plan.council.draft')})</small>}
              </>
            ),
          },
          ...(p.withItem
            ? [
                {
                  label: v.t('plan.council.item'),
                  cell: (d: PlanDecision) => `${v.t(`council.planItem.${d.item_kind}`)}: ${v.tx(d.label)}`,
                },
              ]
            : []),
          { label: v.t('council.decision.kind'), cell: (d) => v.t(`council.decision.kind.${d.kind}`) },
          { label: v.t('council.decision.body'), cell: (d) => v.tx(d.body) },
        ]}
      />
    </section>
  );
}

// ── One version of a plan ──

export interface PlanPageProps {
  v: View;
  office: Office;
  plan: Plan;
  tree: PlanTree;
  versions: Plan[];
  reports: IndicatorReport[];
  year: number;
  sources: readonly IndicatorSource[];
  sourceParams: Record<string, ReadonlyArray<{ value: string; label: string }>>;
  partners: Array<{ id: string; name: string }>;
  associations: Array<{ id: string; name: string }>;
  /** The council's decisions on this plan's items (any version). */
  decisions: readonly PlanDecision[];
  state?: FormState | undefined;
}

export function PlanPage(p: PlanPageProps) {
  const { v, office, plan, tree } = p;
  const title = planLabel(v, plan);
  const editable = plan.status !== 'adopted';
  const open = p.versions.find((x) => x.status !== 'adopted' && x.id !== plan.id);
  const base = planPath(office, plan.id);
  const goalsOf = (areaId: string, parent: string | null) => tree.goals.filter((g) => g.area_id === areaId && g.parent_id === parent);
  const measuresOf = (goalId: string) => tree.measures.filter((m) => m.goal_id === goalId);
  const activitiesOf = (measureId: string) => tree.activities.filter((a) => a.measure_id === measureId);
  const Measures = ({ goalId }: { goalId: string }) => (
    <ul>
      {measuresOf(goalId).map((m) => (
        <li>
          {v.t('plan.measure')}: {v.tx(m.title)}
          <ul>
            {activitiesOf(m.id).map((a) => (
              <li>
                <a href={v.href(planActivityPath(office, plan.id, a.id))}>{v.tx(a.title)}</a> — {a.year}
                {a.quarter ? `, ${v.t('plan.quarter.n', { n: a.quarter })}` : ''}
                {a.deadline ? `, ${formatDate(v.locale, a.deadline)}` : ''}; {num(v, a.planned_rsd)} RSD ({v.t(`plan.funding.${a.funding}`)}
                )
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} />
      <h1>{title}</h1>
      <p>
        <strong class="tag">{v.t(`plan.status.${plan.status}`)}</strong>
        {plan.status === 'adopted' && plan.decision_date
          ? ` ${v.t('plan.decision', { number: plan.decision_number, date: formatDate(v.locale, plan.decision_date) })}`
          : ''}
      </p>
      <PlanNav v={v} office={office} plan={plan} />
      {p.state && (p.state.form === 'revision' ? editable || !!open : !editable) ? <Summary v={v} errors={p.state.errors} /> : null}
      {p.versions.length > 1 ? (
        <p>
          {v.t('plan.versions')}:{' '}
          {p.versions.map((x, i) => (
            <>
              {i > 0 ? ', ' : ''}
              {x.id === plan.id ? (
                <strong>{v.t('plan.version', { n: x.version })}</strong>
              ) : (
                <a href={v.href(planPath(office, x.id))}>{v.t('plan.version', { n: x.version })}</a>
              )}{' '}
              ({v.t(`plan.status.${x.status}`)})
            </>
          ))}
        </p>
      ) : null}
      {editable ? (
        <StatusForm v={v} action={`${base}/stanje`} plan={plan} state={p.state} />
      ) : (
        <div class="notice">
          <p>{v.t('plan.frozen')}</p>
          {open ? (
            <p>
              <a href={v.href(planPath(office, open.id))}>{v.t('plan.revisionOpen', { link: v.t('plan.version', { n: open.version }) })}</a>
            </p>
          ) : (
            <Form v={v} action={v.href(`${base}/revizija`)} errors={stateOf(p.state, 'revision').errors} class="inline">
              <button type="submit">{v.t('plan.openRevision')}</button>
            </Form>
          )}
        </div>
      )}

      <h2>{v.t('plan.structure')}</h2>
      {tree.areas.map((area) => (
        <section aria-labelledby={`area-${area.id}`}>
          <h3 id={`area-${area.id}`}>{areaName(v, area)}</h3>
          <ul>
            {goalsOf(area.id, null).map((g) => (
              <li>
                {v.t('plan.goal.general')}: {v.tx(g.text)}
                <Measures goalId={g.id} />
                <ul>
                  {goalsOf(area.id, g.id).map((sg) => (
                    <li>
                      {v.t('plan.goal.specific')}: {v.tx(sg.text)}
                      <Measures goalId={sg.id} />
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          <IndicatorTable
            v={v}
            office={office}
            plan={plan}
            year={p.year}
            reports={p.reports.filter((r) => r.indicator.area_id === area.id)}
          />
        </section>
      ))}
      <CouncilDecisions v={v} office={office} decisions={p.decisions} withItem />
      {editable ? <EditForms {...p} /> : null}
    </Page>
  );
}

function StatusForm({ v, action, plan, state }: { v: View; action: string; plan: Plan; state?: FormState | undefined }) {
  const s = stateOf(state, 'status');
  return (
    <Form v={v} action={v.href(action)} errors={s.errors} novalidate>
      <Field
        v={v}
        name="status"
        label={v.t('plan.status')}
        value={s.values.status ?? plan.status}
        errors={s.errors}
        required
        options={PLAN_STATUSES.map((x) => [x, v.t(`plan.status.${x}`)])}
      />
      <div class="row">
        <Field
          v={v}
          name="decision_number"
          label={v.t('plan.field.decisionNumber')}
          hint={v.t('plan.field.decisionHint')}
          value={s.values.decision_number}
          errors={s.errors}
          maxlength={60}
        />
        <Field
          v={v}
          name="decision_date"
          type="date"
          label={v.t('plan.field.decisionDate')}
          value={s.values.decision_date}
          errors={s.errors}
        />
      </div>
      <button type="submit">{v.t('plan.setStatus')}</button>
    </Form>
  );
}

export function IndicatorTable({
  v,
  office,
  plan,
  year,
  reports,
}: {
  v: View;
  office: Office;
  plan: Plan;
  year: number;
  reports: IndicatorReport[];
}) {
  return (
    <DataTable
      caption={`${v.t('plan.indicators')} (${year})`}
      rows={reports}
      empty={v.t('plan.mon.none')}
      columns={[
        {
          label: v.t('plan.indicator'),
          rowHeader: true,
          cell: (r) => (
            <a href={v.href(indicatorPath(office, plan.id, r.indicator.id))}>
              {r.indicator.code} {v.tx(r.indicator.definition)}
            </a>
          ),
        },
        { label: v.t('plan.col.target'), numeric: true, cell: (r) => (r.target === null ? '—' : num(v, r.target)) },
        { label: v.t('plan.col.value'), numeric: true, cell: (r) => valueText(v, r.indicator, r.measured) },
        { label: v.t('plan.col.status'), cell: (r) => statusTag(v, r.status) },
      ]}
    />
  );
}

function EditForms(p: PlanPageProps) {
  const { v, office, plan, tree } = p;
  const base = planPath(office, plan.id);
  const areaOptions: Array<[string, string]> = tree.areas.map((a) => [a.id, areaName(v, a)]);
  const generalGoals = tree.goals.filter((g) => g.parent_id === null);
  const goalOptions: Array<[string, string]> = tree.goals.map((g) => [g.id, `${g.parent_id ? '— ' : ''}${v.tx(g.text)}`]);
  const measureOptions: Array<[string, string]> = tree.measures.map((m) => [m.id, v.tx(m.title)]);
  const choose: [string, string] = ['', v.t('plan.choose')];
  const area = stateOf(p.state, 'area');
  const goal = stateOf(p.state, 'goal');
  const measure = stateOf(p.state, 'measure');
  const act = stateOf(p.state, 'activity');
  const ind = stateOf(p.state, 'indicator');
  const sourceOptions: Array<[string, string]> = [['', v.t('plan.ind.sourceNone')]];
  for (const s of p.sources) {
    sourceOptions.push([s.key, `${v.t(s.title)} (${v.t(`plan.unit.${s.unit}`)})`]);
    for (const o of p.sourceParams[s.key] ?? []) sourceOptions.push([`${s.key}|${o.value}`, `${v.t(s.title)}: ${label(v, o.label)}`]);
  }
  const years: number[] = [];
  for (let y = plan.start_year; y <= plan.end_year; y++) years.push(y);
  return (
    <>
      <h2 id="add-area">{v.t('plan.area.add')}</h2>
      <Form v={v} action={v.href(`${base}/oblasti`)} errors={area.errors} novalidate>
        <Field
          v={v}
          name="code"
          label={v.t('plan.area.code')}
          value={area.values.code}
          errors={area.errors}
          options={[['', v.t('plan.area.custom')], ...LAP_AREAS.map((a): [string, string] => [a, v.t(`lap.${a}`)])]}
        />
        <Field v={v} name="name" label={v.t('plan.area.name')} value={area.values.name} errors={area.errors} maxlength={200} />
        <button type="submit">{v.t('plan.area.add')}</button>
      </Form>
      {areaOptions.length > 0 ? (
        <>
          <h2 id="add-goal">{v.t('plan.goal.add')}</h2>
          <Form v={v} action={v.href(`${base}/ciljevi`)} errors={goal.errors} novalidate>
            <Field
              v={v}
              name="area_id"
              label={v.t('plan.area')}
              value={goal.values.area_id}
              errors={goal.errors}
              required
              options={[choose, ...areaOptions]}
            />
            <Field
              v={v}
              name="parent_id"
              label={v.t('plan.goal.parent')}
              value={goal.values.parent_id}
              errors={goal.errors}
              options={[['', v.t('plan.goal.parentNone')], ...generalGoals.map((g): [string, string] => [g.id, v.tx(g.text)])]}
            />
            <Field
              v={v}
              name="text"
              label={v.t('plan.goal.text')}
              value={goal.values.text}
              errors={goal.errors}
              required
              multiline
              rows={2}
              maxlength={500}
            />
            <button type="submit">{v.t('plan.goal.add')}</button>
          </Form>
        </>
      ) : null}
      {goalOptions.length > 0 ? (
        <>
          <h2 id="add-measure">{v.t('plan.measure.add')}</h2>
          <Form v={v} action={v.href(`${base}/mere`)} errors={measure.errors} novalidate>
            <Field
              v={v}
              name="goal_id"
              label={v.t('plan.measure.goal')}
              value={measure.values.goal_id}
              errors={measure.errors}
              required
              options={[choose, ...goalOptions]}
            />
            <Field
              v={v}
              name="title"
              label={v.t('plan.measure.title')}
              value={measure.values.title}
              errors={measure.errors}
              required
              maxlength={300}
            />
            <button type="submit">{v.t('plan.measure.add')}</button>
          </Form>
        </>
      ) : null}
      {measureOptions.length > 0 ? (
        <>
          <h2 id="add-activity">{v.t('plan.activity.add')}</h2>
          <Form v={v} action={v.href(`${base}/aktivnosti`)} errors={act.errors} novalidate>
            <Field
              v={v}
              name="measure_id"
              label={v.t('plan.activity.measure')}
              value={act.values.measure_id}
              errors={act.errors}
              required
              options={[choose, ...measureOptions]}
            />
            <Field
              v={v}
              name="title"
              label={v.t('plan.activity.title')}
              value={act.values.title}
              errors={act.errors}
              required
              maxlength={300}
            />
            <Field
              v={v}
              name="responsible_kind"
              label={v.t('plan.responsible')}
              value={act.values.responsible_kind ?? 'office'}
              errors={act.errors}
              required
              options={RESPONSIBLE_KINDS.map((k) => [k, v.t(`plan.responsible.${k}`)])}
            />
            <div class="row">
              <Field
                v={v}
                name="partner_id"
                label={v.t('plan.partner')}
                value={act.values.partner_id}
                errors={act.errors}
                options={[choose, ...p.partners.map((x): [string, string] => [x.id, v.tx(x.name)])]}
              />
              <Field
                v={v}
                name="association_id"
                label={v.t('plan.association')}
                value={act.values.association_id}
                errors={act.errors}
                options={[choose, ...p.associations.map((x): [string, string] => [x.id, v.tx(x.name)])]}
              />
            </div>
            <Field v={v} name="partners" label={v.t('plan.partners')} value={act.values.partners} errors={act.errors} maxlength={500} />
            <div class="row">
              <Field
                v={v}
                name="year"
                label={v.t('plan.year')}
                value={act.values.year ?? String(plan.start_year)}
                errors={act.errors}
                required
                inputmode="numeric"
              />
              <Field
                v={v}
                name="quarter"
                label={v.t('plan.quarter')}
                value={act.values.quarter}
                errors={act.errors}
                options={[['', '—'], ...[1, 2, 3, 4].map((n): [string, string] => [String(n), v.t('plan.quarter.n', { n })])]}
              />
              <Field
                v={v}
                name="deadline"
                type="date"
                label={v.t('plan.deadline')}
                hint={v.t('plan.deadlineHint')}
                value={act.values.deadline}
                errors={act.errors}
              />
            </div>
            <Field
              v={v}
              name="funding"
              label={v.t('plan.funding')}
              value={act.values.funding ?? 'town'}
              errors={act.errors}
              required
              options={FUNDING_SOURCES.map((f) => [f, v.t(`plan.funding.${f}`)])}
            />
            <div class="row">
              <Field
                v={v}
                name="planned_rsd"
                label={v.t('plan.planned')}
                value={act.values.planned_rsd}
                errors={act.errors}
                inputmode="decimal"
                maxlength={30}
              />
              <Field
                v={v}
                name="spent_rsd"
                label={v.t('plan.spent')}
                value={act.values.spent_rsd}
                errors={act.errors}
                inputmode="decimal"
                maxlength={30}
              />
            </div>
            <button type="submit">{v.t('plan.activity.add')}</button>
          </Form>
        </>
      ) : null}
      {areaOptions.length > 0 ? (
        <>
          <h2 id="add-indicator">{v.t('plan.indicator.add')}</h2>
          <Form v={v} action={v.href(`${base}/pokazatelji`)} errors={ind.errors} novalidate>
            <Field
              v={v}
              name="area_id"
              label={v.t('plan.area')}
              value={ind.values.area_id}
              errors={ind.errors}
              required
              options={[choose, ...areaOptions]}
            />
            <Field
              v={v}
              name="code"
              label={v.t('plan.ind.code')}
              hint={v.t('plan.ind.codeHint')}
              value={ind.values.code}
              errors={ind.errors}
              required
              maxlength={20}
            />
            <Field
              v={v}
              name="definition"
              label={v.t('plan.ind.definition')}
              value={ind.values.definition}
              errors={ind.errors}
              required
              maxlength={500}
            />
            <div class="row">
              <Field
                v={v}
                name="unit"
                label={v.t('plan.ind.unit')}
                value={ind.values.unit ?? 'people'}
                errors={ind.errors}
                required
                options={UNITS.map((u) => [u, v.t(`plan.unit.${u}`)])}
              />
              <Field
                v={v}
                name="direction"
                label={v.t('plan.ind.direction')}
                value={ind.values.direction ?? 'up'}
                errors={ind.errors}
                required
                options={DIRECTIONS.map((d) => [d, v.t(`plan.direction.${d}`)])}
              />
            </div>
            <div class="row">
              <Field
                v={v}
                name="baseline"
                label={v.t('plan.ind.baseline')}
                value={ind.values.baseline}
                errors={ind.errors}
                inputmode="decimal"
                maxlength={30}
              />
              <Field
                v={v}
                name="baseline_year"
                label={v.t('plan.ind.baselineYear')}
                value={ind.values.baseline_year}
                errors={ind.errors}
                inputmode="numeric"
              />
            </div>
            <Field
              v={v}
              name="verification"
              label={v.t('plan.ind.verification')}
              value={ind.values.verification}
              errors={ind.errors}
              maxlength={300}
            />
            <Field
              v={v}
              name="kind"
              label={v.t('plan.ind.kind')}
              value={ind.values.kind ?? 'computed'}
              errors={ind.errors}
              required
              options={INDICATOR_KINDS.map((k) => [k, v.t(`plan.kind.${k}`)])}
            />
            <Field
              v={v}
              name="source"
              label={v.t('plan.ind.source')}
              hint={v.t('plan.ind.sourceHint')}
              value={ind.values.source}
              errors={ind.errors}
              options={sourceOptions}
            />
            <fieldset>
              <legend>{v.t('plan.ind.targets')}</legend>
              <div class="row">
                {years.map((y) => (
                  <Field
                    v={v}
                    name={`target_${y}`}
                    label={v.t('plan.ind.target', { year: y })}
                    value={ind.values[`target_${y}`]}
                    errors={ind.errors}
                    inputmode="decimal"
                    maxlength={30}
                  />
                ))}
              </div>
            </fieldset>
            <button type="submit">{v.t('plan.indicator.add')}</button>
          </Form>
        </>
      ) : null}
    </>
  );
}

// ── An indicator ──

const EVIDENCE_ACCEPT = '.pdf,.docx,.odt,.png,.jpg,.jpeg,' + UPLOAD_KINDS.agreement.types.join(',');

function FileField({
  v,
  name,
  labelKey,
  errors,
}: {
  v: View;
  name: string;
  labelKey: 'plan.value.file' | 'plan.wp.opinionFile' | 'plan.import.file';
  errors: FormErrors | undefined;
}) {
  const error = errors?.[name];
  const kind = name === 'sheet' ? 'spreadsheet' : 'agreement';
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={`f-${name}`}>
        {v.t(labelKey)}
        {name === 'sheet' ? null : <span class="optional"> {v.t('form.optional')}</span>}
      </label>
      <p class="hint" id={`f-${name}-hint`}>
        {v.t(name === 'sheet' ? 'plan.sheet.hint' : 'plan.file.hint', { maxMb: uploadMaxMb(kind) })}
      </p>
      {error ? (
        <p class="error" id={`f-${name}-error`}>
          {error}
        </p>
      ) : null}
      <input
        type="file"
        id={`f-${name}`}
        name={name}
        accept={name === 'sheet' ? `.xlsx,${UPLOAD_KINDS.spreadsheet.types.join(',')}` : EVIDENCE_ACCEPT}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `f-${name}-hint f-${name}-error` : `f-${name}-hint`}
      />
    </div>
  );
}

export function IndicatorPage(p: {
  v: View;
  office: Office;
  plan: Plan;
  indicator: Indicator;
  area: Area | undefined;
  years: Array<{ year: number; report: IndicatorReport }>;
  year: number;
  source: IndicatorSource | undefined;
  /** Today, YYYY-MM-DD (the date a new value is measured on, unless changed). */
  today: string;
  /** The indicator against its targets, year by year. */
  chart?: Child;
  state?: FormState | undefined;
}) {
  const { v, office, plan, indicator: ind } = p;
  const title = `${ind.code} ${v.tx(ind.definition)}`;
  const chosen = p.years.find((y) => y.year === p.year)?.report;
  const s = stateOf(p.state, 'value');
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} plan={plan} />
      <h1>{title}</h1>
      <dl class="facts">
        <dt>{v.t('plan.area')}</dt>
        <dd>{p.area ? areaName(v, p.area) : ''}</dd>
        <dt>{v.t('plan.ind.unit')}</dt>
        <dd>{v.t(`plan.unit.${ind.unit}`)}</dd>
        <dt>{v.t('plan.ind.direction')}</dt>
        <dd>{v.t(`plan.direction.${ind.direction}`)}</dd>
        <dt>{v.t('plan.ind.baseline')}</dt>
        <dd>{ind.baseline === null ? '—' : `${num(v, ind.baseline)}${ind.baseline_year ? ` (${ind.baseline_year})` : ''}`}</dd>
        <dt>{v.t('plan.ind.verification')}</dt>
        <dd>{ind.verification ? v.tx(ind.verification) : '—'}</dd>
        <dt>{v.t('plan.ind.kind')}</dt>
        <dd>{ind.kind === 'computed' && p.source ? v.t(p.source.title) : v.t(`plan.kind.${ind.kind}`)}</dd>
      </dl>
      <h2>{v.t('plan.ind.how')}</h2>
      <p>{ind.kind === 'manual' ? v.t('plan.ind.howManual') : p.source ? v.t(p.source.description) : v.t('plan.ind.missing')}</p>
      <p class="hint">{v.t('plan.statusRule')}</p>
      {p.chart ?? null}
      <DataTable
        caption={v.t('plan.ind.targets')}
        rows={p.years}
        columns={[
          {
            label: v.t('plan.year'),
            rowHeader: true,
            cell: (y) => (y.year === p.year ? <strong>{y.year}</strong> : <a href={`?godina=${y.year}`}>{y.year}</a>),
          },
          { label: v.t('plan.col.target'), numeric: true, cell: (y) => (y.report.target === null ? '—' : num(v, y.report.target)) },
          {
            label: v.t('plan.col.value'),
            numeric: true,
            cell: (y) => (
              <>
                {valueText(v, ind, y.report.measured)}
                {y.report.measured.manual ? (
                  <>
                    {' '}
                    <span class="hint">
                      {v.t('plan.ind.measuredOn', { date: formatDate(v.locale, y.report.measured.manual.measured_on) })}
                    </span>
                    {y.report.measured.manual.evidence_file_id ? (
                      <>
                        {' '}
                        <a href={v.href(`${indicatorPath(office, plan.id, ind.id)}/dokaz?godina=${y.year}`)}>{v.t('plan.ind.evidence')}</a>
                      </>
                    ) : null}
                  </>
                ) : null}
              </>
            ),
          },
          { label: v.t('plan.col.status'), cell: (y) => statusTag(v, y.report.status) },
        ]}
      />
      {ind.kind === 'computed' && chosen ? (
        <>
          <h2>
            {v.t('plan.ind.drill')} ({p.year})
          </h2>
          <p class="hint">{v.t('plan.ind.drillHint')}</p>
          <DataTable
            caption={`${v.t('plan.ind.drill')} (${p.year})`}
            captionHidden
            rows={chosen.measured.rows}
            empty={v.t('plan.ind.noValue')}
            columns={[
              { label: v.t('plan.col.label'), rowHeader: true, cell: (r) => label(v, r.label) },
              { label: v.t('plan.col.value'), numeric: true, cell: (r) => r.value },
            ]}
          />
        </>
      ) : null}
      {ind.kind !== 'manual' ? <Summary v={v} errors={s.errors} /> : null}
      {ind.kind === 'manual' ? (
        <>
          <h2>{v.t('plan.value.add')}</h2>
          <Form v={v} action={v.href(`${indicatorPath(office, plan.id, ind.id)}/vrednost`)} errors={s.errors} novalidate multipart>
            <div class="row">
              <Field
                v={v}
                name="year"
                label={v.t('plan.year')}
                value={s.values.year ?? String(p.year)}
                errors={s.errors}
                required
                inputmode="numeric"
              />
              <Field
                v={v}
                name="value"
                label={v.t('plan.ind.value')}
                value={
                  s.values.value ??
                  (chosen?.measured.manual ? String(chosen.measured.manual.value) : ind.baseline === null ? '' : String(ind.baseline))
                }
                errors={s.errors}
                required
                inputmode="decimal"
                maxlength={30}
              />
              <Field
                v={v}
                name="measured_on"
                type="date"
                label={v.t('plan.value.measuredOn')}
                value={s.values.measured_on ?? chosen?.measured.manual?.measured_on ?? p.today}
                errors={s.errors}
                required
              />
            </div>
            <FileField v={v} name="file" labelKey="plan.value.file" errors={s.errors} />
            <button type="submit">{v.t('plan.value.add')}</button>
          </Form>
        </>
      ) : null}
    </Page>
  );
}

// ── A plan activity ──

export function PlanActivityPage(p: {
  v: View;
  office: Office;
  plan: Plan;
  activity: PlanActivity;
  linked: LinkableActivity[];
  linkable: LinkableActivity[];
  /** The council's decisions on this plan activity (by its key: from any version). */
  decisions: readonly PlanDecision[];
  state?: FormState | undefined;
}) {
  const { v, office, plan, activity: a } = p;
  const base = planActivityPath(office, plan.id, a.id);
  const link = stateOf(p.state, 'link');
  const spend = stateOf(p.state, 'spending');
  return (
    <Page v={v} title={v.tx(a.title)}>
      <Crumbs v={v} office={office} plan={plan} />
      <h1>{v.tx(a.title)}</h1>
      <dl class="facts">
        <dt>{v.t('plan.responsible')}</dt>
        <dd>{a.responsible_name ? v.tx(a.responsible_name) : v.t(`plan.responsible.${a.responsible_kind}`)}</dd>
        <dt>{v.t('plan.partners')}</dt>
        <dd>{a.partners ? v.tx(a.partners) : '—'}</dd>
        <dt>{v.t('plan.year')}</dt>
        <dd>
          {a.year}
          {a.quarter ? `, ${v.t('plan.quarter.n', { n: a.quarter })}` : ''}
          {a.deadline ? `, ${formatDate(v.locale, a.deadline)}` : ''}
        </dd>
        <dt>{v.t('plan.funding')}</dt>
        <dd>{v.t(`plan.funding.${a.funding}`)}</dd>
        <dt>{v.t('plan.planned')}</dt>
        <dd>{num(v, a.planned_rsd)}</dd>
        <dt>{v.t('plan.spent')}</dt>
        <dd>{num(v, a.spent_rsd)}</dd>
        <dt>{v.t('plan.done')}</dt>
        <dd>
          {isDone(a) ? v.t('plan.yes') : v.t('plan.no')} ({v.t('plan.linked.count', { linked: a.linked, held: a.held })})
        </dd>
      </dl>
      <h2>{v.t('plan.linked')}</h2>
      <DataTable
        caption={v.t('plan.linked')}
        captionHidden
        rows={p.linked}
        empty={v.t('plan.linked.none')}
        columns={[
          {
            label: v.t('plan.activity'),
            rowHeader: true,
            cell: (x) => <a href={v.href(`/admin/kancelarije/${office.slug}/aktivnosti/${x.id}`)}>{v.tx(x.title)}</a>,
          },
          { label: v.t('plan.year'), cell: (x) => formatDate(v.locale, x.starts_at.toISOString().slice(0, 10)) },
          {
            label: v.t('plan.link.unlink'),
            actions: true,
            cell: (x) => (
              <Form v={v} action={v.href(`${base}/veza`)} class="inline">
                <input type="hidden" name="activity_id" value={x.id} />
                <input type="hidden" name="unlink" value="1" />
                <button type="submit" class="secondary" aria-label={`${v.t('plan.link.unlink')}: ${v.tx(x.title)}`}>
                  {v.t('plan.link.unlink')}
                </button>
              </Form>
            ),
          },
        ]}
      />
      <CouncilDecisions v={v} office={office} decisions={p.decisions} />
      <h2>{v.t('plan.link.title')}</h2>
      <Form v={v} action={v.href(`${base}/veza`)} errors={link.errors} novalidate>
        <Field
          v={v}
          name="activity_id"
          label={v.t('plan.link.activity')}
          value={link.values.activity_id}
          errors={link.errors}
          required
          options={[
            ['', v.t('plan.choose')],
            ...p.linkable
              .filter((x) => x.lap_activity_key !== a.key)
              .map((x): [string, string] => [x.id, `${v.tx(x.title)} (${x.starts_at.toISOString().slice(0, 10)})`]),
          ]}
        />
        <button type="submit">{v.t('plan.link.submit')}</button>
      </Form>
      <h2>{v.t('plan.spending.title')}</h2>
      <Form v={v} action={v.href(`${base}/utrosak`)} errors={spend.errors} novalidate>
        <Field
          v={v}
          name="spent_rsd"
          label={v.t('plan.spent')}
          value={spend.values.spent_rsd ?? String(a.spent_rsd)}
          errors={spend.errors}
          inputmode="decimal"
          maxlength={30}
        />
        <Check
          v={v}
          name="done"
          label={v.t('plan.done')}
          hint={v.t('plan.doneHint')}
          checked={spend.values.done === undefined ? a.done : spend.values.done === 'on'}
        />
        <button type="submit">{v.t('plan.spending.save')}</button>
      </Form>
    </Page>
  );
}

// ── Monitoring ──

function YearPicker({ v, action, year, from, to }: { v: View; action: string; year: number; from: number; to: number }) {
  const years: Array<[string, string]> = [];
  for (let y = from; y <= to; y++) years.push([String(y), String(y)]);
  return (
    <form method="get" action={v.href(action)} class="filters">
      <Field v={v} name="godina" label={v.t('plan.mon.year')} value={String(year)} options={years} />
      <button type="submit">{v.t('plan.mon.show')}</button>
    </form>
  );
}

function DashboardTables({ v, office, plan, d, staff }: { v: View; office: Office; plan: Plan; d: Dashboard; staff: boolean }) {
  return (
    <>
      <DataTable
        caption={`${v.t('plan.mon.activities')} · ${v.t('plan.mon.budget')}`}
        rows={d.areas}
        columns={[
          { label: v.t('plan.area'), rowHeader: true, cell: (a) => areaName(v, a.area) },
          { label: v.t('plan.col.planned'), numeric: true, cell: (a) => num(v, a.planned) },
          { label: v.t('plan.col.done'), numeric: true, cell: (a) => num(v, a.done) },
          { label: v.t('plan.col.plannedRsd'), numeric: true, cell: (a) => num(v, a.plannedRsd) },
          { label: v.t('plan.col.spentRsd'), numeric: true, cell: (a) => num(v, a.spentRsd) },
        ]}
        totals={[
          v.t('plan.mon.total'),
          num(v, d.totals.planned),
          num(v, d.totals.done),
          num(v, d.totals.plannedRsd),
          num(v, d.totals.spentRsd),
        ]}
      />
      <h2>{v.t('plan.mon.indicators')}</h2>
      <p class="hint">{v.t('plan.statusRule')}</p>
      {d.areas.map((a) => (
        <section aria-labelledby={`mon-${a.area.id}`} id={!staff && a.area.code ? `oblast-${a.area.code}` : undefined}>
          <h3 id={`mon-${a.area.id}`}>{areaName(v, a.area)}</h3>
          {staff ? (
            <IndicatorTable v={v} office={office} plan={plan} year={d.year} reports={a.indicators} />
          ) : (
            <DataTable
              caption={`${v.t('plan.indicators')} (${d.year})`}
              rows={a.indicators}
              empty={v.t('plan.mon.none')}
              columns={[
                { label: v.t('plan.indicator'), rowHeader: true, cell: (r) => `${r.indicator.code} ${v.tx(r.indicator.definition)}` },
                { label: v.t('plan.col.target'), numeric: true, cell: (r) => (r.target === null ? '—' : num(v, r.target)) },
                { label: v.t('plan.col.value'), numeric: true, cell: (r) => valueText(v, r.indicator, r.measured) },
                { label: v.t('plan.col.status'), cell: (r) => statusTag(v, r.status) },
              ]}
            />
          )}
        </section>
      ))}
    </>
  );
}

export function MonitoringPage({ v, office, plan, d, charts }: { v: View; office: Office; plan: Plan; d: Dashboard; charts?: Child }) {
  const title = v.t('plan.mon.title', { year: d.year });
  return (
    <Page v={v} title={`${title} — ${planLabel(v, plan)}`}>
      <Crumbs v={v} office={office} plan={plan} />
      <h1>{title}</h1>
      <p>{planLabel(v, plan)}</p>
      <YearPicker v={v} action={monitoringPath(office, plan.id)} year={d.year} from={plan.start_year} to={plan.end_year} />
      {charts ?? null}
      <DashboardTables v={v} office={office} plan={plan} d={d} staff />
    </Page>
  );
}

export function PublicPlanPage({
  v,
  office,
  plan,
  d,
  charts,
}: {
  v: View;
  office: Office;
  plan: Plan | undefined;
  d: Dashboard | undefined;
  charts?: Child;
}) {
  const title = v.t('plan.pub.title', { office: v.tx(office.name) });
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href(`/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a>
      </p>
      <h1>{title}</h1>
      {!plan || !d ? (
        <p>{v.t('plan.pub.none')}</p>
      ) : (
        <>
          <p>
            {v.tx(plan.title)} ({v.t('plan.period', { from: plan.start_year, to: plan.end_year })})
            {plan.decision_date
              ? `. ${v.t('plan.decision', { number: plan.decision_number, date: formatDate(v.locale, plan.decision_date) })}`
              : ''}
          </p>
          <p>{v.t('plan.pub.lead', { year: d.year })}</p>
          <YearPicker v={v} action={publicPlanPath(office)} year={d.year} from={plan.start_year} to={plan.end_year} />
          {charts ?? null}
          <DashboardTables v={v} office={office} plan={plan} d={d} staff={false} />
        </>
      )}
    </Page>
  );
}

// ── Comparing versions ──

export function ComparePage({
  v,
  office,
  plan,
  previous,
  changes,
}: {
  v: View;
  office: Office;
  plan: Plan;
  previous: Plan | undefined;
  changes: Change[];
}) {
  const title = previous ? v.t('plan.compare.title', { a: previous.version, b: plan.version }) : v.t('plan.compare');
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} plan={plan} />
      <h1>{title}</h1>
      {!previous ? (
        <p>{v.t('plan.compare.first')}</p>
      ) : (
        <DataTable
          caption={title}
          captionHidden
          rows={changes}
          empty={v.t('plan.compare.none')}
          class="compare"
          columns={[
            { label: v.t('plan.col.label'), rowHeader: true, cell: (c) => `${v.t(`plan.row.${c.kind}`)}: ${v.tx(c.label)}` },
            { label: v.t('plan.col.change'), cell: (c) => v.t(`plan.change.${c.change}`) },
            {
              label: v.t('plan.col.before'),
              cell: (c) => (
                <ul class="plain">
                  {c.fields.map((f) => (
                    <li>
                      {f.field}: {v.tx(f.before) || '—'}
                    </li>
                  ))}
                </ul>
              ),
            },
            {
              label: v.t('plan.col.after'),
              cell: (c) => (
                <ul class="plain">
                  {c.fields.map((f) => (
                    <li>
                      {f.field}: {v.tx(f.after) || '—'}
                    </li>
                  ))}
                </ul>
              ),
            },
          ]}
        />
      )}
    </Page>
  );
}

// ── Annual work plan ──

/** Errors of a form that is not on the page as sent (a button's step, an item that is gone): the summary alone. */
function Summary({ v, errors }: { v: View; errors: FormErrors | undefined }) {
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="errors">
      <p>{v.t('form.errors')}</p>
      <ul>
        {Object.values(errors).map((e) => (
          <li>{e}</li>
        ))}
      </ul>
    </div>
  );
}

export function WorkplanPage(p: {
  v: View;
  office: Office;
  plan: Plan;
  year: number;
  workplan: Workplan | undefined;
  items: WorkplanItem[];
  /** The council's decisions and opinions on this year's work plan. */
  decisions: readonly PlanDecision[];
  state?: FormState | undefined;
}) {
  const { v, office, plan, year, workplan: w } = p;
  const base = workplanPath(office, plan.id);
  const title = v.t('plan.wp.title', { year });
  const op = stateOf(p.state, 'opinion');
  const item = stateOf(p.state, 'item');
  const step = stateOf(p.state, 'step');
  return (
    <Page v={v} title={`${title} — ${planLabel(v, plan)}`}>
      <Crumbs v={v} office={office} plan={plan} />
      <h1>{title}</h1>
      <YearPicker v={v} action={base} year={year} from={plan.start_year} to={plan.end_year} />
      {!w ? (
        <>
          <p>{v.t('plan.wp.none')}</p>
          <Form v={v} action={v.href(base)} errors={stateOf(p.state, 'create').errors}>
            <input type="hidden" name="year" value={String(year)} />
            <button type="submit">{v.t('plan.wp.create')}</button>
          </Form>
        </>
      ) : (
        <>
          <p>
            <strong class="tag">{v.t(`plan.wp.status.${w.status}`)}</strong>
          </p>
          <Summary
            v={v}
            errors={step.errors ?? (item.errors && !p.items.some((it) => it.id === item.values.item_id) ? item.errors : undefined)}
          />
          <h2>{v.t('plan.wp.items')}</h2>
          {p.items.length === 0 ? <p>{v.t('plan.wp.noItems')}</p> : null}
          {w.status === 'draft' ? (
            p.items.map((it) => {
              const s = item.values.item_id === it.id ? item : { values: {} as FormValues, errors: undefined };
              return (
                <Form v={v} action={v.href(`${base}/stavka`)} errors={s.errors} novalidate class="card">
                  <input type="hidden" name="year" value={String(year)} />
                  <input type="hidden" name="item_id" value={it.id} />
                  <Field
                    v={v}
                    name="title"
                    label={v.t('plan.activity.title')}
                    value={s.values.title ?? it.title}
                    errors={s.errors}
                    required
                    maxlength={300}
                  />
                  <div class="row">
                    <Field
                      v={v}
                      name="quarter"
                      label={v.t('plan.quarter')}
                      value={s.values.quarter ?? (it.quarter ? String(it.quarter) : '')}
                      errors={s.errors}
                      options={[['', '—'], ...[1, 2, 3, 4].map((n): [string, string] => [String(n), v.t('plan.quarter.n', { n })])]}
                    />
                    <Field
                      v={v}
                      name="planned_rsd"
                      label={v.t('plan.planned')}
                      value={s.values.planned_rsd ?? String(it.planned_rsd)}
                      errors={s.errors}
                      inputmode="decimal"
                      maxlength={30}
                    />
                  </div>
                  <Field
                    v={v}
                    name="note"
                    label={v.t('plan.wp.note')}
                    value={s.values.note ?? it.note}
                    errors={s.errors}
                    maxlength={1000}
                  />
                  <button type="submit" class="secondary">
                    {v.t('plan.wp.save')}
                  </button>
                </Form>
              );
            })
          ) : (
            <DataTable
              caption={v.t('plan.wp.items')}
              captionHidden
              rows={p.items}
              columns={[
                { label: v.t('plan.activity.title'), rowHeader: true, cell: (it) => v.tx(it.title) },
                { label: v.t('plan.quarter'), cell: (it) => (it.quarter ? v.t('plan.quarter.n', { n: it.quarter }) : '—') },
                { label: v.t('plan.planned'), numeric: true, cell: (it) => num(v, it.planned_rsd) },
                { label: v.t('plan.wp.note'), cell: (it) => v.tx(it.note) },
              ]}
            />
          )}
          {w.status === 'draft' ? (
            <Form v={v} action={v.href(`${base}/korak`)}>
              <input type="hidden" name="year" value={String(year)} />
              <input type="hidden" name="step" value="send" />
              <button type="submit">{v.t('plan.wp.send')}</button>
            </Form>
          ) : null}
          <h2>{v.t('plan.wp.opinion')}</h2>
          {w.opinion_date ? (
            <>
              <p>
                {formatDate(v.locale, w.opinion_date)}
                {w.opinion_file_id ? (
                  <>
                    {' '}
                    · <a href={v.href(`${base}/misljenje?godina=${year}`)}>{v.t('plan.wp.opinionFile')}</a>
                  </>
                ) : null}
              </p>
              <blockquote>{v.tx(w.opinion_text)}</blockquote>
            </>
          ) : null}
          {w.status === 'sent' ? (
            <>
              <Form v={v} action={v.href(`${base}/misljenje`)} errors={op.errors} novalidate multipart>
                <input type="hidden" name="year" value={String(year)} />
                <Field
                  v={v}
                  name="opinion_date"
                  type="date"
                  label={v.t('plan.wp.opinionDate')}
                  value={op.values.opinion_date ?? w.opinion_date ?? ''}
                  errors={op.errors}
                  required
                />
                <Field
                  v={v}
                  name="opinion_text"
                  label={v.t('plan.wp.opinionText')}
                  value={op.values.opinion_text ?? w.opinion_text}
                  errors={op.errors}
                  required
                  multiline
                  rows={4}
                  maxlength={5000}
                />
                <FileField v={v} name="file" labelKey="plan.wp.opinionFile" errors={op.errors} />
                <button type="submit">{v.t('plan.wp.opinionSave')}</button>
              </Form>
              <Form v={v} action={v.href(`${base}/korak`)}>
                <input type="hidden" name="year" value={String(year)} />
                <input type="hidden" name="step" value="adopt" />
                <button type="submit">{v.t('plan.wp.adopt')}</button>
              </Form>
            </>
          ) : null}
        </>
      )}
      {w ? <CouncilDecisions v={v} office={office} decisions={p.decisions} /> : null}
    </Page>
  );
}

// ── XLSX bulk update ──

export interface ImportLine {
  line: number;
  what: string;
  error: string;
}

export function ImportPage(p: {
  v: View;
  office: Office;
  plan: Plan;
  lines?: ImportLine[];
  payload?: string;
  problem?: string | undefined;
  state?: FormState | undefined;
}) {
  const { v, office, plan } = p;
  const base = importPath(office, plan.id);
  const s = stateOf(p.state, 'sheet');
  const valid = (p.lines ?? []).filter((l) => !l.error);
  return (
    <Page v={v} title={`${v.t('plan.import.title')} — ${planLabel(v, plan)}`}>
      <Crumbs v={v} office={office} plan={plan} />
      <h1>{v.t('plan.import.title')}</h1>
      <p>{v.t('plan.import.lead')}</p>
      <Form v={v} action={v.href(base)} errors={s.errors} novalidate multipart>
        <FileField v={v} name="sheet" labelKey="plan.import.file" errors={s.errors} />
        <button type="submit">{v.t('plan.import.preview')}</button>
      </Form>
      {p.problem ? <p class="notice">{p.problem}</p> : null}
      {p.lines && p.lines.length > 0 ? (
        <>
          <DataTable
            caption={v.t('plan.import.rows')}
            rows={p.lines}
            columns={[
              { label: v.t('plan.import.line'), rowHeader: true, cell: (l) => String(l.line) },
              { label: v.t('plan.import.what'), cell: (l) => l.what },
              { label: v.t('plan.import.error'), cell: (l) => l.error },
            ]}
          />
          {valid.length > 0 && p.payload ? (
            <Form v={v} action={v.href(`${base}/potvrda`)}>
              <input type="hidden" name="payload" value={p.payload} />
              <button type="submit">{v.t('plan.import.confirm')}</button>
            </Form>
          ) : (
            <p>{v.t('plan.import.nothing')}</p>
          )}
        </>
      ) : null}
    </Page>
  );
}
