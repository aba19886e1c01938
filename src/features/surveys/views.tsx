import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ChartSpec } from '../../core/views/chart.tsx';
import type { OfficeRef } from '../../core/http/env.ts';
import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { uploadMaxMb } from '../../core/http/uploads.ts';
import { display, type OutCell, type Table } from '../../core/suppress.ts';
import { OfficeAdminCrumbs } from '../../core/views/crumbs.tsx';
import { Check, CheckGroup, ConfirmForm, Field, Form, RadioGroup, isOn } from '../../core/views/forms.tsx';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import type { CrossTab } from './crosstab.ts';
import {
  CONDITION_OPS,
  QUESTION_KINDS,
  allQuestions,
  dependedOn as dependedOnIn,
  fieldName,
  visibleQuestions,
  type Answers,
  type Definition,
  type Question,
} from './definition.ts';
import type { Quota, Survey } from './repo.ts';
import { dimensionLabel, valueLabel, type InclusionRow, type QuestionResult, type Results, type TrendPoint } from './results.ts';
import type { AnswerState, Openness } from './service.ts';
import { CENSUS_CODES, DIMENSIONS, DIMENSION_CODES, QUOTA_DIMENSIONS, TEMPLATES, type Dimension } from './templates.ts';

type Office = Pick<OfficeRef, 'slug' | 'name'>;

export const adminPath = (o: Pick<Office, 'slug'>) => `/admin/kancelarije/${o.slug}/ankete`;
export const surveyAdminPath = (o: Pick<Office, 'slug'>, id: string) => `${adminPath(o)}/${id}`;
export const resultsPath = (o: Pick<Office, 'slug'>, id: string) => `${surveyAdminPath(o, id)}/rezultati`;
export const publicPath = (o: Pick<Office, 'slug'>, id: string) => `/kancelarije/${o.slug}/ankete/${id}`;
export const CONTINUE_PATH = '/ankete/nastavak';
export const continuePath = (token: string) => `${CONTINUE_PATH}?t=${encodeURIComponent(token)}`;

/** The conditions in the order the builder offers them: "is", then "is answered" (needs no value). */
const OP_ORDER = ['equals', 'answered', 'not_equals', 'includes', 'at_least', 'at_most'] as const satisfies ReadonlyArray<
  (typeof CONDITION_OPS)[number]
>;

const STATE_KEY = { open: 'surv.state.open', notYet: 'surv.state.notYet', closed: 'surv.state.closed' } as const;

// ── Staff: list, builder ───────────────────────────────────────────────────

/** A survey definition file (JSON, as the export writes it), its hint and error tied to it. */
function DefinitionFile({ v, label, errors }: { v: View; label: string; errors: FormErrors | undefined }) {
  const error = errors?.file;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for="f-file">{label}</label>
      <p class="hint" id="f-file-hint">
        {v.t('surv.admin.importHint', { mb: uploadMaxMb('survey') })}
      </p>
      {error ? (
        <p class="error" id="f-file-error">
          {error}
        </p>
      ) : null}
      <input
        type="file"
        id="f-file"
        name="file"
        required
        accept=".json,application/json"
        aria-describedby={error ? 'f-file-hint f-file-error' : 'f-file-hint'}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

export function ListPage(p: {
  v: View;
  office: Office;
  surveys: Array<Survey & { state: Openness }>;
  values?: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office } = p;
  const title = v.t('surv.admin.title');
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} />
      <h1>{title}</h1>
      <p>{v.t('surv.admin.lead')}</p>
      <p>
        <a href={v.href(`${adminPath(office)}/trendovi`)}>{v.t('surv.trends.link')}</a>
        {' · '}
        <a href={v.href(`${adminPath(office)}/ukljucenost`)}>{v.t('surv.inclusion.link')}</a>
      </p>
      <DataTable
        caption={title}
        captionHidden
        rows={p.surveys}
        empty={v.t('surv.admin.none')}
        columns={[
          {
            label: v.t('surv.col.title'),
            rowHeader: true,
            cell: (s) => <a href={v.href(surveyAdminPath(office, s.id))}>{v.tx(s.title)}</a>,
          },
          { label: v.t('surv.col.state'), cell: (s) => v.t(STATE_KEY[s.state]) },
          { label: v.t('surv.col.responses'), numeric: true, cell: (s) => <a href={v.href(resultsPath(office, s.id))}>{s.responses}</a> },
        ]}
      />
      <h2>{v.t('surv.admin.create')}</h2>
      <Form v={v} action={v.href(adminPath(office))} errors={p.errors && 'template' in p.errors ? p.errors : undefined}>
        <RadioGroup
          v={v}
          name="template"
          legend={v.t('surv.admin.template')}
          options={TEMPLATES.map((t) => [t, v.t(`surv.template.${t}`)] as const)}
          value={p.values?.template ?? 'needs'}
          errors={p.errors}
          required
        />
        <button type="submit">{v.t('surv.admin.createButton')}</button>
      </Form>
      <h2>{v.t('surv.admin.import')}</h2>
      <Form v={v} action={v.href(`${adminPath(office)}/uvoz`)} errors={p.errors && 'file' in p.errors ? p.errors : undefined} multipart>
        <DefinitionFile v={v} label={v.t('surv.admin.importField')} errors={p.errors} />
        <button type="submit">{v.t('surv.admin.importButton')}</button>
      </Form>
    </Page>
  );
}

