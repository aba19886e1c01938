import { z } from 'zod';
import { blankable, checkbox, isoDate, optionalEmail, optionalUrl, phone, requiredText, text, time } from '../../core/http/forms.ts';
import { searchKey } from '../../core/i18n/script.ts';
import type { OpeningInterval } from './hours.ts';
import { REGIONS, type Coordinator, type OfficeProfile, type SocialLink } from './repo.ts';

/** How many repeated rows the no-JavaScript form offers. */
export const PHONE_SLOTS = 3;
export const SOCIAL_SLOTS = 4;
export const COORDINATOR_SLOTS = 3;

const optionalNumber = (min: number, max: number) =>
  blankable(
    z
      .string()
      .trim()
      .transform((s, ctx) => {
        if (s === '') return null;
        const n = Number(s.replace(',', '.'));
        if (!Number.isFinite(n)) {
          ctx.addIssue({ code: 'custom', message: 'err.number' });
          return z.NEVER;
        }
        if (n < min || n > max) {
          ctx.addIssue({ code: 'custom', message: 'err.range', params: { min, max } });
          return z.NEVER;
        }
        return n;
      }),
  );

/**
 * Serbia's bounding box (Natural Earth 1:50m admin 0, rounded outwards to 0.05°): an office's point
 * outside it is a typo (a swapped latitude and longitude, a missing minus), refused with a message.
 */
export const SERBIA_BOUNDS = { south: 41.85, north: 46.2, west: 18.8, east: 23.05 } as const;
export const inSerbia = (lat: number, lon: number): boolean =>
  lat >= SERBIA_BOUNDS.south && lat <= SERBIA_BOUNDS.north && lon >= SERBIA_BOUNDS.west && lon <= SERBIA_BOUNDS.east;

const shape: Record<string, z.ZodType> = {
  name: requiredText(200).pipe(z.string().min(2, 'err.tooShort')),
  town: requiredText(100).pipe(z.string().min(2, 'err.tooShort')),
  region: z.enum(REGIONS, 'err.choice'),
  address: text(200),
  postal_code: text(10),
  room: text(200),
  email: optionalEmail,
  website: optionalUrl,
  description: text(5000),
  hours_note: text(300),
  awards: text(1000),
  founded_on: blankable(z.union([z.literal(''), isoDate])),
  latitude: optionalNumber(-90, 90),
  longitude: optionalNumber(-180, 180),
  associations_create_activities: checkbox,
};
for (let i = 0; i < PHONE_SLOTS; i++) {
  shape[`phone_label_${i}`] = text(80);
  shape[`phone_number_${i}`] = phone;
}
for (let i = 0; i < SOCIAL_SLOTS; i++) {
  shape[`social_label_${i}`] = text(120);
  shape[`social_url_${i}`] = optionalUrl;
}
for (let d = 1; d <= 7; d++) {
  shape[`opens_${d}`] = time;
  shape[`closes_${d}`] = time;
}
for (let i = 0; i < COORDINATOR_SLOTS; i++) {
  shape[`coord_name_${i}`] = text(120);
  shape[`coord_title_${i}`] = text(120);
  shape[`coord_phone_${i}`] = phone;
  shape[`coord_email_${i}`] = optionalEmail;
}

type Flat = Record<string, string> & { latitude: number | null; longitude: number | null; associations_create_activities: boolean };

export interface OfficeProfileInput {
  profile: OfficeProfile;
  hours: OpeningInterval[];
  coordinators: Array<Omit<Coordinator, 'id'>>;
}

/** Guesses the network from a profile URL, for the icon-free label. */
export function socialNetwork(url: string): string {
  const host = (() => {
    try {
      return new URL(url).hostname.replace(/^www\./, '');
    } catch {
      return '';
    }
  })();
  for (const n of ['facebook', 'instagram', 'tiktok', 'youtube', 'linkedin', 'x', 'twitter']) {
    if (host === `${n}.com` || host.endsWith(`.${n}.com`)) return n === 'twitter' ? 'x' : n;
  }
  return 'web';
}

/**
 * The office profile form: flat fields (so it works without JavaScript), checked field by
 * field, then shaped into the profile, the weekly hours and the public coordinators.
 */
