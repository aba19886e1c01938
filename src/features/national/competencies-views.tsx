import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import type { MessageKey } from '../../core/i18n/messages.ts';
import { formatRange } from '../../core/views/format.ts';
import { Field, Form, RadioGroup } from '../../core/views/forms.tsx';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import { activityPath } from '../activities/paths.ts';
import { fieldOf, LEVELS, SCALE, STANDARDS, STATEMENTS, type Level, type Levels, type Standard } from './competencies.ts';
import type { AssessmentRow, HistoryRow, Training } from './competencies-repo.ts';
import type { RegionNeeds } from './competencies-service.ts';
import { NETWORK_ADMIN, NETWORK_PUBLIC } from './views.tsx';

export const TRAININGS_PUBLIC = `${NETWORK_PUBLIC}/obuke`;
export const TRAININGS_ADMIN = `${NETWORK_ADMIN}/obuke`;
export const competencyPath = (office: { slug: string }) => `/admin/kancelarije/${office.slug}/kompetencije`;

const standardName = (v: View, s: Standard) => v.t(`nat.comp.std.${s}`);
const levelName = (v: View, l: Level) => v.t(`nat.comp.level.${l}`);
const regionOf = (v: View, t: { region_name: string | null; region_name_en: string | null }) =>
  t.region_name ? (v.locale === 'en' ? (t.region_name_en ?? '') : v.tx(t.region_name)) : v.t('nat.train.national');

function TrainingTable({ v, rows, caption }: { v: View; rows: Training[]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      captionHidden
      rows={rows}
      empty={v.t('nat.train.none')}
      columns={[
        {
          label: v.t('nat.train.col.title'),
          rowHeader: true,
          cell: (t) => <a href={v.href(activityPath({ slug: t.office_slug }, t.id))}>{v.tx(t.title)}</a>,
        },
        { label: v.t('nat.train.col.when'), cell: (t) => formatRange(v.locale, t.starts_at, t.ends_at) },
        { label: v.t('nat.train.col.standard'), cell: (t) => `${standardName(v, t.standard)} · ${levelName(v, t.level)}` },
        { label: v.t('nat.train.col.scope'), cell: (t) => regionOf(v, t) },
      ]}
    />
  );
}

/** The curriculum of every standard at every level (the public trainings page and the coordinator's page). */
function Curriculum({ v, levels }: { v: View; levels?: Levels | undefined }) {
  return (
    <dl class="curriculum">
      {STANDARDS.map((s) => (
        <>
          <dt>
            {standardName(v, s)}
            {levels ? ` — ${levelName(v, levels[s])}` : null}
          </dt>
          {(levels ? [levels[s]] : [...LEVELS]).map((l) => (
            <dd>
              {levels ? null : <strong>{levelName(v, l)}: </strong>}
              {v.t(`nat.comp.curr.${s}.${l}`)}
            </dd>
          ))}
        </>
      ))}
    </dl>
  );
}

/** Public: the association's upcoming national and regional trainings, and the curriculum per level. */
export function TrainingsPage({ v, trainings }: { v: View; trainings: Training[] }) {
  return (
    <Page v={v} title={v.t('nat.train.title')}>
      <p class="crumbs">
        <a href={v.href(NETWORK_PUBLIC)}>{v.t('nat.map.title')}</a>
      </p>
      <h1>{v.t('nat.train.title')}</h1>
      <p>{v.t('nat.train.lead')}</p>
      <TrainingTable v={v} rows={trainings} caption={v.t('nat.train.title')} />
      <h2>{v.t('nat.comp.curriculum')}</h2>
      <Curriculum v={v} />
    </Page>
  );
}

