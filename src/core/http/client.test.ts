import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.ts';
import { clientAddress } from './client.ts';

const config = (env: Record<string, string> = {}) => loadConfig({ NODE_ENV: 'test', ...env });

test('without TRUST_PROXY the socket’s peer is the client, whatever X-Forwarded-For says', () => {
  assert.equal(clientAddress(config(), '203.0.113.5', '1.2.3.4'), '203.0.113.5');
});

test('behind one proxy (the default hop count) the rightmost entry counts: the client writes the ones before it', () => {
  const c = config({ TRUST_PROXY: 'true' });
  assert.equal(c.TRUST_PROXY_HOPS, 1);
  // nginx's $proxy_add_x_forwarded_for appends the peer it saw to what the client sent.
  assert.equal(clientAddress(c, '10.0.0.2', '6.6.6.6, 203.0.113.5'), '203.0.113.5');
  assert.equal(clientAddress(c, '10.0.0.2', '203.0.113.5'), '203.0.113.5');
  assert.equal(clientAddress(c, '10.0.0.2', ' 1.1.1.1,2.2.2.2 ,  203.0.113.5 '), '203.0.113.5');
  // No header: the proxy did not say, so the peer is all we know.
  assert.equal(clientAddress(c, '10.0.0.2', undefined), '10.0.0.2');
});

test('TRUST_PROXY_HOPS=2 (a CDN, then nginx) takes the second entry from the right', () => {
  const c = config({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '2' });
  assert.equal(clientAddress(c, '10.0.0.2', '6.6.6.6, 203.0.113.5, 192.0.2.10'), '203.0.113.5');
  // Fewer entries than hops: every entry came from a trusted proxy; the leftmost is the client.
  assert.equal(clientAddress(c, '10.0.0.2', '203.0.113.5'), '203.0.113.5');
});

test('TRUSTED_PROXIES: the rightmost address that is not a listed proxy is the client (CIDR, keywords, IPv4-mapped peers)', () => {
  const c = config({ TRUST_PROXY: 'true', TRUSTED_PROXIES: 'loopback, 10.0.0.0/8 ,192.0.2.10', TRUST_PROXY_HOPS: '5' });
  assert.deepEqual(c.TRUSTED_PROXIES, ['loopback', '10.0.0.0/8', '192.0.2.10']);
  assert.equal(clientAddress(c, '10.1.2.3', '6.6.6.6, 203.0.113.5, 192.0.2.10'), '203.0.113.5');
  assert.equal(clientAddress(c, '::ffff:127.0.0.1', '6.6.6.6, 203.0.113.5'), '203.0.113.5');
  // A peer that is not a listed proxy is itself the client: its header is its own claim.
  assert.equal(clientAddress(c, '198.51.100.9', '6.6.6.6, 203.0.113.5'), '198.51.100.9');
});

test('a forged entry cannot make a throttle key of any length', () => {
  const c = config({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '2' });
  assert.ok(clientAddress(c, '10.0.0.2', `${'x'.repeat(5000)}, 10.0.0.3`).length <= 64);
});

test('a TRUSTED_PROXIES that is not a list of addresses stops the app at start with a clear message', () => {
  assert.throws(() => config({ TRUSTED_PROXIES: '10.0.0.0/8, nginx.local' }), /TRUSTED_PROXIES: not a list of addresses or CIDR ranges/);
  assert.throws(() => config({ TRUST_PROXY_HOPS: '0' }), /TRUST_PROXY_HOPS/);
});

test('only core/auth/password-check.ts verifies passwords: every form that asks for one goes through its throttle', async () => {
  const src = fileURLToPath(new URL('../..', import.meta.url));
  const offenders: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && /passwords\.verify\(/.test(await readFile(path, 'utf8'))) {
        offenders.push(path.slice(src.length));
      }
    }
  };
  await walk(src);
  assert.deepEqual(offenders, ['core/auth/password-check.ts']);
});
