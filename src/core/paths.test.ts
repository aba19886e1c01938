import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { BUNDLED, ROOT, projectPath, workerEntry } from './paths.ts';

test('the project root is found by walking up, not by counting ../ from this file', () => {
  assert.ok(existsSync(path.join(ROOT, 'package.json')));
  assert.ok(existsSync(projectPath('migrations')));
  assert.ok(existsSync(projectPath('public')));
});

test('from the sources a worker runs its .ts file through tsx; the bundle names dist/workers/', () => {
  assert.equal(BUNDLED, false);
  assert.deepEqual(workerEntry('src/features/imports/parse.worker.ts'), {
    file: path.join(ROOT, 'src/features/imports/parse.worker.ts'),
    execArgv: ['--import', 'tsx'],
  });
});
