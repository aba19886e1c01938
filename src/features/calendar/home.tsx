import type { OfficeHomeSection } from '../../core/views/home-section.ts';
import { formatRange } from '../../core/views/format.ts';
import { localParts } from '../../core/time.ts';
import { officeActivitiesTag } from '../activities/cache.ts';
import { activityPath, calendarPath } from '../activities/paths.ts';
import { listActivities } from './repo.ts';
import { kindLabel, placeLabel } from './views/parts.tsx';

/** How many of the week's activities the office's home page lists (the calendar has the rest). */
const SHOWN = 6;

/** 'YYYY-MM-DD' plus n days. */
function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * "This week" on the office's home page: its published (and cancelled, marked) activities not
 * yet over that take place from now to the end of the seventh day, soonest first — the
 * calendar's own query with a date range. Cached with the office's activities tag, which every
 * public activity write touches.
 */
export const thisWeekSection: OfficeHomeSection = {
  order: 10,
  tags: (officeId) => [officeActivitiesTag(officeId)],
  async render(v, office, db, now) {
    const today = localParts(now).date;
    const { rows, total } = await listActivities(db, { officeId: office.id, to: addDays(today, 6) }, { now, limit: SHOWN, offset: 0 });
    return (
      <section aria-labelledby="this-week">
        <h2 id="this-week">{v.t('calendar.home.title')}</h2>
        {rows.length === 0 ? (
          <p>{v.t('calendar.home.none')}</p>
        ) : (
          <ul class="cards">
            {rows.map((a) => (
              <li class="card">
                <h3>
                  <a href={v.href(activityPath(office, a.id))}>{v.tx(a.title)}</a>
                </h3>
                <p class="meta">
                  {a.status === 'cancelled' ? (
                    <>
                      <span class="tag">{v.t('calendar.cancelled')}</span>{' '}
                    </>
                  ) : null}
                  {kindLabel(v, a.kind)} · {formatRange(v.locale, a.starts_at, a.ends_at)} · {placeLabel(v, a)}
                </p>
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href={v.href(calendarPath(office))}>
            {total > rows.length ? v.t('calendar.home.more', { n: total - rows.length }) : v.t('calendar.link')}
          </a>
        </p>
      </section>
    );
  },
};
