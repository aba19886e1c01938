/**
 * `npm start` as package.json spells it, for the benchmarks to start the app exactly so:
 * `[NAME=value …] node [flags …] <script>`. The environment and V8 flags it sets (issue #12:
 * glibc's trim threshold, the young generation's size) decide the resident memory measured, so
 * the bench reads them from the one place `npm start` does instead of keeping a copy.
 */
export interface StartCommand {
  env: Record<string, string>;
  /** node's own flags, before the script. */
  nodeArgs: string[];
  script: string;
}

export function parseStartCommand(command: string): StartCommand {
  const words = command.trim().split(/\s+/);
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(words[i]!);
    if (!m) break;
    env[m[1]!] = m[2]!;
  }
  if (words[i] !== 'node') throw new Error(`npm start: expected [NAME=value …] node [flags …] <script>, got "${command}"`);
  const rest = words.slice(i + 1);
  const script = rest.pop();
  if (!script || script.startsWith('-') || rest.some((w) => !w.startsWith('-') || /["'$`\\]/.test(w)))
    throw new Error(`npm start: expected [NAME=value …] node [flags …] <script>, got "${command}"`);
  return { env, nodeArgs: rest, script };
}
