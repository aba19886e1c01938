import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit.ts';
import { isUniqueViolation } from '../../core/db/db.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import type { Result } from '../../core/result.ts';
import { localParts } from '../../core/time.ts';
import {
  allQuestions,
  breaksComparison,
  definitionSchema,
  dependedOn,
  nextSection,
  parseDefinitionJson,
  validateAll,
  validateSection,
  type AnswerErrors,
  type Answers,
  type Definition,
  type Question,
} from './definition.ts';
import {
  addVersion,
  deleteDraft,
  findDraft,
  findSurvey,
  hasParticipated,
  insertParticipant,
  insertResponse,
  insertSurvey,
  lockSurvey,
  replaceDefinition,
  replaceQuotas,
  saveDraft,
  takeQuotas,
  updateSettings,
  versionDefinition,
  type Draft,
  type Survey,
} from './repo.ts';
import {
  DEMO,
  DIMENSION_QUESTION,
  DIMENSIONS,
  templateDefinition,
  type Dimension,
  type QuotaDimension,
  type TemplateName,
} from './templates.ts';
import type { QuestionInput, SettingsInput } from './schema.ts';

type Office = Pick<OfficeRef, 'id' | 'slug'>;

/** A new survey from a template (the yearly needs survey, event feedback, or a blank one). */
export async function createSurvey(deps: Pick<Deps, 'db' | 'now'>, actor: Actor, office: Office, template: TemplateName): Promise<string> {
  const year = Number(localParts(deps.now()).date.slice(0, 4));
  const definition = templateDefinition(template, year);
  return createFromDefinition(deps, actor, office, definition, template === 'blank' ? '' : template);
}

async function createFromDefinition(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  office: Office,
  definition: Definition,
  template: Survey['template'],
): Promise<string> {
  return deps.db.transaction(async (tx) => {
    const id = await insertSurvey(tx, { officeId: office.id, title: definition.title, template, createdBy: actor.userId, definition });
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'survey.create', target: id, data: { template } });
    return id;
  });
}

/** A survey from an exported definition (JSON): bad JSON or a bad definition gets a clear message, nothing is stored. */
export async function importSurvey(deps: Pick<Deps, 'db'>, actor: Actor, office: Office, json: string): Promise<Result<string>> {
  const parsed = parseDefinitionJson(json);
  if (!parsed.ok) return { ok: false, error: parsed.key, field: 'file', ...(parsed.vars ? { vars: parsed.vars } : {}) };
  return { ok: true, value: await createFromDefinition(deps, actor, office, parsed.value, '') };
}

/**
 * Saves a new definition. Without answers to the current version it is replaced; with answers,
 * a change that keeps answers comparable (labels, new questions) is made in place, and one that
 * would break comparison (a question or an option removed or changed) opens a new version,
 * so every stored answer keeps the version it answered.
 */
export async function saveDefinition(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  office: Office,
  surveyId: string,
  next: Definition,
): Promise<Result<{ version: number; opened: boolean }>> {
  const checked = definitionSchema.safeParse(next);
  if (!checked.success)
    return {
      ok: false,
      error: 'surv.err.definition',
      field: 'definition',
      vars: { where: checked.error.issues[0]!.path.join('.'), detail: checked.error.issues[0]!.message },
    };
  return deps.db.transaction(async (tx) => {
    const locked = await lockSurvey(tx, office.id, surveyId);
    if (!locked) return { ok: false, error: 'error.404.title' };
    const current = (await versionDefinition(tx, office.id, surveyId, locked.current_version))!;
    let version = locked.current_version;
    let opened = false;
    if (locked.answered && breaksComparison(current, checked.data)) {
      version += 1;
      opened = true;
      await addVersion(tx, office.id, surveyId, version, checked.data);
    } else await replaceDefinition(tx, office.id, surveyId, version, checked.data);
    await recordAudit(tx, {
      officeId: office.id,
      actorId: actor.userId,
      action: 'survey.edit',
      target: surveyId,
      data: { version, opened },
    });
    return { ok: true, value: { version, opened } };
  });
}

