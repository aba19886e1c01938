import type { Db } from '../../core/db/db.ts';
import type { Deps } from '../../core/http/env.ts';
import { findFullOffice } from '../../core/http/params.ts';
import { insertSurvey, findSurvey, saveDraft } from './repo.ts';
import { hashToken, newToken } from './service.ts';
import { needsTemplate } from './templates.ts';
import { continuePath } from './views.tsx';

/**
 * Fixtures for the harness (test/actors.ts PARAM_FIXTURES, test/forms.ts FORM_STATES): an open
 * survey of the office, and a respondent's saved draft (the private link's page, whose form
 * shows only then). Production code never imports this.
 */

const made = new WeakMap<object, string>();

/** :survey — an open needs survey of the office, anonymous, without quotas: the same one while it stays so. */
export async function surveyFixture(db: Db, officeSlug: string): Promise<string> {
  const office = await findFullOffice(db, officeSlug);
  if (!office) throw new Error(`no office ${officeSlug}`);
  const known = made.get(db);
  if (known) {
    const s = await findSurvey(db, office.id, known);
    const quotas = await db.query('SELECT 1 FROM survey_quotas WHERE office_id = $1 AND survey_id = $2', [office.id, known]);
    if (s && !s.one_per_account && s.opens_at === null && s.closes_at === null && quotas.length === 0) return known;
  }
  const id = await db.transaction((tx) =>
    insertSurvey(tx, {
      officeId: office.id,
      title: 'Matrica ankete (primer)',
      template: 'needs',
      createdBy: null,
      definition: needsTemplate(2026),
    }),
  );
  made.set(db, id);
  return id;
}

/** A respondent's draft of that survey at its second section: the path of its private link. */
export async function draftPath(deps: Pick<Deps, 'db'>, officeSlug: string): Promise<string> {
  const id = await surveyFixture(deps.db, officeSlug);
  const office = (await findFullOffice(deps.db, officeSlug))!;
  const token = newToken();
  await saveDraft(deps.db, {
    office_id: office.id,
    survey_id: id,
    token_hash: hashToken(token),
    version: 1,
    section: 1,
    answers: { knows_office: 'yes' },
    user_id: null,
  });
  return `/lat${continuePath(token)}`;
}
