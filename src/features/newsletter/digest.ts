import type { DigestItem, DigestSource } from '../../core/content.ts';
import type { Queryable } from '../../core/db/db.ts';

/**
 * The digest's sources: each publishing feature declares a DigestSource in its entry of
 * src/app.ts (`digest`), and app.ts hands the list here, so the newsletter imports none of them.
 */
let sources: readonly DigestSource[] = [];

export function provideDigestSources(list: readonly DigestSource[]): void {
  sources = list;
}

/** Everything the office published in [since, until), oldest first, from every source. */
export async function collectDigest(q: Queryable, officeId: string, since: Date, until: Date): Promise<DigestItem[]> {
  const items: DigestItem[] = [];
  for (const source of sources) items.push(...(await source(q, officeId, since, until)));
  return items.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime() || a.title.localeCompare(b.title));
}
