import type { OfficeRef } from '../../core/http/env.ts';
import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { OfficeAdminCrumbs } from '../../core/views/crumbs.tsx';
import { Check, ConfirmForm, Field, Form } from '../../core/views/forms.tsx';
import { formatDateTime } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import type { Plan } from '../plan/repo.ts';
import { fileName } from './job.ts';
import { NARRATIVE_KEYS, NARRATIVE_MAX } from './narrative.ts';
import { FORMATS, SCRIPTS, type AnnualReport, type Format, type Script } from './repo.ts';

type Office = Pick<OfficeRef, 'slug' | 'name'>;

export const reportsPath = (o: Pick<Office, 'slug'>) => `/admin/kancelarije/${o.slug}/izvestaj`;
export const reportPath = (o: Pick<Office, 'slug'>, year: number) => `${reportsPath(o)}/${year}`;
export const reportFilePath = (o: Pick<Office, 'slug'>, year: number, script: Script, format: Format) =>
  `${reportPath(o, year)}/${script}.${format}`;

const statusLabel = (v: View, r: Pick<AnnualReport, 'status'> | undefined) => v.t(`report.status.${r ? r.status : 'new'}`);
const stepLabel = (v: View, step: string) =>
  step === 'gather' || step === 'render' || step === 'store' || step === 'queued' ? v.t(`report.step.${step}`) : '';

/** The office's report years: every year of its plans up to this one, with each year's report. */
export function ReportsPage(p: {
  v: View;
  office: Office;
  years: ReadonlyArray<{ year: number; plan: Plan; report: AnnualReport | undefined }>;
  values?: FormValues | undefined;
  errors?: FormErrors | undefined;
}) {
  const { v, office } = p;
  const title = v.t('report.index.title');
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} />
      <h1>{title}</h1>
      <p>{v.t('report.index.lead')}</p>
      <h2>{v.t('report.index.years')}</h2>
      <DataTable
        caption={v.t('report.index.years')}
        captionHidden
        rows={p.years}
        empty={v.t('report.index.none')}
        columns={[
          {
            label: v.t('report.index.year'),
            cell: (y) => <a href={v.href(reportPath(office, y.year))}>{String(y.year)}</a>,
            rowHeader: true,
          },
          { label: v.t('report.index.plan'), cell: (y) => v.tx(y.plan.title) },
          { label: v.t('report.index.status'), cell: (y) => statusLabel(v, y.report) },
        ]}
      />
      {/* A GET form: it only finds a year's page (nothing is stored by looking). */}
      <form method="get" action={v.href(reportsPath(office))} class="inline-form">
        {p.errors?.godina ? (
          <div class="error-summary" role="alert" tabindex={-1} id="errors">
            <p>{v.t('form.errors')}</p>
            <ul>
              <li>
                <a href="#f-godina">{p.errors.godina}</a>
              </li>
            </ul>
          </div>
        ) : null}
        <Field
          v={v}
          name="godina"
          label={v.t('report.index.year')}
          inputmode="numeric"
          value={p.values?.godina}
          errors={p.errors}
          required
          maxlength={4}
        />
        <button type="submit">{v.t('report.index.open')}</button>
      </form>
    </Page>
  );
}

