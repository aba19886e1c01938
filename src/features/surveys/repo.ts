import type { Queryable } from '../../core/db/db.ts';
import { maybeOne, one } from '../../core/db/db.ts';
import type { Answers, Definition } from './definition.ts';
import type { Dimension, QuotaDimension } from './templates.ts';

/**
 * SQL of surveys (migration 0016): surveys and their versions, quotas, drafts, responses, the
 * results' raw counts and the export's rows. The office is in every WHERE clause.
 */

export interface Survey {
  office_id: string;
  id: string;
  title: string;
  template: '' | 'needs' | 'feedback';
  opens_at: Date | null;
  closes_at: Date | null;
  one_per_account: boolean;
  threshold: number;
  target: number | null;
  current_version: number;
  created_at: Date;
  /** Responses to every version. */
  responses: number;
}

const SURVEY_COLS = `s.office_id, s.id, s.title, s.template, s.opens_at, s.closes_at, s.one_per_account, s.threshold, s.target,
  s.current_version, s.created_at,
  (SELECT count(*)::int FROM survey_responses r WHERE r.office_id = s.office_id AND r.survey_id = s.id) AS responses`;

export function findSurvey(q: Queryable, officeId: string, id: string): Promise<Survey | undefined> {
  return maybeOne<Survey>(q, `SELECT ${SURVEY_COLS} FROM surveys s WHERE s.office_id = $1 AND s.id = $2`, [officeId, id]);
}

export function listSurveys(q: Queryable, officeId: string): Promise<Survey[]> {
  return q.query<Survey>(`SELECT ${SURVEY_COLS} FROM surveys s WHERE s.office_id = $1 ORDER BY s.created_at DESC, s.id`, [officeId]);
}

