import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';

/**
 * pdfmake set up once for every feature's PDFs: Roboto (shipped inside pdfmake) covers Latin
 * with diacritics and Cyrillic; pdfmake may read only its own font files and nothing from the
 * network. Only modules that run in the worker pool (core/heavy.ts) import this, so pdfmake is
 * never loaded on the request thread (certificates/pdf.ts, volunteering/pdf.ts).
 */
const require = createRequire(import.meta.url);
const ROBOTO = require('pdfmake/fonts/Roboto.js') as { Roboto: Record<'normal' | 'bold' | 'italics' | 'bolditalics', string> };
const FONT_DIR = dirname(ROBOTO.Roboto.normal);

pdfmake.setFonts(ROBOTO);
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path: string) => path.startsWith(FONT_DIR));

export interface PdfOptions {
  /** false writes readable content streams (tests look for text in them). */
  compress?: boolean;
}

/** A document definition as PDF bytes, in Roboto. */
export async function renderPdf(doc: TDocumentDefinitions, opts: PdfOptions = {}): Promise<Uint8Array> {
  const buf = await pdfmake
    .createPdf({ ...doc, compress: opts.compress ?? true, defaultStyle: { font: 'Roboto', ...doc.defaultStyle } })
    .getBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
