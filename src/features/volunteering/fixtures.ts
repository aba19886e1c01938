import type { Queryable } from '../../core/db/db.ts';
import type { Deps } from '../../core/http/env.ts';
import { findFullOffice } from '../../core/http/params.ts';
import { belgradeInstant, localParts } from '../../core/time.ts';
import { insertAccount } from '../accounts/service.ts';
import { associationFixture } from '../associations/fixtures.ts';
import { ensureJoined } from '../me/fixtures.ts';
import { newCertificateCode } from '../certificates/service.ts';
import { upsertIdentity } from './identity-repo.ts';
import { insertApplication, insertVolOpportunity } from './repo.ts';
import { jmbgCheckDigit } from './rules.ts';

/**
 * Test fixtures of volunteering (test/actors.ts PARAM_FIXTURES ':volunteering', ':volunteer',
 * ':volcert'; test/forms.ts FORM_STATES). Not used by the app.
 *
 * One opportunity of office `slug`, posted for the association whose representative is
 * `repEmail` (so that representative organises it), with:
 * - an accepted application of `ownerEmail` (a coordinator of the office: its volunteer and, as
 *   staff, an organiser), with a logged and a confirmed entry, in the register with a JMBG;
 * - a pending application (the accept and decline forms);
 * - an accepted application with a certificate (the verification page's code).
 * The same while it exists; what routes use up (a pending application, logged hours, an open
 * check-in) is topped up on every call.
 */
const made = new WeakMap<object, { opportunity: string; second: string; owner: string; code: string }>();
let people = 0;

const daysAgo = (d: number) => localParts(new Date(Date.now() - d * 86_400_000)).date;

/** A JMBG with a valid check digit for a birth date. */
export function fixtureJmbg(birth: string): string {
  const [y, m, d] = birth.split('-');
  for (let b = 0; b < 1000; b++) {
    const first = `${d}${m}${y!.slice(1)}71${String(b).padStart(3, '0')}`;
    const k = jmbgCheckDigit(first);
    if (k !== null) return first + k;
  }
  throw new Error('no JMBG');
}

/** The account with this e-mail; a fictional one where the harness made none (the fuzzers make no matrix actors). */
async function userId(q: Queryable, email: string): Promise<string> {
  const rows = await q.query<{ id: string }>('SELECT id FROM users WHERE lower(email) = lower($1)', [email]);
  return rows[0]?.id ?? fictionalAccount(q);
}

/** A fictional young person's account (no password to log in with). */
async function fictionalAccount(q: Queryable): Promise<string> {
  const n = ++people;
  return insertAccount(q, {
    email: `volonter.fixture.${n}.${Date.now()}@primer.test`,
    passwordHash: 'fixture-no-login',
    displayName: `Volonter Fikstura ${n}`,
    birthDate: '2000-02-02',
    locale: 'lat',
    confirmed: true,
    nationalAdmin: false,
  });
}

async function apply(q: Queryable, officeId: string, opportunityId: string, user: string, status: 'pending' | 'accepted'): Promise<string> {
  const u = (
    await q.query<{ display_name: string; birth_date: string }>(
      `SELECT display_name, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM users WHERE id = $1`,
      [user],
    )
  )[0]!;
  const existing = await q.query<{ id: string }>(
    'SELECT id FROM volunteer_applications WHERE office_id = $1 AND opportunity_id = $2 AND user_id = $3',
    [officeId, opportunityId, user],
  );
  const id =
    existing[0]?.id ??
    (await insertApplication(q, officeId, {
      opportunityId,
      userId: user,
      fullName: u.display_name,
      birthDate: u.birth_date,
      minor: false,
      motivation: 'Fikstura',
      foreigner: false,
      contractRequested: true,
      consentParent: '',
      consentSignedOn: null,
      consentDocument: '',
      reasons: ['requested'],
    }))!;
  if (status === 'accepted') {
    await q.query(
      `UPDATE volunteer_applications SET status = 'accepted', decided_at = now() WHERE office_id = $1 AND id = $2 AND status = 'pending'`,
      [officeId, id],
    );
  }
  return id;
}