export async function insertSurvey(
  q: Queryable,
  s: { officeId: string; title: string; template: Survey['template']; createdBy: string | null; definition: Definition },
): Promise<string> {
  const { id } = await one<{ id: string }>(
    q,
    `INSERT INTO surveys (office_id, title, template, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
    [s.officeId, s.title, s.template, s.createdBy],
  );
  await q.query('INSERT INTO survey_versions (office_id, survey_id, version, definition) VALUES ($1, $2, 1, $3)', [
    s.officeId,
    id,
    JSON.stringify(s.definition),
  ]);
  return id;
}

export async function versionDefinition(
  q: Queryable,
  officeId: string,
  surveyId: string,
  version: number,
): Promise<Definition | undefined> {
  const row = await maybeOne<{ definition: Definition }>(
    q,
    'SELECT definition FROM survey_versions WHERE office_id = $1 AND survey_id = $2 AND version = $3',
    [officeId, surveyId, version],
  );
  return row?.definition;
}

/** Locks the survey row (edits and settings queue behind each other) and says whether its current version has answers. */
export async function lockSurvey(
  q: Queryable,
  officeId: string,
  id: string,
): Promise<{ current_version: number; answered: boolean } | undefined> {
  return maybeOne(
    q,
    `SELECT s.current_version,
            EXISTS (SELECT 1 FROM survey_responses r WHERE r.office_id = s.office_id AND r.survey_id = s.id AND r.version = s.current_version) AS answered
       FROM surveys s WHERE s.office_id = $1 AND s.id = $2 FOR UPDATE`,
    [officeId, id],
  );
}

export async function replaceDefinition(q: Queryable, officeId: string, surveyId: string, version: number, d: Definition): Promise<void> {
  await q.query('UPDATE survey_versions SET definition = $4 WHERE office_id = $1 AND survey_id = $2 AND version = $3', [
    officeId,
    surveyId,
    version,
    JSON.stringify(d),
  ]);
  await q.query('UPDATE surveys SET title = $3, updated_at = now() WHERE office_id = $1 AND id = $2', [officeId, surveyId, d.title]);
}

export async function addVersion(q: Queryable, officeId: string, surveyId: string, version: number, d: Definition): Promise<void> {
  await q.query('INSERT INTO survey_versions (office_id, survey_id, version, definition) VALUES ($1, $2, $3, $4)', [
    officeId,
    surveyId,
    version,
    JSON.stringify(d),
  ]);
  await q.query('UPDATE surveys SET current_version = $3, title = $4, updated_at = now() WHERE office_id = $1 AND id = $2', [
    officeId,
    surveyId,
    version,
    d.title,
  ]);
}

export async function listVersions(
  q: Queryable,
  officeId: string,
  surveyId: string,
): Promise<Array<{ version: number; created_at: Date; responses: number }>> {
  return q.query(
    `SELECT v.version, v.created_at,
            (SELECT count(*)::int FROM survey_responses r WHERE r.office_id = v.office_id AND r.survey_id = v.survey_id AND r.version = v.version) AS responses
       FROM survey_versions v WHERE v.office_id = $1 AND v.survey_id = $2 ORDER BY v.version`,
    [officeId, surveyId],
  );
}

export async function updateSettings(
  q: Queryable,
  officeId: string,
  id: string,
  s: { opensAt: Date | null; closesAt: Date | null; onePerAccount: boolean; threshold: number; target: number | null },
): Promise<void> {
  await q.query(
    `UPDATE surveys SET opens_at = $3, closes_at = $4, one_per_account = $5, threshold = $6, target = $7, updated_at = now()
      WHERE office_id = $1 AND id = $2`,
    [officeId, id, s.opensAt, s.closesAt, s.onePerAccount, s.threshold, s.target],
  );
}

export interface Quota {
  dimension: QuotaDimension;
  code: string;
  target: number;
  filled: number;
}

export function listQuotas(q: Queryable, officeId: string, surveyId: string): Promise<Quota[]> {
  return q.query<Quota>(
    'SELECT dimension, code, target, filled FROM survey_quotas WHERE office_id = $1 AND survey_id = $2 ORDER BY dimension, code',
    [officeId, surveyId],
  );
}

/** Sets the quotas (the ones not named go); `filled` is counted again from the stored responses. */
export async function replaceQuotas(
  q: Queryable,
  officeId: string,
  surveyId: string,
  quotas: ReadonlyArray<{ dimension: QuotaDimension; code: string; target: number }>,
): Promise<void> {
  await q.query('DELETE FROM survey_quotas WHERE office_id = $1 AND survey_id = $2', [officeId, surveyId]);
  if (quotas.length === 0) return;
  await q.query(
    `INSERT INTO survey_quotas (office_id, survey_id, dimension, code, target, filled)
     SELECT $1, $2, x.dimension, x.code, x.target,
            (SELECT count(*)::int FROM survey_responses r WHERE r.office_id = $1 AND r.survey_id = $2
               AND CASE x.dimension WHEN 'age_group' THEN r.age_group WHEN 'gender' THEN r.gender ELSE r.settlement_kind END = x.code)
       FROM jsonb_to_recordset($3::jsonb) AS x(dimension text, code text, target int)`,
    [officeId, surveyId, JSON.stringify(quotas)],
  );
}

/**
 * Takes a place in each quota the response falls in: one UPDATE per dimension that has quotas,
 * which waits on the quota row while another response holds it, and takes it only while
 * filled < target. Returns the first dimension whose quota is full (then the caller rolls back).
 */
export async function takeQuotas(
  q: Queryable,
  officeId: string,
  surveyId: string,
  demo: Record<QuotaDimension, string | null>,
): Promise<QuotaDimension | null> {
  const rows = await q.query<{ dimension: QuotaDimension; taken: boolean }>(
    `WITH mine AS (
       SELECT d.dimension, d.code FROM jsonb_to_recordset($3::jsonb) AS d(dimension text, code text) WHERE d.code IS NOT NULL
     ), took AS (
       UPDATE survey_quotas x SET filled = x.filled + 1
         FROM mine WHERE x.office_id = $1 AND x.survey_id = $2 AND x.dimension = mine.dimension AND x.code = mine.code AND x.filled < x.target
       RETURNING x.dimension
     )
     SELECT x.dimension, EXISTS (SELECT 1 FROM took t WHERE t.dimension = x.dimension) AS taken
       FROM survey_quotas x JOIN mine ON mine.dimension = x.dimension AND mine.code = x.code
      WHERE x.office_id = $1 AND x.survey_id = $2`,
    [officeId, surveyId, JSON.stringify(Object.entries(demo).map(([dimension, code]) => ({ dimension, code })))],
  );
  return rows.find((r) => !r.taken)?.dimension ?? null;
}

export interface Draft {
  office_id: string;
  survey_id: string;
  token_hash: string;
  version: number;
  section: number;
  answers: Answers;
  user_id: string | null;
}

export function findDraft(q: Queryable, tokenHash: string): Promise<Draft | undefined> {
  return maybeOne<Draft>(
    q,
    'SELECT office_id, survey_id, token_hash, version, section, answers, user_id FROM survey_drafts WHERE token_hash = $1',
    [tokenHash],
  );
}

export async function saveDraft(q: Queryable, d: Draft): Promise<void> {
  await q.query(
    `INSERT INTO survey_drafts (office_id, survey_id, token_hash, version, section, answers, user_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (office_id, token_hash) DO UPDATE SET section = EXCLUDED.section, answers = EXCLUDED.answers, updated_at = now()`,
    [d.office_id, d.survey_id, d.token_hash, d.version, d.section, JSON.stringify(d.answers), d.user_id],
  );
}

export async function deleteDraft(q: Queryable, officeId: string, tokenHash: string): Promise<void> {
  await q.query('DELETE FROM survey_drafts WHERE office_id = $1 AND token_hash = $2', [officeId, tokenHash]);
}

export async function insertResponse(
  q: Queryable,
  r: { officeId: string; surveyId: string; version: number; key: string; demo: Record<Dimension, string | null>; answers: Answers },
): Promise<void> {
  await q.query(
    `INSERT INTO survey_responses (office_id, survey_id, version, submission_key, age_group, gender, settlement_kind, status, answers)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      r.officeId,
      r.surveyId,
      r.version,
      r.key,
      r.demo.age_group,
      r.demo.gender,
      r.demo.settlement_kind,
      r.demo.status,
      JSON.stringify(r.answers),
    ],
  );
}

