import { getCookie } from 'hono/cookie';
import { STATIC_FILES } from '../views/assets.ts';
import { negotiateLocale } from '../i18n/locale.ts';
import type { Core } from './app-core.ts';
import { LANG_COOKIE } from './app-core.ts';

/** Routes outside the page tree: the root redirect, static files, health, the OpenAPI document. */
export function registerSystemRoutes(core: Core): void {
  core.system({ name: 'root', method: 'GET', path: '/' }, (c) => {
    const locale = negotiateLocale(getCookie(c, LANG_COOKIE), c.req.header('accept-language'));
    c.header('vary', 'Cookie, Accept-Language');
    return c.redirect(`/${locale}/`, 302);
  });

  core.system({ name: 'static', method: 'GET', path: '/static/:file' }, (c) => {
    const asset = STATIC_FILES.get(c.req.param('file') ?? '');
    if (!asset) return c.notFound();
    // Hashed URLs change with the content, so a year of caching is safe.
    c.header('cache-control', c.req.query('v') === asset.hash ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    c.header('content-type', asset.type);
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  });

  core.system({ name: 'healthz', method: 'GET', path: '/healthz' }, (c) => c.json({ status: 'ok' }));

  core.system({ name: 'readyz', method: 'GET', path: '/readyz' }, async (c) => {
    try {
      await c.var.deps.db.query('SELECT 1 FROM schema_migrations LIMIT 1');
      return c.json({ status: 'ready' });
    } catch {
      return c.json({ status: 'unavailable' }, 503);
    }
  });

  core.system({ name: 'openapi', method: 'GET', path: '/api/openapi.json' }, (c) =>
    c.json(
      core.api.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'KZM API',
          version: '1.0.0',
          description: 'Public API of KZM, the platform of Serbian youth offices. Errors are RFC 9457 problem documents.',
        },
        servers: [{ url: `${c.var.deps.config.BASE_URL}/api/v1` }],
      }),
    ),
  );
}