export async function currentDefinition(
  deps: Pick<Deps, 'db'>,
  s: Pick<Survey, 'office_id' | 'id' | 'current_version'>,
): Promise<Definition> {
  return (await versionDefinition(deps.db, s.office_id, s.id, s.current_version))!;
}

/**
 * The builder's "add a question" (at the end of a section) and "edit a question" (`input.original`:
 * the question keeps its place when its section stays, keeps what the form does not carry — help,
 * the special-category mark — and keeps its code unless a new one is typed; a code other questions'
 * conditions look at cannot change). Saving goes through saveDefinition, so an edit after answers
 * that breaks comparison opens a new version.
 */
export function withQuestion(d: Definition, input: QuestionInput): Result<Definition> {
  const next = structuredClone(d);
  const ids = new Set(allQuestions(d).map((q) => q.id));
  const original = input.original ? allQuestions(d).find((q) => q.id === input.original) : undefined;
  if (input.original && !original) return { ok: false, error: 'surv.err.noQuestion', field: '_form' };
  let id = input.id || (original?.id ?? '');
  for (let n = ids.size + 1; id === ''; n++) if (!ids.has(`q${n}`)) id = `q${n}`;
  if (ids.has(id) && id !== original?.id) return { ok: false, error: 'surv.err.duplicateId', field: 'id' };
  if (original && id !== original.id && dependedOn(d).has(original.id)) return { ok: false, error: 'surv.err.idInUse', field: 'id' };
  const section = next.sections.find((s) => s.id === input.section);
  if (!section) return { ok: false, error: 'err.choice', field: 'section' };
  const lines = (s: string) =>
    s
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l, i) => {
        const m = /^([a-z0-9][a-z0-9_.-]{0,39})\s*[=:]\s*(.+)$/.exec(l);
        return m ? { code: m[1]!, label: m[2]! } : { code: String(i + 1), label: l };
      });
  const q: Question = { id, kind: input.kind, title: input.title, required: input.required };
  if (original?.help) q.help = original.help;
  if (original?.special) q.special = original.special;
  if (input.link) q.link = input.link;
  if (input.kind === 'single' || input.kind === 'multi' || input.kind === 'ranking') q.options = lines(input.options);
  if (input.kind === 'matrix') q.rows = lines(input.options);
  if (input.kind === 'number') {
    if (input.min !== null) q.min = input.min;
    if (input.max !== null) q.max = input.max;
  }
  if (input.when_question) {
    q.when = {
      question: input.when_question,
      op: input.when_op,
      ...(input.when_value !== ''
        ? {
            value:
              /^\d+$/.test(input.when_value) && input.when_op !== 'equals' && input.when_op !== 'not_equals' && input.when_op !== 'includes'
                ? Number(input.when_value)
                : input.when_value,
          }
        : {}),
    };
  }
  const place = original ? section.questions.findIndex((x) => x.id === original.id) : -1;
  if (place >= 0) section.questions[place] = q;
  else {
    if (original) for (const s of next.sections) s.questions = s.questions.filter((x) => x.id !== original.id);
    section.questions.push(q);
  }
  const r = definitionSchema.safeParse(next);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.includes('when')
      ? 'when_question'
      : issue.path.includes('options') || issue.path.includes('rows')
        ? 'options'
        : issue.path.includes('max')
          ? 'max'
          : '_form';
    return {
      ok: false,
      error:
        issue.message.startsWith('surv.') || issue.message.startsWith('err.') ? (issue.message as 'surv.err.options') : 'surv.err.options',
      field,
    };
  }
  return { ok: true, value: r.data };
}

/** The builder's "remove a question" (a question others depend on cannot go first). */
export function withoutQuestion(d: Definition, id: string): Result<Definition> {
  const next = structuredClone(d);
  for (const s of next.sections) s.questions = s.questions.filter((q) => q.id !== id);
  next.sections = next.sections.filter((s) => s.questions.length > 0);
  const r = definitionSchema.safeParse(next);
  if (!r.success) return { ok: false, error: 'surv.err.dependsOn' };
  return { ok: true, value: r.data };
}

