import { qrPng } from '../qr.ts';
import type { MailAttachment } from './transport.ts';

/**
 * What a queued mail's attachment is: bytes in hand, or a QR code to draw. A QR code is
 * stored as its text and drawn by the outbox worker right before it sends the mail, so
 * queueing a mail (inside a sign-up's transaction, under the activity's lock) costs no image
 * work; the bytes that arrive are those qrPng(text) draws.
 */
export type OutgoingAttachment = MailAttachment | QrAttachment;

/** A PNG of the QR code of `qr`, drawn when the mail is sent. */
export interface QrAttachment {
  filename: string;
  contentType: 'image/png';
  qr: string;
}

/** The JSON an outbox row keeps per attachment (outbox.attachments, migration 0004). */
export type StoredAttachment = { filename: string; contentType: string; base64: string } | QrAttachment;

export function storeAttachment(a: OutgoingAttachment): StoredAttachment {
  if ('qr' in a) return { filename: a.filename, contentType: a.contentType, qr: a.qr };
  return { filename: a.filename, contentType: a.contentType, base64: Buffer.from(a.content).toString('base64') };
}

/** The bytes to send: decoded, or drawn now. */
export async function loadAttachment(a: StoredAttachment): Promise<MailAttachment> {
  if ('qr' in a) return { filename: a.filename, contentType: a.contentType, content: await qrPng(a.qr) };
  return { filename: a.filename, contentType: a.contentType, content: Buffer.from(a.base64, 'base64') };
}
