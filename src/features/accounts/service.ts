import { recordAccountEvent } from '../../core/audit.ts';
import { checkPassword } from '../../core/auth/password-check.ts';
import { createSession, deleteOtherSessions, deleteUserSessions, markActive } from '../../core/auth/sessions.ts';
import { isUniqueViolation, type Queryable } from '../../core/db/db.ts';
import type { Deps } from '../../core/http/env.ts';
import { LIMITS, throttle } from '../../core/http/throttle.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import type { MessageKey } from '../../core/i18n/messages.ts';
import { AGE_OF_DIGITAL_CONSENT, MAX_AGE, ageOn, localToday } from './age.ts';
import { queueAccountMail } from './mails.ts';
import {
  confirmEmail,
  consumeUserToken,
  createUserToken,
  findUserByEmail,
  findUserById,
  insertConsent,
  insertUser,
  setEmail,
  setPassword,
  type TokenPurpose,
} from './repo.ts';
import type { SignUpInput } from './schema.ts';

/** Version of the privacy notice people consent to; bump it when the notice changes. */
export const PRIVACY_NOTICE_VERSION = '2026-12-01';

type Fail = { ok: false; field?: string; error: MessageKey };

/**
 * Creates an account together with its owner's consent to the current privacy notice (given
 * by the person, from 15): no account ever exists without one. Sign-up, the CLI and the demo
 * data all create accounts through here.
 */
export async function insertAccount(q: Queryable, user: Parameters<typeof insertUser>[1]): Promise<string> {
  const userId = await insertUser(q, user);
  await insertConsent(q, userId, PRIVACY_NOTICE_VERSION, 'self');
  return userId;
}

/** The mails that carry a one-time link: which token, which text, which page opens it. */
const TOKEN_MAILS = {
  confirm: { purpose: 'confirm_email', subject: 'mail.confirm.subject', body: 'mail.confirm.body', path: '/nalog/potvrda' },
  exists: { purpose: 'reset_password', subject: 'mail.exists.subject', body: 'mail.exists.body', path: '/nalog/nova-lozinka' },
  reset: { purpose: 'reset_password', subject: 'mail.reset.subject', body: 'mail.reset.body', path: '/nalog/nova-lozinka' },
  changeEmail: {
    purpose: 'change_email',
    subject: 'mail.changeEmail.subject',
    body: 'mail.changeEmail.body',
    path: '/nalog/email/potvrda',
  },
} as const satisfies Record<string, { purpose: TokenPurpose; subject: MessageKey; body: MessageKey; path: string }>;

/** Creates a one-time token and queues the mail with its link, in the caller's transaction. */
async function queueTokenMail(
  deps: Deps,
  tx: Queryable,
  kind: keyof typeof TOKEN_MAILS,
  user: { id: string; email: string; locale: Locale; display_name: string },
  to: string = user.email,
): Promise<void> {
  const m = TOKEN_MAILS[kind];
  const token = await createUserToken(tx, user.id, m.purpose, kind === 'changeEmail' ? to : undefined);
  await queueAccountMail(tx, {
    to,
    locale: user.locale,
    name: user.display_name,
    subject: m.subject,
    body: m.body,
    link: `${deps.config.BASE_URL}/${user.locale}${m.path}?token=${encodeURIComponent(token)}`,
  });
}

/** Both limits must hold: per target address and per client address. */
async function mailAllowed(deps: Deps, email: string, ip: string): Promise<boolean> {
  const [limit, windowSec] = LIMITS.mail;
  const byEmail = await throttle(deps.db, `mail:${email.toLowerCase()}`, limit, windowSec);
  const byIp = await throttle(deps.db, `mail-ip:${ip}`, limit * 4, windowSec);
  return byEmail && byIp;
}

/** Validates the birth date against today: future, implausible, or under 15 (no account). */
export function checkBirthDate(birth: string, now: Date): MessageKey | 'under15' | null {
  const today = localToday(now);
  if (birth > today) return 'err.birthFuture';
  const age = ageOn(birth, today);
  if (age > MAX_AGE) return 'err.birthRange';
  if (age < AGE_OF_DIGITAL_CONSENT) return 'under15';
  return null;
}