export async function insertParticipant(q: Queryable, officeId: string, surveyId: string, userId: string): Promise<void> {
  await q.query('INSERT INTO survey_participants (office_id, survey_id, user_id) VALUES ($1, $2, $3)', [officeId, surveyId, userId]);
}

export async function hasParticipated(q: Queryable, officeId: string, surveyId: string, userId: string): Promise<boolean> {
  const r = await maybeOne(q, 'SELECT 1 FROM survey_participants WHERE office_id = $1 AND survey_id = $2 AND user_id = $3', [
    officeId,
    surveyId,
    userId,
  ]);
  return r !== undefined;
}

// ── Results ────────────────────────────────────────────────────────────────

/** Filters on the demographic columns (whitelisted names; values are parameters). */
export type Filters = Partial<Record<Dimension, string>>;

const DIM_COLUMN: Record<Dimension, string> = {
  age_group: 'age_group',
  gender: 'gender',
  settlement_kind: 'settlement_kind',
  status: 'status',
};

function filterSql(f: Filters, from: number): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  for (const [dim, value] of Object.entries(f) as Array<[Dimension, string | undefined]>) {
    if (!value || !(dim in DIM_COLUMN)) continue;
    params.push(value);
    parts.push(`r.${DIM_COLUMN[dim]} = $${from + params.length - 1}`);
  }
  return { sql: parts.length ? ` AND ${parts.join(' AND ')}` : '', params };
}

export interface RawAnswerCount {
  question: string;
  /** A matrix row's code; null otherwise. */
  sub: string | null;
  value: string;
  n: number;
}

/**
 * Counts of answers per question and value, from survey_answer_counts (migration 0025, kept by
 * triggers on the responses): a code (single), each code (multi), the first choice (ranking),
 * each row's value (matrix), the number (scale, number). Also '#' rows: how many responses
 * answered the question at all, and '*' the number of responses in the filter.
 */
export async function rawAnswerCounts(
  q: Queryable,
  officeId: string,
  surveyId: string,
  ids: readonly string[],
  f: Filters,
): Promise<RawAnswerCount[]> {
  const w = filterSql(f, 4);
  return q.query<RawAnswerCount>(
    `SELECT r.question, NULLIF(r.sub, '') AS sub, r.value, sum(r.n)::int AS n
       FROM survey_answer_counts r
      WHERE r.office_id = $1 AND r.survey_id = $2 AND (r.question = ANY($3) OR r.question = '*')${w.sql}
      GROUP BY 1, 2, 3`,
    [officeId, surveyId, ids, ...w.params],
  );
}

