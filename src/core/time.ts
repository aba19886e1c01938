import { dateTimeFormat } from './intl.ts';

/**
 * Times are typed and shown in the offices' local time (Europe/Belgrade) and stored as
 * instants. These two helpers convert between a local date + time and an instant, across the
 * summer-time change; every feature uses them instead of its own Intl formatter.
 */
const TZ = 'Europe/Belgrade';

const partsFmt = dateTimeFormat('en-CA', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Belgrade's wall clock at an instant, read from Intl (the source of truth for the zone's rules). */
function intlParts(at: Date): { date: string; time: string } {
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const x of partsFmt.formatToParts(at)) p[x.type] = x.value;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

const HOUR_MS = 3_600_000;
/**
 * Belgrade's offset from UTC (ms) for each UTC hour asked about so far, or null for an hour in
 * which the offset changes. Pages show many instants (a month view: every session's start), and
 * formatToParts costs far more than reading a Date's UTC fields, so Intl is asked once per hour.
 * The map only grows with distinct hours shown; it is cleared when it gets large.
 */
const offsets = new Map<number, number | null>();

function wallMs(at: number): number {
  const { date, time } = intlParts(new Date(at));
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, hh, mm);
}

function offsetOfHour(hour: number): number | null {
  let off = offsets.get(hour);
  if (off === undefined) {
    const start = hour * HOUR_MS;
    const end = start + HOUR_MS - 60_000;
    const a = wallMs(start) - start;
    // Null (ask Intl every time) when the offset changes within the hour or is not whole minutes.
    off = wallMs(end) - end === a && a % 60_000 === 0 ? a : null;
    if (offsets.size >= 10_000) offsets.clear();
    offsets.set(hour, off);
  }
  return off;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The local date ('YYYY-MM-DD') and time ('HH:MM') of an instant in Belgrade. */
export function localParts(at: Date): { date: string; time: string } {
  const ms = at.getTime();
  const off = Number.isFinite(ms) ? offsetOfHour(Math.floor(ms / HOUR_MS)) : null;
  if (off === null) return intlParts(at);
  const w = new Date(ms + off);
  const y = w.getUTCFullYear();
  if (y < 1000 || y > 9999) return intlParts(at);
  return { date: `${y}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`, time: `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}` };
}

/** The instant of a Belgrade wall-clock date ('YYYY-MM-DD') and time ('HH:MM'). */
export function belgradeInstant(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // The offset at the guessed instant, then once more at the corrected one (DST edges).
  let at = wall;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(at));
    const [py, pm, pd] = p.date.split('-').map(Number) as [number, number, number];
    const [ph, pmin] = p.time.split(':').map(Number) as [number, number];
    const seen = Date.UTC(py, pm - 1, pd, ph, pmin);
    at += wall - seen;
  }
  return new Date(at);
}

/** The next Belgrade midnight after an instant: when "today" changes (lists that count days, or drop what expired, go stale then). */
export function nextLocalMidnight(at: Date): Date {
  const today = localParts(at).date;
  const next = new Date(`${today}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return belgradeInstant(next.toISOString().slice(0, 10), '00:00');
}
