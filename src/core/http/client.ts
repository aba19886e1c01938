import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from './env.ts';

/** The client's address, for throttling; behind a proxy only when TRUST_PROXY is set. */
export function clientIp(c: Context<AppEnv>): string {
  if (c.var.deps.config.TRUST_PROXY) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'local';
  }
}

/**
 * A redirect target from user input, only if it stays on this site ("/x", never "//x" or "/\x").
 * Control characters are refused too: browsers drop tabs and newlines from a URL, so "/\t/x"
 * would become "//x", another site.
 */
export function safeLocalPath(next: string | undefined, fallback: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /\p{Cc}/u.test(next)) return fallback;
  return next;
}