/**
 * Sign-up. The answer is the same whether or not the address already has an account (the
 * owner gets a mail instead), so the form cannot be used to learn who is registered.
 */
export async function signUp(
  deps: Deps,
  input: SignUpInput,
  locale: Locale,
  ip: string,
): Promise<{ ok: true } | { ok: false; under15: true } | Fail> {
  const birth = checkBirthDate(input.birth_date, deps.now());
  if (birth === 'under15') return { ok: false, under15: true };
  if (birth) return { ok: false, field: 'birth_date', error: birth };
  if (!(await mailAllowed(deps, input.email, ip))) return { ok: false, error: 'err.throttled' };
  const passwordHash = await deps.passwords.hash(input.password);
  try {
    await deps.db.transaction(async (tx) => {
      const existing = await findUserByEmail(tx, input.email);
      if (existing) {
        await queueTokenMail(deps, tx, 'exists', existing);
        return;
      }
      const userId = await insertAccount(tx, {
        email: input.email,
        passwordHash,
        displayName: input.display_name,
        birthDate: input.birth_date,
        locale,
      });
      await queueTokenMail(deps, tx, 'confirm', { id: userId, email: input.email, locale, display_name: input.display_name });
      await recordAccountEvent(tx, userId, 'account.signup', { noticeVersion: PRIVACY_NOTICE_VERSION });
    });
  } catch (err) {
    // Two sign-ups with one address at the same moment: the database let one win.
    if (!isUniqueViolation(err)) throw err;
  }
  return { ok: true };
}

export async function confirmSignUp(deps: Deps, token: string): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const t = await consumeUserToken(tx, token, 'confirm_email');
    if (!t) return false;
    await confirmEmail(tx, t.user_id);
    await recordAccountEvent(tx, t.user_id, 'account.email_confirmed');
    return true;
  });
}

export async function resendConfirmation(deps: Deps, email: string, ip: string): Promise<{ ok: true } | Fail> {
  if (!(await mailAllowed(deps, email, ip))) return { ok: false, error: 'err.throttled' };
  await deps.db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user || user.email_confirmed_at) return;
    await queueTokenMail(deps, tx, 'confirm', user);
  });
  return { ok: true };
}

/** Log-in: the password is checked by checkPassword (throttled per client, never locked by strangers); returns the new session's token. */
export async function logIn(
  deps: Deps,
  email: string,
  password: string,
  ip: string,
): Promise<{ ok: true; token: string; userId: string } | (Fail & { unconfirmed?: boolean })> {
  const user = await findUserByEmail(deps.db, email);
  const verdict = await checkPassword(deps, { account: email, hash: user?.password_hash, password, ip });
  if (verdict === 'throttled') return { ok: false, error: 'err.throttled' };
  if (!user || verdict !== 'ok') {
    if (user) await recordAccountEvent(deps.db, user.id, 'account.login_failed');
    return { ok: false, error: 'login.bad' };
  }
  if (!user.email_confirmed_at) return { ok: false, error: 'login.unconfirmed', unconfirmed: true };
  const token = await deps.db.transaction(async (tx) => {
    const t = await createSession(tx, user.id, deps.config.SESSION_DAYS);
    await markActive(tx, user.id, deps.now());
    await recordAccountEvent(tx, user.id, 'account.login');
    return t;
  });
  return { ok: true, token, userId: user.id };
}

export async function requestPasswordReset(deps: Deps, email: string, ip: string): Promise<{ ok: true } | Fail> {
  if (!(await mailAllowed(deps, email, ip))) return { ok: false, error: 'err.throttled' };
  await deps.db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user) return;
    await queueTokenMail(deps, tx, 'reset', user);
  });
  return { ok: true };
}

/**
 * Sets a new password from a mailed token; ends every session (a reset means "lock others
 * out") and, through setPassword, voids every other outstanding reset link of the account.
 */
