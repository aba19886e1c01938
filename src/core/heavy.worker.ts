import { parentPort, workerData } from 'node:worker_threads';
import { adoptMessages, type MessageData } from './i18n/messages.ts';

// The parent's UI strings (core/heavy.ts passes them when it has installed them).
const messages = (workerData as { messages?: MessageData } | null)?.messages;
if (messages) adoptMessages(messages);

/**
 * The worker side of core/heavy.ts: imports the task's module (once; later tasks reuse it) and
 * calls the named export with the arguments. One message at a time: it is acknowledged at once
 * (the pool's time limit starts then), and the reply is its result or its error (name,
 * message, stack), copied back by structured clone.
 */
parentPort!.on('message', (msg: { module: string; name: string; args: unknown[] }) => {
  parentPort!.postMessage({ started: true });
  void (async () => {
    try {
      const mod = (await import(msg.module)) as Record<string, unknown>;
      const fn = mod[msg.name];
      if (typeof fn !== 'function') throw new TypeError(`${msg.module} has no function ${msg.name}`);
      const value: unknown = await (fn as (...a: unknown[]) => unknown)(...msg.args);
      parentPort!.postMessage({ ok: true, value });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      parentPort!.postMessage({ ok: false, error: { name: e.name, message: e.message, stack: e.stack } });
    }
  })();
});