export async function saveSettings(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  office: Office,
  surveyId: string,
  s: SettingsInput,
): Promise<Result> {
  return deps.db.transaction(async (tx) => {
    if (!(await lockSurvey(tx, office.id, surveyId))) return { ok: false, error: 'error.404.title' };
    await updateSettings(tx, office.id, surveyId, s);
    await replaceQuotas(tx, office.id, surveyId, s.quotas);
    await recordAudit(tx, { officeId: office.id, actorId: actor.userId, action: 'survey.settings', target: surveyId });
    return { ok: true, value: undefined };
  });
}

// ── Answering ──────────────────────────────────────────────────────────────

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(24).toString('base64url');
export const isToken = (s: string | undefined): s is string => typeof s === 'string' && /^[A-Za-z0-9_-]{32}$/.test(s);

export type Openness = 'open' | 'notYet' | 'closed';
export function openness(s: Pick<Survey, 'opens_at' | 'closes_at'>, now: Date): Openness {
  if (s.opens_at && now < new Date(s.opens_at)) return 'notYet';
  if (s.closes_at && now >= new Date(s.closes_at)) return 'closed';
  return 'open';
}

/** What the respondent's form page needs: the version's definition, the section shown and the answers so far. */
export interface AnswerState {
  survey: Survey;
  definition: Definition;
  version: number;
  section: number;
  answers: Answers;
  token: string;
  /** Whether a draft is stored (the private link works). */
  saved: boolean;
}

export type Refused =
  | { ok: false; kind: 'closed' | 'notYet' | 'quotaFull' | 'already' | 'signIn' | 'badLink' | 'tampered' }
  | { ok: false; kind: 'invalid'; errors: AnswerErrors; state: AnswerState };

/** A fresh start: the first section of the current version. */
export async function startState(deps: Pick<Deps, 'db'>, survey: Survey): Promise<AnswerState> {
  const definition = await currentDefinition(deps, survey);
  return {
    survey,
    definition,
    version: survey.current_version,
    section: Math.max(0, nextSection(definition, -1, {})),
    answers: {},
    token: newToken(),
    saved: false,
  };
}

/** The state a private link (or a form's key) leads to; undefined when no draft is stored under it. */
export async function draftState(deps: Pick<Deps, 'db'>, token: string): Promise<AnswerState | undefined> {
  if (!isToken(token)) return undefined;
  const d = await findDraft(deps.db, hashToken(token));
  if (!d) return undefined;
  const survey = await findSurvey(deps.db, d.office_id, d.survey_id);
  const definition = await versionDefinition(deps.db, d.office_id, d.survey_id, d.version);
  if (!survey || !definition) return undefined;
  return { survey, definition, version: d.version, section: d.section, answers: d.answers, token, saved: true };
}

/** Refuses before any answer is read: not open, or the survey needs an account the respondent lacks or has used. */
export async function gate(deps: Pick<Deps, 'db' | 'now'>, survey: Survey, actor: Actor | null): Promise<Refused | null> {
  const o = openness(survey, deps.now());
  if (o !== 'open') return { ok: false, kind: o };
  if (survey.one_per_account) {
    if (!actor) return { ok: false, kind: 'signIn' };
    if (await hasParticipated(deps.db, survey.office_id, survey.id, actor.userId)) return { ok: false, kind: 'already' };
  }
  return null;
}

export const demographicsOf = (a: Answers): Record<Dimension, string | null> =>
  Object.fromEntries(
    DIMENSIONS.map((d) => [d, typeof a[DIMENSION_QUESTION[d]] === 'string' ? (a[DIMENSION_QUESTION[d]] as string) : null]),
  ) as Record<Dimension, string | null>;

/**
 * One posted section. `survey` is the survey the page belongs to (public path) or undefined
 * for a private link (the draft names it). Validates the section against the version the
 * respondent started on; then either stores the draft (another section follows, or "save and
 * continue later") or, after the last section, stores the response: in one transaction, with
 * the quotas taken under their row locks, the submission key unique and the draft deleted.
 */
