/**
 * Serbian script conversion (Cyrillic ⇄ Latin), script detection and a
 * script/diacritic-insensitive search key.
 *
 * Hand-written on purpose: the only npm package aimed at Serbian Latin→Cyrillic
 * (@stefanstefanovski/transliterate-cyrillic, one 1.0.0 release, multi-language)
 * and the generic ones (cyrillic-to-latin, transliteration…) are plain letter
 * maps with no digraph exceptions, no protection of URLs / e-mails / Roman
 * numerals and no Unicode normalisation, so none is clearly better.
 *
 * Cyrillic → Latin is a plain letter map (lossless). Latin → Cyrillic is not:
 * "lj", "nj", "dž" are usually one letter (љ, њ, џ) but two in some words
 * (injekcija → инјекција, podžupan → поджупан). Those words are found with an
 * extendable list of stems. Tokens that are not Serbian words (URLs, e-mail
 * addresses, domains, @handles, #hashtags, Roman numerals, foreign words) are
 * left exactly as typed.
 *
 * Rules for the uppercase Latin "I" (Roman one vs. the conjunction "и"):
 *   - "I." followed by a capitalised word is an initial ("pisac I. Andrić" →
 *     "писац И. Андрић"), except at the start of a line, where it is a heading
 *     number ("I. Uvod" → "I. Увод").
 *   - At the start of a line/text, "I" before a lowercase word is the
 *     conjunction ("I ove godine…" → "И ове године…"); before anything else it
 *     stays a numeral ("I Uvod", "I, II i III").
 *   - After . ! ? … (new sentence on the same line) "I" followed by any word is
 *     the conjunction ("…smo. I ostali…" → "…смо. И остали…").
 *   - Mid-sentence "I" is a numeral ("Petra I, broj", "u I razredu"), unless the
 *     next word is in ALL CAPS (shouted text: "PETAR I PAVLE" → "ПЕТАР И ПАВЛЕ").
 *   So an ordinal at the start of a sentence before a lowercase word ("I sprat…")
 *   is read as the conjunction: that reading is far more common in prose; write
 *   "1. sprat" or put it mid-sentence to keep the numeral.
 * "V" follows the initial rule only ("V. Petrović" → "В. Петровић", "Karlo V"
 * stays). "VI" ("vi" = you) is a numeral unless the next word is ALL CAPS.
 * "MI", "LI", "DI", "DIV" are always treated as Serbian words (the numerals
 * 1001, 51, 501, 504 practically never occur). Single C, D, L, M are letters
 * (initials, sizes), never numerals. Lowercase Roman-looking words ("i", "vi")
 * are always Serbian words.
 */

export type Script = 'cyrl' | 'latn';
export type DetectedScript = Script | 'none';

export interface ToCyrillicOptions {
  /** Extra digraph-exception stems for this call only (see DIGRAPH_EXCEPTIONS). */
  extraExceptions?: readonly string[];
  /** Extra foreign word stems kept in Latin for this call only (see FOREIGN_WORDS). */
  extraForeignWords?: readonly string[];
}

// ---------------------------------------------------------------------------
// Letter tables
// ---------------------------------------------------------------------------

// Cyrillic → Latin. Ѐ/Ѝ (accented е/и used to disambiguate, e.g. ѝ "her")
// map to their accented Latin forms so nothing is lost.
const CYR_TO_LAT: Readonly<Record<string, string>> = {
  А: 'A',
  Б: 'B',
  В: 'V',
  Г: 'G',
  Д: 'D',
  Ђ: 'Đ',
  Е: 'E',
  Ж: 'Ž',
  З: 'Z',
  И: 'I',
  Ј: 'J',
  К: 'K',
  Л: 'L',
  Љ: 'Lj',
  М: 'M',
  Н: 'N',
  Њ: 'Nj',
  О: 'O',
  П: 'P',
  Р: 'R',
  С: 'S',
  Т: 'T',
  Ћ: 'Ć',
  У: 'U',
  Ф: 'F',
  Х: 'H',
  Ц: 'C',
  Ч: 'Č',
  Џ: 'Dž',
  Ш: 'Š',
  Ѐ: 'È',
  Ѝ: 'Ì',
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  ђ: 'đ',
  е: 'e',
  ж: 'ž',
  з: 'z',
  и: 'i',
  ј: 'j',
  к: 'k',
  л: 'l',
  љ: 'lj',
  м: 'm',
  н: 'n',
  њ: 'nj',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  ћ: 'ć',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'c',
  ч: 'č',
  џ: 'dž',
  ш: 'š',
  ѐ: 'è',
  ѝ: 'ì',
};