function QuestionSummary({ v, q, byId }: { v: View; q: Question; byId: Map<string, Question> }) {
  const when = q.when;
  const target = when ? byId.get(when.question) : undefined;
  const facts = [
    v.t(`surv.kind.${q.kind}`),
    q.required ? v.t('surv.builder.required') : '',
    when
      ? v.t('surv.builder.when', {
          question: target ? v.tx(target.title) : when.question,
          op: v.t(`surv.op.${when.op}`),
          value: String(when.value ?? ''),
        })
      : '',
    q.link && q.link !== q.id ? v.t('surv.builder.link', { link: q.link }) : '',
    q.special ? v.t('surv.builder.special') : '',
  ].filter(Boolean);
  const choices = q.kind === 'matrix' ? q.rows : q.options;
  return (
    <>
      <strong>{v.tx(q.title)}</strong> <code>{q.id}</code>
      <br />
      <small>{facts.join(' · ')}</small>
      {choices && choices.length > 0 ? <small>{`: ${choices.map((o) => `${v.tx(o.label)} (${o.code})`).join(', ')}`}</small> : null}
    </>
  );
}

/** A question as the builder's form shows it (options one "code = label" per line, as typed). */
function questionValues(d: Definition, q: Question): FormValues {
  const section = d.sections.find((s) => s.questions.some((x) => x.id === q.id));
  const lines = (xs: ReadonlyArray<{ code: string; label: string }> | undefined) =>
    (xs ?? []).map((o) => `${o.code} = ${o.label}`).join('\n');
  return {
    original: q.id,
    section: section?.id ?? '',
    id: q.id,
    title: q.title,
    kind: q.kind,
    ...(q.required ? { required: 'on' } : {}),
    options: q.kind === 'matrix' ? lines(q.rows) : lines(q.options),
    min: q.min === undefined ? '' : String(q.min),
    max: q.max === undefined ? '' : String(q.max),
    link: q.link && q.link !== q.id ? q.link : '',
    when_question: q.when?.question ?? '',
    when_op: q.when?.op ?? 'equals',
    when_value: q.when?.value === undefined ? '' : String(q.when.value),
  };
}

