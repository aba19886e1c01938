import type { View } from '../../../core/views/view.ts';
import { placeShown } from '../../activities/place.ts';
import type { ActivityCard } from '../repo.ts';

export const kindLabel = (v: View, kind: string) => v.t(`calendar.kind.${kind}` as 'calendar.kind.workshop');
export const areaLabel = (v: View, area: string) => v.t(`lap.${area}` as 'lap.education');
export const monthLabel = (v: View, month: string) => {
  const [y, m] = month.split('-');
  return `${v.t(`calendar.month.${Number(m)}` as 'calendar.month.1')} ${y}.`.replace(/\.$/, v.locale === 'en' ? '' : '.');
};

export function ageLabel(v: View, min: number | null, max: number | null): string | null {
  if (min !== null && max !== null) return v.t('calendar.age.range', { min, max });
  if (min !== null) return v.t('calendar.age.min', { min });
  if (max !== null) return v.t('calendar.age.max', { max });
  return null;
}

/** Where the activity takes place (activities/place.ts: the office's address for "at the office"). */
export function placeLabel(v: View, a: Pick<ActivityCard, 'place_kind' | 'place_text'>): string {
  return placeShown(a, v.tx, v.t('calendar.online'));
}

/** Places left, or full (waitlist open while registration is). */
export function placesLabel(
  v: View,
  a: Pick<ActivityCard, 'capacity' | 'confirmed_count' | 'registration_closes' | 'ends_at'>,
  now: Date,
): string {
  if (a.capacity === null) return v.t('calendar.places.unlimited');
  const left = Math.max(0, a.capacity - a.confirmed_count);
  if (left > 0) return v.t('calendar.places.left', { n: left, capacity: a.capacity });
  const open = (a.registration_closes === null || new Date(a.registration_closes) > now) && new Date(a.ends_at) > now;
  return open ? v.t('calendar.places.full') : v.t('calendar.places.fullClosed');
}
