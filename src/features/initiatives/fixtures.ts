import { tokenHash, newToken } from '../../core/auth/sessions.ts';
import type { Queryable } from '../../core/db/db.ts';
import type { RouteDef } from '../../core/http/routes.ts';
import { INVITE_PATH, initiativePath } from './paths.ts';
import type { Status } from './schema.ts';

/**
 * Fixtures for the harness (test/actors.ts PARAM_FIXTURES, test/forms.ts FORM_STATES): an
 * initiative of the office in the state a route acts on, whose team holds the given accounts
 * (an account of the office — the matrix’s coordinatorA — and the national admin the form discovery signs in as), so every
 * form of the feature shows. Production code never imports this.
 */

/** The workflow's path from a draft to each status (the trigger allows only these steps). */
const STEPS: Record<Status, Status[]> = {
  draft: [],
  submitted: ['submitted'],
  under_review: ['submitted', 'under_review'],
  needs_changes: ['submitted', 'under_review', 'needs_changes'],
  supported: ['submitted', 'under_review', 'supported'],
  declined: ['submitted', 'under_review', 'declined'],
  in_progress: ['submitted', 'under_review', 'supported', 'in_progress'],
  completed: ['submitted', 'under_review', 'supported', 'in_progress', 'completed'],
};

/** The 8-byte PNG signature: enough for an <img> route's bytes (the harness never decodes it). */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A new initiative of the office in `status`, its team the existing accounts among `emails` (the first is the lead), published. */
export async function makeInitiative(q: Queryable, officeSlug: string, status: Status, emails: readonly string[]): Promise<string> {
  const [o] = await q.query<{ id: string }>('SELECT id FROM offices WHERE slug = $1', [officeSlug]);
  if (!o) throw new Error(`makeInitiative: no office ${officeSlug}`);
  const users = await q.query<{ id: string; email: string; display_name: string }>(
    'SELECT id, email, display_name FROM users WHERE lower(email) = ANY($1::text[]) ORDER BY array_position($1::text[], lower(email))',
    [emails.map((e) => e.toLowerCase())],
  );
  const [row] = await q.query<{ id: string }>(
    `INSERT INTO initiatives (office_id, proposer_kind, group_name, title, idea, why, audience, area, place, starts_on, ends_on, support,
                              publish_consent, created_by)
     VALUES ($1, 'group', 'Matrica grupa', 'Inicijativa matrice', 'Ideja.', 'Zašto.', 'Mladi', 'participation', 'Pančevo',
             current_date + 30, current_date + 31, '{space}', true, $2) RETURNING id`,
    [o.id, users[0]?.id ?? null],
  );
  const id = row!.id;
  await q.query(
    `INSERT INTO initiative_budget_items (office_id, initiative_id, position, name, quantity, unit_price) VALUES ($1, $2, 0, 'Materijal', 2, 1500)`,
    [o.id, id],
  );
  for (const [i, u] of users.entries())
    await q.query(
      `INSERT INTO initiative_members (office_id, initiative_id, email, user_id, role, accepted_at) VALUES ($1, $2, $3, $4, $5, now())`,
      [o.id, id, u.email, u.id, i === 0 ? 'lead' : 'member'],
    );
  for (const to of STEPS[status])
    await q.query(
      `UPDATE initiatives SET status = $3,
              supported_at = CASE WHEN $3 = 'supported' THEN now() ELSE supported_at END,
              decision_note = CASE WHEN $3 IN ('declined', 'needs_changes') THEN 'Matrica.' ELSE decision_note END,
              report = CASE WHEN $3 = 'completed' THEN 'Izveštaj matrice.' ELSE report END,
              reached_15_19 = CASE WHEN $3 = 'completed' THEN 3 END, reached_20_24 = CASE WHEN $3 = 'completed' THEN 2 END,
              reached_25_30 = CASE WHEN $3 = 'completed' THEN 1 END,
              completed_at = CASE WHEN $3 = 'completed' THEN now() END
        WHERE office_id = $1 AND id = $2`,
      [o.id, id, to],
    );
  if (status === 'in_progress' || status === 'completed') {
    const [f] = await q.query<{ id: string }>(
      `INSERT INTO files (office_id, name, content_type, size, sha256, bytes) VALUES ($1, 'foto.png', 'image/png', 8,
         '4c4b6a3be1314ab86138bef4314dde022e600960d8689a2c8f8631802d20dab6', $2) RETURNING id`,
      [o.id, PNG],
    );
    await q.query(`INSERT INTO initiative_photos (office_id, initiative_id, file_id, alt) VALUES ($1, $2, $3, 'Fotografija matrice')`, [
      o.id,
      id,
      f!.id,
    ]);
  }
  return id;
}

