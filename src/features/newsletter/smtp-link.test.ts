import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSmtp, type TestSmtp } from '../../../test/smtp.ts';
import { ClaimLost, SmtpLink, composeMessage } from './smtp-link.ts';

/**
 * The newsletter's SMTP link writes the message and the final "." itself (not nodemailer's
 * stream): the bytes must arrive as composed — dot-stuffed on the way, whatever the lines hold —
 * the server's answer to the dot must still be read, and a withheld dot must send nothing.
 */
describe('SmtpLink: the message and its dot written by the link', () => {
  let smtp: TestSmtp;
  let link: SmtpLink;
  before(async () => {
    smtp = await startSmtp();
    link = new SmtpLink(smtp.url);
  });
  after(async () => {
    link.close();
    await smtp.close();
  });

  const compose = (messageId: string, text: string) =>
    composeMessage({ from: 'KZM <bilten@kzm.test>', to: 'a@kzm.test', subject: 'Bilten', text, messageId, headers: {} });

  test('lines starting with a dot, a lone "." line and a last line without a line break arrive intact; 250 resolves', async () => {
    const text = '.prva\r\n.\r\n..druga\r\nkraj.\r\n.';
    for (const [i, body] of [text, `${text}\r\n`, 'x'.repeat(70_000)].entries()) {
      const raw = await compose(`<stuffing.${i}@kzm>`, body);
      let wrote = 0;
      await link.send('bilten@kzm.test', 'a@kzm.test', raw, async (writeDot) => {
        writeDot();
        writeDot(); // once only
        wrote++;
        return true;
      });
      assert.equal(wrote, 1);
      const got = smtp.received.at(-1)!;
      assert.equal(got.messageId, `<stuffing.${i}@kzm>`);
      // smtp-server removes the stuffing; a last line without a line break gets the terminator's.
      const sent = raw.toString('latin1');
      assert.equal(got.raw, sent.endsWith('\r\n') ? sent : `${sent}\r\n`);
    }
  });

  test('a dot withheld: ClaimLost, nothing arrives, and the next mail goes through a new connection', async () => {
    const before = smtp.received.length;
    await assert.rejects(
      link.send('bilten@kzm.test', 'a@kzm.test', await compose('<withheld@kzm>', 'tekst'), async () => false),
      ClaimLost,
    );
    await link.send('bilten@kzm.test', 'a@kzm.test', await compose('<after@kzm>', 'tekst'), async () => true);
    assert.deepEqual(
      smtp.received.slice(before).map((m) => m.messageId),
      ['<after@kzm>'],
    );
  });

  test('the server refusing the dot: the error says so (atDot)', async () => {
    smtp.policy = (id) => (id === '<refused@kzm>' ? 554 : undefined);
    try {
      await assert.rejects(
        link.send('bilten@kzm.test', 'a@kzm.test', await compose('<refused@kzm>', 'tekst'), async (writeDot) => {
          writeDot();
          return true;
        }),
        (err: Error & { responseCode?: number; atDot?: boolean }) => err.responseCode === 554 && err.atDot === true,
      );
    } finally {
      smtp.policy = () => undefined;
    }
  });
});
