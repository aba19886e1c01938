import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkUpload, imagePixels, sniffType } from './uploads.ts';

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('upload content sniffing', () => {
  test('recognises the accepted formats by their first bytes', () => {
    assert.equal(sniffType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], 'rest')), 'image/png');
    assert.equal(sniffType(bytes([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
    assert.equal(sniffType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 ')), 'image/webp');
    assert.equal(sniffType(bytes('GIF89a')), 'image/gif');
    assert.equal(sniffType(bytes('%PDF-1.7\n')), 'application/pdf');
    assert.equal(
      sniffType(bytes([0x50, 0x4b, 0x03, 0x04], '....[Content_Types].xml')),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    assert.equal(
      sniffType(bytes([0x50, 0x4b, 0x03, 0x04], '....[Content_Types].xml....._rels/.rels....word/document.xml')),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    assert.equal(
      sniffType(bytes([0x50, 0x4b, 0x03, 0x04], 'x'.repeat(26), 'mimetypeapplication/vnd.oasis.opendocument.text')),
      'application/vnd.oasis.opendocument.text',
    );
    assert.equal(sniffType(new TextEncoder().encode('naziv;grad\nKZM Čačak;Čačak\n')), 'text/csv');
    assert.equal(sniffType(bytes('naziv;grad\n', [0x8a, 0x61, 0x62, 0x61, 0x63], '\n')), 'text/csv', 'Windows-1250 text');
  });

  test('refuses markup, scripts, executables and other archives, whatever they claim to be', () => {
    for (const b of [
      bytes('<html><script>alert(1)</script>'),
      bytes('  <svg onload="alert(1)">'),
      bytes('<?xml version="1.0"?>'),
      bytes('MZ', [0x90, 0, 3, 0]),
      bytes([0x7f], 'ELF', [2, 1, 1, 0]),
      bytes([0x50, 0x4b, 0x03, 0x04], 'evil/run.sh'),
      bytes([0, 0, 0, 0]),
    ]) {
      assert.equal(sniffType(b), null, new TextDecoder().decode(b));
    }
  });
});

describe('checkUpload', () => {
  // A 1 × 1 PNG.
  const png = Uint8Array.from(
    atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='),
    (c) => c.charCodeAt(0),
  );

  test('accepts a file whose content matches the kind', async () => {
    const r = await checkUpload(new Blob([png], { type: 'image/png' }), 'image');
    assert.ok(r.ok && r.type === 'image/png');
    assert.deepEqual(await imagePixels(png), { width: 1, height: 1 });
  });

  test('an image must have a header that gives its size: a signature before markup, or a cut-off file, is refused', async () => {
    for (const b of [
      bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], '<html><script>alert(1)</script></html>'),
      png.subarray(0, 12),
      bytes([0xff, 0xd8, 0xff, 0xe0], '<script>alert(1)</script>'),
      bytes('RIFF', [1, 2, 3, 4], 'WEBP<script>alert(1)</script>'),
    ]) {
      assert.deepEqual(await checkUpload(new File([b], 'slika.png', { type: 'image/png' }), 'image'), { ok: false, error: 'err.fileType' });
      assert.equal(await imagePixels(b), undefined);
    }
    // The same holds where a scan is one of the accepted formats.
    const disguised = new File([bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], '<html>')], 'sporazum.png');
    assert.deepEqual(await checkUpload(disguised, 'agreement'), { ok: false, error: 'err.fileType' });
  });

  test('judges by content, not by the declared type or name', async () => {
    const html = new File([bytes('<script>alert(1)</script>')], 'slika.png', { type: 'image/png' });
    assert.deepEqual(await checkUpload(html, 'image'), { ok: false, error: 'err.fileType' });
    const pdfAsImage = new File([bytes('%PDF-1.4')], 'slika.png', { type: 'image/png' });
    assert.deepEqual(await checkUpload(pdfAsImage, 'image'), { ok: false, error: 'err.fileType' });
  });

  test('refuses empty and oversized files before reading them', async () => {
    assert.deepEqual(await checkUpload(new Blob([]), 'image'), { ok: false, error: 'err.fileEmpty' });
    const big = new Blob([png, new Uint8Array(5 * 1024 * 1024)]);
    assert.deepEqual(await checkUpload(big, 'image'), { ok: false, error: 'err.fileTooLarge', maxMb: 5 });
  });
});
