/**
 * The Law on Volunteering ("Službeni glasnik RS" 36/2010) as pure functions: who may volunteer
 * (art. 11–12), when a written contract is required (art. 15), what is long-term volunteering
 * (art. 2), the limits on logged hours, and the JMBG's check digit. No I/O: the service and the
 * forms ask these, and the unit tests go through them case by case.
 */

/** Art. 2: long-term volunteering is more than this many hours a week… */
export const LONG_TERM_WEEKLY_HOURS = 10;
/** …for at least this many months without interruption. */
export const LONG_TERM_MONTHS = 3;
/** Art. 11: a volunteer is at least 15; under 15 only educational activities (art. 12 para 3). */
export const MIN_VOLUNTEER_AGE = 15;
/** Under 18 a parent's (guardian's) written consent is required (art. 12). */
export const AGE_OF_MAJORITY = 18;
/** The youngest age an educational activity may name (a child of primary-school age). */
export const MIN_EDUCATIONAL_AGE = 10;
/** A day has 24 hours: nobody logs more on one day, across all their volunteering. */
export const MAX_HOURS_A_DAY = 24;

/** The beneficiaries of art. 12 whose volunteering always needs a written contract (art. 15). */
export const VULNERABLE_BENEFICIARIES = ['children', 'disabled', 'elderly', 'sick'] as const;
export type VulnerableBeneficiary = (typeof VULNERABLE_BENEFICIARIES)[number];

