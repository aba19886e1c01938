import { createRequire } from 'node:module';
import type { Marked } from 'marked';
import type SanitizeHtml from 'sanitize-html';
import { inScript, type Locale } from '../../core/i18n/locale.ts';

/**
 * The body of a news post: Markdown typed in a plain textarea (works without JavaScript, and
 * people who paste from Word or Facebook get readable text), rendered by `marked` and then
 * sanitised by `sanitize-html` against an allow-list — whatever HTML was pasted among the
 * Markdown (a <script>, an onerror=, a javascript: link, an <iframe>, style=) is dropped before
 * it is stored. Only the sanitised HTML is ever sent to a browser or a feed reader.
 *
 * Both libraries load on first use, not at the server's start (sanitize-html brings postcss and
 * htmlparser2: ~70 ms of CPU and ~300 modules' worth of requires). sanitize-html is CommonJS, so
 * the summaries a page takes (htmlToText) require it synchronously; marked is an ES module,
 * imported by the first body rendered (a save, the demo seed).
 */
let sanitizer: typeof SanitizeHtml | undefined;
const sanitizeHtml = (): typeof SanitizeHtml => (sanitizer ??= createRequire(import.meta.url)('sanitize-html') as typeof SanitizeHtml);

let marked: Promise<Marked> | undefined;
const markdown = (): Promise<Marked> =>
  (marked ??= import('marked').then(({ Marked }) => new Marked({ gfm: true, breaks: true, async: false })));

let options: SanitizeHtml.IOptions | undefined;
const OPTIONS = (): SanitizeHtml.IOptions =>
  (options ??= {
    allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'a', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'blockquote', 'code', 'pre', 'hr'],
    allowedAttributes: { a: ['href', 'title', 'rel'] },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // An <h1> typed as "# …" would compete with the page's own title: it becomes a subheading.
    transformTags: {
      h1: 'h2',
      a: sanitizeHtml().simpleTransform('a', { rel: 'nofollow noopener ugc' }),
    },
  });

/** Markdown (or a pasted HTML fragment) → the safe HTML that is stored beside it. */
export async function renderBody(text: string): Promise<string> {
  if (text.trim() === '') return '';
  const html = (await markdown()).parse(text) as string;
  return sanitizeHtml()(html, OPTIONS()).trim();
}

/** Sanitises HTML again (a second line of defence for what is read back from the database). */
export const sanitizeStored = (html: string): string => sanitizeHtml()(html, OPTIONS());

/**
 * Stored (sanitised) HTML in the reader's script: only the text between tags is
 * transliterated — tag names, attributes (link targets) and character references stay as
 * they are. The stored HTML is sanitize-html's output, so '<' and '>' occur only in tags.
 */
export function htmlInScript(locale: Locale, html: string): string {
  return html
    .split(/(<[^>]*>|&[#a-zA-Z0-9]+;)/)
    .map((part, i) => (i % 2 === 1 || part === '' ? part : inScript(locale, part)))
    .join('');
}

/** Plain text of stored HTML (feeds' summaries, a description when no summary was typed). */
export const htmlToText = (html: string): string =>
  sanitizeHtml()(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
