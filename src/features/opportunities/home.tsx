import type { OfficeHomeSection } from '../../core/views/home-section.ts';
import { localParts } from '../../core/time.ts';
import { officeOpportunitiesTag } from './cache.ts';
import { opportunitiesPath, opportunityPath } from './paths.ts';
import { listOpen } from './repo.ts';
import { SOON_DAYS } from './schema.ts';
import { addDays } from './service.ts';
import { DeadlineMark, kindLabel } from './views.tsx';

/** How many closing opportunities the office's home page lists (its list has the rest). */
const SHOWN = 5;

/**
 * "Closing soon" on the office's home page: open opportunities whose deadline falls within
 * SOON_DAYS, soonest first, each with its "closes in N days" mark. Cached with the office's
 * opportunities tag (every write touches it) and, like the lists, until midnight.
 */
export const closingSoonSection: OfficeHomeSection = {
  order: 20,
  tags: (officeId) => [officeOpportunitiesTag(officeId)],
  async render(v, office, db, now) {
    const today = localParts(now).date;
    const rows = await listOpen(db, { officeId: office.id, closesBy: addDays(today, SOON_DAYS) }, today, SHOWN);
    return (
      <section aria-labelledby="closing-soon">
        <h2 id="closing-soon">{v.t('opportunities.home.title')}</h2>
        {rows.length === 0 ? (
          <p>{v.t('opportunities.home.none')}</p>
        ) : (
          <ul class="cards">
            {rows.map((o) => (
              <li class="card">
                <h3>
                  <a href={v.href(opportunityPath(office, o.id))}>{v.tx(o.title)}</a>
                </h3>
                <p class="meta">
                  {kindLabel(v, o.kind)} · <DeadlineMark v={v} deadline={o.deadline} today={today} />
                </p>
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href={v.href(opportunitiesPath(office))}>{v.t('opportunities.officeList')}</a>
        </p>
      </section>
    );
  },
};
