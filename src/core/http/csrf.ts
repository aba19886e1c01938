import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { isHttps } from '../config.ts';
import type { AppEnv } from './env.ts';

/**
 * CSRF: a random value in an HttpOnly cookie, and in each form an HMAC under SECRET of it and
 * of the session cookie. A forged cross-site form can neither read the cookies nor compute
 * the HMAC. Binding the token to the session means a token seen before log-in (or planted
 * with a cookie from a sibling domain) is worthless after it; log-in also draws a new cookie
 * value (rotateCsrf). The cookie is set only when a page renders a form, so cacheable
 * anonymous pages carry no Set-Cookie.
 */
export const CSRF_COOKIE = 'kzm_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The form token for a CSRF cookie value and session cookie value ('' without one); exported for test clients. */
export function sign(secret: string, value: string, session = ''): string {
  return createHmac('sha256', secret).update(`csrf:${value}:${session}`).digest('base64url');
}

/** The session cookie as this request sent it (valid or not: the browser sends it with every form). */
const sessionOf = (c: Context<AppEnv>) => getCookie(c, SESSION_COOKIE) ?? '';

/** A cookie value made during this request (a page with two forms must not make two). */
const issued = new WeakMap<Context<AppEnv>, string>();

export function csrfToken(c: Context<AppEnv>): string {
  const { config } = c.var.deps;
  let value = issued.get(c) ?? getCookie(c, CSRF_COOKIE);
  if (!value || !/^[A-Za-z0-9_-]{32,64}$/.test(value)) {
    value = randomBytes(24).toString('base64url');
    issued.set(c, value);
    setCookie(c, CSRF_COOKIE, value, { httpOnly: true, sameSite: 'Lax', secure: isHttps(config), path: '/' });
  }
  return sign(config.SECRET, value, sessionOf(c));
}

/** A new CSRF cookie value (at log-in): forms rendered before it stop working. */
export function rotateCsrf(c: Context<AppEnv>): void {
  const value = randomBytes(24).toString('base64url');
  issued.set(c, value);
  setCookie(c, CSRF_COOKIE, value, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c.var.deps.config), path: '/' });
}

export function csrfValid(c: Context<AppEnv>, submitted: string | undefined): boolean {
  const value = getCookie(c, CSRF_COOKIE);
  if (!value || !submitted) return false;
  const expected = Buffer.from(sign(c.var.deps.config.SECRET, value, sessionOf(c)));
  const given = Buffer.from(submitted);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
