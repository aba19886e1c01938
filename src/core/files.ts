import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { Queryable } from './db/db.ts';
import type { AppEnv } from './http/env.ts';

/**
 * Small documents stored in the database (table `files`: bytea with its size and SHA-256), so
 * app processes stay stateless and a logical backup carries them. Content is checked before it
 * gets here (core/http/uploads.ts checkUpload); a feature keeps the id in its own row and
 * serves the bytes with fileResponse, behind its own access rule.
 */
export interface StoredFile {
  id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
}

/**
 * A file name safe to store and to send back: path parts, control and bidi-override characters
 * removed, at most 200 characters; 'datoteka' when nothing is left.
 */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"]/g, '')
    .trim()
    .slice(0, 200);
  return clean || 'datoteka';
}

/** Stores bytes of an already checked type; returns the new file's id. */
export async function insertFile(
  q: Queryable,
  officeId: string,
  f: { name: string; contentType: string; bytes: Uint8Array; uploadedBy: string | null },
): Promise<string> {
  const sha256 = createHash('sha256').update(f.bytes).digest('hex');
  const rows = await q.query<{ id: string }>(
    `INSERT INTO files (office_id, name, content_type, size, sha256, bytes, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [officeId, cleanFileName(f.name), f.contentType, f.bytes.byteLength, sha256, f.bytes, f.uploadedBy],
  );
  return rows[0]!.id;
}

/** A file of this office with its bytes; undefined when the office has no such file. */
export async function findFile(q: Queryable, officeId: string, id: string): Promise<(StoredFile & { bytes: Uint8Array }) | undefined> {
  const rows = await q.query<StoredFile & { bytes: Uint8Array }>(
    'SELECT id, name, content_type, size, sha256, bytes FROM files WHERE office_id = $1 AND id = $2',
    [officeId, id],
  );
  return rows[0];
}

/**
 * The download: always an attachment (never rendered in the site's origin), the stored type,
 * nosniff, and the name in both the ASCII and the RFC 5987 UTF-8 form.
 */
export function fileResponse(c: Context<AppEnv>, f: StoredFile & { bytes: Uint8Array }): Response {
  const ascii = f.name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/[\\"]/g, '_');
  c.header('content-type', f.content_type);
  c.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`);
  c.header('x-content-type-options', 'nosniff');
  c.header('cache-control', 'private, no-store');
  c.header('content-security-policy', "default-src 'none'; sandbox");
  c.header('etag', `"${f.sha256}"`);
  return c.body(new Uint8Array(f.bytes), 200);
}
