import { loadConfig } from './core/config.ts';
import { createDeps, openConfiguredDb, prepareDataDir } from './core/deps.ts';
import { migrate } from './core/db/migrate.ts';
import { createLogger } from './core/log.ts';
import { collectWhenQuiet } from './core/memory.ts';
import { hasNoOffices } from './seed/empty.ts';

/**
 * Starts KZM: open the database, migrate, seed demo data on an empty one, serve, send mail.
 * Each phase's duration goes into the "listening" log line (`startup`, ms), which `npm run
 * bench` reads; `imports` runs from the process's start to here (Node's boot + loading the
 * few modules above). The app's own modules (every feature, the server) are imported while
 * the database opens: opening PGlite waits on its WebAssembly compiling on other threads and
 * on file reads, time the module loading fills; `modules` is what was left to wait for after
 * the migrations.
 */
async function main(): Promise<void> {
  const startup: Record<string, number> = { imports: Math.round(performance.now()) };
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    startup[name] = Math.round(now - mark);
    mark = now;
  };
  const config = loadConfig();
  const log = createLogger(config);
  const created = await prepareDataDir(config);
  if (created) log.info({ dataDir: config.DATA_DIR }, 'data directory created from the migrated template');
  phase('dataDir');
  const modules = Promise.all([import('./app.ts'), import('./core/background.ts'), import('@hono/node-server')]);
  // The demo seed's modules load with the others only where the seed is likely to run (a new data
  // directory, or a server whose emptiness is not known yet); a seeded directory never loads them.
  const loadSeed = () => import('./seed/demo.ts');
  const seedModule = config.SEED_DEMO && (created || config.DATABASE_URL) ? loadSeed() : undefined;
  // Awaited below; a failed import must not count as unhandled while the database opens.
  modules.catch(() => {});
  seedModule?.catch(() => {});
  const db = await openConfiguredDb(config);
  phase('open');
  if (config.MIGRATE_ON_START) {
    const applied = await migrate(db);
    if (applied.length) log.info({ applied }, 'migrations applied');
  }
  phase('migrate');
  const [{ buildApp, JOBS }, { startBackground }, { serve }] = await modules;
  phase('modules');
  if (config.SEED_DEMO && (await hasNoOffices(db))) {
    const { seedDemoIfEmpty } = await (seedModule ?? loadSeed());
    if (await seedDemoIfEmpty(db, config)) log.info('demo data loaded');
  }
  phase('seed');

  const deps = createDeps(config, db, log);
  const { app } = buildApp(deps);
  const stopBackground = await startBackground(deps, JOBS);
  phase('app');

  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    phase('listen');
    startup.total = Math.round(performance.now());
    log.info({ url: config.BASE_URL, port: info.port, host: config.HOST, db: db.kind, startup }, 'KZM is listening');
  });

  // A burst's heap given back once the server is quiet again (core/memory.ts).
  const quiet = collectWhenQuiet();
  server.on('request', quiet.seen);

  server.on('error', (err: NodeJS.ErrnoException) => {
    log.fatal({ code: err.code, port: config.PORT, host: config.HOST }, err.code === 'EADDRINUSE' ? 'port already in use' : 'server error');
    process.exit(1);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.close();
    await stopBackground();
    await deps.heavy.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
