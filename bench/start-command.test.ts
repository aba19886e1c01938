import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseStartCommand } from './start-command.ts';

test('parseStartCommand splits the environment, node flags and the script', () => {
  assert.deepEqual(parseStartCommand('node scripts/start.mjs'), { env: {}, nodeArgs: [], script: 'scripts/start.mjs' });
  assert.deepEqual(parseStartCommand('A_=1 B=x=y node --f=2 --g scripts/start.mjs'), {
    env: { A_: '1', B: 'x=y' },
    nodeArgs: ['--f=2', '--g'],
    script: 'scripts/start.mjs',
  });
});

test('parseStartCommand refuses what it cannot reproduce without a shell', () => {
  for (const bad of ['npm run x', 'A=1 sh -c x', 'node', 'node --f', 'node --f="a b" x.mjs', 'node a.mjs b.mjs', 'node --f $X x.mjs'])
    assert.throws(() => parseStartCommand(bad), /expected/, bad);
});

test("package.json's start script is one the bench can reproduce", () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  assert.equal(parseStartCommand(pkg.scripts.start).script, 'scripts/start.mjs');
});