/** The coordinator's page: the self-assessment, its levels and curriculum, matching trainings and their history. */
export function CompetencyPage({
  v,
  office,
  latest,
  trainings,
  history,
  values = {},
  errors,
}: {
  v: View;
  office: { slug: string; name: string };
  latest: AssessmentRow | undefined;
  trainings: Training[];
  history: HistoryRow[];
  values?: FormValues;
  errors?: FormErrors | undefined;
}) {
  const scale = SCALE.map((n): [string, string] => [n, v.t(`nat.comp.scale.${n}`)]);
  const fitting = latest ? trainings.filter((t) => latest[t.standard] === t.level) : [];
  return (
    <Page v={v} title={v.t('nat.comp.title')}>
      <p class="crumbs">
        <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(TRAININGS_PUBLIC)}>{v.t('nat.train.title')}</a>
      </p>
      <h1>{v.t('nat.comp.title')}</h1>
      <p>{v.t('nat.comp.lead', { office: v.tx(office.name) })}</p>
      {latest ? (
        <section aria-labelledby="levels-title">
          <h2 id="levels-title">{v.t('nat.comp.levels')}</h2>
          <DataTable
            caption={v.t('nat.comp.levels')}
            captionHidden
            rows={[...STANDARDS]}
            columns={[
              { label: v.t('nat.train.col.standard'), rowHeader: true, cell: (s) => standardName(v, s) },
              { label: v.t('nat.comp.col.level'), cell: (s) => levelName(v, latest[s]) },
              { label: v.t('nat.comp.col.curriculum'), cell: (s) => v.t(`nat.comp.curr.${s}.${latest[s]}`) },
            ]}
          />
          <h2>{v.t('nat.comp.fitting')}</h2>
          <TrainingTable v={v} rows={fitting} caption={v.t('nat.comp.fitting')} />
        </section>
      ) : null}
      <section aria-labelledby="history-title">
        <h2 id="history-title">{v.t('nat.comp.history')}</h2>
        <DataTable
          caption={v.t('nat.comp.history')}
          captionHidden
          rows={history}
          empty={v.t('nat.comp.historyNone')}
          columns={[
            { label: v.t('nat.train.col.title'), rowHeader: true, cell: (h) => v.tx(h.title) },
            { label: v.t('nat.train.col.when'), cell: (h) => formatRange(v.locale, h.starts_at, h.ends_at) },
            { label: v.t('nat.train.col.standard'), cell: (h) => `${standardName(v, h.standard)} · ${levelName(v, h.level)}` },
            {
              label: v.t('nat.comp.col.outcome'),
              cell: (h) =>
                h.certificate
                  ? v.t('nat.comp.certified', { code: h.certificate })
                  : h.attended
                    ? v.t('nat.comp.attended')
                    : v.t(
                        `nat.comp.reg.${h.status === 'confirmed' || h.status === 'cancelled' || h.status === 'waitlisted' ? h.status : 'other'}`,
                      ),
            },
          ]}
        />
      </section>
      <section aria-labelledby="assess-title">
        <h2 id="assess-title">{v.t(latest ? 'nat.comp.again' : 'nat.comp.assess')}</h2>
        <p>{v.t('nat.comp.assessLead')}</p>
        <Form v={v} action={v.href(competencyPath(office))} errors={errors} novalidate>
          {STANDARDS.map((s) => (
            <fieldset class="standard">
              <legend>{standardName(v, s)}</legend>
              {Array.from({ length: STATEMENTS }, (_, i) => (
                <RadioGroup
                  v={v}
                  name={fieldOf(s, i + 1)}
                  legend={v.t(`nat.comp.q.${s}.${i + 1}` as MessageKey)}
                  options={scale}
                  value={values[fieldOf(s, i + 1)] ?? ''}
                  errors={errors}
                  required
                />
              ))}
            </fieldset>
          ))}
          <button type="submit">{v.t('nat.comp.submit')}</button>
        </Form>
      </section>
    </Page>
  );
}