export const officeProfileForm = z
  .object(shape)
  .superRefine(
    (raw, ctx) => {
      const f = raw as Flat;
      for (let d = 1; d <= 7; d++) {
        const opens = f[`opens_${d}`] ?? '';
        const closes = f[`closes_${d}`] ?? '';
        if ((opens === '') !== (closes === '')) {
          ctx.addIssue({ code: 'custom', path: [opens === '' ? `opens_${d}` : `closes_${d}`], message: 'err.required' });
        } else if (opens && closes && closes <= opens) {
          ctx.addIssue({ code: 'custom', path: [`closes_${d}`], message: 'err.hours' });
        }
      }
      for (let i = 0; i < COORDINATOR_SLOTS; i++) {
        const filled = ['title', 'phone', 'email'].some((k) => (f[`coord_${k}_${i}`] ?? '') !== '');
        if (filled && (f[`coord_name_${i}`] ?? '') === '') {
          ctx.addIssue({ code: 'custom', path: [`coord_name_${i}`], message: 'err.required' });
        }
      }
      for (let i = 0; i < SOCIAL_SLOTS; i++) {
        if ((f[`social_label_${i}`] ?? '') !== '' && (f[`social_url_${i}`] ?? '') === '') {
          ctx.addIssue({ code: 'custom', path: [`social_url_${i}`], message: 'err.required' });
        }
      }
      const { latitude, longitude } = f;
      if (typeof latitude === 'number' && typeof longitude === 'number' && !inSerbia(latitude, longitude)) {
        ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'office.err.outsideSerbia' });
      } else if ((typeof latitude === 'number') !== (typeof longitude === 'number') && latitude !== undefined && longitude !== undefined) {
        ctx.addIssue({ code: 'custom', path: [typeof latitude === 'number' ? 'longitude' : 'latitude'], message: 'err.required' });
      }
      // Run even when single fields failed, so every mistake is reported in one round.
    },
    { when: () => true },
  )
  .transform((raw): OfficeProfileInput => {
    const f = raw as Flat;
    const phones = [];
    for (let i = 0; i < PHONE_SLOTS; i++) {
      const number = f[`phone_number_${i}`] ?? '';
      if (number) phones.push({ label: f[`phone_label_${i}`] ?? '', number });
    }
    const social_links: SocialLink[] = [];
    for (let i = 0; i < SOCIAL_SLOTS; i++) {
      const url = f[`social_url_${i}`] ?? '';
      if (url) social_links.push({ url, label: f[`social_label_${i}`] ?? '', network: socialNetwork(url) });
    }
    const hours: OpeningInterval[] = [];
    for (let d = 1; d <= 7; d++) {
      const opens = f[`opens_${d}`] ?? '';
      const closes = f[`closes_${d}`] ?? '';
      if (opens && closes) hours.push({ weekday: d, opens, closes });
    }
    const coordinators = [];
    for (let i = 0; i < COORDINATOR_SLOTS; i++) {
      const full_name = f[`coord_name_${i}`] ?? '';
      if (!full_name) continue;
      coordinators.push({
        full_name,
        title: f[`coord_title_${i}`] ?? '',
        phone: f[`coord_phone_${i}`] ?? '',
        email: f[`coord_email_${i}`] ?? '',
        position: coordinators.length,
      });
    }
    const name = f.name ?? '';
    const town = f.town ?? '';
    return {
      profile: {
        name,
        town,
        region: f.region as OfficeProfile['region'],
        address: f.address ?? '',
        postal_code: f.postal_code ?? '',
        room: f.room ?? '',
        email: f.email ?? '',
        website: f.website ?? '',
        phones,
        social_links,
        latitude: f.latitude,
        longitude: f.longitude,
        founded_on: f.founded_on || null,
        description: f.description ?? '',
        hours_note: f.hours_note ?? '',
        awards: f.awards ?? '',
        associations_create_activities: f.associations_create_activities === true,
        search_key: officeSearchKey(name, town),
      },
      hours,
      coordinators,
    };
  });

/** What office search matches against: name and town, folded. */
export function officeSearchKey(name: string, town: string): string {
  return searchKey(`${name} ${town}`);
}