/** Count, mean and median of a number question's answers (from its counts: one row per distinct number). */
export async function numberSummary(
  q: Queryable,
  officeId: string,
  surveyId: string,
  id: string,
  f: Filters,
): Promise<{ n: number; mean: number | null; median: number | null }> {
  const w = filterSql(f, 4);
  const row = await one<{ n: number; mean: string | null; median: number | null }>(
    q,
    `WITH h AS (
       SELECT r.value::numeric AS x, sum(r.n)::int AS n FROM survey_answer_counts r
        WHERE r.office_id = $1 AND r.survey_id = $2 AND r.question = $3 AND r.sub = '' AND r.value ~ '^-?[0-9]+(\\.[0-9]+)?$'${w.sql}
        GROUP BY 1
     )
     SELECT COALESCE(sum(n), 0)::int AS n, (sum(x * n) / NULLIF(sum(n), 0))::text AS mean,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY h.x) FROM h CROSS JOIN LATERAL generate_series(1, h.n)) AS median
       FROM h`,
    [officeId, surveyId, id, ...w.params],
  );
  return { n: row.n, mean: row.mean === null ? null : Number(row.mean), median: row.median === null ? null : Number(row.median) };
}

/** The newest open-text answers of a question (at most `limit`), with how many there are. */
export async function openTexts(
  q: Queryable,
  officeId: string,
  surveyId: string,
  id: string,
  f: Filters,
  limit: number,
): Promise<string[]> {
  const w = filterSql(f, 5);
  const rows = await q.query<{ text: string }>(
    `SELECT r.answers ->> $3 AS text FROM survey_responses r
      WHERE r.office_id = $1 AND r.survey_id = $2 AND r.answers ? $3${w.sql}
      ORDER BY r.submitted_at DESC, r.id LIMIT $4`,
    [officeId, surveyId, id, limit, ...w.params],
  );
  return rows.map((r) => r.text);
}

/** A question's answers by a demographic column: (group, value) counts, single/multi/scale. */
export async function crossCounts(
  q: Queryable,
  officeId: string,
  surveyId: string,
  id: string,
  by: Dimension,
  f: Filters,
): Promise<Array<{ grp: string | null; value: string; n: number }>> {
  const w = filterSql(f, 4);
  return q.query(
    `SELECT NULLIF(r.${DIM_COLUMN[by]}, '') AS grp, r.value, sum(r.n)::int AS n
       FROM survey_answer_counts r
      WHERE r.office_id = $1 AND r.survey_id = $2 AND r.question = $3 AND r.sub = '' AND r.value <> '#'${w.sql}
      GROUP BY 1, 2`,
    [officeId, surveyId, id, ...w.params],
  );
}

/** Respondents per demographic group (the cross-tab's margins: people, not answers); of those who answered `answered`. */
export async function groupCounts(
  q: Queryable,
  officeId: string,
  surveyId: string,
  by: Dimension,
  f: Filters,
  answered?: string,
): Promise<Array<{ grp: string | null; n: number }>> {
  const w = filterSql(f, 4);
  return q.query(
    `SELECT NULLIF(r.${DIM_COLUMN[by]}, '') AS grp, sum(r.n)::int AS n FROM survey_answer_counts r
      WHERE r.office_id = $1 AND r.survey_id = $2 AND r.sub = ''
        AND (CASE WHEN $3::text IS NULL THEN r.question = '*' AND r.value = '*' ELSE r.question = $3 AND r.value = '#' END)${w.sql}
      GROUP BY 1`,
    [officeId, surveyId, answered ?? null, ...w.params],
  );
}

/**
 * The export's rows, a chunk at a time after the given position (keyset on submission time and
 * id, which are never exported): each row one line of JSON [version, date, age group, gender,
 * settlement kind, status, answers without the special-category questions]; the lines joined
 * with "\n" into one string, so the worker gets one string per chunk and the request thread
 * parses nothing.
 */