/** 'YYYY-MM-DD' plus n calendar months (31 January + 1 month = 28/29 February, as a calendar does). */
export function addMonths(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Art. 2: long-term as planned — more than 10 hours a week, over a span of at least 3 months
 * (the last day at least 3 calendar months after the first). No end date: open-ended, so
 * the hours decide.
 */
export function plannedLongTerm(hoursPerWeek: number, startsOn: string, endsOn: string | null): boolean {
  if (!(hoursPerWeek > LONG_TERM_WEEKLY_HOURS)) return false;
  return endsOn === null || endsOn >= addMonths(startsOn, LONG_TERM_MONTHS);
}

/**
 * Art. 2 on the hours actually logged (those not disputed): the span from the first to the last
 * logged day is at least 3 months, and the hours over it average more than 10 a week (weeks
 * counted as started: 92 days are 14 weeks). This is the automatic flag on an application whose
 * contract was not yet required.
 */
export function loggedLongTerm(entries: ReadonlyArray<{ day: string; hours: number }>): boolean {
  if (entries.length === 0) return false;
  const days = entries.map((e) => e.day).sort();
  const first = days[0]!;
  const last = days[days.length - 1]!;
  if (last < addMonths(first, LONG_TERM_MONTHS)) return false;
  const weeks = Math.ceil((daysBetween(first, last) + 1) / 7);
  const total = entries.reduce((s, e) => s + e.hours, 0);
  return total > LONG_TERM_WEEKLY_HOURS * weeks;
}

/** Why art. 15 requires a written contract; the labels are 'volunteering.reason.<code>'. */
export const CONTRACT_REASONS = ['long_term', 'minor', 'foreigner', 'abroad', 'vulnerable', 'requested'] as const;
export type ContractReason = (typeof CONTRACT_REASONS)[number];

export interface ContractCase {
  /** Long-term, as planned by the opportunity or as the logged hours show (art. 2). */
  longTerm: boolean;
  /** Under 18 on the day they applied. */
  minor: boolean;
  /** A foreigner or a stateless person volunteering in Serbia. */
  foreigner: boolean;
  /** A citizen of Serbia volunteering abroad for an organiser based in Serbia. */
  abroad: boolean;
  /** The beneficiaries of the work (codes; those of art. 12 make it vulnerable). */
  beneficiaries: readonly string[];
  /** The volunteer or the organiser asked for a written contract. */
  requested: boolean;
}

/**
 * Art. 15: a written contract is required for long-term volunteering, for a minor, for a
 * foreigner or stateless person, for a citizen volunteering abroad for a Serbian organiser, for
 * work with the persons of art. 12 (children, persons with disabilities, the elderly, the sick),
 * and whenever either party asks for one. Returns every reason that applies (in the order of
 * the article); none means no contract is required (short-term volunteering may be agreed
 * orally).
 */
export function contractReasons(c: ContractCase): ContractReason[] {
  const out: ContractReason[] = [];
  if (c.longTerm) out.push('long_term');
  if (c.minor) out.push('minor');
  if (c.foreigner) out.push('foreigner');
  if (c.abroad && !c.foreigner) out.push('abroad');
  if (c.beneficiaries.some((b) => (VULNERABLE_BENEFICIARIES as readonly string[]).includes(b))) out.push('vulnerable');
  if (c.requested) out.push('requested');
  return out;
}

export const contractRequired = (c: ContractCase): boolean => contractReasons(c).length > 0;

/** What the age rules of art. 11–12 say about one applicant and one opportunity. */
export type AgeVerdict = 'ok' | 'needs_consent' | 'too_young' | 'under_15_not_educational' | 'below_opportunity_minimum';

/**
 * Under 15: only an educational activity (refused otherwise); under 18: only with a parent's
 * written consent; never younger than the opportunity's own minimum.
 */
export function ageVerdict(age: number, o: { min_age: number; educational: boolean }): AgeVerdict {
  if (age < MIN_EDUCATIONAL_AGE) return 'too_young';
  if (age < MIN_VOLUNTEER_AGE && !o.educational) return 'under_15_not_educational';
  if (age < o.min_age) return 'below_opportunity_minimum';
  return age < AGE_OF_MAJORITY ? 'needs_consent' : 'ok';
}

/** An opportunity's minimum age is lawful: 15 or more, or lower for an educational activity only. */
export function minAgeAllowed(minAge: number, educational: boolean): boolean {
  return minAge >= MIN_VOLUNTEER_AGE || (educational && minAge >= MIN_EDUCATIONAL_AGE);
}

/** Why logged hours are refused ('volunteering.err.<code>'); null when they may be logged. */
export type HoursProblem = 'future' | 'day_limit' | 'not_positive' | 'before_start';

/**
 * One entry of hours: more than zero, a day no later than today (Belgrade), not before the
 * opportunity began, and with what is already logged that day (not disputed, every application
 * of the person) at most 24.
 */
export function hoursProblem(
  e: { day: string; hours: number },
  today: string,
  alreadyThatDay: number,
  startsOn?: string,
): HoursProblem | null {
  if (!(e.hours > 0)) return 'not_positive';
  if (e.day > today) return 'future';
  if (startsOn && e.day < startsOn) return 'before_start';
  // Hundredths, so 0.1 + 0.2 does not pass 24 by a rounding error.
  if (Math.round((alreadyThatDay + e.hours) * 100) > MAX_HOURS_A_DAY * 100) return 'day_limit';
  return null;
}

// ── JMBG ─────────────────────────────────────────────────────────────────────

const WEIGHTS = [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/** The JMBG's check digit (the 13th) from its first 12, or null when none is valid (remainder 1 gives 10). */
export function jmbgCheckDigit(first12: string): number | null {
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(first12[i]), 0);
  const m = 11 - (sum % 11);
  if (m === 11) return 0;
  if (m === 10) return null;
  return m;
}

/**
 * The birth date a JMBG encodes ('YYYY-MM-DD'): DDMMYYY, the three-digit year 9xx for 1900s
 * and 0xx for 2000s; null when the date does not exist.
 */
export function jmbgBirthDate(jmbg: string): string | null {
  const dd = jmbg.slice(0, 2);
  const mm = jmbg.slice(2, 4);
  const yyy = Number(jmbg.slice(4, 7));
  const year = yyy >= 800 ? 1000 + yyy : 2000 + yyy;
  const iso = `${year}-${mm}-${dd}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

export type JmbgProblem = 'format' | 'date' | 'checksum' | 'birth_date';

/**
 * A JMBG (unique master citizen number) as typed → its problem, or null when valid: 13 digits
 * (spaces ignored by the caller), a real birth date, the check digit of the weighted sum
 * modulo 11, and, when the person's birth date is known, the same birth date.
 */
export function jmbgProblem(jmbg: string, birthDate?: string | null): JmbgProblem | null {
  if (!/^\d{13}$/.test(jmbg)) return 'format';
  const born = jmbgBirthDate(jmbg);
  if (!born) return 'date';
  if (jmbgCheckDigit(jmbg.slice(0, 12)) !== Number(jmbg[12])) return 'checksum';
  if (birthDate && birthDate !== born) return 'birth_date';
  return null;
}
