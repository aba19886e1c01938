import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import proxyAddr from 'proxy-addr';
import type { Config } from '../config.ts';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from './env.ts';

/** Longest address kept (an IPv6 address with a zone fits); the rest of a forged entry is cut. */
const MAX_ADDRESS = 64;

/**
 * The client's address as the nearest trusted proxy saw it, for throttling. Without
 * TRUST_PROXY it is the socket's peer. Behind proxies, X-Forwarded-For is read from the right
 * (proxy-addr, Express's implementation): each proxy appends the address it saw, and anything
 * left of that was written by the client, so the first entry is never believed. With
 * TRUSTED_PROXIES the rightmost address that is not a listed proxy is the client; otherwise
 * the entry TRUST_PROXY_HOPS from the right (the socket's peer being hop 0).
 */
type Trust = (address: string, hop: number) => boolean;
const compiled = new WeakMap<readonly string[], Trust>();

function trustOf(config: Pick<Config, 'TRUST_PROXY_HOPS' | 'TRUSTED_PROXIES'>): Trust {
  const list = config.TRUSTED_PROXIES;
  if (!list) return (_address, hop) => hop < config.TRUST_PROXY_HOPS;
  let trust = compiled.get(list);
  if (!trust) compiled.set(list, (trust = proxyAddr.compile([...list])));
  return trust;
}

export function clientAddress(
  config: Pick<Config, 'TRUST_PROXY' | 'TRUST_PROXY_HOPS' | 'TRUSTED_PROXIES'>,
  socket: string | undefined,
  forwardedFor: string | undefined,
): string {
  let address = socket;
  if (config.TRUST_PROXY) {
    const req = { headers: { 'x-forwarded-for': forwardedFor ?? '' }, socket: { remoteAddress: socket } } as unknown as IncomingMessage;
    address = proxyAddr(req, trustOf(config));
  }
  return (address || 'unknown').slice(0, MAX_ADDRESS);
}

export function clientIp(c: Context<AppEnv>): string {
  let socket: string | undefined;
  try {
    socket = getConnInfo(c).remote.address;
  } catch {
    // app.request() in tests has no socket.
    socket = 'local';
  }
  return clientAddress(c.var.deps.config, socket, c.req.header('x-forwarded-for'));
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