export async function resetPassword(deps: Deps, token: string, password: string): Promise<boolean> {
  const passwordHash = await deps.passwords.hash(password);
  return deps.db.transaction(async (tx) => {
    const t = await consumeUserToken(tx, token, 'reset_password');
    if (!t) return false;
    await setPassword(tx, t.user_id, passwordHash);
    // The mail reached its owner, so the address is proven too.
    await confirmEmail(tx, t.user_id);
    await deleteUserSessions(tx, t.user_id);
    await recordAccountEvent(tx, t.user_id, 'account.password_reset');
    return true;
  });
}

/**
 * The signed-in person changes their password, confirming the current one (checkPassword).
 * Every other session ends and outstanding reset and e-mail-change links are voided; the
 * session in use stays.
 */
export async function changePassword(
  deps: Deps,
  actor: { userId: string; sessionId: string },
  input: { old_password: string; new_password: string },
  ip: string,
): Promise<{ ok: true } | Fail> {
  const user = await findUserById(deps.db, actor.userId);
  if (!user) return { ok: false, error: 'error.404.title' };
  const verdict = await checkPassword(deps, { account: user.email, hash: user.password_hash, password: input.old_password, ip });
  if (verdict === 'throttled') return { ok: false, error: 'err.throttled' };
  if (verdict !== 'ok') return { ok: false, field: 'old_password', error: 'err.passwordWrong' };
  const passwordHash = await deps.passwords.hash(input.new_password);
  await deps.db.transaction(async (tx) => {
    await setPassword(tx, user.id, passwordHash);
    await deleteOtherSessions(tx, user.id, actor.sessionId);
    await queueAccountMail(tx, {
      to: user.email,
      locale: user.locale,
      name: user.display_name,
      subject: 'mail.passwordChanged.subject',
      body: 'mail.passwordChanged.body',
      ignoreHint: false,
    });
    await recordAccountEvent(tx, user.id, 'account.password_changed');
  });
  return { ok: true };
}

export async function requestEmailChange(
  deps: Deps,
  userId: string,
  newEmail: string,
  currentPassword: string,
  ip: string,
): Promise<{ ok: true } | Fail> {
  const user = await findUserById(deps.db, userId);
  if (!user) return { ok: false, error: 'error.404.title' };
  if (user.email.toLowerCase() === newEmail.toLowerCase()) return { ok: false, field: 'new_email', error: 'err.sameEmail' };
  const verdict = await checkPassword(deps, { account: user.email, hash: user.password_hash, password: currentPassword, ip });
  if (verdict === 'throttled') return { ok: false, error: 'err.throttled' };
  if (verdict !== 'ok') return { ok: false, field: 'current_password', error: 'err.passwordWrong' };
  if (!(await mailAllowed(deps, newEmail, ip))) return { ok: false, error: 'err.throttled' };
  await deps.db.transaction(async (tx) => {
    // A taken address gets no mail; the answer stays the same so it reveals nothing.
    if (await findUserByEmail(tx, newEmail)) return;
    await queueTokenMail(deps, tx, 'changeEmail', user, newEmail);
  });
  return { ok: true };
}

export async function confirmEmailChange(deps: Deps, token: string): Promise<boolean> {
  try {
    return await deps.db.transaction(async (tx) => {
      const t = await consumeUserToken(tx, token, 'change_email');
      if (!t?.new_email) return false;
      const user = await findUserById(tx, t.user_id);
      if (!user) return false;
      await setEmail(tx, user.id, t.new_email);
      await queueAccountMail(tx, {
        to: user.email,
        locale: user.locale,
        name: user.display_name,
        subject: 'mail.emailChanged.subject',
        body: 'mail.emailChanged.body',
        vars: { email: t.new_email },
        ignoreHint: false,
      });
      await recordAccountEvent(tx, user.id, 'account.email_changed');
      return true;
    });
  } catch (err) {
    // The new address was taken by another account meanwhile.
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}
