import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { freshDb } from '../../../test/db.ts';
import { startSmtp, type TestSmtp } from '../../../test/smtp.ts';
import type { MailAttachment } from './transport.ts';
import type { Db } from '../db/db.ts';
import { enqueueMail, listDevMailbox, MailWorker, type MailWorkerOptions } from './outbox.ts';
import { createTransport, type MailTransport } from './transport.ts';

describe('mail outbox', () => {
  let db: Db;
  let smtp: TestSmtp;
  const logLines: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const transports: MailTransport[] = [];
  const workers: MailWorker[] = [];
  const FROM = 'KZM <no-reply@kzm.localhost>';
  let seq = 0;

  function worker(opts: Partial<MailWorkerOptions> = {}, transport?: MailTransport): MailWorker {
    const t = transport ?? createTransport({ SMTP_URL: smtp.url });
    transports.push(t);
    const w = new MailWorker(db, t, { from: FROM, log, ...opts });
    workers.push(w);
    return w;
  }

  /** Enqueues one committed mail and returns its outbox row id and Message-ID. */
  async function queue(mail: { subject?: string; text?: string; html?: string; to?: string; attachments?: MailAttachment[] } = {}) {
    const subject = mail.subject ?? `Test ${++seq}`;
    await db.transaction((tx) =>
      enqueueMail(tx, {
        to: mail.to ?? `person${seq}@example.rs`,
        subject,
        text: mail.text ?? `Body of ${subject}`,
        ...(mail.html !== undefined ? { html: mail.html } : {}),
        ...(mail.attachments ? { attachments: mail.attachments } : {}),
      }),
    );
    return row(subject);
  }

  interface Row {
    id: number;
    message_id: string;
    attempts: number;
    sent_at: Date | null;
    failed_at: Date | null;
    locked_until: Date | null;
    transport: string | null;
    last_error: string | null;
    /** next_attempt_at - now(), in seconds */
    due_in: number;
  }

  async function row(subject: string): Promise<Row> {
    const rows = await db.query<Row>(
      `SELECT id, message_id, attempts, sent_at, failed_at, locked_until, transport, last_error,
              extract(epoch FROM next_attempt_at - now())::float8 AS due_in
         FROM outbox WHERE subject = $1`,
      [subject],
    );
    assert.equal(rows.length, 1, `exactly one outbox row for ${subject}`);
    return rows[0] as Row;
  }

  const receivedCount = (messageId: string) => smtp.received.filter((m) => m.messageId === messageId).length;
  const makeDue = (id: number) => db.query(`UPDATE outbox SET next_attempt_at = now() - interval '1 second' WHERE id = $1`, [id]);

  async function waitFor(cond: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 500; i++) {
      if (cond()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail(`timed out waiting for ${what}`);
  }

  before(async () => {
    db = await freshDb();
    smtp = await startSmtp();
  });

  after(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    for (const t of transports) t.close?.();
    await smtp?.close();
    await db?.close();
  });

  test('(a) a mail enqueued in a transaction that rolls back is never sent', async () => {
    const subject = 'Rolled back';
    await assert.rejects(
      db.transaction(async (tx) => {
        await enqueueMail(tx, { to: 'rollback@example.rs', subject, text: 'never' });
        const inside = await tx.query('SELECT 1 FROM outbox WHERE subject = $1', [subject]);
        assert.equal(inside.length, 1, 'the row is visible inside the transaction');
        throw new Error('abort');
      }),
      /abort/,
    );
    const w = worker();
    assert.equal(await w.runOnce(), 0);
    assert.equal((await db.query('SELECT 1 FROM outbox WHERE subject = $1', [subject])).length, 0);
    assert.equal(smtp.received.filter((m) => m.subject === subject).length, 0);
    assert.equal(smtp.received.length, 0);
  });

  test('(b) a committed Cyrillic mail is delivered exactly once with its Message-ID and marked sent', async () => {
    const subject = 'Потврдите адресу е-поште — Канцеларија за младе Зрењанин';
    const text = 'Здраво Љиљана,\nкликните на везу да потврдите адресу: https://kzm.example/потврда?т=абв\nЂурђевдан, ЧЋЏШЖ.';
    const html = '<p>Здраво <b>Љиљана</b>, ово је порука.</p>';
    const queued = await queue({ subject, text, html, to: 'ljiljana@example.rs' });
    assert.match(queued.message_id, /^<[0-9a-f-]{36}@kzm>$/);
    assert.equal(queued.sent_at, null);

    const w = worker();
    assert.equal(await w.runOnce(), 1);
    assert.equal(await w.runOnce(), 0, 'nothing left to send');

    assert.equal(receivedCount(queued.message_id), 1);
    const got = smtp.received.find((m) => m.messageId === queued.message_id);
    assert.ok(got);
    assert.equal(got.subject, subject);
    assert.equal(got.text.replace(/\r\n/g, '\n').trimEnd(), text);
    assert.equal(got.html?.trimEnd(), html);
    assert.deepEqual(got.rcptTo, ['ljiljana@example.rs']);
    assert.match(got.to, /ljiljana@example\.rs/);
    assert.match(got.from, /no-reply@kzm\.localhost/);
    assert.match(got.raw, /charset=utf-8/i);

    const after = await row(subject);
    assert.ok(after.sent_at instanceof Date);
    assert.equal(after.transport, 'smtp');
    assert.equal(after.attempts, 1);
    assert.equal(after.locked_until, null);
    assert.equal(after.last_error, null);
    assert.equal(after.message_id, queued.message_id, 'the Message-ID is stable');
  });

  test('an attachment is kept in the outbox and arrives with the mail, byte for byte', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255, 128, 7, 42]);
    const queued = await queue({
      to: 'prilog@example.rs',
      attachments: [{ filename: 'prijava-ABC.png', contentType: 'image/png', content: png }],
    });
    assert.equal(await worker().runOnce(), 1);
    const got = smtp.received.find((m) => m.messageId === queued.message_id);
    assert.ok(got);
    assert.match(got.raw, /Content-Type: image\/png; name=prijava-ABC\.png/i);
    assert.match(got.raw, /Content-Disposition: attachment; filename=prijava-ABC\.png/i);
    assert.ok(got.raw.replace(/\s+/g, '').includes(Buffer.from(png).toString('base64')), 'the bytes, base64-encoded');
    const [kept] = await db.query<{ attachments: unknown[] }>('SELECT attachments FROM outbox WHERE id = $1', [queued.id]);
    assert.deepEqual(kept!.attachments, [], 'sent: the outbox no longer keeps the file');
  });

  test('(c) a 451 on the first delivery is retried after the backoff and delivered once', async () => {
    const queued = await queue({ to: 'retry.me@example.rs' });
    smtp.policy = (id, nth) => (id === queued.message_id && nth === 1 ? 451 : undefined);
    try {
      const w = worker();
      assert.equal(await w.runOnce(), 0);
      assert.equal(smtp.tries.get(queued.message_id), 1);
      assert.equal(receivedCount(queued.message_id), 0);

      const failed = await row(`Test ${seq}`);
      assert.equal(failed.attempts, 1);
      assert.equal(failed.sent_at, null);
      assert.equal(failed.failed_at, null);
      assert.equal(failed.locked_until, null);
      assert.ok(failed.last_error, 'last_error is set');
      assert.match(failed.last_error, /451/);
      assert.doesNotMatch(failed.last_error, /retry\.me|example\.rs/, 'no address in last_error');
      assert.ok(failed.last_error.length <= 300);
      assert.ok(failed.due_in > 0, 'next_attempt_at is in the future');
      assert.ok(failed.due_in > 20 && failed.due_in <= 30, `first backoff is 30 s, got ${failed.due_in}`);

      assert.equal(await w.runOnce(), 0, 'not retried before it is due');
      assert.equal(smtp.tries.get(queued.message_id), 1);

      await makeDue(queued.id);
      assert.equal(await w.runOnce(), 1);
      assert.equal(receivedCount(queued.message_id), 1);
      assert.equal(await w.runOnce(), 0);
      assert.equal(receivedCount(queued.message_id), 1);

      const sent = await row(`Test ${seq}`);
      assert.ok(sent.sent_at instanceof Date);
      assert.equal(sent.attempts, 2);
      assert.equal(sent.transport, 'smtp');
    } finally {
      smtp.policy = () => undefined;
    }
  });

  test('(d) after maxAttempts failures the mail gets failed_at and is never tried again', async () => {
    const queued = await queue();
    const subject = `Test ${seq}`;
    smtp.policy = (id) => (id === queued.message_id ? 451 : undefined);
    try {
      const w = worker({ maxAttempts: 3 });
      const expectedBackoff = [30, 60];
      for (let attempt = 1; attempt <= 3; attempt++) {
        assert.equal(await w.runOnce(), 0);
        const r = await row(subject);
        assert.equal(r.attempts, attempt);
        assert.equal(smtp.tries.get(queued.message_id), attempt);
        if (attempt < 3) {
          assert.equal(r.failed_at, null, `not failed after ${attempt} attempts`);
          const b = expectedBackoff[attempt - 1] as number;
          assert.ok(r.due_in > b - 10 && r.due_in <= b, `backoff after attempt ${attempt} is ${b} s, got ${r.due_in}`);
          await makeDue(queued.id);
        } else {
          assert.ok(r.failed_at instanceof Date, 'failed_at set after maxAttempts');
          assert.equal(r.sent_at, null);
          assert.equal(r.locked_until, null);
        }
      }
      // Even when due again and the server would accept it now, it is not retried.
      smtp.policy = () => undefined;
      await makeDue(queued.id);
      assert.equal(await w.runOnce(), 0);
      assert.equal(await worker({ maxAttempts: 8 }).runOnce(), 0, 'a worker with a higher limit does not revive it');
      assert.equal(smtp.tries.get(queued.message_id), 3);
      assert.equal(receivedCount(queued.message_id), 0);
      assert.equal((await row(subject)).attempts, 3);
    } finally {
      smtp.policy = () => undefined;
    }
  });

  test('(e) two workers running concurrently deliver each of 20 mails exactly once', async () => {
    const ids: string[] = [];
    await db.transaction(async (tx) => {
      for (let i = 0; i < 20; i++) {
        await enqueueMail(tx, { to: `bulk${i}@example.rs`, subject: `Bulk ${i}`, text: `Порука ${i}` });
      }
    });
    for (const r of await db.query<{ message_id: string }>(`SELECT message_id FROM outbox WHERE subject LIKE 'Bulk %'`)) {
      ids.push(r.message_id);
    }
    assert.equal(ids.length, 20);
    assert.equal(new Set(ids).size, 20, 'Message-IDs are unique');

    smtp.delayMs = 5;
    try {
      const a = worker({ batchSize: 3 });
      const b = worker({ batchSize: 3 });
      const [na, nb] = await Promise.all([a.runOnce(), b.runOnce()]);
      assert.equal(na + nb, 20);
    } finally {
      smtp.delayMs = 0;
    }
    for (const id of ids) {
      assert.equal(smtp.tries.get(id), 1, `${id} was tried once`);
      assert.equal(receivedCount(id), 1, `${id} was delivered once`);
    }
    const left = await db.query(`SELECT id FROM outbox WHERE subject LIKE 'Bulk %' AND (sent_at IS NULL OR attempts <> 1)`);
    assert.equal(left.length, 0);
  });

  test('(f) a restarted worker sends nothing already sent and respects a dead worker’s lease', async () => {
    const first = worker();
    const done = [await queue(), await queue(), await queue()];
    const running = first.runOnce();
    await first.stop(); // waits for the batch in flight
    assert.equal(await running, 3);
    const leased = await db.query(`SELECT id FROM outbox WHERE locked_until IS NOT NULL`);
    assert.equal(leased.length, 0, 'stop() returned only after the batch was recorded');
    for (const d of done) assert.equal(receivedCount(d.message_id), 1);

    // A mail claimed by a worker that then died: leased, attempt counted, never sent.
    const orphan = await queue();
    await db.query(`UPDATE outbox SET attempts = 1, locked_until = now() + interval '5 minutes' WHERE id = $1`, [orphan.id]);

    const before = smtp.received.length;
    const second = worker();
    assert.equal(await second.runOnce(), 0, 'nothing is due: the sent ones are done, the orphan is leased');
    assert.equal(smtp.received.length, before);

    await db.query(`UPDATE outbox SET locked_until = now() - interval '1 second' WHERE id = $1`, [orphan.id]);
    assert.equal(await second.runOnce(), 1, 'the orphan is sent once its lease expired');
    assert.equal(await second.runOnce(), 0);
    assert.equal(receivedCount(orphan.message_id), 1);
    for (const d of done) assert.equal(receivedCount(d.message_id), 1);
    assert.equal(smtp.received.length, before + 1);
    const o = await row(`Test ${seq}`);
    assert.equal(o.attempts, 2);
    assert.ok(o.sent_at instanceof Date);
  });

  test('(g) without SMTP_URL the devbox transport marks rows devbox; listDevMailbox lists newest first', async () => {
    const devbox = createTransport({});
    assert.equal(devbox.name, 'devbox');
    const before = smtp.received.length;
    const subjects = ['Dev 1', 'Dev 2', 'Dev 3'];
    for (const subject of subjects) await queue({ subject, text: `Тело ${subject}` });

    const w = worker({}, devbox);
    assert.equal(await w.runOnce(), 3);
    assert.equal(smtp.received.length, before, 'devbox sends nothing over SMTP');
    for (const subject of subjects) {
      const r = await row(subject);
      assert.equal(r.transport, 'devbox');
      assert.ok(r.sent_at instanceof Date);
    }

    const box = await listDevMailbox(db);
    assert.deepEqual(
      box.slice(0, 3).map((m) => m.subject),
      ['Dev 3', 'Dev 2', 'Dev 1'],
    );
    const newest = box[0];
    assert.ok(newest);
    assert.equal(newest.body_text, 'Тело Dev 3');
    assert.equal(newest.transport, 'devbox');
    assert.match(newest.recipient, /@example\.rs$/);
    assert.ok(newest.created_at instanceof Date);
    assert.ok(newest.sent_at instanceof Date);
    for (let i = 1; i < box.length; i++) {
      assert.ok((box[i - 1] as { created_at: Date }).created_at >= (box[i] as { created_at: Date }).created_at);
    }
    assert.equal((await listDevMailbox(db, 2)).length, 2);
  });

  test('(h) start() + enqueue: NOTIFY wakes the worker and the mail arrives without runOnce', async () => {
    // The poll would only fire after an hour, so only the NOTIFY can deliver in time.
    const w = worker({ pollMs: 3_600_000 });
    await w.start();
    await w.idle(); // the catch-up run at start is over; nothing is due
    const queued = await queue({ subject: 'Пробудите се', text: 'Обавештење' });
    await waitFor(() => receivedCount(queued.message_id) > 0, 'the NOTIFY-driven delivery');
    await w.stop();
    assert.equal(receivedCount(queued.message_id), 1);
    const r = await row('Пробудите се');
    assert.ok(r.sent_at instanceof Date);
  });

  test('(i) without a NOTIFY the poll timer still delivers', async () => {
    const w = worker({ pollMs: 50 });
    await w.start();
    await w.idle();
    // Inserted behind the outbox API's back: no pg_notify.
    await db.query(`INSERT INTO outbox (recipient, subject, body_text, message_id) VALUES ($1, $2, $3, $4)`, [
      'poll@example.rs',
      'Polled',
      'text',
      '<polled-1@kzm>',
    ]);
    await waitFor(() => receivedCount('<polled-1@kzm>') > 0, 'the poll-driven delivery');
    await w.stop();
    assert.equal(receivedCount('<polled-1@kzm>'), 1);
  });

  test('logs carry ids and counts but no addresses, subjects or bodies', () => {
    const all = logLines.join('');
    assert.ok(logLines.length > 0);
    assert.match(all, /"sent":\d+/);
    assert.doesNotMatch(all, /example\.rs|kzm\.localhost/);
    assert.doesNotMatch(all, /Потврдите|Здраво|Порука|Bulk|Body of/);
    assert.doesNotMatch(all, /@kzm>/, 'no Message-IDs either');
  });
});
