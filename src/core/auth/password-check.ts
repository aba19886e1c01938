import { setTimeout as sleep } from 'node:timers/promises';
import type { Deps } from '../http/env.ts';
import { LIMITS, PASSWORD_SLOW_MS, refundHit, throttle, throttleHits } from '../http/throttle.ts';

/**
 * The one way a form checks a password (log-in, change e-mail, change password, erase the
 * account …): a form that called deps.passwords.verify itself would give an attacker with a
 * stolen session, or a shared computer, unlimited guesses. Throttles live in the database, so
 * they hold across app processes.
 *
 * - Failures per account and client address (LIMITS.passwordClient) and per client address
 *   (LIMITS.passwordIp) refuse that client. The hit is taken before the check and given back
 *   when the password is right, so parallel guesses cannot slip past the count, and correct
 *   passwords never count.
 * - Failures per account from all clients (LIMITS.passwordAccount) do not refuse anyone, or a
 *   stranger could lock the owner out from a few addresses: past the budget each attempt
 *   waits PASSWORD_SLOW_MS first (before the check, so the wait does not tell right from
 *   wrong), and a correct password gets in. A second factor can replace the wait later.
 */
export type PasswordVerdict = 'ok' | 'wrong' | 'throttled';

// A real argon2id hash of a random string: checking a missing account costs the same as a
// real one, so the answer's timing does not tell whether the account exists.
let dummyHash: Promise<string> | undefined;

export async function checkPassword(
  deps: Pick<Deps, 'db' | 'passwords'>,
  input: {
    /** The account's e-mail address as typed or stored (case does not matter); also for accounts that do not exist. */
    account: string;
    /** The stored hash; undefined when there is no such account. */
    hash: string | undefined;
    password: string;
    /** clientIp(c). */
    ip: string;
  },
): Promise<PasswordVerdict> {
  const { db } = deps;
  const account = input.account.toLowerCase();
  const clientKey = `pw:${account}|${input.ip}`;
  const ipKey = `pw-ip:${input.ip}`;
  const okClient = await throttle(db, clientKey, ...LIMITS.passwordClient);
  const okIp = await throttle(db, ipKey, ...LIMITS.passwordIp);
  if (!okClient || !okIp) return 'throttled';
  const [budget, windowSec] = LIMITS.passwordAccount;
  if ((await throttleHits(db, `pw-acct:${account}`, windowSec)) >= budget) await sleep(PASSWORD_SLOW_MS);
  dummyHash ??= deps.passwords.hash(`dummy-${Math.random()}`);
  const valid = await deps.passwords.verify(input.hash ?? (await dummyHash), input.password);
  if (valid && input.hash !== undefined) {
    await refundHit(db, clientKey);
    await refundHit(db, ipKey);
    return 'ok';
  }
  await throttle(db, `pw-acct:${account}`, budget, windowSec);
  return 'wrong';
}
