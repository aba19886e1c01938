import proxyAddr from 'proxy-addr';
import { z } from 'zod';

/**
 * Every setting KZM reads, parsed once at boot. Code receives a `Config` object instead of
 * reading process.env, so tests can build one directly and nothing deep inside surprises us.
 * README.md lists the same variables; keep the two in step.
 */
const bool = z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const DEV_SECRET = 'kzm-development-secret-change-me-in-production';

/** HEAVY_IDLE_MS's default, also the heavy pool's own (core/heavy.ts HeavyOptions.idleMs says why). */
export const HEAVY_IDLE_MS = 3_000;

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    /** postgres://… to use a PostgreSQL server; unset = embedded PGlite in DATA_DIR. */
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    BASE_URL: z.string().url().optional(),
    /** smtp://user:pass@host:port (or smtps://); unset = development mailbox only. */
    SMTP_URL: z.string().url().optional(),
    MAIL_FROM: z.string().min(3).default('KZM <no-reply@kzm.localhost>'),
    SECRET: z.string().min(32).default(DEV_SECRET),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Fill an empty database with the demo offices on start. */
    SEED_DEMO: bool.default(true),
    /** Run migrations on start (a deployment may prefer `npm run kzm -- migrate`). */
    MIGRATE_ON_START: bool.default(true),
    /** Send queued mail from this process. */
    MAIL_WORKER: bool.default(true),
    /** Cache rendered anonymous pages in memory (invalidated by writes). */
    PAGE_CACHE: bool.default(true),
    /** PGlite on a worker thread of its own, off the event loop (core/db/pglite-thread.ts); without DATABASE_URL only. */
    PGLITE_THREAD: bool.default(true),
    /** Memory the page cache may use for rendered pages, in bytes; least recently used pages go first. */
    PAGE_CACHE_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(65_536)
      .default(16 * 1024 * 1024),
    /**
     * Behind a reverse proxy: take the client address (for throttling) from X-Forwarded-For.
     * A client can write any X-Forwarded-For it likes, and a proxy such as nginx
     * ($proxy_add_x_forwarded_for) appends the address it saw, so the first entry is the
     * client's own claim. The address used is the one the nearest trusted proxy saw:
     * TRUSTED_PROXIES when set, else the entry TRUST_PROXY_HOPS from the right
     * (core/http/client.ts).
     */
    TRUST_PROXY: bool.default(false),
    /** How many proxies in front of the app append to X-Forwarded-For (1: nginx alone; 2: a CDN, then nginx). */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
    /**
     * Comma-separated addresses or CIDR ranges of the proxies (or `loopback`, `linklocal`,
     * `uniquelocal`); when set, the client is the rightmost address that is not one of them,
     * and TRUST_PROXY_HOPS is not used.
     */
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const list = (v ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        try {
          proxyAddr.compile(list);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: `not a list of addresses or CIDR ranges (${(err as Error).message})` });
          return z.NEVER;
        }
        return list.length ? list : undefined;
      }),
    BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
    SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** argon2id memory cost in KiB; lowered only in tests. */
    ARGON2_MEMORY_KIB: z.coerce.number().int().min(1024).default(19_456),
    /** Months without a log-in after which an account is warned by mail (features/me/retention.ts). */
    RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(24),
    /** Days after that warning before a still-inactive account is anonymised and deleted. */
    RETENTION_GRACE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** Worker threads for heavy work (parsing uploads, building exports and PDFs; core/heavy.ts). */
    HEAVY_THREADS: z.coerce.number().int().min(1).max(64).default(2),
    /** Heap cap of each such worker, in MB: a file that needs more is refused, the process goes on. */
    HEAVY_MEMORY_MB: z.coerce.number().int().min(32).default(256),
    /** Time limit of one heavy task, in ms: past it the worker is terminated. */
    HEAVY_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    /** A heavy worker idle this long is terminated, giving its memory back (core/heavy.ts). */
    HEAVY_IDLE_MS: z.coerce.number().int().min(100).default(HEAVY_IDLE_MS),
    /** Newsletter mails one office may send per minute (features/newsletter/sender.ts): a small town's SMTP relay is not flooded. */
    NEWSLETTER_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  })
  .transform((c) => ({
    ...c,
    BASE_URL: (c.BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
  }))
  .refine((c) => c.NODE_ENV !== 'production' || c.SECRET !== DEV_SECRET, {
    message: 'SECRET must be set (32+ characters) when NODE_ENV=production',
    path: ['SECRET'],
  });

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(Object.keys(configSchema.in.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = configSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function isHttps(config: Config): boolean {
  return config.BASE_URL.startsWith('https://');
}
