import type Busboy from 'busboy';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Config } from '../config.ts';
import { t } from '../i18n/messages.ts';
import { errorResponse } from '../views/errors.tsx';
import type { AppEnv } from './env.ts';
import type { RouteTable } from './routes.ts';
import { UPLOAD_KINDS, oversizedFile, type UploadKind } from './uploads.ts';

/**
 * Request bodies are read here, once, before anything else looks at them (CSRF, the NUL
 * check, handlers): with the route's own size limit, and a body that cannot be parsed answers
 * 400 in the reader's script (a problem document under /api) instead of throwing wherever it
 * would first be read.
 *
 * The limit is a property of the route (RouteDef.upload → routeBodyLimit): the ordinary form
 * limit (BODY_LIMIT_BYTES), plus its upload kind's file size for a route whose form takes a
 * file — the same number the form prints ("at most N MB", from UPLOAD_KINDS).
 *
 * Multipart bodies are parsed by busboy as they stream in. On an upload route, a file over its
 * kind's size (or one that would take the body past the route's limit) is not kept: the handler
 * receives an empty stand-in that checkUpload reports as too large, every other field as typed,
 * so the form comes back with the message at the file field and nothing lost — answered 413.
 * Reading such a body stops at UPLOAD_READ_FACTOR × the route's limit (the plain 413 page then).
 * It runs after the session is loaded: a file's size is allowed only to someone signed in (on
 * routes that are not public), so a visitor cannot make the server read megabytes for nothing.
 */

/** How far past its limit an upload route reads a body, to show the form again rather than a bare 413. */
export const UPLOAD_READ_FACTOR = 4;

/** The largest body a route accepts in full. */
export function routeBodyLimit(config: Pick<Config, 'BODY_LIMIT_BYTES'>, upload: UploadKind | undefined): number {
  return config.BODY_LIMIT_BYTES + (upload ? UPLOAD_KINDS[upload].maxBytes : 0);
}

class Malformed extends Error {}
class TooLarge extends Error {}

const isMultipart = (type: string) => type.split(';')[0]!.trim().toLowerCase() === 'multipart/form-data';
const isUrlEncoded = (type: string) => type.split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';

export function bodyReader(config: Pick<Config, 'BODY_LIMIT_BYTES'>, table: RouteTable): MiddlewareHandler<AppEnv> {
  const tooLarge = (c: Context<AppEnv>) => errorResponse(c, 413);
  const malformed = (c: Context<AppEnv>) => errorResponse(c, 400, t(c.var.locale, 'error.400.body'));
  return async (c, next) => {
    // Only requests that carry a body (reading req.raw.body on a GET is costly).
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !c.req.raw.body) return next();
    // A file's size is read only for someone who may use the route: a visitor without a session
    // gets the ordinary limit on a route that needs one (it would refuse them anyway).
    const route = table.uploadRouteFor(c.req.method, c.req.path);
    const upload = route && (route.access.kind === 'public' || c.var.actor) ? route.upload : undefined;
    const limit = routeBodyLimit(config, upload);
    const type = c.req.header('content-type') ?? '';
    if (!isMultipart(type)) {
      // Plain forms and JSON: the route's limit, then (forms) the one parse, which cannot fail later.
      let bad = false;
      const refused = await bodyLimit({ maxSize: limit, onError: tooLarge })(c, async () => {
        if (!isUrlEncoded(type)) return;
        try {
          await c.req.parseBody();
        } catch {
          bad = true;
        }
      });
      if (refused) return refused;
      return bad ? malformed(c) : next();
    }
    const readCap = upload ? limit * UPLOAD_READ_FACTOR : limit;
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (declared > readCap) return tooLarge(c);
    let parsed: { form: FormData; oversized: boolean };
    try {
      parsed = await readMultipart(c.req.raw, type, { limit, readCap, upload });
    } catch (err) {
      if (err instanceof TooLarge) return tooLarge(c);
      if (err instanceof Malformed) return malformed(c);
      throw err;
    }
    // Hono's parseBody/formData read this cache first: every later reader sees the parsed form.
    (c.req.bodyCache as { formData?: Promise<FormData> }).formData = Promise.resolve(parsed.form);
    await next();
    // The handler showed the form again with "the file is too large" (any other outcome stays).
    if (parsed.oversized && c.res.status === 400) c.res = new Response(c.res.body, { status: 413, headers: c.res.headers });
  };
}

/** Parses a multipart body as it streams in, within the limits; throws Malformed or TooLarge. */
async function readMultipart(
  req: Request,
  type: string,
  opts: { limit: number; readCap: number; upload: UploadKind | undefined },
): Promise<{ form: FormData; oversized: boolean }> {
  // busboy loads with the first multipart form (uploads), not at the server's start.
  const { default: busboy } = await import('busboy');
  let bb: Busboy.Busboy;
  try {
    bb = busboy({
      headers: { 'content-type': type },
      defParamCharset: 'utf8',
      limits: { fieldSize: opts.limit, fields: 2000, parts: 2100, files: opts.upload ? 20 : Infinity },
    });
  } catch {
    throw new Malformed(); // no boundary, an unknown type
  }
  const form = new FormData();
  const maxFile = opts.upload ? UPLOAD_KINDS[opts.upload].maxBytes : 0;
  let kept = 0;
  let oversized = false;
  let failure: Error | undefined;
  const fail = (err: Error) => {
    failure ??= err;
  };
  const done = new Promise<void>((resolve) => {
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) return fail(new TooLarge());
      kept += Buffer.byteLength(value);
      form.append(name, value);
    });
    bb.on('file', (name, stream, info) => {
      // A route without an upload kind takes no files: their bytes are read past, not kept.
      if (!opts.upload) return void stream.resume();
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (over) return;
        if (size > maxFile || kept + chunk.length > opts.limit) {
          over = true;
          kept -= size - chunk.length;
          chunks.length = 0;
          return;
        }
        kept += chunk.length;
        chunks.push(chunk);
      });
      stream.on('end', () => {
        if (over) oversized = true;
        form.append(
          name,
          over
            ? oversizedFile(info.filename ?? '', info.mimeType)
            : new File(chunks as Array<Uint8Array<ArrayBuffer>>, info.filename ?? '', { type: info.mimeType }),
        );
      });
    });
    bb.on('partsLimit', () => fail(new TooLarge()));
    bb.on('filesLimit', () => fail(new TooLarge()));
    bb.on('fieldsLimit', () => fail(new TooLarge()));
    bb.on('error', () => {
      fail(new Malformed());
      resolve();
    });
    bb.on('close', resolve);
  });
  const reader = req.body!.getReader();
  let read = 0;
  try {
    for (;;) {
      const { done: end, value } = await reader.read();
      if (end) break;
      read += value.length;
      if (read > opts.readCap) fail(new TooLarge());
      if (failure) break;
      if (!bb.write(value)) {
        await new Promise<void>((r) => {
          bb.once('drain', r);
          bb.once('error', r);
        });
      }
    }
  } finally {
    if (failure) await reader.cancel().catch(() => {});
  }
  if (failure) {
    bb.destroy();
    throw failure;
  }
  bb.end();
  await done;
  if (failure) throw failure;
  return { form, oversized };
}