// Latin → Cyrillic for single letters (digraphs handled separately).
const LAT_TO_CYR: Readonly<Record<string, string>> = {};
for (const [cyr, lat] of Object.entries(CYR_TO_LAT)) {
  if (lat.length === 1) (LAT_TO_CYR as Record<string, string>)[lat] = cyr;
}
// The same as a flat array indexed by code point (all Serbian Latin letters are < U+0180).
const LAT_TABLE_SIZE = 0x180;
const LAT_TABLE: (string | undefined)[] = new Array<string | undefined>(LAT_TABLE_SIZE);
for (const [lat, cyr] of Object.entries(LAT_TO_CYR)) LAT_TABLE[lat.charCodeAt(0)] = cyr;

const SR_CYR_CHARS = Object.keys(CYR_TO_LAT).join('');
const HAS_SR_CYR_RE = new RegExp(`[${SR_CYR_CHARS}]`);
const SR_CYR_SET: ReadonlySet<string> = new Set(Object.keys(CYR_TO_LAT));

// Serbian Latin letters (no q, w, x, y) + è/ì, the counterparts of ѐ/ѝ.
const SR_LAT_SET: ReadonlySet<string> = new Set(Object.keys(LAT_TO_CYR));
// Fast path for toCyrillic: anything Latin at all (incl. ligatures, Ð, bare a–z).
const HAS_ANY_LATIN_RE = /[A-Za-z\u00C0-\u024F\u0256\u1E00-\u1EFF]/;

// ---------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------

// Compatibility ligatures (Unicode has them exactly for Serbo-Croatian) and
// look-alike "D with stroke" letters people paste from other keyboards.
const LIGATURES: Readonly<Record<string, string>> = {
  Ǆ: 'DŽ',
  ǅ: 'Dž',
  ǆ: 'dž',
  Ǉ: 'LJ',
  ǈ: 'Lj',
  ǉ: 'lj',
  Ǌ: 'NJ',
  ǋ: 'Nj',
  ǌ: 'nj',
  '\u00D0': 'Đ',
  '\u00F0': 'đ',
  '\u0189': 'Đ',
  '\u0256': 'đ',
};
const LIGATURE_RE = new RegExp(`[${Object.keys(LIGATURES).join('')}]`, 'g');
const NEEDS_NFC_RE = /[\u0300-\u036F]/;

/** Expands ligatures, maps Ð/ð to Đ/đ and composes decomposed diacritics (NFC). */
function normalizeSerbian(text: string): string {
  const s = text.replace(LIGATURE_RE, (ch) => LIGATURES[ch] ?? ch);
  // normalize() is cheap but not free; only combining marks can change under NFC here.
  return NEEDS_NFC_RE.test(s) ? s.normalize('NFC') : s;
}

// ---------------------------------------------------------------------------
// Cyrillic → Latin
// ---------------------------------------------------------------------------

// Table indexed by (code point − 0x400) for the Cyrillic block: a flat array
// lookup per character is several times faster than a regex replace callback.
const CYR_BASE = 0x400;
const CYR_TABLE: (string | undefined)[] = new Array<string | undefined>(0x60);
for (const [cyr, lat] of Object.entries(CYR_TO_LAT)) CYR_TABLE[cyr.charCodeAt(0) - CYR_BASE] = lat;
const CODE_LJ = 'Љ'.charCodeAt(0);
const CODE_NJ = 'Њ'.charCodeAt(0);
const CODE_DZ = 'Џ'.charCodeAt(0);
const LETTER_OR_MARK_RE = /[\p{L}\p{M}]/u;

function isAllCapsWord(word: string): boolean {
  // ≥ 2 letters so that a lone "Љ" stays "Lj".
  return word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase();
}

