import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/core/config.ts';
import { openPglite, type Db } from '../src/core/db/db.ts';
import { createDeps } from '../src/core/deps.ts';
import { createLogger } from '../src/core/log.ts';

/**
 * CPU time per request of every public page, measured in-process: the real app on the
 * bench's PGlite data (page cache off) answers `app.request()` one request at a time, and
 * process.cpuUsage() before and after gives the CPU the request cost — rendering, middleware
 * and PGlite's query work (PGlite runs on the same thread). Also counts the database queries
 * a page sends, to show there is no N+1. No sockets and no load generator share the core, so
 * the figure is steadier than req/s on a busy machine.
 *
 * Standalone: `node --import tsx bench/page-cpu.ts <DATA_DIR> [page name part]` (a DATA_DIR the
 * app has seeded); with PROFILE=<dir>, each page's measured requests (only those) are also
 * written as <dir>/<page>.cpuprofile for Chrome DevTools.
 */
export interface PageCpuRow {
  page: string;
  path: string;
  status: number;
  requests: number;
  cpuUsPerReq: number;
  queriesPerReq: number;
  kb: number;
}

/**
 * Every public GET page and file with its address in the demo data. `{activity}` is filled with
 * the demo's five-session training of Pančevo (found by its title), `{association}` with the
 * first association listed for Pančevo.
 */
export const PUBLIC_PAGES: Array<{ name: string; path: string }> = [
  { name: 'home', path: '/cir/' },
  { name: 'directory', path: '/lat/kancelarije' },
  { name: 'office', path: '/lat/kancelarije/pancevo' },
  { name: 'opportunities (office)', path: '/cir/kancelarije/pancevo/prilike' },
  { name: 'opportunities (all)', path: '/lat/prilike?uskoro=1' },
  { name: 'associations', path: '/cir/kancelarije/pancevo/udruzenja' },
  { name: 'association', path: '{association}' },
  { name: 'calendar', path: '/lat/aktivnosti' },
  { name: 'calendar (en)', path: '/en/aktivnosti' },
  { name: 'office calendar', path: '/cir/kancelarije/pancevo/aktivnosti' },
  { name: 'office calendar (month)', path: '/cir/kancelarije/pancevo/aktivnosti?prikaz=mesec' },
  { name: 'office calendar (month, en)', path: '/en/kancelarije/pancevo/aktivnosti?prikaz=mesec' },
  { name: 'activity', path: '{activity}' },
  { name: 'activity (en)', path: '{activity-en}' },
  { name: 'calendar .ics', path: '/aktivnosti.ics' },
  { name: 'office .ics', path: '/kancelarije/pancevo/aktivnosti.ics?pismo=lat' },
  { name: 'office RSS', path: '/kancelarije/pancevo/aktivnosti.rss' },
  { name: 'office Atom', path: '/kancelarije/pancevo/aktivnosti.atom?pismo=en' },
  { name: 'activity .ics', path: '{activity-ics}' },
  { name: 'privacy', path: '/cir/privatnost' },
  { name: 'log-in form', path: '/lat/nalog/prijava' },
  { name: 'sign-up form', path: '/cir/nalog/registracija' },
];

/** Counts the queries sent through the app's Db. */
function counting(db: Db): { db: Db; count: () => number } {
  let n = 0;
  const wrapped: Db = {
    ...db,
    query: (sql, params) => {
      n++;
      return db.query(sql, params);
    },
    transaction: (fn) => db.transaction((tx) => fn({ ...tx, query: (sql, params) => (n++, tx.query(sql, params)) })),
  };
  return { db: wrapped, count: () => n };
}

export async function measurePageCpu(opts: {
  dataDir: string;
  requests?: number;
  only?: string;
  /** A directory to write each page's CPU profile of the measured requests to. */
  profileDir?: string;
  onRow?: (row: PageCpuRow) => void;
}): Promise<PageCpuRow[]> {
  const requests = opts.requests ?? 200;
  const config = loadConfig({
    DATA_DIR: opts.dataDir,
    PAGE_CACHE: 'false',
    LOG_LEVEL: 'silent',
    MAIL_WORKER: 'false',
    BASE_URL: 'http://localhost:3000',
  });
  const raw = await openPglite(opts.dataDir);
  try {
    const { db, count } = counting(raw);
    const { app } = buildApp(createDeps(config, db, createLogger(config)));
    const get = async (path: string) => {
      const res = await app.request(path);
      return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
    };

    const list = (await get('/lat/kancelarije/pancevo/aktivnosti?q=vrsnjacke%20edukatore')).body.toString('utf8');
    const activity = /href="\/lat(\/kancelarije\/pancevo\/aktivnosti\/[0-9a-f-]{36})"/.exec(list)?.[1];
    const assocList = (await get('/lat/kancelarije/pancevo/udruzenja')).body.toString('utf8');
    const association = /href="\/lat(\/kancelarije\/pancevo\/udruzenja\/[^"/?#]+)"/.exec(assocList)?.[1];
    const fill = (path: string): string | null => {
      if (path === '{activity}') return activity ? `/lat${activity}` : null;
      if (path === '{activity-en}') return activity ? `/en${activity}` : null;
      if (path === '{activity-ics}') return activity ? `${activity}/kalendar.ics?pismo=cir` : null;
      if (path === '{association}') return association ? `/cir${association}` : null;
      return path;
    };

    const rows: PageCpuRow[] = [];
    for (const page of PUBLIC_PAGES) {
      if (opts.only && !page.name.includes(opts.only)) continue;
      const path = fill(page.path);
      if (!path) throw new Error(`bench: no address found for ${page.name}`);
      // Warm-up: JIT, the query plans PGlite caches, lazily built tables.
      let first = await get(path);
      for (let i = 0; i < Math.min(50, requests); i++) first = await get(path);
      const session = opts.profileDir ? new Session() : null;
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      }
      const q0 = count();
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < requests; i++) await get(path);
      const cpu = process.cpuUsage(cpu0);
      if (session) {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(`${opts.profileDir}/${page.name.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`, JSON.stringify(profile));
        session.disconnect();
      }
      const row = {
        page: page.name,
        path,
        status: first.status,
        requests,
        cpuUsPerReq: (cpu.user + cpu.system) / requests,
        queriesPerReq: (count() - q0) / requests,
        kb: first.body.length / 1024,
      };
      opts.onRow?.(row);
      rows.push(row);
    }
    return rows;
  } finally {
    await raw.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dataDir, only] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: node --import tsx bench/page-cpu.ts <DATA_DIR> [page name part]');
  await measurePageCpu({
    dataDir,
    requests: Number(process.env.REQUESTS ?? 200),
    ...(only ? { only } : {}),
    ...(process.env.PROFILE ? { profileDir: process.env.PROFILE } : {}),
    onRow: (r) =>
      console.log(
        `${r.page.padEnd(30)} ${r.status} ${r.cpuUsPerReq.toFixed(0).padStart(7)} µs/req ${r.queriesPerReq.toFixed(1)} queries/req ${r.kb.toFixed(1)} KB`,
      ),
  });
}
