import { loadConfig } from '../../core/config.ts';
import type { Queryable } from '../../core/db/db.ts';
import { DEMO_FULL_TITLE, DEMO_TRAINING_TITLE } from '../activities/demo.ts';
import { register } from './seats.ts';

/**
 * Demo sign-ups of the demo young person (mladi@primer.test), on top of the activities demo's
 * participants: a confirmed place in Pančevo's five-session training (so "my registrations"
 * shows a QR code) and a waitlist place on the full CV workshop (so it shows a position).
 * Written through the seat rules, so counts and codes are real; no mail is queued (a new
 * installation mails nobody, and the demo person's address is not real).
 */
/** The seed gets whatever configuration its caller has; links in the demo mails use its SECRET and BASE_URL when given. */
type SeedConfig = { SECRET?: string; BASE_URL?: string; ARGON2_MEMORY_KIB?: number };

export async function seedRegistrationsDemo(
  tx: Queryable,
  given: SeedConfig,
  offices: Map<string, string>,
  now: Date = new Date(),
): Promise<void> {
  const pancevo = offices.get('pancevo');
  if (!pancevo) return;
  const [user] = await tx.query<{ id: string; email: string; display_name: string; birth_date: string }>(
    `SELECT id, email, display_name, birth_date FROM users WHERE email = 'mladi@primer.test'`,
  );
  if (!user) return;
  const defaults = loadConfig({});
  const deps = { config: { SECRET: given.SECRET ?? defaults.SECRET, BASE_URL: given.BASE_URL ?? defaults.BASE_URL }, now: () => now };
  const plan: Array<[string, Record<string, string>]> = [
    [DEMO_TRAINING_TITLE, { q1: 'Gimnazija „Uroš Predić” (primer)' }],
    [DEMO_FULL_TITLE, {}],
  ];
  for (const [title, answers] of plan) {
    const [a] = await tx.query<{ id: string }>(`SELECT id FROM activities WHERE office_id = $1 AND title = $2 AND status = 'published'`, [
      pancevo,
      title,
    ]);
    if (!a) continue;
    await register(tx, deps, {
      officeId: pancevo,
      activityId: a.id,
      source: 'account',
      userId: user.id,
      fullName: user.display_name,
      email: user.email,
      birthYear: Number(user.birth_date.slice(0, 4)),
      answers,
      script: 'lat',
      actorId: user.id,
      mail: false,
    });
  }
}
