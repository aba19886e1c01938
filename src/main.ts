import { serve } from '@hono/node-server';
import { buildApp } from './app.ts';
import { loadConfig } from './core/config.ts';
import { createDeps, openConfiguredDb } from './core/deps.ts';
import { migrate } from './core/db/migrate.ts';
import { createLogger } from './core/log.ts';
import { startBackground } from './core/background.ts';
import { seedDemoIfEmpty } from './seed/demo.ts';

/** Starts KZM: open the database, migrate, seed demo data on an empty one, serve, send mail. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  const db = await openConfiguredDb(config);
  if (config.MIGRATE_ON_START) {
    const applied = await migrate(db);
    if (applied.length) log.info({ applied }, 'migrations applied');
  }
  if (config.SEED_DEMO && (await seedDemoIfEmpty(db, config))) log.info('demo data loaded');

  const deps = createDeps(config, db, log);
  const { app } = buildApp(deps);
  const stopBackground = await startBackground(deps);

  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    log.info({ url: config.BASE_URL, port: info.port, host: config.HOST, db: db.kind }, 'KZM is listening');
  });

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