/** The word (run of letters) around index i. */
function wordAround(text: string, i: number): string {
  let a = i;
  let b = i + 1;
  while (a > 0 && LETTER_OR_MARK_RE.test(text[a - 1] ?? '')) a--;
  while (b < text.length && LETTER_OR_MARK_RE.test(text[b] ?? '')) b++;
  return text.slice(a, b);
}

/** Serbian Cyrillic → Latin. Lossless; non-Serbian characters pass through. */
export function toLatin(text: string): string {
  if (!HAS_SR_CYR_RE.test(text)) return text;
  // Table loop with += (V8 ropes): measured ~3× faster than a replace callback
  // or an array join.
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let lat = code >= CYR_BASE && code < CYR_BASE + 0x60 ? CYR_TABLE[code - CYR_BASE] : undefined;
    if (lat === undefined) continue;
    // Љ → Lj, but LJ inside an ALL-CAPS word (ЉУБАВ → LJUBAV).
    if ((code === CODE_LJ || code === CODE_NJ || code === CODE_DZ) && isAllCapsWord(wordAround(text, i))) {
      lat = lat.toUpperCase();
    }
    if (i > last) out += text.slice(last, i);
    out += lat;
    last = i + 1;
  }
  return last < text.length ? out + text.slice(last) : out;
}

// ---------------------------------------------------------------------------
// Exception lists (extendable)
// ---------------------------------------------------------------------------

/**
 * Lowercase Latin stems in which "lj", "nj" or "dž" are two letters. A stem
 * matches anywhere inside a word (so inflections and prefixed forms are
 * covered: "neodžaljen", "injekcijama"); each digraph lying inside the matched
 * stem is split. Keep stems long enough not to hit ordinary words
 * (e.g. "odžal" — not "odž", which would break "odžačar" → оџачар).
 */
export const DIGRAPH_EXCEPTIONS: readonly string[] = Object.freeze([
  // in- + j…
  'injek', // injekcija, injektor, injektirati
  'injunk', // injunkcija
  // kon- + j…
  'konjug', // konjugacija, konjugovati, konjugalan
  'konjunk', // konjunktura, konjunkcija, konjunktiv
  'konjekt', // konjektura
  // van- + j…
  'vanjezi', // vanjezički
  'vanjevrop', // vanjevropski
  // abbreviation word: Tan(jug) = Telegrafska agencija nova Jugoslavija → Танјуг
  'tanjug',
  // od-, nad-, pod-, pred- + ž…
  'odžal', // odžaliti, neodžaljen
  'odživ', // odživeti
  'odžvak', // odžvakati
  'nadživ', // nadživeti, nadživljavati
  'nadžnje', // nadžnjeti
  'nadžup', // nadžupan
  'podžup', // podžupan, podžupanija
  'podžanr', // podžanr
  'predželud', // predželudac
  'predžetv', // predžetveni
]);

/**
 * Lowercase stems of foreign words / brands without q, w, x or y that must stay
 * in Latin (words with q/w/x/y or non-Serbian letters are kept automatically).
 * Matched as a prefix of the word (or of a hyphen part: "e-mail"), so
 * inflected forms ("Instagramu") are kept too.
 */
export const FOREIGN_WORDS: readonly string[] = Object.freeze([
  'facebook',
  'instagram',
  'google',
  'gmail',
  'tiktok',
  'linkedin',
  'iphone',
  'ipad',
  'github',
  'microsoft',
  'office',
  'online',
  'offline',
  'apple',
  'email',
  'mail',
  'zoom',
  'messenger',
  'hashtag',
  'podcast',
]);

const addedExceptions = new Set<string>();
const addedForeign = new Set<string>();

