import type { Actor } from '../../core/auth/actor.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import { createImport } from './service.ts';

/**
 * Test fixture (test/actors.ts PARAM_FIXTURES ':import' and ':line'): a fresh preview of an
 * associations list in the office, made by the real upload path, with row 2 valid and row 3
 * full of errors (no name, an unknown kind, a short registry number, a Cyrillic e-mail).
 * Returns the import's id; FIXTURE_LINE names the row with errors.
 */
export const FIXTURE_LINE = 3;
const CSV = 'Naziv;Vrsta;Matični broj;E-pošta\nUdruženje Fikstura;Udruženje mladih;17162543;info@primer.test\n;nepoznato;123;мила@пример.рс\n';

export async function importFixture(deps: Deps, officeSlug: string): Promise<string> {
  const [office] = await deps.db.query<OfficeRef>('SELECT id, slug, name FROM offices WHERE slug = $1', [officeSlug]);
  const [staff] = await deps.db.query<{ user_id: string }>(
    `SELECT user_id FROM office_members WHERE office_id = $1 AND role IN ('coordinator', 'office_admin') ORDER BY granted_at, user_id LIMIT 1`,
    [office!.id],
  );
  const actor = { userId: staff?.user_id ?? null } as unknown as Actor;
  const r = await createImport(deps, actor, office!, 'associations', { name: 'fikstura.csv', bytes: new TextEncoder().encode(CSV), type: 'text/csv' });
  if (!r.ok) throw new Error(`import fixture: ${r.error.key}`);
  return r.id;
}
