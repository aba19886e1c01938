import type { DigestItem, DigestSource } from '../../core/content.ts';
import { localParts } from '../../core/time.ts';
import { opportunityPath } from './paths.ts';
import { createdBetween } from './repo.ts';

/** The summary a digest shows: the description's first paragraph, cut at a word near 300 characters. */
function summaryOf(description: string): string {
  const first = description.split(/\n\s*\n/)[0]?.trim() ?? '';
  if (first.length <= 300) return first;
  const cut = first.slice(0, 300);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 200))}…`;
}

/**
 * The newsletter's view of opportunities: those the office published in [since, until) that
 * are still open when the digest is built (an expired one is no news), oldest first.
 */
export const digestItems: DigestSource = async (db, officeId, since, until) => {
  const rows = await createdBetween(db, officeId, since, until, localParts(until).date);
  return rows.map((o): DigestItem => ({
    kind: 'opportunity',
    id: o.id,
    title: o.title,
    summary: summaryOf(o.description),
    path: opportunityPath({ slug: o.office_slug }, o.id),
    at: o.created_at,
  }));
};
