import type { DigestItem, DigestSource } from '../../core/content.ts';
import { activityPath } from './paths.ts';

/**
 * Activities' digest source (declared in its entry of src/app.ts): the office's published
 * activities created in [since, until) that have not ended by `since` — what is new since the
 * office's last newsletter. `at` is when the activity starts.
 */
export const activityDigest: DigestSource = async (q, officeId, since, until) => {
  const rows = await q.query<{ id: string; slug: string; title: string; summary: string; starts_at: Date }>(
    `SELECT a.id, o.slug, a.title, a.summary, a.starts_at
       FROM activities a JOIN offices o ON o.id = a.office_id
      WHERE a.office_id = $1 AND a.status = 'published' AND a.created_at >= $2 AND a.created_at < $3 AND a.ends_at >= $2
      ORDER BY a.starts_at, a.id
      LIMIT 100`,
    [officeId, since, until],
  );
  return rows.map((r): DigestItem => ({
    kind: 'activity',
    id: r.id,
    title: r.title,
    summary: r.summary,
    path: activityPath(r, r.id),
    at: r.starts_at,
  }));
};
