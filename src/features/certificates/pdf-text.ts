import { inflateSync } from 'node:zlib';

/**
 * Test helper: the text of a PDF as pdfkit (under pdfmake) writes it — glyph ids in hex
 * strings, mapped back to characters through each font's ToUnicode CMap. Enough to check what
 * a certificate says, in which script, without a PDF library. Production code never imports it.
 */
export function pdfText(bytes: Uint8Array): string {
  const src = Buffer.from(bytes).toString('latin1');
  const objects = new Map<number, { dict: string; stream: string | null }>();
  for (const m of src.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2]!;
    const s = /^([\s\S]*?)stream\r?\n([\s\S]*?)\r?\nendstream/.exec(body);
    let stream: string | null = null;
    if (s) {
      // The dictionary's /Length, not the regex, ends the data: compressed bytes may end in
      // \r, which the `\r?\n` before `endstream` would otherwise swallow (1 PDF in 256).
      const length = /\/Length (\d+)(?! \d+ R)/.exec(s[1]!);
      const data = length
        ? body
            .slice(s[1]!.length)
            .replace(/^stream\r?\n/, '')
            .slice(0, Number(length[1]))
        : s[2]!;
      const raw = Buffer.from(data, 'latin1');
      stream = /\/FlateDecode/.test(s[1]!) ? inflateSync(raw).toString('latin1') : data;
    }
    objects.set(Number(m[1]), { dict: s ? s[1]! : body, stream });
  }
  const cmaps = new Map<number, Map<number, string>>();
  const cmapOf = (fontObj: number): Map<number, string> => {
    const cached = cmaps.get(fontObj);
    if (cached) return cached;
    const map = new Map<number, string>();
    const ref = /\/ToUnicode (\d+) 0 R/.exec(objects.get(fontObj)?.dict ?? '');
    const cmap = ref ? (objects.get(Number(ref[1]))?.stream ?? '') : '';
    const hex = (h: string) => String.fromCodePoint(...(h.replace(/\s+/g, '').match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)));
    for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const r of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
        const from = parseInt(r[1]!, 16);
        const to = parseInt(r[2]!, 16);
        if (r[3]!.startsWith('[')) {
          [...r[3]!.matchAll(/<([0-9a-fA-F\s]+)>/g)].forEach((x, i) => map.set(from + i, hex(x[1]!)));
        } else {
          const start = parseInt(r[3]!.slice(1, -1), 16);
          for (let g = from; g <= to; g++) map.set(g, String.fromCodePoint(start + g - from));
        }
      }
    }
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const r of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(r[1]!, 16), hex(r[2]!));
    }
    cmaps.set(fontObj, map);
    return map;
  };
  const out: string[] = [];
  for (const [, page] of objects) {
    if (!/\/Type \/Page\b/.test(page.dict)) continue;
    const contents = /\/Contents (\d+) 0 R/.exec(page.dict);
    const resRef = /\/Resources (\d+) 0 R/.exec(page.dict);
    const resources = resRef ? (objects.get(Number(resRef[1]))?.dict ?? '') : page.dict;
    const fonts = new Map<string, number>();
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources);
    for (const f of (fontDict?.[1] ?? '').matchAll(/\/(\w+) (\d+) 0 R/g)) fonts.set(f[1]!, Number(f[2]));
    const stream = contents ? (objects.get(Number(contents[1]))?.stream ?? '') : '';
    let font: Map<number, string> = new Map();
    let line = '';
    for (const tok of stream.matchAll(/\/(\w+) [\d.]+ Tf|\[((?:<[0-9a-fA-F]*>|[^\]])*)\] TJ|<([0-9a-fA-F]*)> Tj|ET/g)) {
      if (tok[1]) font = cmapOf(fonts.get(tok[1]) ?? -1);
      else if (tok[0] === 'ET') {
        if (line) out.push(line);
        line = '';
      } else {
        const parts = tok[2] !== undefined ? [...tok[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]!) : [tok[3]!];
        for (const h of parts) for (const g of h.match(/.{4}/g) ?? []) line += font.get(parseInt(g, 16)) ?? '';
      }
    }
    if (line) out.push(line);
  }
  return out.join('');
}
