import type { Actor } from '../../core/auth/actor.ts';
import type { Deps, OfficeRef } from '../../core/http/env.ts';
import { registryCheckDigit } from '../associations/schema.ts';
import { createImport } from './service.ts';

/**
 * Test fixture (test/actors.ts PARAM_FIXTURES ':import' and ':line'): a preview of an
 * associations list in the office, made by the real upload path, whose two rows (2 and 3)
 * are valid, so the owner's plain confirmation writes them. The same preview is returned while
 * it is one (asking for it changes nothing); once confirmed or cancelled, a new one is made,
 * with new names and registry numbers so it never duplicates what an earlier one wrote.
 * FIXTURE_LINE names a row of it.
 */
export const FIXTURE_LINE = 3;

const made = new WeakMap<object, { id: string; n: number }>();

export async function importFixture(deps: Deps, officeSlug: string): Promise<string> {
  const known = made.get(deps.db);
  if (known && (await deps.db.query(`SELECT 1 FROM imports WHERE id = $1 AND status = 'preview'`, [known.id])).length > 0) return known.id;
  const n = (known?.n ?? 0) + 1;
  const mb = (k: number) => {
    const seven = String(9_100_000 + n * 10 + k);
    return seven + registryCheckDigit(seven);
  };
  const csv = [
    'Naziv;Vrsta;Matični broj;E-pošta;Godina osnivanja',
    `Udruženje Fikstura ${n};Udruženje mladih;${mb(1)};fikstura${n}@primer.test;2015`,
    `Klub Fikstura ${n};Udruženje mladih;${mb(2)};;`,
  ].join('\n');
  const [office] = await deps.db.query<OfficeRef>('SELECT id, slug, name FROM offices WHERE slug = $1', [officeSlug]);
  const [staff] = await deps.db.query<{ user_id: string }>(
    `SELECT user_id FROM office_members WHERE office_id = $1 AND role IN ('coordinator', 'office_admin') ORDER BY granted_at, user_id LIMIT 1`,
    [office!.id],
  );
  const actor = { userId: staff?.user_id ?? null } as unknown as Actor;
  const r = await createImport(deps, actor, office!, 'associations', {
    name: `fikstura-${n}.csv`,
    bytes: new TextEncoder().encode(csv),
    type: 'text/csv',
  });
  if (!r.ok) throw new Error(`import fixture: ${r.error.key}`);
  made.set(deps.db, { id: r.id, n });
  return r.id;
}