/** One year's report: progress while it is made, the downloads once made, the narrative while written. */
export function ReportPage(p: {
  v: View;
  office: Office;
  report: AnnualReport;
  files: ReadonlyArray<{ script: Script; format: Format; size: number }>;
  values?: FormValues | undefined;
  errors?: FormErrors | undefined;
  problem?: string | undefined;
}) {
  const { v, office, report: r } = p;
  const title = v.t('report.year.title', { year: r.year });
  const busy = r.status === 'queued' || r.status === 'running';
  const editable = r.status === 'draft' || r.status === 'failed';
  const here = v.href(reportPath(office, r.year));
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} back={{ href: reportsPath(office), label: v.t('report.index.title') }} />
      <h1>{title}</h1>
      {p.problem ? (
        <div class="error-summary" role="alert" tabindex={-1} id="errors">
          <p>{v.t('form.errors')}</p>
          <ul>
            <li>{p.problem}</li>
          </ul>
        </div>
      ) : null}
      <p>
        {v.t('report.index.status')}: <strong>{statusLabel(v, r)}</strong>
      </p>
      {busy ? (
        <div class="field">
          <label for="report-progress">{v.t('report.progress')}</label>
          <progress id="report-progress" max={100} value={r.progress}>
            {r.progress} %
          </progress>
          <p role="status">{v.t('report.progress.text', { progress: r.progress, step: stepLabel(v, r.step) })}</p>
          <p>
            <a href={here}>{v.t('report.progress.refresh')}</a>
          </p>
        </div>
      ) : null}
      {r.status === 'failed' ? <p class="error">{v.t('report.failed', { error: r.error })}</p> : null}
      {r.status === 'done' ? (
        <section aria-labelledby="files">
          <h2 id="files">{v.t('report.files.heading')}</h2>
          {r.finished_at ? <p>{v.t('report.files.made', { date: formatDateTime(v.locale, r.finished_at) })}</p> : null}
          {SCRIPTS.filter((s) => p.files.some((f) => f.script === s)).map((s) => (
            <>
              <h3>{v.t(`report.files.${s}`)}</h3>
              <ul class="downloads">
                {FORMATS.filter((f) => p.files.some((x) => x.script === s && x.format === f)).map((f) => (
                  <li>
                    <a href={v.href(reportFilePath(office, r.year, s, f))} download={fileName(r.year, s, f)}>
                      {fileName(r.year, s, f)}
                    </a>{' '}
                    ({f.toUpperCase()}, {Math.max(1, Math.round(p.files.find((x) => x.script === s && x.format === f)!.size / 1024))} kB)
                  </li>
                ))}
              </ul>
            </>
          ))}
          <ConfirmForm v={v} action={`${here}/otvori`} label={v.t('report.reopen.submit')} question={v.t('report.reopen.hint')} />
        </section>
      ) : null}
      <section aria-labelledby="narrative">
        <h2 id="narrative">{v.t('report.narrative.heading')}</h2>
        {editable ? (
          <>
            <p>{v.t('report.narrative.lead')}</p>
            <Form v={v} action={`${here}/tekst`} errors={p.errors}>
              {NARRATIVE_KEYS.map((k) => (
                <Field
                  v={v}
                  name={k}
                  label={v.t(`report.narrative.${k}`)}
                  multiline
                  rows={6}
                  maxlength={NARRATIVE_MAX}
                  value={p.values ? p.values[k] : (r.narrative[k] ?? '')}
                  errors={p.errors}
                />
              ))}
              <button type="submit">{v.t('report.narrative.save')}</button>
            </Form>
          </>
        ) : (
          <>
            <p class="hint">{v.t(busy ? 'report.err.busy' : 'report.narrative.frozen')}</p>
            {NARRATIVE_KEYS.filter((k) => (r.narrative[k] ?? '').trim() !== '').map((k) => (
              <>
                <h3>{v.t(`report.narrative.${k}`)}</h3>
                {v
                  .tx(r.narrative[k]!)
                  .split(/\n\s*\n|\n/)
                  .filter((x) => x.trim() !== '')
                  .map((x) => (
                    <p>{x}</p>
                  ))}
              </>
            ))}
          </>
        )}
      </section>
      {editable ? (
        <section aria-labelledby="generate">
          <h2 id="generate">{v.t('report.generate.heading')}</h2>
          <Form v={v} action={`${here}/napravi`}>
            <Check v={v} name="latin" label={v.t('report.generate.latin')} checked={r.latin} hint={v.t('report.generate.hint')} />
            <button type="submit">{v.t('report.generate.submit')}</button>
          </Form>
        </section>
      ) : null}
    </Page>
  );
}
