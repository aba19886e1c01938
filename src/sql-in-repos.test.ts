/**
 * "SQL stays in repos" (ARCHITECTURE.md), checked on the sources: under src/features, only a
 * repo file talks to the database in SQL. A repo file is `repo.ts`, `<name>-repo.ts` or any
 * file in a `repo/` folder. Besides those, SQL may stand in the files that only build data for
 * the demo and the tests (`demo.ts`, `fixtures.ts`, `testing.ts`, or `<part>-demo.ts` and so on) and in tests themselves.
 * Services, views, routes, jobs and the like call repo functions instead.
 *
 * What counts as SQL: a database call (`x.query(` / `x.query<` — not Hono's `c.req.query(`,
 * `maybeOne(`), or a string that holds a statement (SELECT … FROM, INSERT INTO, UPDATE … SET,
 * DELETE FROM, in capitals as the repos write them).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const FEATURES = new URL('./features/', import.meta.url).pathname;

/** Files that still hold SQL while a move is under way, each with its reason (none today). */
const NOT_YET_MOVED: ReadonlySet<string> = new Set<string>([]);

const isRepo = (path: string) => /(^|\/)repo\.ts$|-repo\.ts$|(^|\/)repo\//.test(path);
const mayHoldSql = (path: string) => isRepo(path) || /(^|\/|-)(demo|fixtures|testing)\.tsx?$/.test(path) || /\.test\.tsx?$/.test(path);

const DB_CALL = /(?<!\breq)\.query\s*[<(]|\bmaybeOne\s*[<(]/;
const STATEMENT = /['"`][^'"`]*?\b(SELECT\b[^'"`]*?\bFROM|INSERT INTO|DELETE FROM|UPDATE\s+[a-z_]+(\s+[a-z]+)?\s+SET)\b/;

/** The reasons a source text counts as SQL (empty when it does not). */
export function sqlIn(text: string): string[] {
  const found: string[] = [];
  const call = DB_CALL.exec(text);
  if (call) found.push(`database call "${call[0]}"`);
  const statement = STATEMENT.exec(text);
  if (statement) found.push(`statement "${statement[1]}"`);
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) ? [relative(FEATURES, path)] : [];
  });
}

test('the rule tells SQL from a query string and knows a repo', () => {
  assert.deepEqual(sqlIn("const v = c.req.query('token');"), []);
  assert.deepEqual(sqlIn('// a comment saying select the rows from the list'), []);
  assert.equal(sqlIn('await tx.query<{ id: string }>(`SELECT id FROM users WHERE id = $1`, [id]);').length, 2);
  assert.equal(sqlIn("await q.query('DELETE FROM outbox WHERE sent_at < $1', [before]);").length, 2);
  assert.equal(sqlIn('const s = `UPDATE people p SET full_name = $3`;').length, 1);
  assert.equal(sqlIn('return maybeOne<Row>(q, sql, [id]);').length, 1);
  assert.ok(isRepo('people/repo.ts') && isRepo('checkin/stats-repo.ts') && isRepo('people/repo/consents.ts'));
  assert.ok(!isRepo('me/service.ts') && !isRepo('me/repository-notes.ts'));
});

test('under src/features, SQL stands only in repo files (and demo, fixtures, testing and tests)', () => {
  const offenders = sources(FEATURES)
    .filter((path) => !mayHoldSql(path) && !NOT_YET_MOVED.has(path))
    .map((path) => ({ path, sql: sqlIn(readFileSync(join(FEATURES, path), 'utf8')) }))
    .filter((f) => f.sql.length > 0)
    .map((f) => `${f.path}: ${f.sql.join(', ')}`);
  assert.deepEqual(offenders, [], 'move these queries into the feature’s repo.ts (or a *-repo.ts next to it)');
});

test('every file still allowed SQL for now holds SQL (else its entry goes)', () => {
  for (const path of NOT_YET_MOVED) {
    assert.notDeepEqual(sqlIn(readFileSync(join(FEATURES, path), 'utf8')), [], `${path} has no SQL any more: remove it from NOT_YET_MOVED`);
  }
});