function cleanStems(stems: Iterable<string>): string[] {
  const out: string[] = [];
  for (const s of stems) {
    const t = normalizeSerbian(s.trim()).toLowerCase();
    if (t) out.push(t);
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One alternation, longest stems first so the longest stem wins. */
function compileAlternation(stems: Iterable<string>, prefix: string, flags: string): RegExp | null {
  const list = [...new Set(stems)].sort((a, b) => b.length - a.length);
  return list.length ? new RegExp(`${prefix}(?:${list.map(escapeRe).join('|')})`, flags) : null;
}

interface Rules {
  exceptions: RegExp | null; // global, case-insensitive, run on a word part
  foreign: RegExp | null; // anchored prefix, case-insensitive, run on a word part
}

function buildRules(extraExceptions: readonly string[] = [], extraForeign: readonly string[] = []): Rules {
  return {
    exceptions: compileAlternation([...DIGRAPH_EXCEPTIONS, ...addedExceptions, ...cleanStems(extraExceptions)], '', 'gi'),
    foreign: compileAlternation([...FOREIGN_WORDS, ...addedForeign, ...cleanStems(extraForeign)], '^', 'i'),
  };
}

/**
 * Recent conversions with the default rules. Pages show the same content again and again (an
 * activity's title in every list, month cell and feed), and converting costs a regex scan per
 * word, so short texts are remembered; oldest out first; cleared when the rules change.
 */
const memo = new Map<string, string>();
const MEMO_MAX_ENTRIES = 5000;
const MEMO_MAX_LENGTH = 500;

let defaultRules = buildRules();
// Per-call option sets are usually constant (app config), so cache a few.
const rulesCache = new Map<string, Rules>();

function rulesFor(options: ToCyrillicOptions | undefined): Rules {
  const ex = options?.extraExceptions ?? [];
  const fw = options?.extraForeignWords ?? [];
  if (ex.length === 0 && fw.length === 0) return defaultRules;
  const key = `${ex.join('\u0000')}\u0001${fw.join('\u0000')}`;
  let rules = rulesCache.get(key);
  if (!rules) {
    if (rulesCache.size >= 32) rulesCache.clear();
    rules = buildRules(ex, fw);
    rulesCache.set(key, rules);
  }
  return rules;
}

/** Adds digraph-exception stems (e.g. "injek") for all later toCyrillic calls. */
export function addDigraphExceptions(stems: Iterable<string>): void {
  for (const s of cleanStems(stems)) addedExceptions.add(s);
  defaultRules = buildRules();
  rulesCache.clear();
  memo.clear();
}

/** Adds foreign word stems kept in Latin for all later toCyrillic calls. */
export function addForeignWords(stems: Iterable<string>): void {
  for (const s of cleanStems(stems)) addedForeign.add(s);
  defaultRules = buildRules();
  rulesCache.clear();
  memo.clear();
}

// ---------------------------------------------------------------------------
// Latin → Cyrillic
// ---------------------------------------------------------------------------

const CLOSERS = `"'<>«»„“”‘’`;
const TLDS = [
  'rs',
  'com',
  'org',
  'net',
  'edu',
  'gov',
  'info',
  'eu',
  'io',
  'me',
  'ba',
  'hr',
  'mk',
  'si',
  'de',
  'at',
  'ch',
  'uk',
  'co',
  'biz',
  'app',
  'dev',
  'online',
  'site',
];
const TLD_ALT = [...new Set(TLDS.flatMap((t) => [t, t.toUpperCase()]))].join('|');

// One pass over the text. Group 1: tokens kept verbatim that have a cheap,
// distinctive start (scheme URL, www., @handle, #hashtag). Group 2: a "run" —
// letters/digits joined by . @ _ % + - (and a path after a known TLD) — which
// toCyrillic classifies as e-mail, bare domain, plain word, or mixed text.
// (Separate e-mail/domain alternatives re-scanned every word: about 2× slower.)
const TOKEN_RE = new RegExp(
  '(' +
    `(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp]):\\/\\/[^\\s${CLOSERS}]+` +
    `|[Ww]{3}\\.[^\\s${CLOSERS}]+` +
    '|(?<![\\p{L}\\p{N}_])[@#][\\p{L}\\p{N}_]+(?:\\.[\\p{L}\\p{N}_]+)*' +
    ')|(' +
    '[\\p{L}\\p{N}_][\\p{L}\\p{N}\\p{M}_%+\\-\\u2010\\u2011]*' +
    '(?:[.@][\\p{L}\\p{N}_][\\p{L}\\p{N}\\p{M}_%+\\-\\u2010\\u2011]*)*' +
    `(?:\\/(?<=\\.(?:${TLD_ALT})\\/)[^\\s${CLOSERS}]*)?` +
    ')',
  'gu',
);
const EMAIL_RE = /^[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+$/u;
const DOMAIN_RE = new RegExp(`^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+(?:${TLD_ALT})(?:\\/.*)?$`, 's');
// A word: letters (+ combining marks), hyphenated compounds kept together so
// "Wi-Fi" is judged as one foreign word.
const WORD_SRC = '\\p{L}[\\p{L}\\p{M}]*(?:[-\\u2010\\u2011]\\p{L}[\\p{L}\\p{M}]*)*';
const INNER_WORD_RE = new RegExp(WORD_SRC, 'gu');
const HYPHEN_SPLIT_RE = /([-\u2010\u2011])/;

// Strict uppercase Roman numeral containing I, V or X (so "CD", "MM", "C" are words).
const ROMAN_RE = /^(?=[MDCLXVI]*[IVX])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/;
// Numeral-shaped uppercase words that are really Serbian words.
const ROMAN_WORD_COLLISIONS: ReadonlySet<string> = new Set(['MI', 'LI', 'DI', 'DIV']);

// Context probes, sticky so they cost O(1) per lookup regardless of text length.
const NEXT_WORD_RE = /[ \t\u00A0]+(\p{L}[\p{L}\p{M}]*)/uy;
const DOT_CAPITAL_RE = /\.[ \t\u00A0]+\p{Lu}/uy;
const SKIP_BACK = new Set([' ', '\t', '\u00A0', '"', "'", '„', '“', '”', '‘', '’', '«', '»', '(', '[']);
const SENTENCE_END = new Set(['.', '!', '?', '…']);

type Position = 'line' | 'sentence' | 'mid';

function positionOf(str: string, offset: number): Position {
  let i = offset - 1;
  while (i >= 0 && SKIP_BACK.has(str[i] ?? '')) i--;
  if (i < 0) return 'line';
  const ch = str[i] ?? '';
  if (ch === '\n' || ch === '\r') return 'line';
  return SENTENCE_END.has(ch) ? 'sentence' : 'mid';
}

function nextWord(str: string, end: number): string | null {
  NEXT_WORD_RE.lastIndex = end;
  return NEXT_WORD_RE.exec(str)?.[1] ?? null;
}

function followedByDotCapital(str: string, end: number): boolean {
  DOT_CAPITAL_RE.lastIndex = end;
  return DOT_CAPITAL_RE.test(str);
}

function startsLowercase(word: string): boolean {
  const first = word[0] ?? '';
  return first !== first.toUpperCase();
}

function isShoutedWord(word: string | null): boolean {
  return word !== null && isAllCapsWord(word) && !ROMAN_RE.test(word);
}

/** Decides whether an uppercase Roman-numeral-shaped word stays Latin. See header. */
function keepAsRoman(word: string, str: string, offset: number): boolean {
  if (ROMAN_WORD_COLLISIONS.has(word)) return false;
  const end = offset + word.length;
  if (word === 'I' || word === 'V') {
    const pos = positionOf(str, offset);
    if (followedByDotCapital(str, end)) return pos === 'line'; // heading "I. Uvod" vs initial "I. Andrić"
    if (word === 'V') return true;
    const next = nextWord(str, end);
    if (pos === 'line') return !(next !== null && startsLowercase(next));
    if (pos === 'sentence') return next === null;
    return !isShoutedWord(next);
  }
  if (word === 'VI') return !isShoutedWord(nextWord(str, offset + word.length));
  return true;
}

function isDigraphAt(part: string, i: number): boolean {
  const a = part.charCodeAt(i) | 0x20; // ASCII lowercase
  const b = part.charCodeAt(i + 1);
  if (a === 0x6c || a === 0x6e) return (b | 0x20) === 0x6a; // l/n + j
  return a === 0x64 && (b === 0x17e || b === 0x17d); // d + ž
}

// What one character scan of a run found (bit flags).
const F_LATIN = 1; // has a Serbian Latin letter, i.e. something to convert
const F_FOREIGN = 2; // has q, w, x, y or a non-Serbian Latin letter (ü, é, ß…)
const F_HYPHEN = 4; // hyphenated compound ("Wi-Fi", "E-pošta")
const F_DIGRAPH = 8; // contains lj / nj / dž
const F_MIXED = 16; // not a plain word: digits, . @ _ % +, stray hyphens…

function isHyphen(c: number): boolean {
  return c === 0x2d || c === 0x2010 || c === 0x2011;
}

/**
 * Classifies a run in one pass over its char codes (instead of ~7 regex tests
 * per word). Only Serbian Latin letters matter; Cyrillic, combining marks and
 * other scripts are neutral.
 */
function scanRun(w: string): number {
  let f = 0;
  const n = w.length;
  for (let i = 0; i < n; i++) {
    const c = w.charCodeAt(i);
    if (c < 0x80) {
      const lc = c | 0x20;
      if (lc >= 0x61 && lc <= 0x7a) {
        f |= lc === 0x71 || lc === 0x77 || lc === 0x78 || lc === 0x79 ? F_FOREIGN : F_LATIN;
        if (isDigraphAt(w, i)) f |= F_DIGRAPH;
      } else if (c === 0x2d) {
        f |= i === n - 1 || isHyphen(w.charCodeAt(i - 1)) ? F_MIXED : F_HYPHEN;
      } else {
        f |= F_MIXED;
      }
    } else if (c < 0x2b0) {
      // Latin-1 Supplement … IPA Extensions
      if (c < LAT_TABLE_SIZE && LAT_TABLE[c] !== undefined) f |= F_LATIN;
      else if (c >= 0xc0 && c !== 0xd7 && c !== 0xf7) f |= F_FOREIGN;
      else f |= F_MIXED; // ª º µ and the like: let the regex path sort it out
    } else if ((c >= 0x1e00 && c < 0x1f00) || (c >= 0xff21 && c <= 0xff5a)) {
      f |= F_FOREIGN; // Latin Extended Additional, full-width Latin
    } else if (c === 0x2010 || c === 0x2011) {
      f |= i === n - 1 || isHyphen(w.charCodeAt(i - 1)) ? F_MIXED : F_HYPHEN;
    }
  }
  return f;
}

/** Converts one hyphen-free, non-foreign word (may already be partly Cyrillic). */
function convertPart(part: string, rules: Rules, mayHaveDigraph: boolean): string {
  // Indices where a digraph must be read as two letters (exception stems).
  let split: Set<number> | null = null;
  if (mayHaveDigraph && rules.exceptions) {
    for (const m of part.matchAll(rules.exceptions)) {
      const stop = m.index + m[0].length - 1;
      for (let i = m.index; i < stop; i++) if (isDigraphAt(part, i)) (split ??= new Set()).add(i);
    }
  }
  // Table loop with += (V8 ropes): measured ~3× faster than a replace callback
  // or an array join on this hot path.
  let out = '';
  for (let i = 0; i < part.length; i++) {
    const code = part.charCodeAt(i);
    if (mayHaveDigraph && i + 1 < part.length && isDigraphAt(part, i) && !split?.has(i)) {
      // Case follows the first letter: "LJ"/"Lj"/"LJubav" → Љ, "lj" → љ.
      const upper = code < 0x61;
      const a = code | 0x20;
      out += a === 0x6c ? (upper ? 'Љ' : 'љ') : a === 0x6e ? (upper ? 'Њ' : 'њ') : upper ? 'Џ' : 'џ';
      i++;
      continue;
    }
    out += (code < LAT_TABLE_SIZE ? LAT_TABLE[code] : undefined) ?? part[i];
  }
  return out;
}

function isKeptRomanPart(p: string): boolean {
  return ROMAN_RE.test(p) && !ROMAN_WORD_COLLISIONS.has(p);
}

/**
 * Serbian Latin → Cyrillic. Normalises Unicode first; keeps URLs, e-mails,
 * domains, @handles, #hashtags, Roman numerals and foreign words; handles
 * digraph exceptions. Text without Latin letters is returned unchanged.
 */
export function toCyrillic(text: string, options?: ToCyrillicOptions): string {
  if (!HAS_ANY_LATIN_RE.test(text)) return text;
  const rules = rulesFor(options);
  if (rules !== defaultRules || text.length > MEMO_MAX_LENGTH) return convertToCyrillic(text, rules);
  let out = memo.get(text);
  if (out === undefined) {
    out = convertToCyrillic(text, rules);
    if (memo.size >= MEMO_MAX_ENTRIES) memo.delete(memo.keys().next().value as string);
    memo.set(text, out);
  }
  return out;
}

function convertToCyrillic(text: string, rules: Rules): string {
  const s = normalizeSerbian(text);
  const isForeignStem = (w: string): boolean => rules.foreign !== null && rules.foreign.test(w);

  // A plain word (letters, marks, inner hyphens) at `offset` in s.
  const word = (w: string, flags: number, offset: number): string => {
    if (!(flags & F_LATIN) || flags & F_FOREIGN) return w;
    if (!(flags & F_HYPHEN)) {
      if (ROMAN_RE.test(w) && keepAsRoman(w, s, offset)) return w;
      return isForeignStem(w) ? w : convertPart(w, rules, (flags & F_DIGRAPH) !== 0);
    }
    const parts = w.split(HYPHEN_SPLIT_RE); // hyphens land at odd indices
    // Any foreign part keeps the whole compound ("e-mail").
    for (let i = 0; i < parts.length; i += 2) if (isForeignStem(parts[i] ?? '')) return w;
    let out = '';
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] ?? '';
      out += i % 2 === 1 || isKeptRomanPart(p) ? p : convertPart(p, rules, (flags & F_DIGRAPH) !== 0);
    }
    return out;
  };

  // exec loop + += instead of replace(callback): less allocation, faster here.
  const re = new RegExp(TOKEN_RE); // own lastIndex: safe if called re-entrantly
  let out = '';
  let last = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const run = m[2];
    if (run === undefined) continue; // kept token (URL, www., @handle, #hashtag)
    const flags = scanRun(run);
    if (!(flags & F_LATIN)) continue; // nothing Serbian-Latin in it (Cyrillic, digits…)
    let rep: string;
    if (!(flags & F_MIXED)) {
      rep = word(run, flags, m.index); // the common case
    } else if (EMAIL_RE.test(run) || DOMAIN_RE.test(run)) {
      continue;
    } else {
      // Mixed run ("mladima.Ovo", "B92", "pojedinci_ke"): convert the words inside it.
      const base = m.index;
      rep = run.replace(INNER_WORD_RE, (w: string, o: number) => word(w, scanRun(w), base + o));
    }
    if (rep === run) continue;
    out += s.slice(last, m.index) + rep;
    last = m.index + run.length;
  }
  return last === 0 ? s : out + s.slice(last);
}

