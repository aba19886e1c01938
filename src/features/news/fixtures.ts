import type { Db } from '../../core/db/db.ts';
import { insertFile } from '../../core/files.ts';
import { findFullOffice } from '../../core/http/params.ts';
import { insertPost, setPostImage } from './repo.ts';
import { renderBody } from './rich-text.ts';

/** A real 2×1 PNG (what the fixture's image and the news tests upload). */
export const SAMPLE_PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR4nGP4z8DwHwyZGBgYAC3xBPzy4KpGAAAAAElFTkSuQmCC', 'base64'),
);

const made = new WeakMap<Db, string>();

/**
 * The harness's `:post` (test/actors.ts PARAM_FIXTURES): a post of the office published an hour
 * ago, with an image and its description — the same one while it stays public, a new one once
 * a route has deleted it, unpublished it or scheduled it.
 */
export async function postFixture(db: Db, officeSlug: string): Promise<string> {
  const known = made.get(db);
  if (known) {
    const still = await db.query(`SELECT 1 FROM news_posts WHERE id = $1 AND status = 'published' AND publish_at <= now()`, [known]);
    if (still.length > 0) return known;
  }
  const id = await db.transaction(async (tx) => {
    const office = await findFullOffice(tx, officeSlug);
    const body = 'Konkurs je **otvoren** do kraja meseca.';
    const id = await insertPost(
      tx,
      office!.id,
      {
        status: 'published',
        title: 'Matrica: otvoren konkurs (primer)',
        summary: 'Udruženja mogu da konkurišu.',
        body,
        body_html: await renderBody(body),
        category: 'call',
        areas: ['participation'],
        publish_at: new Date(Date.now() - 3_600_000),
      },
      null,
    );
    const fileId = await insertFile(tx, office!.id, { name: 'vest.png', contentType: 'image/png', bytes: SAMPLE_PNG, uploadedBy: null });
    await setPostImage(tx, office!.id, id, { fileId, alt: 'Mladi na sastanku', width: 2, height: 1 });
    return id;
  });
  made.set(db, id);
  return id;
}
