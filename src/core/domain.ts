/**
 * Code lists shared by several features. Codes are stored; labels are messages
 * (`lap.<code>`), so every list reads in the reader's script.
 */

/**
 * Priority areas of local action plans for youth: the seven named in Pančevo's strategy
 * (after the local needs research) plus youth work and youth spaces, which the National Youth
 * Strategy 2023–2030 adds.
 */
export const LAP_AREAS = [
  'education',
  'health',
  'safety',
  'employment',
  'participation',
  'volunteering',
  'mobility',
  'youth_work',
] as const;
export type LapArea = (typeof LAP_AREAS)[number];
