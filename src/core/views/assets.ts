import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { projectPath } from '../paths.ts';

/**
 * Static files from public/, read once at start. URLs carry a content hash so browsers may
 * cache them for a year and a deploy still takes effect at once.
 */
const DIR = projectPath('public') + '/';

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  txt: 'text/plain; charset=utf-8',
};

export interface Asset {
  body: Uint8Array;
  type: string;
  hash: string;
}

export const STATIC_FILES = new Map<string, Asset>();
for (const name of readdirSync(DIR)) {
  const body = readFileSync(DIR + name);
  const ext = name.split('.').pop() ?? '';
  STATIC_FILES.set(name, {
    body,
    type: TYPES[ext] ?? 'application/octet-stream',
    hash: createHash('sha256').update(body).digest('hex').slice(0, 10),
  });
}

function url(name: string): string {
  const a = STATIC_FILES.get(name);
  if (!a) throw new Error(`Missing static file public/${name}`);
  return `/static/${name}?v=${a.hash}`;
}

export const ASSETS = {
  css: url('app.css'),
  icon: url('favicon.svg'),
};
