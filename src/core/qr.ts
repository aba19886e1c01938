import QRCode from 'qrcode';

/**
 * QR codes: SVG inline on pages; PNG for mails (mail clients drop SVG). The outbox worker
 * draws a mail's PNG when it sends the mail (core/mail/attachments.ts), so the same options
 * serve both and a code drawn at send time is the image a page shows.
 */
const OPTIONS = { margin: 2, errorCorrectionLevel: 'M' } as const;

export const qrSvg = (text: string): Promise<string> => QRCode.toString(text, { ...OPTIONS, type: 'svg' });

export async function qrPng(text: string): Promise<Uint8Array> {
  return new Uint8Array(await QRCode.toBuffer(text, { ...OPTIONS, type: 'png', width: 300 }));
}
