import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { test } from 'node:test';
import { childCpuMs, closeCountingTree, reapedChildrenCpuMs, runningTreeCpuMs } from './process-cpu.ts';

/** A process that uses BURN_MS of CPU, says so, and ends when its stdin (a pipe from its parent) closes. */
const BURN_MS = 300;
const BURNER = `const t = process.cpuUsage(); while (process.cpuUsage(t).user < ${BURN_MS * 1000}); console.log('burnt'); process.stdin.resume();`;
/**
 * A process that starts `script` and waits until its own stdin closes, as Chromium's browser
 * keeps its zygote and the zygote its renderers: killing the first ends them all, one by one.
 */
const parentOf = (script: string) =>
  `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(script)}], { stdio: ['pipe', 'inherit', 'inherit'] }); process.stdin.on('end', () => process.exit()).resume();`;

test(
  'processes two levels below a child outlive it: their CPU is in the running tree, is not reaped into ours, and closeCountingTree records it',
  { skip: !existsSync('/proc/self/stat') && 'needs Linux /proc' },
  async () => {
    const child = spawn(process.execPath, ['-e', parentOf(parentOf(BURNER))], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    try {
      child.stdout.setEncoding('utf8');
      let out = '';
      for await (const chunk of child.stdout) if ((out += chunk).includes('burnt')) break;

      assert.ok(runningTreeCpuMs(child.pid!) >= BURN_MS, 'the tree holds the great-grandchild');
      const reapedBefore = reapedChildrenCpuMs();
      const before = childCpuMs();
      await closeCountingTree(child.pid!, async () => {
        child.kill('SIGKILL');
        await exited;
      });
      // The child was ours to reap, the processes below it were not (init reaped them).
      assert.ok(reapedChildrenCpuMs() - reapedBefore < BURN_MS, 'the great-grandchild’s CPU did not arrive as ours');
      assert.ok(childCpuMs() - before >= BURN_MS, 'counted all the same');
    } finally {
      // Ends the rest too (each waits for its stdin to close), also when an assertion failed first.
      child.kill('SIGKILL');
      await exited;
    }
  },
);
