import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PageCache } from './page-cache.ts';
import { canonicalQuery } from './app-core.ts';
import { installMessages } from '../i18n/messages.ts';

installMessages([]); // the core's own strings (a core test imports no feature)

const text = (e: { body: Uint8Array } | undefined) => (e ? new TextDecoder().decode(e.body) : undefined);

test('entries are served until a write invalidates one of their tags', () => {
  const cache = new PageCache({ enabled: true });
  cache.set('/lat/kancelarije', 'list', 200, ['offices']);
  cache.set('/lat/kancelarije/pancevo', 'pancevo', 200, ['office:pancevo']);
  cache.set('/lat/kancelarije/cacak', 'cacak', 200, ['office:cacak']);
  cache.invalidateLocal(['offices', 'office:pancevo']);
  assert.equal(cache.get('/lat/kancelarije'), undefined);
  assert.equal(cache.get('/lat/kancelarije/pancevo'), undefined);
  assert.equal(text(cache.get('/lat/kancelarije/cacak')), 'cacak');
});

test('entries expire after their time to live', () => {
  let now = 1000;
  const cache = new PageCache({ enabled: true, ttlMs: 60_000, now: () => now });
  cache.set('/a', 'a', 200, []);
  now += 59_999;
  assert.equal(text(cache.get('/a')), 'a');
  now += 1;
  assert.equal(cache.get('/a'), undefined);
  assert.equal(cache.bytes, 0, 'an expired entry no longer counts');
});

test('an entry given an end (a page stale at midnight) expires then, before its time to live; one already stale is not stored', () => {
  let now = 1000;
  const cache = new PageCache({ enabled: true, ttlMs: 60_000, now: () => now });
  assert.ok(cache.set('/list', 'list', 200, [], cache.currentVersion, now + 10_000));
  assert.ok(cache.set('/later', 'later', 200, [], cache.currentVersion, now + 600_000));
  now += 9_999;
  assert.equal(text(cache.get('/list')), 'list');
  now += 1;
  assert.equal(cache.get('/list'), undefined);
  assert.equal(text(cache.get('/later')), 'later', 'an end past the time to live changes nothing before it');
  assert.equal(cache.set('/stale', 'stale', 200, [], cache.currentVersion, now), undefined);
});

test('a disabled cache stores nothing', () => {
  const cache = new PageCache({ enabled: false });
  cache.set('/a', 'a', 200, []);
  assert.equal(cache.get('/a'), undefined);
});

test('the cache holds at most its byte budget: 2,000 distinct search pages of 20 KB fit in 1 MB by evicting', () => {
  const cache = new PageCache({ enabled: true, maxBytes: 1024 * 1024 });
  const page = 'ш'.repeat(10_000); // 20 KB in UTF-8
  for (let i = 0; i < 2000; i++) {
    cache.set(`/lat/aktivnosti?q=${i}`, page, 200, ['activities:all']);
    assert.ok(cache.bytes <= cache.maxBytes, `after ${i + 1} pages: ${cache.bytes} bytes`);
  }
  assert.ok(cache.size >= 40 && cache.size <= 52, `about 1 MB / 20 KB pages kept, got ${cache.size}`);
  assert.equal(text(cache.get('/lat/aktivnosti?q=1999')), page, 'the newest stays');
  assert.equal(cache.get('/lat/aktivnosti?q=0'), undefined, 'the oldest went');
  // A page larger than the whole budget is not stored (and evicts nothing).
  const before = cache.size;
  assert.equal(cache.set('/huge', 'x'.repeat(2 * 1024 * 1024), 200, []), undefined);
  assert.equal(cache.size, before);
});

test('the least recently used entry goes first when the budget is full', () => {
  const page = 'x'.repeat(1000);
  const one = new PageCache({ enabled: true }).set('/a', page, 200, [])!.bytes;
  const cache = new PageCache({ enabled: true, maxBytes: one * 2 });
  cache.set('/a', page, 200, []);
  cache.set('/b', page, 200, []);
  cache.get('/a');
  cache.set('/c', page, 200, []);
  assert.equal(cache.get('/b'), undefined);
  assert.equal(text(cache.get('/a')), page);
  assert.equal(text(cache.get('/c')), page);
  assert.equal(cache.size, 2);
  assert.equal(cache.bytes, one * 2);
});