async function addHours(
  q: Queryable,
  officeId: string,
  applicationId: string,
  user: string,
  status: 'logged' | 'confirmed',
): Promise<void> {
  // A past day with room left (the 24-hour rule counts every entry of the person that day).
  for (let d = 1; d < 60; d++) {
    const day = daysAgo(d);
    const rows = await q.query<{ total: string }>(
      `SELECT coalesce(sum(hours), 0)::text AS total FROM volunteer_hours WHERE office_id = $1 AND user_id = $2 AND day = $3 AND status <> 'disputed'`,
      [officeId, user, day],
    );
    if (Number(rows[0]!.total) <= 20) {
      await q.query(
        `INSERT INTO volunteer_hours (office_id, application_id, user_id, day, hours, description, status, decided_at)
         VALUES ($1, $2, $3, $4, 2, 'Dežurstvo (fikstura)', $5, CASE WHEN $5 = 'confirmed' THEN now() END)`,
        [officeId, applicationId, user, day, status],
      );
      return;
    }
  }
}

export interface VolunteeringFixture {
  opportunity: string;
  /** The owner's accepted application. */
  application: string;
  /** A pending application. */
  pending: string;
  /** An accepted application with confirmed hours and no certificate. */
  uncertified: string;
  /** The application with the issued certificate `code`. */
  certified: string;
  /** An application with a live certificate to revoke (reissued on every call). */
  revocable: string;
  /** The owner's application with an open check-in (on a second place of the association). */
  checkedIn: string;
  code: string;
}

