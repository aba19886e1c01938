/**
 * Preloaded into the app child (`--import ./bench/memory-probe.mjs`, plain JavaScript so it loads before or without tsx) so the benchmark can ask
 * for its V8 heap, which /proc doesn't show. It only answers IPC messages: no timers, no
 * work on the request path.
 */
process.on('message', (msg) => {
  if (msg === 'kzm-bench:memory') process.send?.({ memory: process.memoryUsage() });
});
// Don't let the IPC channel keep the app alive.
process.channel?.unref();