export async function exportChunk(
  q: Queryable,
  officeId: string,
  surveyId: string,
  omit: readonly string[],
  after: { at: Date; id: string } | null,
  limit: number,
): Promise<{ text: string; rows: number; last: { at: Date; id: string } | null }> {
  const row = await one<{ text: string | null; rows: number; last_at: Date | null; last_id: string | null }>(
    q,
    `WITH keys AS (
       -- The page's keys first, its lines after (each by the primary key), so a line is built only
       -- for the rows of this page even where the planner has no statistics (PGlite runs no
       -- autovacuum: after a big insert it sorted every answer's line for each page).
       SELECT r.id, r.submitted_at
         FROM survey_responses r
        WHERE r.office_id = $1 AND r.survey_id = $2 AND ($4::timestamptz IS NULL OR (r.submitted_at, r.id) > ($4::timestamptz, $5::uuid))
        ORDER BY r.submitted_at, r.id LIMIT $6
     ), page AS (
       SELECT k.id, k.submitted_at, l.line
         FROM keys k
         CROSS JOIN LATERAL (
           SELECT jsonb_build_array(r.version, to_char(r.submitted_at AT TIME ZONE 'Europe/Belgrade', 'YYYY-MM-DD'),
                  r.age_group, r.gender, r.settlement_kind, r.status, r.answers - $3::text[])::text AS line
             FROM survey_responses r WHERE r.office_id = $1 AND r.id = k.id LIMIT 1
         ) l
     )
     SELECT string_agg(line, E'\\n' ORDER BY submitted_at, id) AS text, count(*)::int AS rows,
            (array_agg(submitted_at ORDER BY submitted_at DESC, id DESC))[1] AS last_at,
            (array_agg(id ORDER BY submitted_at DESC, id DESC))[1] AS last_id
       FROM page`,
    [officeId, surveyId, omit, after?.at ?? null, after?.id ?? null, limit],
  );
  return { text: row.text ?? '', rows: row.rows, last: row.last_at && row.last_id ? { at: row.last_at, id: row.last_id } : null };
}

// ── Trends, inclusion, indicator ──────────────────────────────────────────

/** Per survey of the office: how many answered a linked question and how many chose each value (single/multi). */
export async function trendCounts(
  q: Queryable,
  officeId: string,
  link: string,
): Promise<Array<{ survey_id: string; title: string; year: number; question: string; value: string; n: number; answered: number }>> {
  return q.query(
    `WITH qs AS (
       SELECT DISTINCT v.survey_id, qq ->> 'id' AS question
         FROM survey_versions v
         CROSS JOIN LATERAL jsonb_array_elements(v.definition -> 'sections') sec
         CROSS JOIN LATERAL jsonb_array_elements(sec -> 'questions') qq
        WHERE v.office_id = $1 AND COALESCE(qq ->> 'link', qq ->> 'id') = $2 AND qq ->> 'kind' IN ('single', 'multi', 'scale')
     ), rs AS (
       SELECT r.survey_id, qs.question, r.answers -> qs.question AS a
         FROM survey_responses r JOIN qs ON qs.survey_id = r.survey_id
        WHERE r.office_id = $1 AND r.answers ? qs.question
     )
     SELECT rs.survey_id, s.title, extract(year FROM COALESCE(s.opens_at, s.created_at) AT TIME ZONE 'Europe/Belgrade')::int AS year,
            rs.question, x.val AS value, count(*)::int AS n,
            (SELECT count(*)::int FROM rs r2 WHERE r2.survey_id = rs.survey_id) AS answered
       FROM rs JOIN surveys s ON s.office_id = $1 AND s.id = rs.survey_id
       CROSS JOIN LATERAL (
         SELECT rs.a #>> '{}' AS val WHERE jsonb_typeof(rs.a) IN ('string', 'number')
         UNION ALL SELECT v FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(rs.a) = 'array' THEN rs.a ELSE '[]' END) v
       ) x
      GROUP BY 1, 2, 3, 4, 5
      ORDER BY 3, 2, 5`,
    [officeId, link],
  );
}

