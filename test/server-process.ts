import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { withDatabase } from './db.ts';

/**
 * The real server (`node --import tsx src/main.ts`) as a child process, for tests that must
 * crash it (SIGKILL) or restart it on the same data; and scratch PostgreSQL databases that
 * start empty (no template), as a server on a new database sees it.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A port that was free a moment ago (listen on 0, close); the server then binds it itself. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ServerProcess {
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far (its log). */
  output(): string;
  /** Resolves once the process is gone (with its exit code or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal and waits until the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts src/main.ts with `env` on top of a clean environment (the caller's DATABASE_URL and
 * TEST_DATABASE_URL are not inherited: `env` says which database the server uses), and
 * resolves once GET /readyz answers 200, i.e. after migrations, seeding and listen.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = env.PORT ?? String(await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      TEST_DATABASE_URL: '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      BASE_URL: baseUrl,
      ...env,
      PORT: port,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (c: Buffer) => (log += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (log += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  // Should the test process end first (a failure, Ctrl-C), the server must not outlive it.
  const reap = () => void (gone || child.kill('SIGKILL'));
  process.once('exit', reap);
  void exited.then(() => {
    gone = true;
    process.off('exit', reap);
  });

  const proc: ServerProcess = {
    baseUrl,
    child,
    output: () => log,
    exited,
    async stop(signal = 'SIGTERM') {
      if (!gone) child.kill(signal);
      return exited;
    },
  };

  // A bound only so that a server that never comes up fails with its log instead of hanging.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (gone) throw new Error(`The server exited during start-up:\n${log}`);
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.status === 200) return proc;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await proc.stop('SIGKILL');
      throw new Error(`The server did not become ready in 120 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A new, empty database on the PostgreSQL server of `adminUrl` (CREATE DATABASE from
 * template0: no tables, no template of ours); drop() removes it even with open connections.
 */
export async function createScratchDatabase(adminUrl: string, prefix = 'kzm_s'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name} TEMPLATE template0`);
  return { url: withDatabase(adminUrl, name), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
