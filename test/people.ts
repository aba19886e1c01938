import { randomUUID } from 'node:crypto';
import { createPerson } from '../src/features/people/service.ts';
import type { TestApp } from './app.ts';

/**
 * The :person of office A (Pančevo) that routes are tried with: a live person with consents
 * to the register, contact and special categories (and special-category data), plus a live
 * duplicate (same e-mail, which an edit of the name leaves alone) so the merge page offers one. One per test app, reused
 * while it stays live: a test that merges or anonymises it gets a fresh one on the next call.
 */
const current = new WeakMap<TestApp, string>();

export const FIXTURE_PERSON = { full_name: 'Matrica Osoba', birth_date: '2000-01-01' } as const;

async function officeA(t: TestApp): Promise<string> {
  const [o] = await t.db.query<{ id: string }>(`SELECT id FROM offices WHERE slug = 'pancevo'`);
  return o!.id;
}

const isLive = async (t: TestApp, officeId: string, id: string) =>
  (
    await t.db.query('SELECT 1 FROM people WHERE office_id = $1 AND id = $2 AND merged_into_id IS NULL AND anonymised_at IS NULL', [
      officeId,
      id,
    ])
  ).length > 0;

async function addFixture(t: TestApp, officeId: string, email: string): Promise<string> {
  return t.db.transaction((tx) =>
    createPerson(tx, officeId, null, {
      ...FIXTURE_PERSON,
      email,
      phone: '',
      gender: 'female',
      settlement_id: null,
      status: 'student',
      interests: ['education'],
      script: 'lat',
      consents: ['register', 'contact', 'sensitive'],
      paper: { given_by: 'self', parent_name: '', parent_email: '', evidence_note: 'Matrica, obrazac 1' },
      sensitive: { ethnicity: 'roma', disability: false, health_note: '' },
      source: 'offline',
    }),
  );
}

export async function personFixture(t: TestApp): Promise<string> {
  const officeId = await officeA(t);
  let id = current.get(t);
  if (!id || !(await isLive(t, officeId, id))) {
    id = await addFixture(t, officeId, `matrica.osoba.${randomUUID().slice(0, 8)}@primer.test`);
    current.set(t, id);
  }
  const [{ email }] = (await t.db.query<{ email: string }>('SELECT email FROM people WHERE office_id = $1 AND id = $2', [
    officeId,
    id,
  ])) as [{ email: string }];
  const duplicates = await t.db.query(
    `SELECT 1 FROM people WHERE office_id = $1 AND id <> $2 AND lower(email) = lower($3) AND merged_into_id IS NULL AND anonymised_at IS NULL`,
    [officeId, id, email],
  );
  if (duplicates.length === 0) await addFixture(t, officeId, email);
  return id;
}
