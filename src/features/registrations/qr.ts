import QRCode from 'qrcode';

/**
 * The check-in QR code of a registration: it encodes the registration's code (what the
 * check-in page reads). SVG inline on pages; PNG attached to mails (mail clients drop SVG).
 */
const OPTIONS = { margin: 2, errorCorrectionLevel: 'M' } as const;

export const qrSvg = (code: string): Promise<string> => QRCode.toString(code, { ...OPTIONS, type: 'svg' });

export async function qrPng(code: string): Promise<Uint8Array> {
  return new Uint8Array(await QRCode.toBuffer(code, { ...OPTIONS, type: 'png', width: 300 }));
}
