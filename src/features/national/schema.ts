import { z } from 'zod';
import { blankable, checkbox, email, optionalInt, requiredText } from '../../core/http/forms.ts';
import { inSerbia } from '../offices/schema.ts';

/** A district code (ISO 3166-2:RS), checked against the districts table by the service. */
const districtCode = z
  .string()
  .trim()
  .regex(/^RS-[0-9]{2}$/, 'err.choice');

const coordinate = blankable(
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
      return n;
    }),
);

/** The national admin opens an office: its profile, district, membership, point and first admin. */
export const openOfficeForm = z
  .object({
    name: requiredText(200).pipe(z.string().min(2, 'err.tooShort')),
    town: requiredText(100).pipe(z.string().min(2, 'err.tooShort')),
    slug: requiredText(60).pipe(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'nat.err.slug')),
    district: districtCode,
    member: checkbox,
    member_since: optionalInt(2014, () => new Date().getUTCFullYear()),
    latitude: coordinate,
    longitude: coordinate,
    admin_email: email,
  })
  .superRefine((f, ctx) => {
    if ((f.latitude === null) !== (f.longitude === null)) {
      ctx.addIssue({ code: 'custom', path: [f.latitude === null ? 'latitude' : 'longitude'], message: 'err.required' });
    } else if (f.latitude !== null && f.longitude !== null && !inSerbia(f.latitude, f.longitude)) {
      ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'office.err.outsideSerbia' });
    }
  });
export type OpenOfficeInput = z.output<typeof openOfficeForm>;

/** Closing asks first: `confirm` says the national admin read what will happen. */
export const closeForm = z.object({ confirm: checkbox });
export const mergeForm = z.object({
  into: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'err.choice'),
  confirm: checkbox,
});

/** "Nearest office": a place name in either script. */
export const nearestQuery = z.object({
  // A query string is not a form: anything odd (too long, repeated) is read as far as it goes, never an error.
  mesto: z
    .string()
    .catch('')
    .transform((s) => s.trim().slice(0, 100)),
});