/** Converts text to the given script. */
export function toScript(text: string, script: Script): string {
  return script === 'cyrl' ? toCyrillic(text) : toLatin(text);
}

// ---------------------------------------------------------------------------
// Detection and search
// ---------------------------------------------------------------------------

/**
 * The script most Serbian letters in the text are written in; 'none' if it has
 * none. A tie goes to Cyrillic (the official script).
 */
export function detectScript(text: string): DetectedScript {
  let cyr = 0;
  let lat = 0;
  for (const ch of text) {
    if (SR_CYR_SET.has(ch)) cyr++;
    else if (SR_LAT_SET.has(ch)) lat++;
  }
  if (cyr === 0 && lat === 0) return 'none';
  return cyr >= lat ? 'cyrl' : 'latn';
}

const DJ_RE = /đ/g;
const MARKS_RE = /\p{M}+/gu;
const SPACE_RE = /\s+/g;

/**
 * Folding key for search: same key regardless of script, case and diacritics.
 * đ folds to "dj" (how people type it without diacritics), dž to "dz".
 * "Чачак", "Čačak", "cacak" → "cacak"; "Ђурђево", "Djurdjevo" → "djurdjevo".
 */
export function searchKey(text: string): string {
  return toLatin(normalizeSerbian(text))
    .toLowerCase()
    .replace(DJ_RE, 'dj')
    .normalize('NFD')
    .replace(MARKS_RE, '')
    .replace(SPACE_RE, ' ')
    .trim();
}