test('a page rendered before an invalidation of one of its tags is not stored (stale render refused)', () => {
  const cache = new PageCache({ enabled: true });
  const render = cache.begin('/lat/kancelarije/pancevo/aktivnosti');
  // The render read the database here; then a write committed and invalidated the office's pages.
  cache.invalidateLocal(['activities:pancevo']);
  assert.equal(cache.set('/lat/kancelarije/pancevo/aktivnosti', 'old', 200, ['activities:pancevo'], render.since), undefined);
  assert.equal(cache.get('/lat/kancelarije/pancevo/aktivnosti'), undefined);
  render.end(undefined);
  // Another office's render begun at the same time is still stored: its tags did not change.
  const other = cache.begin('/lat/kancelarije/cacak/aktivnosti');
  cache.invalidateLocal(['activities:pancevo']);
  assert.ok(cache.set('/lat/kancelarije/cacak/aktivnosti', 'cacak', 200, ['activities:cacak'], other.since));
  // A render begun after the invalidation is stored.
  const fresh = cache.begin('/lat/kancelarije/pancevo/aktivnosti');
  assert.ok(cache.set('/lat/kancelarije/pancevo/aktivnosti', 'new', 200, ['activities:pancevo'], fresh.since));
});

test('clear, suspend and resume refuse renders that began before them; a suspended cache neither serves nor stores', () => {
  const cache = new PageCache({ enabled: true });
  cache.set('/a', 'a', 200, ['t']);
  const before = cache.begin('/b');
  cache.suspend();
  assert.equal(cache.listening, false);
  assert.equal(cache.get('/a'), undefined);
  assert.equal(cache.set('/c', 'c', 200, ['t']), undefined);
  cache.resume();
  assert.equal(cache.set('/b', 'b', 200, ['t'], before.since), undefined, 'begun before the connection dropped');
  assert.ok(cache.set('/b', 'b', 200, ['t']));
  assert.equal(cache.size, 1);
});

test('invalidation touches only the entries carrying the tag, not every entry', () => {
  const cache = new PageCache({ enabled: true, maxBytes: 64 * 1024 * 1024 });
  for (let i = 0; i < 20_000; i++) cache.set(`/p${i}`, 'x', 200, [`t${i % 100}`]);
  // Count how often the entries map is walked: a scan reads every entry through its iterator.
  const entries = (cache as unknown as { entries: Map<string, unknown> }).entries;
  let walked = 0;
  const iter = entries[Symbol.iterator].bind(entries);
  entries[Symbol.iterator] = () => {
    walked++;
    return iter();
  };
  const orig = entries.entries.bind(entries);
  entries.entries = () => {
    walked++;
    return orig();
  };
  cache.invalidateLocal(['t7']);
  assert.equal(walked, 0, 'no walk over all entries');
  assert.equal(cache.size, 20_000 - 200);
  assert.equal(cache.get('/p7'), undefined);
  assert.ok(cache.get('/p8'));
});

test('single flight: a second miss of the key waits for the first render and gets its page', async () => {
  const cache = new PageCache({ enabled: true });
  assert.equal(cache.pending('/a'), undefined);
  const first = cache.begin('/a');
  const waiting = cache.pending('/a');
  assert.ok(waiting, 'the key is being rendered');
  const stored = cache.set('/a', 'page', 200, ['t'], first.since);
  first.end(stored);
  assert.equal(text(await waiting), 'page');
  assert.equal(cache.pending('/a'), undefined);
  // A render whose page was refused hands the waiters nothing: they render themselves.
  const second = cache.begin('/b');
  const w2 = cache.pending('/b');
  cache.invalidateLocal(['t']);
  second.end(cache.set('/b', 'stale', 200, ['t'], second.since));
  assert.equal(await w2, undefined);
});

test('query strings: unknown parameters dropped, values trimmed, defaults left out, sorted; ?n= only when it names a notice', () => {
  const known = (q: Record<string, string>) => ({
    q: (q.q ?? '').slice(0, 100),
    oblast: ['a', 'b'].includes(q.oblast ?? '') ? q.oblast : '',
    strana: /^\d+$/.test(q.strana ?? '') ? Number(q.strana) : 1,
  });
  const defaults = { q: '', oblast: '', strana: '1' };
  assert.equal(canonicalQuery({ utm_source: 'x', q: '  mladi   ljudi ', strana: '1' }, known, defaults), 'q=mladi+ljudi');
  assert.equal(canonicalQuery({ strana: '2', q: 'x', oblast: 'b' }, known, defaults), 'oblast=b&q=x&strana=2');
  assert.equal(canonicalQuery({ oblast: 'zzz', fbclid: '1' }, known, defaults), '');
  assert.equal(canonicalQuery({ n: 'form.saved', x: '1' }, undefined, {}), 'n=form.saved');
  assert.equal(canonicalQuery({ n: 'not-a-notice' }, undefined, {}), '');
});