/** The status a route acts on (its form shows, its POST goes through); the rest get a draft. */
const STATUS_FOR: Record<string, Status> = {
  'initiatives.review': 'submitted',
  'initiatives.decide': 'under_review',
  'initiatives.decide.form': 'under_review',
  'initiatives.report.form': 'in_progress',
  'initiatives.photo.form': 'in_progress',
  'initiatives.start': 'supported',
  'initiatives.report': 'in_progress',
  'initiatives.photo.add': 'in_progress',
  'initiatives.photo': 'completed',
};

/** The team a fixture initiative has: the given account (if present) and the first national admin. */
async function teamEmails(q: Queryable, memberEmail: string): Promise<string[]> {
  const rows = await q.query<{ email: string }>(
    `SELECT email FROM users WHERE lower(email) = lower($1)
     UNION ALL (SELECT email FROM users WHERE is_national_admin ORDER BY created_at, email LIMIT 1)`,
    [memberEmail],
  );
  return rows.map((r) => r.email);
}

const made = new WeakMap<object, Map<Status, string>>();

/**
 * :initiative — an initiative of the office in the state the route acts on, the same one while it
 * stays in that state (probes and snapshots see one initiative), a new one once a route moved it.
 */
export async function initiativeFixture(
  q: Queryable,
  officeSlug: string,
  memberEmail: string,
  route?: Pick<RouteDef, 'name'>,
): Promise<string> {
  const status = STATUS_FOR[route?.name ?? ''] ?? 'draft';
  const known = made.get(q) ?? new Map<Status, string>();
  made.set(q, known);
  const id = known.get(status);
  if (id) {
    const [row] = await q.query<{ status: string }>('SELECT status FROM initiatives WHERE id = $1', [id]);
    if (row?.status === status) return id;
  }
  const fresh = await makeInitiative(q, officeSlug, status, await teamEmails(q, memberEmail));
  known.set(status, fresh);
  return fresh;
}

/** :photo — the photo of the completed fixture initiative (the one :initiative gives the photo route). */
export async function photoFixture(q: Queryable, officeSlug: string, memberEmail: string): Promise<string> {
  const id = await initiativeFixture(q, officeSlug, memberEmail, { name: 'initiatives.photo' });
  const [p] = await q.query<{ file_id: string }>('SELECT file_id FROM initiative_photos WHERE initiative_id = $1 LIMIT 1', [id]);
  return p!.file_id;
}

/**
 * The pages whose forms show only in some state, as the national admin (in every fixture's
 * team and staff of every office) sees them: a sent initiative (take up for review), one under
 * review (decide), a supported one (start), a running one (report, photo), and an invitation's
 * page (accept).
 */
export async function initiativeFormPaths(q: Queryable, officeSlug: string, memberEmail: string): Promise<string[]> {
  const office = { slug: officeSlug };
  const paths: string[] = [];
  for (const status of ['submitted', 'under_review', 'supported', 'in_progress'] as const)
    paths.push(`/lat${initiativePath(office, await makeInitiative(q, officeSlug, status, await teamEmails(q, memberEmail)))}`);
  // The invitation is to an initiative the national admin is not in the team of, so accepting it goes through.
  const id = await makeInitiative(q, officeSlug, 'draft', [memberEmail]);
  const token = newToken();
  await q.query(
    `INSERT INTO initiative_members (office_id, initiative_id, email, token_hash)
     SELECT o.id, $2, 'pozvana.matrica@primer.test', $3 FROM offices o WHERE o.slug = $1`,
    [officeSlug, id, tokenHash(token)],
  );
  paths.push(`/lat${INVITE_PATH}?t=${encodeURIComponent(token)}`);
  return paths;
}
