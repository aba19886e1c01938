/**
 * Turns per key within this process: at most `lanes` calls of one key run at once, the others
 * wait here in arrival order. For writes that the database serialises on one hot row anyway
 * (the seat statement locks its activity): with 200 clients, the pool's ten connections all
 * queued on that row lock, and PostgreSQL spent ~0.7 ms more CPU per sign-up handing the lock
 * from backend to backend than it did with one writer at a time (issue #12; figures in
 * ARCHITECTURE.md). Waiting here costs a promise. The database still decides: other processes,
 * and other writers of the same row, queue on its lock as before, so nothing here is needed for
 * correctness. Keys with nothing running or waiting are forgotten.
 */
export function turnsPerKey(lanes: number): <T>(key: string, fn: () => Promise<T>) => Promise<T> {
  const keys = new Map<string, { running: number; waiting: (() => void)[] }>();
  return async (key, fn) => {
    let turn = keys.get(key);
    if (!turn) keys.set(key, (turn = { running: 0, waiting: [] }));
    const mine = turn;
    // A finished call hands its lane to the first waiter directly, so a newcomer never overtakes.
    if (mine.running < lanes) mine.running++;
    else await new Promise<void>((resolve) => mine.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = mine.waiting.shift();
      if (next) next();
      else if (--mine.running === 0) keys.delete(key);
    }
  };
}
