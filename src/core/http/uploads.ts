import type { Context } from 'hono';
import { cleanFileName } from '../files.ts';
import { t, type MessageKey } from '../i18n/messages.ts';
import type { AppEnv } from './env.ts';

/**
 * Uploaded files are judged by their bytes, not by the name or the type the browser claims:
 * a file is accepted only when its content starts like one of the kind's formats (an image's
 * header also decodes) and it is within the kind's size. Features name a kind; the limits live here, in one place.
 */
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ODT = 'application/vnd.oasis.opendocument.text';

export const UPLOAD_KINDS = {
  image: { types: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'], maxBytes: 5 * 1024 * 1024 },
  document: { types: ['application/pdf'], maxBytes: 10 * 1024 * 1024 },
  /** A signed agreement (partners): the document, or a scan of it. */
  agreement: { types: ['application/pdf', DOCX, ODT, 'image/png', 'image/jpeg'], maxBytes: 10 * 1024 * 1024 },
  spreadsheet: {
    types: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
    maxBytes: 10 * 1024 * 1024,
  },
  /** A survey's definition as exported (JSON is text: sniffType names any text 'text/csv'; surveys then parse it). */
  survey: { types: ['text/csv'], maxBytes: 2 * 1024 * 1024 },
} as const;
export type UploadKind = keyof typeof UPLOAD_KINDS;

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The format the first bytes announce, or null when none we accept. */
export function sniffType(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  // An .xlsx file is a ZIP whose first entry is normally [Content_Types].xml; so is a .docx,
  // told apart by its word/ entries. An .odt starts with an uncompressed 'mimetype' entry.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (startsWith(bytes, ascii('mimetype'), 30) && new TextDecoder('latin1').decode(bytes.subarray(38, 120)).startsWith(ODT)) return ODT;
    if (new TextDecoder('latin1').decode(bytes.subarray(0, 4096)).includes('word/')) return DOCX;
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
    if (head.includes('[Content_Types].xml') || head.includes('xl/')) {
      return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    }
    return null;
  }
  if (looksLikeText(bytes)) return 'text/csv';
  // UTF-16 text (what Excel's "Unicode text" writes) starts with its byte-order mark.
  for (const [bom, encoding] of [
    [[0xff, 0xfe], 'utf-16le'],
    [[0xfe, 0xff], 'utf-16be'],
  ] as const) {
    if (startsWith(bytes, bom) && looksLikeText(new TextEncoder().encode(new TextDecoder(encoding).decode(bytes.subarray(2, 8194)))))
      return 'text/csv';
  }
  return null;
}

/** Text (UTF-8 or a single-byte code page such as Windows-1250) has no NULs and few control bytes. */
function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  const sample = bytes.subarray(0, 4096);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return false;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  // Markup is text too, but never a spreadsheet: refuse HTML/SVG/XML disguised as CSV.
  const start = new TextDecoder().decode(sample.subarray(0, 256)).trimStart().toLowerCase();
  if (start.startsWith('<')) return false;
  return control <= sample.length / 100;
}

export type UploadCheck =
  /** `pixels`: an image's size from its header (every image has one: checkUpload refuses it otherwise). */
  | { ok: true; type: string; bytes: Uint8Array; pixels?: { width: number; height: number } }
  | { ok: false; error: Extract<MessageKey, 'err.fileEmpty' | 'err.fileTooLarge' | 'err.fileType'>; maxMb?: number };

/** The size a form promises for a kind ("at most N MB"): the number the route's body limit is made from. */
export const uploadMaxMb = (kind: UploadKind): number => UPLOAD_KINDS[kind].maxBytes / 1024 / 1024;

/** Stand-ins for files that were too large to keep (core/http/body.ts): checkUpload refuses them as such. */
const OVERSIZED = new WeakSet<Blob>();

/** An empty stand-in for a file the body reader did not keep because it was over the size. */
export function oversizedFile(name: string, type: string): File {
  const f = new File([], name, { type });
  OVERSIZED.add(f);
  return f;
}

export async function checkUpload(file: Blob, kind: UploadKind): Promise<UploadCheck> {
  const rule = UPLOAD_KINDS[kind];
  if (OVERSIZED.has(file) || file.size > rule.maxBytes) return { ok: false, error: 'err.fileTooLarge', maxMb: uploadMaxMb(kind) };
  if (file.size === 0) return { ok: false, error: 'err.fileEmpty' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffType(bytes);
  if (!type || !(rule.types as readonly string[]).includes(type)) return { ok: false, error: 'err.fileType' };
  if (!type.startsWith('image/')) return { ok: true, type, bytes };
  // First bytes are easy to copy: an image must also have a header that gives its size (an image
  // signature before HTML, or a cut-off file, is not an image).
  const pixels = await imagePixels(bytes);
  return pixels ? { ok: true, type, bytes, pixels } : { ok: false, error: 'err.fileType' };
}

/** An image from a form, checked by checkUpload: what insertFile stores, and its size in pixels. */
export interface ImageUpload {
  name: string;
  contentType: string;
  bytes: Uint8Array;
  width: number;
  height: number;
}

/**
 * The image of a multipart form's `image` field, checked (checkUpload, kind 'image'): null when
 * none was chosen; a refusal as its message in the reader's language, `tooLarge` when it was over
 * the size. The activity, news and initiative photo forms read theirs so.
 */
export async function formImage(c: Context<AppEnv>): Promise<{ image: ImageUpload | null; error?: string; tooLarge?: boolean }> {
  const body = await c.req.parseBody({ all: true });
  const sent = [body.image].flat().find((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''));
  if (!sent) return { image: null };
  const check = await checkUpload(sent, 'image');
  if (!check.ok)
    return { image: null, error: t(c.var.locale, check.error, check.maxMb ? { maxMb: check.maxMb } : undefined), tooLarge: !!check.maxMb };
  return { image: { name: cleanFileName(sent.name), contentType: check.type, bytes: check.bytes, ...check.pixels! } };
}

/** An image's size in pixels from its header (a few bytes read); undefined when the header does not decode. image-size loads with the first image. */
export async function imagePixels(bytes: Uint8Array): Promise<{ width: number; height: number } | undefined> {
  const { imageSize } = await import('image-size');
  try {
    const { width, height } = imageSize(bytes);
    return width && height ? { width, height } : undefined;
  } catch {
    return undefined;
  }
}