export function BuilderPage(p: {
  v: View;
  office: Office;
  survey: Survey;
  state: Openness;
  definition: Definition;
  versions: Array<{ version: number; responses: number }>;
  quotas: Quota[];
  qr: string;
  publicUrl: string;
  values?: FormValues;
  errors?: FormErrors | undefined;
  form?: 'question' | 'definition' | 'settings';
  /** The question being edited (`?uredi=<code>`): the question form is filled with it. */
  editing?: Question | undefined;
}) {
  const { v, office, survey, definition: d } = p;
  const title = v.t('surv.builder.title', { title: v.tx(survey.title) });
  const base = surveyAdminPath(office, survey.id);
  const byId = new Map(allQuestions(d).map((q) => [q.id, q]));
  // A question another one's condition looks at cannot be removed first (no button that can only fail).
  const dependedOn = dependedOnIn(d);
  const errs = (f: typeof p.form) => (p.form === f ? p.errors : undefined);
  const qv = p.form === 'question' ? (p.values ?? {}) : p.editing ? questionValues(d, p.editing) : {};
  const editing = qv.original ? qv.original : undefined;
  const sv: FormValues = p.form === 'settings' ? (p.values ?? {}) : settingsValues(survey, p.quotas);
  const date = (x: Date | null) => (x ? new Date(x).toISOString().slice(0, 10) : '');
  void date;
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} back={{ href: adminPath(office), label: v.t('surv.admin.title') }} />
      <h1>{title}</h1>
      <p>
        {v.t('surv.builder.version', { n: survey.current_version })} · {v.t(STATE_KEY[p.state])} ·{' '}
        {v.t('surv.responses', { n: survey.responses })}
      </p>
      <p>
        <a href={v.href(resultsPath(office, survey.id))}>{v.t('surv.builder.results')}</a>
        {' · '}
        <a href={v.href(`${base}/definicija.json`)} download>
          {v.t('surv.builder.export')}
        </a>
      </p>
      <h2>{v.t('surv.builder.public')}</h2>
      <p class="break">
        <a href={p.publicUrl}>{p.publicUrl}</a>
      </p>
      <figure class="qr">
        <div role="img" aria-label={v.t('surv.builder.qr')}>
          {raw(p.qr)}
        </div>
      </figure>
      {p.versions.length > 1 ? (
        <>
          <h2>{v.t('surv.builder.versions')}</h2>
          <ul>
            {p.versions.map((x) => (
              <li>{v.t('surv.builder.versionRow', { n: x.version, responses: v.t('surv.responses', { n: x.responses }) })}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{v.t('surv.builder.structure')}</h2>
      {d.sections.map((s) => (
        <section>
          <h3>
            {v.tx(s.title)} <code>{s.id}</code>
          </h3>
          <ol>
            {s.questions.map((q) => (
              <li>
                <QuestionSummary v={v} q={q} byId={byId} />{' '}
                <a
                  href={`${v.href(base)}?uredi=${encodeURIComponent(q.id)}#dodaj`}
                  aria-label={v.t('surv.builder.editAria', { title: v.tx(q.title) })}
                >
                  {v.t('surv.builder.edit')}
                </a>
                {dependedOn.has(q.id) ? null : (
                  <ConfirmForm
                    v={v}
                    action={v.href(`${base}/pitanja/ukloni`)}
                    label={v.t('surv.builder.remove')}
                    ariaLabel={v.t('surv.builder.removeAria', { title: v.tx(q.title) })}
                    question={v.t('surv.builder.removeQuestion')}
                    fields={{ id: q.id }}
                  />
                )}
              </li>
            ))}
          </ol>
        </section>
      ))}
      <h2 id="dodaj">{editing ? v.t('surv.builder.editTitle', { id: editing }) : v.t('surv.builder.add')}</h2>
      {editing ? (
        <p>
          <a href={`${v.href(base)}#dodaj`}>{v.t('surv.builder.cancelEdit')}</a>
        </p>
      ) : null}
      <Form v={v} action={v.href(`${base}/pitanja`)} errors={errs('question')}>
        <input type="hidden" name="original" value={editing ?? ''} />
        <Field
          v={v}
          name="section"
          label={v.t('surv.builder.section')}
          options={d.sections.map((s) => [s.id, v.tx(s.title)])}
          value={qv.section ?? d.sections[0]?.id}
          errors={errs('question')}
          required
        />
        <Field
          v={v}
          name="id"
          label={v.t('surv.builder.id')}
          hint={v.t('surv.builder.idHint')}
          value={qv.id}
          errors={errs('question')}
          maxlength={40}
        />
        <Field
          v={v}
          name="title"
          label={v.t('surv.builder.questionTitle')}
          value={qv.title}
          errors={errs('question')}
          required
          maxlength={300}
        />
        <Field
          v={v}
          name="kind"
          label={v.t('surv.builder.kind')}
          options={QUESTION_KINDS.map((k) => [k, v.t(`surv.kind.${k}`)])}
          value={qv.kind ?? 'scale'}
          errors={errs('question')}
          required
        />
        <Check v={v} name="required" label={v.t('surv.builder.requiredField')} checked={isOn(qv.required)} errors={errs('question')} />
        <Field
          v={v}
          name="options"
          label={v.t('surv.builder.options')}
          hint={v.t('surv.builder.optionsHint')}
          multiline
          rows={4}
          value={qv.options}
          errors={errs('question')}
        />
        <Field v={v} name="min" label={v.t('surv.builder.min')} inputmode="numeric" value={qv.min} errors={errs('question')} />
        <Field v={v} name="max" label={v.t('surv.builder.max')} inputmode="numeric" value={qv.max} errors={errs('question')} />
        <Field
          v={v}
          name="link"
          label={v.t('surv.builder.linkField')}
          hint={v.t('surv.builder.linkHint')}
          value={qv.link}
          errors={errs('question')}
          maxlength={40}
        />
        <Field
          v={v}
          name="when_question"
          label={v.t('surv.builder.whenQuestion')}
          options={[['', '—'], ...allQuestions(d).map((q): [string, string] => [q.id, `${q.id}: ${v.tx(q.title).slice(0, 60)}`])]}
          value={qv.when_question ?? ''}
          errors={errs('question')}
        />
        <Field
          v={v}
          name="when_op"
          label={v.t('surv.builder.whenOp')}
          options={OP_ORDER.map((o) => [o, v.t(`surv.op.${o}`)])}
          value={qv.when_op ?? 'equals'}
          errors={errs('question')}
        />
        <Field
          v={v}
          name="when_value"
          label={v.t('surv.builder.whenValue')}
          value={qv.when_value}
          errors={errs('question')}
          maxlength={40}
        />
        <button type="submit">{editing ? v.t('surv.builder.saveButton') : v.t('surv.builder.addButton')}</button>
      </Form>
      <h2 id="prikupljanje">{v.t('surv.settings.title')}</h2>
      {survey.target ? <p>{v.t('surv.progress', { n: survey.responses, target: survey.target })}</p> : null}
      {p.quotas.length > 0 ? (
        <ul>
          {p.quotas.map((q) => (
            <li>
              {v.t('surv.progress.quota', {
                label: `${v.t(`surv.dimension.${q.dimension}`)} ${dimensionLabel(v.locale, q.dimension, q.code)}`,
                filled: q.filled,
                target: q.target,
              })}
            </li>
          ))}
        </ul>
      ) : null}
      <Form v={v} action={v.href(`${base}/podesavanja`)} errors={errs('settings')}>
        <Field v={v} name="opens" type="date" label={v.t('surv.settings.opens')} value={sv.opens} errors={errs('settings')} />
        <Field
          v={v}
          name="closes"
          type="date"
          label={v.t('surv.settings.closes')}
          hint={v.t('surv.settings.closesHint')}
          value={sv.closes}
          errors={errs('settings')}
        />
        <Check
          v={v}
          name="one_per_account"
          label={v.t('surv.settings.onePerAccount')}
          checked={isOn(sv.one_per_account)}
          errors={errs('settings')}
        />
        <Field
          v={v}
          name="threshold"
          inputmode="numeric"
          label={v.t('surv.settings.threshold')}
          hint={v.t('surv.settings.thresholdHint')}
          value={sv.threshold}
          errors={errs('settings')}
        />
        <Field v={v} name="target" inputmode="numeric" label={v.t('surv.settings.target')} value={sv.target} errors={errs('settings')} />
        <fieldset>
          <legend>{v.t('surv.settings.quotas')}</legend>
          <p class="hint">{v.t('surv.settings.quotasHint')}</p>
          {QUOTA_DIMENSIONS.flatMap((dim) =>
            DIMENSION_CODES[dim].map((code) => (
              <Field
                v={v}
                name={`quota.${dim}.${code}`}
                inputmode="numeric"
                label={`${v.t(`surv.dimension.${dim}`)}: ${dimensionLabel(v.locale, dim, code)}`}
                value={sv[`quota.${dim}.${code}`]}
                errors={errs('settings')}
              />
            )),
          )}
        </fieldset>
        <button type="submit">{v.t('surv.settings.save')}</button>
      </Form>
      <h2 id="definicija">{v.t('surv.builder.definition')}</h2>
      <p>{v.t('surv.builder.definitionHint')}</p>
      <Form v={v} action={v.href(`${base}/definicija`)} errors={errs('definition')} multipart>
        <DefinitionFile v={v} label={v.t('surv.builder.definition')} errors={errs('definition')} />
        <button type="submit">{v.t('surv.builder.saveDefinition')}</button>
      </Form>
    </Page>
  );
}

function settingsValues(s: Survey, quotas: Quota[]): FormValues {
  const date = (x: Date | null) => (x ? new Date(new Date(x).getTime() + 2 * 3_600_000).toISOString().slice(0, 10) : '');
  return {
    opens: date(s.opens_at),
    closes: date(s.closes_at),
    one_per_account: s.one_per_account ? 'on' : '',
    threshold: String(s.threshold),
    target: s.target === null ? '' : String(s.target),
    ...Object.fromEntries(quotas.map((q) => [`quota.${q.dimension}.${q.code}`, String(q.target)])),
  };
}

// ── Answering ──────────────────────────────────────────────────────────────

/** The form values that show stored answers again (a draft's section). */
export function answersToValues(d: Definition, section: number, a: Answers): FormValues {
  const out: FormValues = {};
  for (const q of d.sections[section]?.questions ?? []) {
    const x = a[q.id];
    if (x === undefined) continue;
    if (q.kind === 'matrix') for (const [row, n] of Object.entries(x as Record<string, number>)) out[fieldName(q, row)] = String(n);
    else if (q.kind === 'ranking') (x as string[]).forEach((code, i) => (out[fieldName(q, code)] = String(i + 1)));
    else out[fieldName(q)] = Array.isArray(x) ? x.join(',') : String(x);
  }
  return out;
}

function QuestionInput({
  v,
  q,
  values,
  errors,
  hint,
}: {
  v: View;
  q: Question;
  values: FormValues;
  errors: FormErrors | undefined;
  hint?: string;
}) {
  const name = fieldName(q);
  const title = v.tx(q.title);
  const help = [q.help ? v.tx(q.help) : '', hint ?? ''].filter(Boolean).join(' ') || undefined;
  const opts = (q.options ?? []).map((o) => [o.code, v.tx(o.label)] as const);
  const scale = ['1', '2', '3', '4', '5'].map(
    (n) => [n, n === '1' ? v.t('surv.answer.scaleLow') : n === '5' ? v.t('surv.answer.scaleHigh') : n] as const,
  );
  const withHint = (x: { hint?: string }) => (help ? { ...x, hint: help } : x);
  switch (q.kind) {
    case 'single':
      return (
        <RadioGroup
          v={v}
          name={name}
          legend={title}
          options={opts}
          value={values[name]}
          errors={errors}
          required={q.required}
          {...withHint({})}
        />
      );
    case 'multi':
      return (
        <CheckGroup
          v={v}
          name={name}
          legend={title}
          options={opts}
          value={values[name]}
          errors={errors}
          required={q.required}
          {...withHint({})}
        />
      );
    case 'scale':
      return (
        <RadioGroup
          v={v}
          name={name}
          legend={title}
          options={scale}
          value={values[name]}
          errors={errors}
          required={q.required}
          {...withHint({})}
        />
      );
    case 'number': {
      const range = v.t('surv.answer.range', { min: q.min ?? 0, max: q.max ?? 1_000_000 });
      return (
        <Field
          v={v}
          name={name}
          label={title}
          inputmode="numeric"
          value={values[name]}
          errors={errors}
          required={q.required}
          hint={help ? `${help} ${range}` : range}
        />
      );
    }
    case 'short':
      return (
        <Field
          v={v}
          name={name}
          label={title}
          value={values[name]}
          errors={errors}
          required={q.required}
          maxlength={200}
          {...withHint({})}
        />
      );
    case 'long':
      return (
        <Field
          v={v}
          name={name}
          label={title}
          multiline
          rows={4}
          value={values[name]}
          errors={errors}
          required={q.required}
          maxlength={4000}
          {...withHint({})}
        />
      );
    case 'matrix': {
      const error = errors?.[name];
      return (
        <fieldset
          class={error ? 'choices matrix has-error' : 'choices matrix'}
          id={`f-${name}`}
          tabindex={-1}
          aria-describedby={error ? `f-${name}-error` : undefined}
        >
          <legend>
            {title}
            {q.required ? null : <span class="optional"> {v.t('form.optional')}</span>}
          </legend>
          {help ? <p class="hint">{help}</p> : null}
          {error ? (
            <p class="error" id={`f-${name}-error`}>
              {error}
            </p>
          ) : null}
          {(q.rows ?? []).map((r) => (
            <RadioGroup
              v={v}
              name={fieldName(q, r.code)}
              legend={v.tx(r.label)}
              options={scale}
              value={values[fieldName(q, r.code)]}
              errors={errors}
              required={q.required}
            />
          ))}
        </fieldset>
      );
    }
    case 'ranking': {
      const error = errors?.[name];
      const n = q.options?.length ?? 0;
      const places: Array<[string, string]> = [
        ['', '—'],
        ...Array.from({ length: n }, (_, i): [string, string] => [String(i + 1), String(i + 1)]),
      ];
      return (
        <fieldset
          class={error ? 'choices has-error' : 'choices'}
          id={`f-${name}`}
          tabindex={-1}
          aria-describedby={error ? `f-${name}-error` : `f-${name}-hint`}
        >
          <legend>
            {title}
            {q.required ? null : <span class="optional"> {v.t('form.optional')}</span>}
          </legend>
          <p class="hint" id={`f-${name}-hint`}>
            {help ? `${help} ` : ''}
            {v.t('surv.answer.rankHint')}
          </p>
          {error ? (
            <p class="error" id={`f-${name}-error`}>
              {error}
            </p>
          ) : null}
          {(q.options ?? []).map((o) => (
            <Field
              v={v}
              name={fieldName(q, o.code)}
              label={v.tx(o.label)}
              options={places}
              value={values[fieldName(q, o.code)]}
              errors={errors}
              required={q.required}
            />
          ))}
        </fieldset>
      );
    }
  }
}

export function AnswerPage(p: {
  v: View;
  state: AnswerState;
  action: string;
  values?: FormValues;
  errors?: FormErrors | undefined;
  status?: string;
}) {
  const { v, state } = p;
  const d = state.definition;
  const section = d.sections[state.section]!;
  const title = v.tx(d.title);
  const values = p.values ?? answersToValues(d, state.section, state.answers);
  const visible = visibleQuestions(d, state.answers);
  const here = new Set(section.questions.map((q) => q.id));
  const byId = new Map(allQuestions(d).map((q) => [q.id, q]));
  const shown = section.questions.filter((q) => visible.has(q.id) || (q.when && here.has(q.when.question)));
  const total = d.sections.length;
  const last = state.section === total - 1 || !d.sections.slice(state.section + 1).length;
  return (
    <Page v={v} title={title}>
      <h1>{title}</h1>
      {state.section === 0 && d.intro ? <p>{v.tx(d.intro)}</p> : null}
      {state.section === 0 ? <p>{v.t('surv.answer.anonymous')}</p> : null}
      <p>{v.t('surv.answer.section', { n: state.section + 1, total })}</p>
      <h2>{v.tx(section.title)}</h2>
      {section.intro ? <p>{v.tx(section.intro)}</p> : null}
      <Form v={v} action={p.action} errors={p.errors}>
        <input type="hidden" name="k" value={state.token} />
        <input type="hidden" name="s" value={String(state.section)} />
        {shown.map((q) => {
          const w = q.when && here.has(q.when.question) ? q.when : undefined;
          const target = w ? byId.get(w.question) : undefined;
          const condition = w
            ? v.t('surv.builder.when', {
                question: target ? v.tx(target.title) : w.question,
                op: v.t(`surv.op.${w.op}`),
                value: target?.options?.find((o) => o.code === String(w.value))
                  ? v.tx(target.options.find((o) => o.code === String(w.value))!.label)
                  : String(w.value ?? ''),
              })
            : undefined;
          return <QuestionInput v={v} q={q} values={values} errors={p.errors} {...(condition ? { hint: condition } : {})} />;
        })}
        <p class="actions">
          <button type="submit" name="go" value="next">
            {last ? v.t('surv.answer.submit') : v.t('surv.answer.next')}
          </button>{' '}
          {last ? null : (
            <button type="submit" name="go" value="save" class="secondary">
              {v.t('surv.answer.save')}
            </button>
          )}
        </p>
      </Form>
    </Page>
  );
}

export function MessagePage(p: { v: View; title: string; text: string; link?: { href: string; label: string } }) {
  const { v } = p;
  return (
    <Page v={v} title={p.title}>
      <h1>{p.title}</h1>
      <p role="status">{p.text}</p>
      {p.link ? (
        <p class="break">
          <a href={p.link.href}>{p.link.label}</a>
        </p>
      ) : null}
    </Page>
  );
}

// ── Results ────────────────────────────────────────────────────────────────

const shown = (c: OutCell, t: number) => display(c, t);

function CountTable({ v, caption, q, table, threshold }: { v: View; caption: string; q: Question; table: Table; threshold: number }) {
  const label = (code: string) =>
    q.special && q.id === 'demo_vulnerable' ? v.t(`surv.vulnerable.${code}` as 'surv.vulnerable.roma') : valueLabel(v.locale, q, code);
  return (
    <DataTable
      caption={caption}
      rows={table.cells}
      columns={[
        { label: v.t('surv.results.value'), rowHeader: true, cell: (c) => label(c.key) },
        { label: v.t('surv.results.count'), numeric: true, cell: (c) => shown(c, threshold) },
      ]}
      totals={table.total ? [v.t('surv.results.total'), shown(table.total, threshold)] : undefined}
    />
  );
}

/**
 * A question's chart (server-side SVG, core/views/chart.tsx): suppressed cells are gaps, printed
 * as "<5" or "×" in the chart's table. Undefined for questions without counts.
 */
export function chartSpecOf(v: View, r: QuestionResult, threshold: number): ChartSpec | undefined {
  const title = v.tx(r.q.title);
  const values = (cells: readonly OutCell[]) => cells.map((c) => (c.status === 'shown' ? c.count : null));
  const printed = (cells: readonly OutCell[]) => cells.map((c) => display(c, threshold));
  if (r.table) {
    const label = (code: string) =>
      r.q.id === 'demo_vulnerable' ? v.t(`surv.vulnerable.${code}` as 'surv.vulnerable.roma') : valueLabel(v.locale, r.q, code);
    return {
      title,
      categories: r.table.cells.map((c) => label(c.key)),
      series: [{ name: v.t('surv.results.count'), values: values(r.table.cells), printed: printed(r.table.cells) }],
      horizontal: r.q.kind !== 'scale',
    };
  }
  if (r.matrix)
    return {
      title,
      categories: r.matrix.map((m) => v.tx(m.label)),
      series: ['1', '2', '3', '4', '5'].map((s, i) => ({
        name: s,
        values: values(r.matrix!.map((m) => m.table.cells[i]!)),
        printed: printed(r.matrix!.map((m) => m.table.cells[i]!)),
      })),
      stacked: true,
      horizontal: true,
    };
  return undefined;
}

function QuestionBlock({ v, r, threshold, chart }: { v: View; r: QuestionResult; threshold: number; chart?: Child | undefined }) {
  const title = v.tx(r.q.title);
  return (
    <section>
      <h3>{title}</h3>
      <p>{v.t('surv.results.answered', { n: shown(r.answered, threshold) })}</p>
      {chart ?? null}
      {r.table && !chart ? <CountTable v={v} caption={title} q={r.q} table={r.table} threshold={threshold} /> : null}
      {r.matrix && !chart ? (
        <DataTable
          caption={title}
          rows={r.matrix}
          columns={[
            { label: v.t('surv.results.row'), rowHeader: true, cell: (m) => v.tx(m.label) },
            ...['1', '2', '3', '4', '5'].map((s, i) => ({
              label: s,
              numeric: true,
              cell: (m: (typeof r.matrix)[number]) => shown(m.table.cells[i]!, threshold),
            })),
            { label: v.t('surv.results.total'), numeric: true, cell: (m) => shown(m.table.total!, threshold) },
          ]}
        />
      ) : null}
      {r.number !== undefined ? (
        r.number ? (
          <p>
            {v.t('surv.results.mean', {
              mean: r.number.mean === null ? '—' : r.number.mean.toFixed(1),
              median: r.number.median === null ? '—' : String(r.number.median),
            })}
          </p>
        ) : (
          <p>{v.t('surv.results.tooFew')}</p>
        )
      ) : null}
      {r.texts !== undefined ? (
        r.texts === null ? (
          <p>{v.t('surv.results.tooFew')}</p>
        ) : r.texts.length === 0 ? (
          <p>{v.t('surv.results.noTexts')}</p>
        ) : (
          <details>
            <summary>{v.t('surv.results.texts')}</summary>
            <ul class="texts">
              {r.texts.map((x) => (
                <li>{x}</li>
              ))}
            </ul>
          </details>
        )
      ) : null}
    </section>
  );
}

export function ResultsPage(p: {
  v: View;
  office: Office;
  survey: Survey;
  definition: Definition;
  results: Results;
  filters: Partial<Record<Dimension, string>>;
  cross: { q: Question; by: Dimension; table: CrossTab } | null;
  crossQ: string;
  crossBy: string;
  /** Each question's chart figure, by question id. */
  charts: ReadonlyMap<string, Child>;
  errors?: FormErrors | undefined;
}) {
  const { v, office, survey, results: r } = p;
  const title = v.t('surv.results.title', { title: v.tx(survey.title) });
  const th = r.threshold;
  const crossable = allQuestions(p.definition).filter(
    (q) => !q.special && (q.kind === 'single' || q.kind === 'multi' || q.kind === 'scale') && !q.id.startsWith('demo_'),
  );
  const path = resultsPath(office, survey.id);
  const filterQuery = new URLSearchParams(Object.entries(p.filters).filter(([, x]) => x) as Array<[string, string]>).toString();
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} back={{ href: surveyAdminPath(office, survey.id), label: v.tx(survey.title) }} />
      <h1>{title}</h1>
      <p>{v.t('surv.results.respondents', { n: shown(r.respondents, th) })}</p>
      <p class="hint">{v.t('surv.results.threshold', { n: th })}</p>
      {r.narrow ? (
        <p class="notice" role="status">
          {v.t('surv.results.narrow', { n: th })}
        </p>
      ) : null}
      <form method="get" action={v.href(path)} class="filters">
        <fieldset>
          <legend>{v.t('surv.results.filters')}</legend>
          {DIMENSIONS.map((d) => (
            <Field
              v={v}
              name={d}
              label={v.t(`surv.dimension.${d}`)}
              options={[
                ['', v.t('surv.results.all')],
                ...DIMENSION_CODES[d].map((c): [string, string] => [c, dimensionLabel(v.locale, d, c)]),
              ]}
              value={p.filters[d] ?? ''}
              errors={p.errors}
            />
          ))}
        </fieldset>
        <fieldset>
          <legend>{v.t('surv.results.crossTab')}</legend>
          <Field
            v={v}
            name="q"
            label={v.t('surv.results.crossQuestion')}
            options={[['', '—'], ...crossable.map((q): [string, string] => [q.id, v.tx(q.title).slice(0, 80)])]}
            value={p.crossQ}
            errors={p.errors}
          />
          <Field
            v={v}
            name="by"
            label={v.t('surv.results.crossBy')}
            options={[['', '—'], ...DIMENSIONS.map((d): [string, string] => [d, v.t(`surv.dimension.${d}`)])]}
            value={p.crossBy}
            errors={p.errors}
          />
        </fieldset>
        <button type="submit">{v.t('surv.results.apply')}</button>
      </form>
      {p.cross ? <CrossTabView v={v} cross={p.cross} /> : null}
      <p>
        {v.t('surv.results.export')}:{' '}
        <a href={v.href(`${surveyAdminPath(office, survey.id)}/odgovori?format=csv`)}>{v.t('surv.results.exportCsv')}</a>
        {' · '}
        <a href={v.href(`${surveyAdminPath(office, survey.id)}/odgovori?format=xlsx`)}>{v.t('surv.results.exportXlsx')}</a>
        {filterQuery ? null : null}
      </p>
      <h2>{v.t('surv.builder.structure')}</h2>
      {r.questions.map((q) => (
        <QuestionBlock v={v} r={q} threshold={th} chart={p.charts.get(q.q.id)} />
      ))}
    </Page>
  );
}

function CrossTabView({ v, cross }: { v: View; cross: { q: Question; by: Dimension; table: CrossTab } }) {
  const x = cross.table;
  const caption = `${v.t('surv.results.crossTab')}: ${v.tx(cross.q.title)} × ${v.t(`surv.dimension.${cross.by}`)}`;
  const rows = x.rows.map((code, i) => ({ code, i }));
  return (
    <section>
      <h2>{v.t('surv.results.crossTab')}</h2>
      <DataTable
        caption={caption}
        rows={rows}
        columns={[
          { label: v.t('surv.results.value'), rowHeader: true, cell: (r) => valueLabel(v.locale, cross.q, r.code) },
          ...x.cols.map((c, j) => ({
            label: dimensionLabel(v.locale, cross.by, c),
            numeric: true,
            cell: (r: { i: number }) => display(x.cells[r.i]![j]!, x.threshold),
          })),
          { label: v.t('surv.results.total'), numeric: true, cell: (r) => display(x.rowTotals[r.i]!, x.threshold) },
        ]}
        totals={[v.t('surv.results.total'), ...x.colTotals.map((c) => display(c, x.threshold)), display(x.total, x.threshold)]}
      />
    </section>
  );
}

// ── Trends and inclusion ───────────────────────────────────────────────────

export function TrendsPage(p: {
  v: View;
  office: Office;
  questions: Array<{ link: string; title: string }>;
  link: string;
  q: { title: string; labels: Record<string, string> } | null;
  points: TrendPoint[];
}) {
  const { v, office } = p;
  const title = v.t('surv.trends.title');
  const codes = p.points[0]?.values.map((x) => x.value) ?? [];
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} back={{ href: adminPath(office), label: v.t('surv.admin.title') }} />
      <h1>{title}</h1>
      {p.questions.length === 0 ? (
        <p>{v.t('surv.trends.none')}</p>
      ) : (
        <form method="get" action={v.href(`${adminPath(office)}/trendovi`)}>
          <Field
            v={v}
            name="link"
            label={v.t('surv.trends.question')}
            options={p.questions.map((q): [string, string] => [q.link, `${v.tx(q.title).slice(0, 80)} (${q.link})`])}
            value={p.link}
          />
          <button type="submit">{v.t('surv.trends.show')}</button>
        </form>
      )}
      {p.q ? (
        <DataTable
          caption={v.tx(p.q.title)}
          rows={p.points}
          columns={[
            { label: v.t('surv.trends.year'), rowHeader: true, cell: (x) => `${x.year} · ${v.tx(x.title)}` },
            { label: v.t('surv.results.answered', { n: '' }).replace(/[:\s]+$/, ''), numeric: true, cell: (x) => display(x.answered) },
            ...codes.map((code, i) => ({
              label: p.q!.labels[code] ? v.tx(p.q!.labels[code]!) : code,
              numeric: true,
              cell: (x: TrendPoint) =>
                x.values[i]!.share === null ? display(x.values[i]!.cell) : `${x.values[i]!.share}% (${x.values[i]!.cell.count})`,
            })),
          ]}
        />
      ) : null}
    </Page>
  );
}