export async function volunteeringFixture(deps: Deps, slug: string, ownerEmail: string, repEmail: string): Promise<VolunteeringFixture> {
  const db = deps.db;
  const office = await findFullOffice(db, slug);
  if (!office) throw new Error(`no office ${slug}`);
  let known = made.get(db);
  if (
    known &&
    (await db.query('SELECT 1 FROM volunteer_opportunities WHERE office_id = $1 AND id = $2', [office.id, known.opportunity])).length === 0
  ) {
    known = undefined;
  }
  if (!known) {
    const association = await associationFixture(db, slug, repEmail);
    const owner = await userId(db, ownerEmail);
    const mkOpportunity = () =>
      db.transaction((tx) =>
        insertVolOpportunity(
          tx,
          office.id,
          {
            association_id: association,
            title: 'Matrica volontiranje (primer)',
            tasks: 'Pomoć na radionicama.',
            place: 'Omladinski klub',
            starts_on: daysAgo(90),
            ends_on: null,
            hours_per_week: 3,
            skills: ['teamwork'],
            min_age: 15,
            educational: false,
            beneficiaries: ['youth'],
            abroad: false,
            training: 'Uvodna obuka',
            costs: '',
            area: 'volunteering',
          },
          null,
        ),
      );
    const opportunity = await mkOpportunity();
    const second = await mkOpportunity();
    // An accepted volunteer with a certificate.
    const code = await db.transaction(async (tx) => {
      const other = await fictionalAccount(tx);
      const app = await apply(tx, office.id, opportunity, other, 'accepted');
      await addHours(tx, office.id, app, other, 'confirmed');
      const code = newCertificateCode();
      await tx.query(
        `INSERT INTO volunteer_certificates (office_id, code, application_id, full_name, organiser, title, tasks, place, first_day, last_day, hours)
         SELECT $1, $2, $3, x.full_name, 'Matrica udruženje mladih (primer)', 'Matrica volontiranje (primer)', 'Pomoć na radionicama.', 'Omladinski klub', $4, $4, 2
           FROM volunteer_applications x WHERE x.office_id = $1 AND x.id = $3`,
        [office.id, code, app, daysAgo(3)],
      );
      return code;
    });
    // The owner: in the register with a JMBG, so the identity form shows their data to correct.
    const person = await ensureJoined(deps, slug, owner);
    const birth = (await db.query<{ b: string }>(`SELECT to_char(birth_date, 'YYYY-MM-DD') AS b FROM users WHERE id = $1`, [owner]))[0]!.b;
    await upsertIdentity(db, office.id, person, { jmbg: fixtureJmbg(birth), address: 'Primerna 2, Pančevo', citizenship: 'Srbija' });
    known = { opportunity, second, owner, code };
    made.set(db, known);
  }
  const { opportunity, second, owner, code } = known;
  return db.transaction(async (tx) => {
    const application = await apply(tx, office.id, opportunity, owner, 'accepted');
    const has = async (status: string) =>
      (
        await tx.query('SELECT 1 FROM volunteer_hours WHERE office_id = $1 AND application_id = $2 AND status = $3 AND hours IS NOT NULL', [
          office.id,
          application,
          status,
        ])
      ).length > 0;
    if (!(await has('logged'))) await addHours(tx, office.id, application, owner, 'logged');
    if (!(await has('confirmed'))) await addHours(tx, office.id, application, owner, 'confirmed');
    const pendingRows = await tx.query<{ id: string }>(
      `SELECT id FROM volunteer_applications WHERE office_id = $1 AND opportunity_id = $2 AND status = 'pending' ORDER BY created_at LIMIT 1`,
      [office.id, opportunity],
    );
    const pending = pendingRows[0]?.id ?? (await apply(tx, office.id, opportunity, await fictionalAccount(tx), 'pending'));
    const uncertifiedRows = await tx.query<{ id: string }>(
      `SELECT x.id FROM volunteer_applications x
        WHERE x.office_id = $1 AND x.opportunity_id = $2 AND x.status = 'accepted' AND x.user_id <> $3
          AND NOT EXISTS (SELECT 1 FROM volunteer_certificates c WHERE c.office_id = x.office_id AND c.application_id = x.id)
          AND EXISTS (SELECT 1 FROM volunteer_hours h WHERE h.office_id = x.office_id AND h.application_id = x.id AND h.status = 'confirmed')
        LIMIT 1`,
      [office.id, opportunity, owner],
    );
    let uncertified = uncertifiedRows[0]?.id;
    if (!uncertified) {
      const u = await fictionalAccount(tx);
      uncertified = await apply(tx, office.id, opportunity, u, 'accepted');
      await addHours(tx, office.id, uncertified, u, 'confirmed');
    }
    // The owner's application on the second place, checked in (for the check-out).
    const checkedIn = await apply(tx, office.id, second, owner, 'accepted');
    // An hour ago, but never before today's local midnight: a check-out closes a stay of one local day.
    const today = localParts(new Date()).date;
    const startedAt = new Date(Math.max(Date.now() - 3_600_000, belgradeInstant(today, '00:00').getTime()));
    const open = await tx.query<{ day: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM volunteer_hours WHERE office_id = $1 AND application_id = $2 AND hours IS NULL`,
      [office.id, checkedIn],
    );
    if (open.length === 0) {
      await tx.query(`INSERT INTO volunteer_hours (office_id, application_id, user_id, day, started_at) VALUES ($1, $2, $3, $4, $5)`, [
        office.id,
        checkedIn,
        owner,
        today,
        startedAt,
      ]);
    } else if (open[0]!.day !== today) {
      await tx.query(
        `UPDATE volunteer_hours SET day = $3, started_at = $4 WHERE office_id = $1 AND application_id = $2 AND hours IS NULL`,
        [office.id, checkedIn, today, startedAt],
      );
    }
    const certified = (
      await tx.query<{ application_id: string }>('SELECT application_id FROM volunteer_certificates WHERE office_id = $1 AND code = $2', [
        office.id,
        code,
      ])
    )[0]!.application_id;
    // Applications stay open (a route may have closed them), and one application has a live
    // certificate to revoke: another volunteer's, reissued whenever a run revoked it.
    await tx.query('UPDATE volunteer_opportunities SET closed = false WHERE office_id = $1 AND id = $2 AND closed', [
      office.id,
      opportunity,
    ]);
    const revocableRows = await tx.query<{ id: string }>(
      `SELECT x.id FROM volunteer_applications x
        WHERE x.office_id = $1 AND x.opportunity_id = $2 AND x.status = 'accepted' AND x.user_id <> $3 AND x.id <> $4 AND x.id <> $5
          AND x.motivation = 'Fikstura: opoziv' LIMIT 1`,
      [office.id, opportunity, owner, certified, uncertified],
    );
    let revocable = revocableRows[0]?.id;
    if (!revocable) {
      const u = await fictionalAccount(tx);
      revocable = await apply(tx, office.id, opportunity, u, 'accepted');
      await tx.query(`UPDATE volunteer_applications SET motivation = 'Fikstura: opoziv' WHERE office_id = $1 AND id = $2`, [
        office.id,
        revocable,
      ]);
      await addHours(tx, office.id, revocable, u, 'confirmed');
    }
    await tx.query(
      `INSERT INTO volunteer_certificates (office_id, code, application_id, full_name, organiser, title, tasks, place, first_day, last_day, hours)
       SELECT $1, $2, $3, x.full_name, 'Matrica udruženje mladih (primer)', 'Matrica volontiranje (primer)', 'Pomoć na radionicama.', 'Omladinski klub', $4, $4, 2
         FROM volunteer_applications x
        WHERE x.office_id = $1 AND x.id = $3
          AND NOT EXISTS (SELECT 1 FROM volunteer_certificates c WHERE c.office_id = $1 AND c.application_id = $3 AND c.revoked_at IS NULL)`,
      [office.id, newCertificateCode(), revocable, daysAgo(3)],
    );
    return { opportunity, application, pending, uncertified, checkedIn, certified, revocable, code };
  });
}

/**
 * :volunteer for a route: a pending application for accept and decline, an uncertified one for
 * issuing a certificate, the owner's checked-in one for the check-out, otherwise the owner's.
 */
export async function volunteerParamFixture(
  deps: Deps,
  slug: string,
  ownerEmail: string,
  repEmail: string,
  route?: string,
): Promise<string> {
  const f = await volunteeringFixture(deps, slug, ownerEmail, repEmail);
  if (route === 'volunteering.admin.accept' || route === 'volunteering.admin.decline') return f.pending;
  if (route === 'volunteering.admin.certificate') return f.uncertified;
  if (route === 'volunteering.checkout') return f.checkedIn;
  if (route === 'volunteering.certificate.pdf') return f.certified;
  if (route === 'volunteering.admin.revoke') return f.revocable;
  return f.application;
}

/**
 * FORM_STATES: a fresh opportunity of office `slug` (its apply form, for someone who has not
 * applied), and an accepted application of `userId` on it (log hours, check-in; then checked in:
 * check-out; the identity form). Returns the paths to open.
 */
export async function volunteerFormPaths(deps: Deps, slug: string, userId: string): Promise<{ apply: string; application: string }> {
  const office = (await findFullOffice(deps.db, slug))!;
  const mk = () =>
    deps.db.transaction((tx) =>
      insertVolOpportunity(
        tx,
        office.id,
        {
          association_id: null,
          title: 'Obrasci volontiranja (primer)',
          tasks: 'Zadaci.',
          place: 'Kancelarija',
          starts_on: daysAgo(10),
          ends_on: null,
          hours_per_week: 2,
          skills: [],
          min_age: 15,
          educational: false,
          beneficiaries: [],
          abroad: false,
          training: '',
          costs: '',
          area: null,
        },
        null,
      ),
    );
  const forApply = await mk();
  const forMine = await mk();
  const application = await deps.db.transaction((tx) => apply(tx, office.id, forMine, userId, 'accepted'));
  return {
    apply: `/lat/kancelarije/${slug}/volontiranje/${forApply}`,
    application: `/lat/kancelarije/${slug}/volontiranje/prijave/${application}`,
  };
}
