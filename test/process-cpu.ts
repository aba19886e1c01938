import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU time of processes, from Linux's /proc (0 or undefined elsewhere): of those a test process
 * started, for test/timing.ts, and of a server under load, for the bench (bench/lib.ts).
 *
 * A process's own child CPU (cutime + cstime) counts only children that ended and were waited
 * for. Chromium's renderers, GPU and utility processes are not: when the browser closes, they
 * end after it and are reaped by init, so their CPU never reached the test process. Measured
 * across a whole `npm test`: Chromium used ~340 s of CPU, of which ~120 s arrived as child CPU
 * of the spec files. closeBrowser (e2e/harness.ts) therefore closes the browser through
 * closeCountingTree, which sums its process tree just before and records what did not arrive;
 * timing.ts adds it.
 */

/** /proc/<pid>/stat's fields after the command name (which may hold spaces): index 0 is field 3 (state). */
function statFields(pid: number | 'self'): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)!.split(' ');
  } catch {
    return undefined;
  }
}

/** /proc's clock ticks to milliseconds: /proc counts in USER_HZ, which Linux fixes at 100 (what `getconf CLK_TCK` answers). */
const ticksMs = (...ticks: Array<string | undefined>) => ticks.reduce((ms, t) => ms + Number(t ?? 0) * 10, 0);

/** A running process's own CPU so far (utime + stime, all its threads); undefined once it ended, and off Linux. */
export function processCpuMs(pid: number): number | undefined {
  const f = statFields(pid);
  return f ? ticksMs(f[11], f[12]) : undefined;
}

/** CPU of this process's children that have ended and been waited for (cutime + cstime). */
export function reapedChildrenCpuMs(): number {
  const f = statFields('self');
  return f ? ticksMs(f[13], f[14]) : 0;
}

/** Every running process: its parent and its CPU with that of its ended children (utime, stime, cutime, cstime). */
function processTable(): Array<{ pid: number; ppid: number; ms: number }> {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return [];
  }
  return pids.flatMap((pid) => {
    const f = statFields(pid);
    // undefined: it ended meanwhile.
    return f ? [{ pid, ppid: Number(f[1]), ms: ticksMs(f[11], f[12], f[13], f[14]) }] : [];
  });
}

/** The running children of this process. */
export function childPids(): number[] {
  return processTable()
    .filter((p) => p.ppid === process.pid)
    .map((p) => p.pid);
}

/**
 * CPU of a running process and every running process below it, each with its ended children: a
 * running process's cutime never holds another running process, so nothing is counted twice.
 */
export function runningTreeCpuMs(root: number): number {
  const table = processTable();
  const below = new Map<number, typeof table>();
  for (const p of table) {
    const siblings = below.get(p.ppid);
    if (siblings) siblings.push(p);
    else below.set(p.ppid, [p]);
  }
  let total = table.find((p) => p.pid === root)?.ms ?? 0;
  const queue = [root];
  while (queue.length > 0) {
    for (const child of below.get(queue.pop()!) ?? []) {
      total += child.ms;
      queue.push(child.pid);
    }
  }
  return total;
}

/** Shared by every copy of this module in the process (the test bundle and timing.ts each have one). */
const UNCOUNTED = Symbol.for('kzm.test.uncountedChildCpuMs');
type WithUncounted = typeof globalThis & { [UNCOUNTED]?: number };

/** Records CPU of started processes that will never arrive as this process's child CPU. */
function addUncountedChildCpuMs(ms: number): void {
  const g = globalThis as WithUncounted;
  g[UNCOUNTED] = (g[UNCOUNTED] ?? 0) + Math.max(0, Math.round(ms));
}

/**
 * Ends the child process `pid` and everything below it by `close` (which resolves once the child
 * has ended and been waited for), and records the CPU of that tree which did not arrive as this
 * process's child CPU: what processes below it used that init, not the child, reaped.
 */
export async function closeCountingTree(pid: number, close: () => Promise<void>): Promise<void> {
  const reaped = reapedChildrenCpuMs();
  const tree = runningTreeCpuMs(pid);
  await close();
  addUncountedChildCpuMs(tree - (reapedChildrenCpuMs() - reaped));
}

/** The CPU of every process this one started: the ended and waited-for ones and those recorded above. */
export function childCpuMs(): number {
  return reapedChildrenCpuMs() + ((globalThis as WithUncounted)[UNCOUNTED] ?? 0);
}
