/**
 * Times are typed and shown in the offices' local time (Europe/Belgrade) and stored as
 * instants. These two helpers convert between a local date + time and an instant, across the
 * summer-time change; every feature uses them instead of its own Intl formatter.
 */
const TZ = 'Europe/Belgrade';

const partsFmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The local date ('YYYY-MM-DD') and time ('HH:MM') of an instant in Belgrade. */
export function localParts(at: Date): { date: string; time: string } {
  const p = Object.fromEntries(partsFmt.formatToParts(at).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
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
