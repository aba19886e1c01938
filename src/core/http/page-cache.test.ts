import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PageCache } from './page-cache.ts';

test('entries are served until a write invalidates one of their tags', () => {
  const cache = new PageCache({ enabled: true });
  cache.set('/lat/kancelarije', 'list', 200, ['offices']);
  cache.set('/lat/kancelarije/pancevo', 'pancevo', 200, ['office:pancevo']);
  cache.set('/lat/kancelarije/cacak', 'cacak', 200, ['office:cacak']);
  cache.invalidateLocal(['offices', 'office:pancevo']);
  assert.equal(cache.get('/lat/kancelarije'), undefined);
  assert.equal(cache.get('/lat/kancelarije/pancevo'), undefined);
  assert.equal(cache.get('/lat/kancelarije/cacak')?.body, 'cacak');
});

test('entries expire after their time to live', () => {
  let now = 1000;
  const cache = new PageCache({ enabled: true, ttlMs: 60_000, now: () => now });
  cache.set('/a', 'a', 200, []);
  now += 59_999;
  assert.equal(cache.get('/a')?.body, 'a');
  now += 1;
  assert.equal(cache.get('/a'), undefined);
});

test('the least recently used entry goes first when full', () => {
  const cache = new PageCache({ enabled: true, maxEntries: 2 });
  cache.set('/a', 'a', 200, []);
  cache.set('/b', 'b', 200, []);
  cache.get('/a');
  cache.set('/c', 'c', 200, []);
  assert.equal(cache.get('/b'), undefined);
  assert.equal(cache.get('/a')?.body, 'a');
  assert.equal(cache.size, 2);
});

test('a disabled cache stores nothing', () => {
  const cache = new PageCache({ enabled: false });
  cache.set('/a', 'a', 200, []);
  assert.equal(cache.get('/a'), undefined);
});
