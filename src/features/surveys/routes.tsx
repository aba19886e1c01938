import type { Context } from 'hono';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { PUBLIC } from '../../core/http/routes.ts';
import { checkUpload } from '../../core/http/uploads.ts';
import { HeavyLimitError } from '../../core/heavy.ts';
import { t, type MessageKey } from '../../core/i18n/messages.ts';
import { qrSvg } from '../../core/qr.ts';
import { belgradeInstant, localParts } from '../../core/time.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { allQuestions, parseDefinitionJson, type AnswerErrors } from './definition.ts';
import { SURVEY_STAFF } from './policy.ts';
import { listPopulation, listQuotas, listSurveys, listVersions, linkedQuestions, savePopulation, type Filters } from './repo.ts';
import { exportStream, inclusion, surveyCrossTab, surveyResults, trend } from './results.ts';
import {
  createForm,
  exportQuery,
  inclusionQuery,
  populationForm,
  questionForm,
  removeForm,
  resultsQuery,
  settingsForm,
  trendQuery,
} from './schema.ts';
import {
  answerSection,
  currentDefinition,
  draftState,
  gate,
  importSurvey,
  createSurvey,
  openness,
  saveDefinition,
  saveSettings,
  startState,
  withQuestion,
  withoutQuestion,
  type AnswerState,
  type Refused,
} from './service.ts';
import { CENSUS_CODES, DIMENSIONS, QUOTA_DIMENSIONS, DIMENSION_CODES, type Dimension } from './templates.ts';
import { chartFigures } from '../../core/views/chart.tsx';
import {
  chartSpecOf,
  AnswerPage,
  BuilderPage,
  CONTINUE_PATH,
  InclusionPage,
  ListPage,
  MessagePage,
  ResultsPage,
  TrendsPage,
  adminPath,
  continuePath,
  publicPath,
  resultsPath,
  surveyAdminPath,
} from './views.tsx';

type C = Context<AppEnv>;

const errorsIn = (c: C, e: AnswerErrors): FormErrors =>
  Object.fromEntries(Object.entries(e).map(([k, x]) => [k, t(c.var.locale, x.key, x.vars)]));

/** A message key's text, or the text as it is (a zod message that is no key). */
const keyOrText = (c: C, s: string) => (/^(surv|err)\./.test(s) ? t(c.var.locale, s as MessageKey) : s);

/** The definition file of a multipart form (field `file`), as text; or the message for the field. */
async function definitionFile(c: C): Promise<{ ok: true; text: string } | { ok: false; error: string; status: 400 | 413 }> {
  const body = await c.req.parseBody();
  const file = body.file;
  if (!(file instanceof File) || (file.size === 0 && file.name === ''))
    return { ok: false, error: t(c.var.locale, 'surv.err.file'), status: 400 };
  const checked = await checkUpload(file, 'survey');
  if (!checked.ok)
    return {
      ok: false,
      error: t(c.var.locale, checked.error, checked.maxMb ? { maxMb: checked.maxMb } : undefined),
      status: checked.error === 'err.fileTooLarge' ? 413 : 400,
    };
  return { ok: true, text: new TextDecoder().decode(checked.bytes).replace(/^\uFEFF/, '') };
}

const REFUSALS: Record<Exclude<Refused['kind'], 'invalid'>, { key: MessageKey; status: 400 | 403 | 404 | 409 }> = {
  closed: { key: 'surv.err.closed', status: 409 },
  notYet: { key: 'surv.err.notYet', status: 409 },
  quotaFull: { key: 'surv.err.quotaFull', status: 409 },
  already: { key: 'surv.err.already', status: 409 },
  signIn: { key: 'surv.err.signIn', status: 403 },
  badLink: { key: 'surv.err.badLink', status: 404 },
  tampered: { key: 'surv.err.tampered', status: 400 },
};

