import type { Db } from '../../core/db/db.ts';
import { insertFile } from '../../core/files.ts';
import { findFullOffice } from '../../core/http/params.ts';
import { insertAgreement } from './repo.ts';
import { createPartner } from './service.ts';

/** A tiny but well-formed PDF (what the agreement fixture stores, and tests upload). */
export const SAMPLE_PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/**
 * Test fixtures (test/actors.ts PARAM_FIXTURES ':partner' and ':agreement'): one partner of
 * the office and one agreement of it with a stored PDF, made once per database.
 */
const made = new WeakMap<Db, Promise<{ partner: string; agreement: string }>>();

export function partnerFixture(db: Db, officeSlug: string): Promise<{ partner: string; agreement: string }> {
  let ids = made.get(db);
  if (!ids) {
    ids = db.transaction(async (tx) => {
      const office = await findFullOffice(tx, officeSlug);
      const partner = await createPartner(tx, office!.id, null, {
        kind: 'school',
        name: 'Matrica škola (primer)',
        address: 'Školska 1',
        contact_person: 'Direktorka Primerić',
        email: 'skola@primer.test',
        phone: '013/111-222',
        website: 'https://example.org/skola',
        notes: '',
        active: true,
      });
      const file = await insertFile(tx, office!.id, {
        name: 'sporazum.pdf',
        contentType: 'application/pdf',
        bytes: SAMPLE_PDF,
        uploadedBy: null,
      });
      const agreement = await insertAgreement(
        tx,
        office!.id,
        partner,
        { title: 'Sporazum o saradnji (primer)', signed_on: '2024-01-15', valid_until: null, notes: '' },
        file,
        null,
      );
      return { partner, agreement };
    });
    made.set(db, ids);
  }
  return ids;
}
