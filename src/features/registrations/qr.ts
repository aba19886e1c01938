/**
 * The check-in QR code of a registration: it encodes the registration's code (what the
 * check-in page reads). SVG inline on pages; PNG attached to mails (mail clients drop SVG).
 */
const OPTIONS = { margin: 2, errorCorrectionLevel: 'M' } as const;

// qrcode (~4 MB, ~0.1 s to load) is needed only once someone holds a confirmed place: loaded on first use.
let qrcode: Promise<typeof import('qrcode')> | undefined;
const load = () => (qrcode ??= import('qrcode').then((m) => (m as { default?: typeof import('qrcode') }).default ?? m));

export async function qrSvg(code: string): Promise<string> {
  return (await load()).toString(code, { ...OPTIONS, type: 'svg' });
}

export async function qrPng(code: string): Promise<Uint8Array> {
  return new Uint8Array(await (await load()).toBuffer(code, { ...OPTIONS, type: 'png', width: 300 }));
}