/** The national admin: who needs which training by region, the trainings, marking an activity as one. */
export function TrainingsAdminPage({
  v,
  association,
  needs,
  trainings,
  unmarked,
  regions,
  values = {},
  errors,
}: {
  v: View;
  association: { slug: string } | undefined;
  needs: RegionNeeds[];
  trainings: Training[];
  unmarked: Array<{ id: string; title: string; starts_at: Date }>;
  regions: Array<{ code: string; name: string; name_en: string }>;
  values?: FormValues;
  errors?: FormErrors | undefined;
}) {
  // Offices, not names: the national admin's pages name no person (test/security/national-privacy).
  const byOffice = (people: ReadonlyArray<{ office_name: string }>) => {
    const n = new Map<string, number>();
    for (const p of people) n.set(p.office_name, (n.get(p.office_name) ?? 0) + 1);
    return [...n].map(([office, k]) => `${v.tx(office)} (${k})`).join(', ');
  };
  const regionName = (code: string | null) => {
    const r = regions.find((x) => x.code === code);
    return r ? (v.locale === 'en' ? r.name_en : v.tx(r.name)) : v.t('nat.train.noRegion');
  };
  return (
    <Page v={v} title={v.t('nat.train.admin')}>
      <p class="crumbs">
        <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(NETWORK_ADMIN)}>{v.t('nat.admin.title')}</a>
      </p>
      <h1>{v.t('nat.train.admin')}</h1>
      <p>{v.t('nat.train.adminLead')}</p>
      <h2>{v.t('nat.train.needs')}</h2>
      {needs.length === 0 ? <p>{v.t('nat.train.noCoordinators')}</p> : null}
      {needs.map((r) => (
        <section class="region-needs">
          <h3>
            {regionName(r.region_code)} — {v.t('nat.train.coordinators', { n: r.coordinators })}
          </h3>
          {r.notAssessed.length > 0 ? (
            <p>
              {v.t('nat.train.notAssessed', { n: r.notAssessed.length })}: {byOffice(r.notAssessed)}
            </p>
          ) : null}
          <DataTable
            caption={v.t('nat.train.needsOf', { region: regionName(r.region_code) })}
            captionHidden
            rows={r.cells.filter((c) => c.who.length > 0)}
            empty={v.t('nat.train.noNeeds')}
            columns={[
              {
                label: v.t('nat.train.col.standard'),
                rowHeader: true,
                cell: (c) => `${standardName(v, c.standard)} · ${levelName(v, c.level)}`,
              },
              { label: v.t('nat.train.col.count'), numeric: true, cell: (c) => String(c.who.length) },
              { label: v.t('nat.train.col.who'), cell: (c) => byOffice(c.who) },
              {
                label: v.t('nat.train.col.offered'),
                cell: (c) =>
                  c.trainings.length === 0
                    ? v.t('nat.train.noneOffered')
                    : c.trainings.map((t) => `${v.tx(t.title)} (${formatRange(v.locale, t.starts_at, t.ends_at)})`).join('; '),
              },
            ]}
          />
        </section>
      ))}
      <h2>{v.t('nat.train.list')}</h2>
      <TrainingTable v={v} rows={trainings} caption={v.t('nat.train.list')} />
      {association ? (
        <>
          <p>
            <a href={v.href(`/admin/kancelarije/${association.slug}/aktivnosti/nova`)}>{v.t('nat.train.newActivity')}</a>
          </p>
          <h2>{v.t('nat.train.mark')}</h2>
          <Form v={v} action={v.href(TRAININGS_ADMIN)} errors={errors} novalidate>
            <Field
              v={v}
              name="activity"
              label={v.t('nat.train.field.activity')}
              required
              value={values.activity}
              errors={errors}
              options={[['', '—'], ...unmarked.map((a): [string, string] => [a.id, v.tx(a.title)])]}
            />
            <Field
              v={v}
              name="standard"
              label={v.t('nat.train.col.standard')}
              required
              value={values.standard}
              errors={errors}
              options={[['', '—'], ...STANDARDS.map((s): [string, string] => [s, standardName(v, s)])]}
            />
            <Field
              v={v}
              name="level"
              label={v.t('nat.comp.col.level')}
              required
              value={values.level}
              errors={errors}
              options={[['', '—'], ...LEVELS.map((l): [string, string] => [String(l), levelName(v, l)])]}
            />
            <Field
              v={v}
              name="region"
              label={v.t('nat.train.col.scope')}
              value={values.region}
              errors={errors}
              options={[
                ['', v.t('nat.train.national')],
                ...regions.map((r): [string, string] => [r.code, v.locale === 'en' ? r.name_en : v.tx(r.name)]),
              ]}
            />
            <button type="submit">{v.t('nat.train.markSubmit')}</button>
          </Form>
        </>
      ) : null}
      <h2>{v.t('nat.train.staff')}</h2>
      <p>{v.t(association ? 'nat.train.staffLead' : 'nat.train.noAssociation')}</p>
      <Form v={v} action={v.href(`${TRAININGS_ADMIN}/asocijacija`)}>
        <button type="submit">{v.t(association ? 'nat.train.join' : 'nat.train.setUp')}</button>
      </Form>
    </Page>
  );
}
