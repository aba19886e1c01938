/**
 * The check-in QR code of a registration: it encodes the registration's code (what the
 * check-in page reads). SVG inline on pages; the PNG attached to mails is drawn by the outbox
 * worker when it sends the mail (mails.ts queues `{ qr: code }`, see core/mail/attachments.ts).
 */
export { qrPng, qrSvg } from '../../core/qr.ts';
