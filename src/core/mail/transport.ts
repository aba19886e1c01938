import type { Transporter } from 'nodemailer';

/** A small file sent with a mail (bytes in hand: never a path or a URL). */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** One message as the outbox worker hands it to a transport. */
export interface TransportMail {
  from: string;
  /** A single bare address (never a list: commas are not split). */
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
  /** `<uuid@kzm>`, sent as the Message-ID header; stable across retries. */
  messageId: string;
  /** Extra header lines (List-Unsubscribe, List-Unsubscribe-Post); values are single lines. */
  headers?: Readonly<Record<string, string>>;
}

export interface MailTransport {
  readonly name: 'smtp' | 'devbox';
  /** Resolves once the server accepted the message; rejects otherwise (the worker retries). */
  send(mail: TransportMail): Promise<void>;
  close?(): void;
}

/**
 * The worker's lease on a claimed mail must outlast one send, or another worker could take
 * the mail over mid-send. These bounds keep one SMTP exchange well under the default lease
 * (5 min); nodemailer's own defaults allow up to 10 min of socket idleness.
 */
const SMTP_TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000, dnsTimeout: 30_000 };

/**
 * SMTP_URL set: nodemailer over smtp:// or smtps:// (credentials and options in the URL).
 * Unset: the development mailbox — send() does nothing and the row stays in the outbox
 * marked transport='devbox', where the admin development-mailbox page shows it.
 */
export function createTransport(config: { SMTP_URL?: string | undefined }): MailTransport {
  const url = config.SMTP_URL;
  if (!url) {
    return {
      name: 'devbox',
      async send() {},
    };
  }
  if (!/^smtps?:\/\//i.test(url)) throw new Error('SMTP_URL must start with smtp:// or smtps://');
  // nodemailer (~9 MB, ~0.1–0.2 s to load) is loaded by the first send, not at start.
  let transporter: Promise<Transporter> | undefined;
  const open = () =>
    (transporter ??= import('nodemailer').then((nodemailer) =>
      nodemailer.createTransport({
        url,
        ...SMTP_TIMEOUTS,
        // Our messages never load attachments; refuse file paths and URLs as content outright.
        disableFileAccess: true,
        disableUrlAccess: true,
      }),
    ));
  return {
    name: 'smtp',
    async send(mail) {
      await (
        await open()
      ).sendMail({
        from: mail.from,
        // An address object, so a recipient string is never split into several recipients.
        to: { name: '', address: mail.to },
        subject: mail.subject,
        text: mail.text,
        ...(mail.html !== undefined ? { html: mail.html } : {}),
        ...(mail.attachments?.length
          ? {
              attachments: mail.attachments.map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: Buffer.from(a.content),
              })),
            }
          : {}),
        messageId: mail.messageId,
        ...(mail.headers && Object.keys(mail.headers).length > 0 ? { headers: { ...mail.headers } } : {}),
        // nodemailer encodes non-ASCII headers as UTF-8 encoded-words and bodies as
        // quoted-printable/base64 with charset=utf-8, so Cyrillic arrives intact.
      });
    },
    close() {
      void transporter?.then((t) => t.close());
    },
  };
}