export function InclusionPage(p: {
  v: View;
  office: Office;
  year: number;
  rows: InclusionRow[];
  vulnerable: Table;
  respondents: OutCell;
  participants: OutCell;
  population: FormValues;
  threshold: number;
  errors?: FormErrors | undefined;
}) {
  const { v, office } = p;
  const title = v.t('surv.inclusion.title');
  const pct = (x: number | null) => (x === null ? '—' : `${x}%`);
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} back={{ href: adminPath(office), label: v.t('surv.admin.title') }} />
      <h1>{title}</h1>
      <p>{v.t('surv.inclusion.lead')}</p>
      <form method="get" action={v.href(`${adminPath(office)}/ukljucenost`)}>
        <Field v={v} name="year" label={v.t('surv.inclusion.year')} inputmode="numeric" value={String(p.year)} />
        <button type="submit">{v.t('surv.trends.show')}</button>
      </form>
      <p>{v.t('surv.inclusion.totals', { r: display(p.respondents, p.threshold), p: display(p.participants, p.threshold) })}</p>
      <DataTable
        caption={`${title} ${p.year}`}
        rows={p.rows}
        columns={[
          {
            label: v.t('surv.inclusion.group'),
            rowHeader: true,
            cell: (r) =>
              `${v.t(`surv.dimension.${r.dimension as Dimension}`)}: ${dimensionLabel(v.locale, r.dimension as Dimension, r.code)}`,
          },
          {
            label: v.t('surv.inclusion.population'),
            numeric: true,
            cell: (r) => (r.population === null ? '—' : `${r.population} (${pct(r.populationShare)})`),
          },
          {
            label: v.t('surv.inclusion.participants'),
            numeric: true,
            cell: (r) => (r.participants ? `${display(r.participants, p.threshold)} (${pct(r.participantShare)})` : '—'),
          },
          {
            label: v.t('surv.inclusion.respondents'),
            numeric: true,
            cell: (r) => `${display(r.respondents, p.threshold)} (${pct(r.respondentShare)})`,
          },
        ]}
      />
      <DataTable
        caption={v.t('surv.inclusion.vulnerable')}
        rows={p.vulnerable.cells}
        columns={[
          { label: v.t('surv.inclusion.group'), rowHeader: true, cell: (c) => v.t(`surv.vulnerable.${c.key}` as 'surv.vulnerable.roma') },
          { label: v.t('surv.inclusion.respondents'), numeric: true, cell: (c) => display(c, p.threshold) },
        ]}
      />
      <h2>{v.t('surv.inclusion.census')}</h2>
      <Form v={v} action={v.href(`${adminPath(office)}/ukljucenost`)} errors={p.errors}>
        <Field
          v={v}
          name="source"
          label={v.t('surv.inclusion.source')}
          value={p.population.source}
          errors={p.errors}
          maxlength={200}
          required
        />
        {QUOTA_DIMENSIONS.map((dim) => (
          <fieldset>
            <legend>{v.t(`surv.dimension.${dim}`)}</legend>
            {CENSUS_CODES[dim].map((code) => (
              <Field
                v={v}
                name={`people.${dim}.${code}`}
                type="number"
                label={dimensionLabel(v.locale, dim, code)}
                value={p.population[`people.${dim}.${code}`]}
                errors={p.errors}
                required
              />
            ))}
          </fieldset>
        ))}
        <button type="submit">{v.t('surv.inclusion.save')}</button>
      </Form>
    </Page>
  );
}
