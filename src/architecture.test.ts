import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './core/paths.ts';

/**
 * The import rules of ARCHITECTURE.md ("Feature order"), read from the sources: core imports
 * no feature (tests included), and the features form an order — each imports only features
 * before it in FEATURE_ORDER, so there is no cycle. Tests, fixtures.ts and testing.ts of a
 * feature are left out of the order (a test may build another feature's rows).
 */
const FEATURE_ORDER = [
  'offices',
  'accounts',
  'admin',
  'partners',
  'associations',
  'people',
  'imports',
  'activities',
  'calendar',
  'certificates',
  'registrations',
  'checkin',
  'guidance',
  'me',
  'home',
  'news',
  'opportunities',
  'newsletter',
  'council',
  'bookings',
  'initiatives',
  'volunteering',
  'surveys',
  'plan',
  'report',
  'national',
] as const;

/** Imports still against the order, each with the reason it is allowed (none today). */
const PENDING = new Set<string>();

const SRC = path.join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Relative module specifiers of a file: static imports and re-exports, side-effect imports, import() and typeof import(). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]!);
  return specs.map((s) => path.resolve(path.dirname(file), s));
}

const rel = (p: string) => path.relative(SRC, p).split(path.sep).join('/');
const featureOf = (p: string) => /^features\/([^/]+)\//.exec(rel(p))?.[1];
const FILES = sourceFiles(SRC);

test('core imports no feature (its tests neither): features declare their routes, messages and jobs in app.ts', () => {
  const offending = FILES.filter((f) => rel(f).startsWith('core/')).flatMap((f) =>
    importsOf(f)
      .filter((target) => featureOf(target) !== undefined || rel(target) === 'app.ts')
      .map((target) => `${rel(f)} imports ${rel(target)}`),
  );
  assert.deepEqual(offending, []);
});

test('the walker sees imports (a file of core that imported a feature would be found)', () => {
  const probe = path.join(SRC, 'core', 'probe.ts');
  const specs = [
    ...`import { x } from '../features/me/retention.ts';\nimport '../app.ts';`.matchAll(
      /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm,
    ),
  ].map((m) => path.resolve(path.dirname(probe), m[1]!));
  assert.deepEqual(specs.map(rel), ['features/me/retention.ts', 'app.ts']);
  assert.equal(featureOf(specs[0]!), 'me');
});

test('features form an order: each imports only features before it in FEATURE_ORDER (so no cycle)', () => {
  const features = new Set(readdirSync(path.join(SRC, 'features')));
  assert.deepEqual(
    [...features].sort(),
    [...FEATURE_ORDER].sort(),
    'every feature has its place in FEATURE_ORDER (and in ARCHITECTURE.md)',
  );
  const rank = new Map<string, number>(FEATURE_ORDER.map((f, i) => [f, i]));
  const against: string[] = [];
  const edges = new Map<string, Set<string>>();
  for (const file of FILES) {
    const from = featureOf(file);
    if (!from || /\.test\.tsx?$|\/(fixtures|testing)\.ts$/.test(file)) continue;
    for (const target of importsOf(file)) {
      const to = featureOf(target);
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(to);
      if (rank.get(to)! > rank.get(from)! && !PENDING.has(`${from} -> ${to}`)) against.push(`${rel(file)} imports ${rel(target)}`);
    }
  }
  assert.deepEqual(against, []);
  // A cycle among the rest (the order above already excludes one; this names it if PENDING hides it).
  const cycles: string[] = [];
  const visit = (node: string, trail: string[]) => {
    for (const next of edges.get(node) ?? []) {
      if (PENDING.has(`${node} -> ${next}`)) continue;
      if (trail.includes(next)) cycles.push([...trail.slice(trail.indexOf(next)), next].join(' -> '));
      else visit(next, [...trail, next]);
    }
  };
  for (const f of edges.keys()) visit(f, [f]);
  assert.deepEqual(cycles, []);
});