/** Link keys of the office's choice questions (single/multi/scale), with a title and their options, newest version first. */
export async function linkedQuestions(
  q: Queryable,
  officeId: string,
): Promise<Array<{ link: string; title: string; kind: string; options: Array<{ code: string; label: string }> | null }>> {
  return q.query(
    `SELECT DISTINCT ON (COALESCE(qq ->> 'link', qq ->> 'id'))
            COALESCE(qq ->> 'link', qq ->> 'id') AS link, qq ->> 'title' AS title, qq ->> 'kind' AS kind, qq -> 'options' AS options
       FROM survey_versions v
       CROSS JOIN LATERAL jsonb_array_elements(v.definition -> 'sections') sec
       CROSS JOIN LATERAL jsonb_array_elements(sec -> 'questions') qq
      WHERE v.office_id = $1 AND qq ->> 'kind' IN ('single', 'multi', 'scale') AND NOT COALESCE((qq ->> 'special')::boolean, false)
      ORDER BY COALESCE(qq ->> 'link', qq ->> 'id'), v.created_at DESC`,
    [officeId],
  );
}

/** Of the responses in [from, until) that answered a linked question, how many chose the option. */
export async function shareCounts(
  q: Queryable,
  officeId: string,
  link: string,
  option: string,
  from: Date,
  until: Date,
): Promise<{ answered: number; chose: number }> {
  return one(
    q,
    `WITH qs AS (
       SELECT DISTINCT v.survey_id, qq ->> 'id' AS question
         FROM survey_versions v
         CROSS JOIN LATERAL jsonb_array_elements(v.definition -> 'sections') sec
         CROSS JOIN LATERAL jsonb_array_elements(sec -> 'questions') qq
        WHERE v.office_id = $1 AND COALESCE(qq ->> 'link', qq ->> 'id') = $2
     )
     SELECT count(*)::int AS answered,
            count(*) FILTER (WHERE (r.answers -> qs.question) #>> '{}' = $3 OR (r.answers -> qs.question) ? $3)::int AS chose
       FROM survey_responses r JOIN qs ON qs.survey_id = r.survey_id
      WHERE r.office_id = $1 AND r.answers ? qs.question AND r.submitted_at >= $4 AND r.submitted_at < $5`,
    [officeId, link, option, from, until],
  );
}

/** Respondents of the office's surveys in [from, until) by demographic column (raw counts for core/suppress). */
export async function respondentCounts(
  q: Queryable,
  officeId: string,
  from: Date,
  until: Date,
): Promise<Array<{ dimension: string; code: string | null; n: number }>> {
  return q.query(
    `WITH rs AS (SELECT * FROM survey_responses r WHERE r.office_id = $1 AND r.submitted_at >= $2 AND r.submitted_at < $3)
     SELECT 'age_group' AS dimension, age_group AS code, count(*)::int AS n FROM rs GROUP BY 2
     UNION ALL SELECT 'gender', gender, count(*)::int FROM rs GROUP BY 2
     UNION ALL SELECT 'settlement_kind', settlement_kind, count(*)::int FROM rs GROUP BY 2
     UNION ALL SELECT 'vulnerable', v, count(*)::int FROM rs CROSS JOIN LATERAL jsonb_array_elements_text(
                 CASE WHEN jsonb_typeof(rs.answers -> 'demo_vulnerable') = 'array' THEN rs.answers -> 'demo_vulnerable' ELSE '[]' END) v GROUP BY 2`,
    [officeId, from, until],
  );
}

export function listPopulation(
  q: Queryable,
  officeId: string,
): Promise<Array<{ dimension: string; code: string; people: number; source: string }>> {
  return q.query('SELECT dimension, code, people, source FROM survey_population WHERE office_id = $1 ORDER BY dimension, code', [officeId]);
}

export async function savePopulation(
  q: Queryable,
  officeId: string,
  rows: ReadonlyArray<{ dimension: string; code: string; people: number | null }>,
  source: string,
): Promise<void> {
  await q.query(
    `WITH x AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(dimension text, code text, people int)),
     gone AS (DELETE FROM survey_population p USING x WHERE p.office_id = $1 AND p.dimension = x.dimension AND p.code = x.code AND x.people IS NULL)
     INSERT INTO survey_population (office_id, dimension, code, people, source)
     SELECT $1, x.dimension, x.code, x.people, $3 FROM x WHERE x.people IS NOT NULL
     ON CONFLICT (office_id, dimension, code) DO UPDATE SET people = EXCLUDED.people, source = EXCLUDED.source`,
    [officeId, JSON.stringify(rows), source],
  );
}