export async function answerSection(
  deps: Pick<Deps, 'db' | 'now'>,
  input: { survey?: Survey; token: string; section: number; values: Record<string, string>; save: boolean; actor: Actor | null },
): Promise<Result<{ done: true } | { done: false; token: string; saved: boolean }, Refused>> {
  if (!isToken(input.token)) return { ok: false, kind: 'tampered' };
  const keyHash = hashToken(input.token);
  let state = await draftState(deps, input.token);
  if (state && input.survey && state.survey.id !== input.survey.id) return { ok: false, kind: 'tampered' };
  if (!state) {
    if (!input.survey) return { ok: false, kind: 'badLink' };
    state = { ...(await startState(deps, input.survey)), token: input.token };
  }
  const refused = await gate(deps, state.survey, input.actor);
  if (refused) return refused;
  if (state.saved && input.section !== state.section) {
    // A stale page (back button, second tab): show where the draft stands, nothing changes.
    return { ok: false, kind: 'invalid', errors: { _form: { key: 'surv.err.stalePage' } }, state };
  }
  if (!state.saved && input.section !== state.section) return { ok: false, kind: 'tampered' };
  const r = validateSection(state.definition, state.section, input.values, state.answers);
  if (!r.ok) {
    if (r.tampered) return { ok: false, kind: 'tampered' };
    const partial = { ...state };
    return { ok: false, kind: 'invalid', errors: r.errors, state: partial };
  }
  const sectionIds = new Set(state.definition.sections[state.section]!.questions.map((q) => q.id));
  const answers: Answers = Object.fromEntries(Object.entries(state.answers).filter(([k]) => !sectionIds.has(k)));
  Object.assign(answers, r.answers);
  const next = nextSection(state.definition, state.section, answers);
  const draft: Draft = {
    office_id: state.survey.office_id,
    survey_id: state.survey.id,
    token_hash: keyHash,
    version: state.version,
    section: next,
    answers,
    user_id: input.actor?.userId ?? null,
  };
  if (next !== -1) {
    await saveDraft(deps.db, draft);
    return { ok: true, value: { done: false, token: input.token, saved: input.save } };
  }
  const all = validateAll(state.definition, answers);
  if (!all.ok) return { ok: false, kind: 'tampered' };
  return submitResponse(deps, state.survey, state.version, keyHash, all.answers, input.actor);
}

/** Stores one response, all or nothing. */
export async function submitResponse(
  deps: Pick<Deps, 'db' | 'now'>,
  survey: Survey,
  version: number,
  keyHash: string,
  answers: Answers,
  actor: Actor | null,
): Promise<Result<{ done: true }, Refused>> {
  const officeId = survey.office_id;
  const demo = demographicsOf(answers);
  class Rollback extends Error {
    constructor(readonly kind: 'quotaFull' | 'closed') {
      super(kind);
    }
  }
  try {
    await deps.db.transaction(async (tx) => {
      // Closing is decided at the moment of storing, not when the form was shown.
      const s = await findSurvey(tx, officeId, survey.id);
      if (!s || openness(s, deps.now()) !== 'open') throw new Rollback('closed');
      const full = await takeQuotas(tx, officeId, survey.id, {
        age_group: demo.age_group,
        gender: demo.gender,
        settlement_kind: demo.settlement_kind,
      } satisfies Record<QuotaDimension, string | null>);
      if (full) throw new Rollback('quotaFull');
      if (survey.one_per_account && actor) await insertParticipant(tx, officeId, survey.id, actor.userId);
      await deleteDraft(tx, officeId, keyHash);
      // Last before COMMIT: its counting trigger updates the survey's shared count rows, whose
      // locks every other submission waits for until this transaction ends.
      await insertResponse(tx, { officeId, surveyId: survey.id, version, key: keyHash, demo, answers });
    });
  } catch (e) {
    if (e instanceof Rollback) {
      // A full quota: nothing of the respondent's is kept, the draft neither.
      if (e.kind === 'quotaFull') await deleteDraft(deps.db, officeId, keyHash);
      return { ok: false, kind: e.kind };
    }
    if (isUniqueViolation(e)) return { ok: false, kind: 'already' };
    throw e;
  }
  return { ok: true, value: { done: true } };
}

/** The demographic question ids a survey definition carries (for the results' filters and cross-tabs). */
export const hasDemographics = (d: Definition) => allQuestions(d).some((q) => q.id === DEMO.age);