export function registerSurveyRoutes(core: Core): void {
  const admin = `${L}/admin/kancelarije/:office/ankete`;
  const one = `${admin}/:survey`;

  // ── Staff: the list, new surveys, import ──────────────────────────────────
  const showList = async (c: C, status: 200 | 400 | 413 = 200, extra: { values?: FormValues; errors?: FormErrors } = {}) => {
    const surveys = await listSurveys(c.var.deps.db, c.var.office.id);
    const now = c.var.deps.now();
    c.header('cache-control', 'private, no-store');
    return c.html(
      <ListPage v={view(c)} office={c.var.office} surveys={surveys.map((s) => ({ ...s, state: openness(s, now) }))} {...extra} />,
      status,
    );
  };
  core.page({ name: 'surveys.admin', method: 'GET', path: admin, access: SURVEY_STAFF }, (c) => showList(c));
  core.page({ name: 'surveys.admin.create', method: 'POST', path: admin, access: SURVEY_STAFF }, async (c) => {
    const values = await readForm(c);
    const parsed = parseForm(createForm, values, c.var.locale);
    if (!parsed.ok) return showList(c, 400, { values, errors: parsed.errors });
    const id = await createSurvey(c.var.deps, c.var.actor!, c.var.office, parsed.data.template);
    return c.redirect(`/${c.var.locale}${surveyAdminPath(c.var.office, id)}?n=surv.n.created`, 303);
  });
  core.page({ name: 'surveys.admin.import', method: 'POST', path: `${admin}/uvoz`, access: SURVEY_STAFF, upload: 'survey' }, async (c) => {
    const file = await definitionFile(c);
    if (!file.ok) return showList(c, file.status, { errors: { file: file.error } });
    const r = await importSurvey(c.var.deps, c.var.actor!, c.var.office, file.text);
    if (!r.ok) {
      const vars = r.vars ? { ...r.vars, detail: keyOrText(c, String(r.vars.detail ?? '')) } : undefined;
      return showList(c, 400, { errors: { file: t(c.var.locale, r.error, vars) } });
    }
    return c.redirect(`/${c.var.locale}${surveyAdminPath(c.var.office, r.value)}?n=surv.n.created`, 303);
  });

  // ── Staff: trends and inclusion (before :survey) ──────────────────────────
  // The GET pages' filters (trends, inclusion, results) ignore a query that does not parse and
  // show their defaults: a filter form has no error summary to show a 400 with.
  core.page({ name: 'surveys.trends', method: 'GET', path: `${admin}/trendovi`, access: SURVEY_STAFF }, async (c) => {
    const { deps, office, locale } = c.var;
    const q = parseForm(trendQuery, c.req.query(), locale);
    const questions = await linkedQuestions(deps.db, office.id);
    const link = (q.ok && q.data.link) || questions[0]?.link || '';
    const chosen = questions.find((x) => x.link === link) ?? null;
    const codes = chosen ? (chosen.kind === 'scale' ? ['1', '2', '3', '4', '5'] : (chosen.options ?? []).map((o) => o.code)) : [];
    const points = chosen ? await trend(deps, office.id, link, codes, 5) : [];
    c.header('cache-control', 'private, no-store');
    return c.html(
      <TrendsPage
        v={view(c)}
        office={office}
        questions={questions}
        link={link}
        q={chosen ? { title: chosen.title, labels: Object.fromEntries((chosen.options ?? []).map((o) => [o.code, o.label])) } : null}
        points={points}
      />,
    );
  });

  const showInclusion = async (c: C, status: 200 | 400 = 200, extra: { values?: FormValues; errors?: FormErrors } = {}) => {
    const { deps, office, locale } = c.var;
    const q = parseForm(inclusionQuery, c.req.query(), locale);
    const year = (q.ok && q.data.year ? Number(q.data.year) : 0) || Number(localParts(deps.now()).date.slice(0, 4));
    const [inc, pop] = await Promise.all([inclusion(deps, office.id, year, 5), listPopulation(deps.db, office.id)]);
    const population: FormValues = extra.values ?? {
      source: pop[0]?.source ?? '',
      ...Object.fromEntries(pop.map((p) => [`people.${p.dimension}.${p.code}`, String(p.people)])),
    };
    c.header('cache-control', 'private, no-store');
    return c.html(
      <InclusionPage v={view(c)} office={office} year={year} {...inc} population={population} threshold={5} errors={extra.errors} />,
      status,
    );
  };
  core.page({ name: 'surveys.inclusion', method: 'GET', path: `${admin}/ukljucenost`, access: SURVEY_STAFF }, (c) => showInclusion(c));
  core.page({ name: 'surveys.inclusion.save', method: 'POST', path: `${admin}/ukljucenost`, access: SURVEY_STAFF }, async (c) => {
    const values = await readForm(c);
    const parsed = parseForm(populationForm, values, c.var.locale);
    if (!parsed.ok) return showInclusion(c, 400, { values, errors: parsed.errors });
    const data = parsed.data as Record<string, number | null | string>;
    const rows = QUOTA_DIMENSIONS.flatMap((d) =>
      CENSUS_CODES[d].map((code) => ({ dimension: d, code, people: (data[`people.${d}.${code}`] as number | null) ?? null })),
    );
    await c.var.deps.db.transaction((tx) => savePopulation(tx, c.var.office.id, rows, String(data.source ?? '')));
    return c.redirect(`/${c.var.locale}${adminPath(c.var.office)}/ukljucenost?n=surv.n.population`, 303);
  });

  // ── Staff: one survey ─────────────────────────────────────────────────────
  const showBuilder = async (
    c: C,
    status: 200 | 400 | 413 = 200,
    extra: { values?: FormValues; errors?: FormErrors; form?: 'question' | 'definition' | 'settings' } = {},
  ) => {
    const { deps, office, survey } = c.var;
    const [definition, versions, quotas] = await Promise.all([
      currentDefinition(deps, survey),
      listVersions(deps.db, office.id, survey.id),
      listQuotas(deps.db, office.id, survey.id),
    ]);
    const publicUrl = `${deps.config.BASE_URL}/${c.var.locale}${publicPath(office, survey.id)}`;
    c.header('cache-control', 'private, no-store');
    return c.html(
      <BuilderPage
        v={view(c)}
        office={office}
        survey={survey}
        state={openness(survey, deps.now())}
        definition={definition}
        versions={versions}
        quotas={quotas}
        qr={await qrSvg(publicUrl)}
        publicUrl={publicUrl}
        editing={allQuestions(definition).find((q) => q.id === c.req.query('uredi'))}
        {...extra}
      />,
      status,
    );
  };
  const saved = (c: C, opened: boolean) =>
    c.redirect(`/${c.var.locale}${surveyAdminPath(c.var.office, c.var.survey.id)}?n=${opened ? 'surv.n.newVersion' : 'surv.n.saved'}`, 303);
  core.page({ name: 'surveys.admin.survey', method: 'GET', path: one, access: SURVEY_STAFF, params: ['survey'] }, (c) => showBuilder(c));
  core.page(
    { name: 'surveys.admin.question', method: 'POST', path: `${one}/pitanja`, access: SURVEY_STAFF, params: ['survey'] },
    async (c) => {
      const values = await readForm(c);
      const parsed = parseForm(questionForm, values, c.var.locale);
      if (!parsed.ok) return showBuilder(c, 400, { values, errors: parsed.errors, form: 'question' });
      const next = withQuestion(await currentDefinition(c.var.deps, c.var.survey), parsed.data);
      if (!next.ok)
        return showBuilder(c, 400, {
          values,
          errors: { [next.field ?? '_form']: t(c.var.locale, next.error, next.vars) },
          form: 'question',
        });
      const r = await saveDefinition(c.var.deps, c.var.actor!, c.var.office, c.var.survey.id, next.value);
      if (!r.ok) return errorResponse(c, 404);
      return saved(c, r.value.opened);
    },
  );
  core.page(
    { name: 'surveys.admin.remove', method: 'POST', path: `${one}/pitanja/ukloni`, access: SURVEY_STAFF, params: ['survey'] },
    async (c) => {
      const parsed = parseForm(removeForm, await readForm(c), c.var.locale);
      if (!parsed.ok) return showBuilder(c, 400, { errors: { _form: Object.values(parsed.errors)[0]! }, form: 'question' });
      const next = withoutQuestion(await currentDefinition(c.var.deps, c.var.survey), parsed.data.id);
      if (!next.ok) return showBuilder(c, 400, { errors: { _form: t(c.var.locale, next.error) }, form: 'question' });
      const r = await saveDefinition(c.var.deps, c.var.actor!, c.var.office, c.var.survey.id, next.value);
      if (!r.ok) return errorResponse(c, 404);
      return saved(c, r.value.opened);
    },
  );
  core.page(
    {
      name: 'surveys.admin.definition',
      method: 'POST',
      path: `${one}/definicija`,
      access: SURVEY_STAFF,
      params: ['survey'],
      upload: 'survey',
    },
    async (c) => {
      const file = await definitionFile(c);
      if (!file.ok) return showBuilder(c, file.status, { errors: { file: file.error }, form: 'definition' });
      const d = parseDefinitionJson(file.text);
      if (!d.ok) {
        const vars = d.vars ? { ...d.vars, detail: keyOrText(c, String(d.vars.detail ?? '')) } : undefined;
        return showBuilder(c, 400, { errors: { file: t(c.var.locale, d.key, vars) }, form: 'definition' });
      }
      const r = await saveDefinition(c.var.deps, c.var.actor!, c.var.office, c.var.survey.id, d.value);
      if (!r.ok) return errorResponse(c, 404);
      return saved(c, r.value.opened);
    },
  );
  core.page(
    { name: 'surveys.admin.export', method: 'GET', path: `${one}/definicija.json`, access: SURVEY_STAFF, params: ['survey'] },
    async (c) => {
      const d = await currentDefinition(c.var.deps, c.var.survey);
      c.header('cache-control', 'private, no-store');
      c.header('content-disposition', `attachment; filename="anketa-${c.var.survey.id.slice(0, 8)}.json"`);
      return c.body(JSON.stringify(d, null, 2), 200, { 'content-type': 'application/json; charset=utf-8' });
    },
  );
  core.page(
    { name: 'surveys.admin.settings', method: 'POST', path: `${one}/podesavanja`, access: SURVEY_STAFF, params: ['survey'] },
    async (c) => {
      const values = await readForm(c);
      const parsed = parseForm(settingsForm, values, c.var.locale);
      if (!parsed.ok) return showBuilder(c, 400, { values, errors: parsed.errors, form: 'settings' });
      const s = parsed.data;
      const r = await saveSettings(c.var.deps, c.var.actor!, c.var.office, c.var.survey.id, {
        opensAt: s.opens ? belgradeInstant(s.opens, '00:00') : null,
        closesAt: s.closes ? belgradeInstant(s.closes, '00:00') : null,
        onePerAccount: s.onePerAccount,
        threshold: s.threshold,
        target: s.target,
        quotas: s.quotas,
      });
      if (!r.ok) return errorResponse(c, 404);
      return c.redirect(`/${c.var.locale}${surveyAdminPath(c.var.office, c.var.survey.id)}?n=surv.n.settings#prikupljanje`, 303);
    },
  );

  // ── Staff: results and the export ─────────────────────────────────────────
  core.page({ name: 'surveys.results', method: 'GET', path: `${one}/rezultati`, access: SURVEY_STAFF, params: ['survey'] }, async (c) => {
    const { deps, office, survey, locale } = c.var;
    const q = parseForm(resultsQuery, c.req.query(), locale);
    const data = q.ok ? q.data : { age_group: '', gender: '', settlement_kind: '', status: '', by: '' as const, q: '' };
    const filters: Filters = {};
    for (const d of DIMENSIONS) if (data[d] && DIMENSION_CODES[d].includes(data[d])) filters[d] = data[d];
    const definition = await currentDefinition(deps, survey);
    const results = await surveyResults(deps, survey, definition, filters);
    const crossQ = allQuestions(definition).find((x) => x.id === data.q);
    const by = data.by as Dimension | '';
    const table = crossQ && by ? await surveyCrossTab(deps, survey, crossQ, by, filters) : null;
    const v = view(c);
    const specs = results.questions.map((r) => ({ id: r.q.id, spec: chartSpecOf(v, r, results.threshold) })).filter((x) => x.spec);
    const figures = await chartFigures(
      v,
      specs.map((x) => x.spec!),
    );
    const charts = new Map(specs.map((x, i) => [x.id, figures[i]!]));
    c.header('cache-control', 'private, no-store');
    return c.html(
      <ResultsPage
        charts={charts}
        v={view(c)}
        office={office}
        survey={survey}
        definition={definition}
        results={results}
        filters={filters}
        cross={crossQ && by && table ? { q: crossQ, by, table } : null}
        crossQ={data.q}
        crossBy={data.by}
      />,
    );
  });
  core.page(
    { name: 'surveys.answers.export', method: 'GET', path: `${one}/odgovori`, access: SURVEY_STAFF, params: ['survey'] },
    async (c) => {
      const { deps, survey, locale } = c.var;
      const q = parseForm(exportQuery, c.req.query(), locale);
      if (!q.ok) return errorResponse(c, 400, Object.values(q.errors)[0]);
      const definition = await currentDefinition(deps, survey);
      // Streamed a batch at a time (results.ts exportStream): the response starts at once and
      // the file is never whole in memory; each batch is written in the heavy worker pool.
      let body: ReadableStream<Uint8Array<ArrayBuffer>>;
      try {
        body = await exportStream(deps, survey, definition, q.data.format, locale);
      } catch (e) {
        if (e instanceof HeavyLimitError) return errorResponse(c, 503, t(locale, 'surv.err.export'));
        throw e;
      }
      c.header('cache-control', 'private, no-store');
      c.header('content-disposition', `attachment; filename="odgovori-${survey.id.slice(0, 8)}.${q.data.format}"`);
      const type =
        q.data.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      return c.body(body, 200, { 'content-type': type });
    },
  );

  // ── Answering: the public link, one section per page, the private link ────
  const showAnswer = (
    c: C,
    state: AnswerState,
    action: string,
    status: 200 | 400 = 200,
    extra: { values?: FormValues; errors?: FormErrors } = {},
  ) => {
    c.header('cache-control', 'private, no-store');
    c.header('referrer-policy', 'no-referrer');
    return c.html(<AnswerPage v={view(c)} state={state} action={action} {...extra} />, status);
  };
  const refuse = (c: C, r: Exclude<Refused, { kind: 'invalid' }>) => {
    const { key, status } = REFUSALS[r.kind];
    const v = view(c);
    c.header('cache-control', 'no-store');
    const link =
      r.kind === 'signIn'
        ? {
            href: v.href(`/nalog/prijava?next=${encodeURIComponent(`/${c.var.locale}${c.req.path.replace(/^\/(cir|lat|en)/, '')}`)}`),
            label: v.t('surv.err.signInLink'),
          }
        : undefined;
    return c.html(<MessagePage v={v} title={v.t('surv.refused.title')} text={v.t(key)} {...(link ? { link } : {})} />, status);
  };
  const afterAnswer = async (c: C, r: Awaited<ReturnType<typeof answerSection>>, action: string, values: FormValues) => {
    if (!r.ok) {
      if (r.kind === 'invalid') {
        const errors = errorsIn(c, r.errors);
        // A stale page shows the draft's own section and answers; otherwise the form as it was sent.
        return showAnswer(
          c,
          r.state,
          r.state.saved ? view(c).href(continuePath(r.state.token)) : action,
          400,
          r.errors._form ? { errors } : { values, errors },
        );
      }
      return refuse(c, r);
    }
    const v = view(c);
    if (r.value.done) return c.html(<MessagePage v={v} title={v.t('surv.thanks.title')} text={v.t('surv.thanks.text')} />);
    const link = v.href(continuePath(r.value.token));
    if (r.value.saved) {
      c.header('cache-control', 'private, no-store');
      c.header('referrer-policy', 'no-referrer');
      return c.html(
        <MessagePage
          v={v}
          title={v.t('surv.saved.title')}
          text={v.t('surv.saved.text')}
          link={{ href: `${c.var.deps.config.BASE_URL}${link}`, label: `${c.var.deps.config.BASE_URL}${link}` }}
        />,
      );
    }
    return c.redirect(link, 303);
  };

  const pub = `${L}/kancelarije/:office/ankete/:survey`;
  core.page({ name: 'surveys.answer.form', method: 'GET', path: pub, access: PUBLIC, params: ['office', 'survey'] }, async (c) => {
    const refused = await gate(c.var.deps, c.var.survey, c.var.actor);
    if (refused && refused.kind !== 'invalid') return refuse(c, refused);
    return showAnswer(c, await startState(c.var.deps, c.var.survey), view(c).href(publicPath(c.var.office, c.var.survey.id)));
  });
  core.page({ name: 'surveys.answer', method: 'POST', path: pub, access: PUBLIC, params: ['office', 'survey'] }, async (c) => {
    const values = await readForm(c);
    const r = await answerSection(c.var.deps, {
      survey: c.var.survey,
      token: values.k ?? '',
      section: /^\d{1,2}$/.test(values.s ?? '') ? Number(values.s) : -1,
      values,
      save: values.go === 'save',
      actor: c.var.actor,
    });
    return afterAnswer(c, r, view(c).href(publicPath(c.var.office, c.var.survey.id)), values);
  });
  core.page({ name: 'surveys.continue.form', method: 'GET', path: `${L}${CONTINUE_PATH}`, access: PUBLIC }, async (c) => {
    const state = await draftState(c.var.deps, c.req.query('t') ?? '');
    if (!state) return refuse(c, { ok: false, kind: 'badLink' });
    const refused = await gate(c.var.deps, state.survey, c.var.actor);
    if (refused && refused.kind !== 'invalid') return refuse(c, refused);
    return showAnswer(c, state, view(c).href(continuePath(state.token)));
  });
  core.page({ name: 'surveys.continue', method: 'POST', path: `${L}${CONTINUE_PATH}`, access: PUBLIC }, async (c) => {
    const values = await readForm(c);
    const token = values.k ?? c.req.query('t') ?? '';
    const r = await answerSection(c.var.deps, {
      token,
      section: /^\d{1,2}$/.test(values.s ?? '') ? Number(values.s) : -1,
      values,
      save: values.go === 'save',
      actor: c.var.actor,
    });
    return afterAnswer(c, r, view(c).href(continuePath(token)), values);
  });
  void resultsPath;
}
