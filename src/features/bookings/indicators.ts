import { groupAreas, memoized, type IndicatorSource } from '../../core/indicators.ts';
import { roomHoursByKindByArea } from './repo.ts';

/**
 * 'bookings.hours': hours of the office's rooms used in the span — approved bookings, released
 * no-shows left out, each clipped to the span; narrowed to a LAP area by the request's area.
 * Hours, not people: the rows (by kind of group) need no suppression.
 */
export const bookingHours: IndicatorSource = {
  key: 'bookings.hours',
  title: 'bk.indicator.hours',
  description: 'bk.indicator.hours.description',
  unit: 'hours',
  byArea: true,
  async compute(db, officeId, q) {
    // One grouped query for every area the page measures (core/indicators.ts groupAreas).
    const areas = groupAreas(q);
    const all = await memoized(q, `bookings.hours|${officeId}|${q.from.toISOString()}|${q.until.toISOString()}|${areas.join(',')}`, () =>
      roomHoursByKindByArea(db, officeId, q.from, q.until, areas),
    );
    const rows = all.get(q.area)!;
    if (rows.length === 0) return { value: null, rows: [] };
    const round = (h: number) => Math.round(h * 100) / 100;
    return {
      value: round(rows.reduce((s, r) => s + r.hours, 0)),
      rows: rows.map((r) => ({ label: `bk.bookerKind.${r.booker_kind}`, value: String(round(r.hours)) })),
    };
  },
};
