import type { Queryable } from '../../core/db/db.ts';
import { insertSurvey, replaceQuotas, savePopulation } from './repo.ts';
import { feedbackTemplate, needsTemplate } from './templates.ts';

/**
 * Demo surveys in Pančevo: last year's and this year's youth needs survey (the same questions,
 * linked, so the trends page compares them), with generated answers, quotas and the town's
 * young population from the 2022 census (rounded, for the demo), and an event-feedback survey.
 */

/**
 * `n` generated responses to a needs survey (version 1), in one statement: answers spread by
 * the row number, so a run is repeatable. Used by the demo seed and the benchmark (100,000).
 */
export async function insertGeneratedResponses(
  q: Queryable,
  officeId: string,
  surveyId: string,
  n: number,
  submittedAt: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO survey_responses (office_id, survey_id, version, submission_key, age_group, gender, settlement_kind, status, answers, submitted_at)
     SELECT $1::uuid, $2::uuid, 1, encode(sha256(($2::uuid::text || ':' || g)::bytea), 'hex'), a.age, a.gender, a.settlement, a.status,
            jsonb_strip_nulls(jsonb_build_object(
              'knows_office', CASE WHEN g % 10 < 6 THEN 'yes' ELSE 'no' END,
              'visited', CASE WHEN g % 10 < 6 THEN CASE WHEN g % 3 = 0 THEN 'yes' ELSE 'no' END END,
              'office_rating', CASE WHEN g % 10 < 6 AND g % 3 = 0 THEN 1 + g % 5 END,
              'area_satisfaction', jsonb_build_object('education', 1 + g % 5, 'health', 1 + (g / 2) % 5, 'employment', 1 + (g / 3) % 5, 'youth_work', 1 + (g / 5) % 5),
              'area_priorities', jsonb_build_array((ARRAY['education','health','safety','employment','participation','volunteering','mobility','youth_work'])[1 + g % 8],
                                                   (ARRAY['education','health','safety','employment','participation','volunteering','mobility','youth_work'])[1 + (g + 3) % 8]),
              'hours_free', 5 + g % 30,
              'missing', CASE WHEN g % 7 = 0 THEN (ARRAY['Више радионица', 'Простор за дружење увече', 'Посао за студенте', 'Бољи аутобуси до села'])[1 + g % 4] END,
              'demo_age', a.age, 'demo_gender', a.gender, 'demo_settlement', a.settlement, 'demo_status', a.status
            )),
            $4::timestamptz - make_interval(mins => g % 10000)
       FROM generate_series(1, $3::int) g
      CROSS JOIN LATERAL (SELECT (ARRAY['15-19','20-24','25-30'])[1 + g % 3] AS age,
                                 (ARRAY['female','male','female','male','undisclosed'])[1 + (g / 3) % 5] AS gender,
                                 (ARRAY['urban','urban','rural'])[1 + (g / 7) % 3] AS settlement,
                                 (ARRAY['pupil','student','employed','unemployed','neet'])[1 + (g / 11) % 5] AS status) a`,
    [officeId, surveyId, n, submittedAt],
  );
}

export async function seedSurveysDemo(q: Queryable, offices: Map<string, string>, now = new Date()): Promise<void> {
  const office = offices.get('pancevo');
  if (!office) return;
  const year = Number(now.toISOString().slice(0, 4));
  const lastYear = await insertSurvey(q, {
    officeId: office,
    title: needsTemplate(year - 1).title,
    template: 'needs',
    createdBy: null,
    definition: needsTemplate(year - 1),
  });
  await q.query(`UPDATE surveys SET opens_at = $3, closes_at = $4 WHERE office_id = $1 AND id = $2`, [
    office,
    lastYear,
    new Date(Date.UTC(year - 1, 2, 1)),
    new Date(Date.UTC(year - 1, 4, 1)),
  ]);
  await insertGeneratedResponses(q, office, lastYear, 60, new Date(Date.UTC(year - 1, 3, 15)));
  const thisYear = await insertSurvey(q, {
    officeId: office,
    title: needsTemplate(year).title,
    template: 'needs',
    createdBy: null,
    definition: needsTemplate(year),
  });
  await q.query(`UPDATE surveys SET target = 300 WHERE office_id = $1 AND id = $2`, [office, thisYear]);
  await insertGeneratedResponses(q, office, thisYear, 45, now);
  await replaceQuotas(q, office, thisYear, [
    { dimension: 'settlement_kind', code: 'rural', target: 100 },
    { dimension: 'age_group', code: '15-19', target: 100 },
  ]);
  await insertSurvey(q, {
    officeId: office,
    title: feedbackTemplate().title,
    template: 'feedback',
    createdBy: null,
    definition: feedbackTemplate(),
  });
  // Young people (15–30) of the Pančevo area by the 2022 census, rounded (demo figures).
  await savePopulation(
    q,
    office,
    [
      { dimension: 'age_group', code: '15-19', people: 6000 },
      { dimension: 'age_group', code: '20-24', people: 6300 },
      { dimension: 'age_group', code: '25-30', people: 8100 },
      { dimension: 'gender', code: 'female', people: 9900 },
      { dimension: 'gender', code: 'male', people: 10500 },
      { dimension: 'settlement_kind', code: 'urban', people: 12800 },
      { dimension: 'settlement_kind', code: 'rural', people: 7600 },
    ],
    'Попис 2022 (заокружено, за демо)',
  );
}
