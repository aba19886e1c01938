/**
 * QR codes: SVG inline on pages; PNG for mails (mail clients drop SVG). The outbox worker
 * draws a mail's PNG when it sends the mail (core/mail/attachments.ts), so the same options
 * serve both and a code drawn at send time is the image a page shows.
 */
const OPTIONS = { margin: 2, errorCorrectionLevel: 'M' } as const;

// qrcode (~4 MB, ~0.1 s to load) is needed only once someone holds a confirmed place: loaded on first use.
let qrcode: Promise<typeof import('qrcode')> | undefined;
const load = () => (qrcode ??= import('qrcode').then((m) => (m as { default?: typeof import('qrcode') }).default ?? m));

export async function qrSvg(text: string): Promise<string> {
  return (await load()).toString(text, { ...OPTIONS, type: 'svg' });
}

export async function qrPng(text: string): Promise<Uint8Array> {
  return new Uint8Array(await (await load()).toBuffer(text, { ...OPTIONS, type: 'png', width: 300 }));
}
