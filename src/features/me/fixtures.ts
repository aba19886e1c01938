import type { Queryable } from '../../core/db/db.ts';
import { insertAccount } from '../accounts/service.ts';
import type { PurposeCode } from '../people/purposes.ts';
import { findFullOffice } from './repo.ts';
import { createParentRequest, joinRegister } from './service.ts';
import type { Deps } from '../../core/http/env.ts';

/**
 * Fixtures for tests of the young person's side (used by this feature's tests and by the
 * harness fixtures in test/actors.ts and test/forms.ts). Not used by the app.
 */

/** A confirmed account, written as sign-up writes one (with its consent row). */
export async function makeAccount(
  q: Queryable,
  passwordHash: string,
  a: { email: string; name?: string; birth?: string; locale?: 'cir' | 'lat' | 'en'; nationalAdmin?: boolean },
): Promise<string> {
  return insertAccount(q, {
    email: a.email,
    passwordHash,
    displayName: a.name ?? `Proba ${a.email.split('@')[0]}`,
    birthDate: a.birth ?? '2004-04-04',
    locale: a.locale ?? 'lat',
    confirmed: true,
    nationalAdmin: a.nationalAdmin ?? false,
  });
}

/**
 * Puts the account in the office's register (as the join form does) unless it already is;
 * returns its person id.
 */
export async function ensureJoined(
  deps: Deps,
  slug: string,
  userId: string,
  purposes: PurposeCode[] = ['register', 'contact'],
): Promise<string> {
  const office = await findFullOffice(deps.db, slug);
  if (!office) throw new Error(`no office ${slug}`);
  const user = (
    await deps.db.query<{ email: string; display_name: string; birth_date: string; locale: 'cir' | 'lat' | 'en' }>(
      'SELECT email, display_name, birth_date, locale FROM users WHERE id = $1',
      [userId],
    )
  )[0]!;
  const actor = {
    userId,
    sessionId: '',
    email: user.email,
    displayName: user.display_name,
    locale: user.locale,
    isNationalAdmin: false,
    memberships: [],
  };
  const r = await joinRegister(deps, actor, office, {
    full_name: user.display_name,
    email: user.email,
    phone: '',
    birth_date: user.birth_date,
    gender: null,
    settlement_id: null,
    status: null,
    interests: [],
    script: user.locale,
    ethnicity: null,
    disability: null,
    health_note: '',
    purposes,
  });
  if (!r.ok && !('already' in r)) throw new Error(`could not join: ${JSON.stringify(r.errors)}`);
  const row = await deps.db.query<{ id: string }>(
    'SELECT id FROM people WHERE office_id = $1 AND user_id = $2 AND merged_into_id IS NULL AND anonymised_at IS NULL',
    [office.id, userId],
  );
  return row[0]!.id;
}

/**
 * :register (test/actors.ts): office `slug`, with the accounts given (those that exist) in its
 * register, so "correct my data in this register" pages open for them.
 */
export async function registerFixture(deps: Deps, slug: string, emails: readonly string[]): Promise<string> {
  const users = await deps.db.query<{ id: string }>('SELECT id FROM users WHERE email = ANY($1::text[]) ORDER BY email', [[...emails]]);
  for (const u of users) await ensureJoined(deps, slug, u.id);
  return slug;
}

/** :token (test/actors.ts): a fresh pending parent request in office `slug`; returns its raw link token. */
export async function parentTokenFixture(deps: Deps, slug: string): Promise<string> {
  const office = await findFullOffice(deps.db, slug);
  if (!office) throw new Error(`no office ${slug}`);
  return deps.db.transaction((tx) =>
    createParentRequest(
      tx,
      deps.config,
      office,
      {
        full_name: 'Dete Fiksture',
        birth_date: `${new Date().getUTCFullYear() - 10}-03-03`,
        settlement_id: null,
        parent_name: 'Roditelj Fiksture',
        parent_email: 'roditelj.fiksture@primer.test',
        purposes: ['register', 'photos'],
      },
      'lat',
      deps.now(),
      null,
    ),
  );
}
