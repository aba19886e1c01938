import type { Queryable } from '../../core/db/db.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import type { ReportBlock, ReportDocument, ReportQuery, ReportSection } from '../../core/report.ts';
import { DEFAULT_THRESHOLD } from '../../core/suppress.ts';
import { belgradeInstant, localParts } from '../../core/time.ts';
import { formatDate } from '../../core/views/format.ts';
import { officeName } from './repo.ts';
import { PLAN_SECTIONS } from './plan-sections.ts';
import { OWN_SECTIONS } from './sections.ts';

/**
 * The annual report's content, gathered on the request's side of the heavy pool (queries only)
 * and handed to render.ts in a worker as plain data. Its sections: the report's own (activities
 * by LAP area, participants and reach, associations), every feature's `reportSections` from
 * src/app.ts (the council's meetings and decisions; the plan's budget and indicators once it
 * declares them), and the coordinator's narrative sections, in `order`.
 */
let provided: readonly ReportSection[] = [];

/** app.ts hands over the features' sections (report imports none of them). */
export function provideReportSections(sections: readonly ReportSection[]): void {
  provided = sections;
}

export interface ReportInput {
  year: number;
  /** Cyrillic by default (the official script of town bodies); Latin on request. */
  locale: Locale;
  threshold?: number;
  /** The coordinator's own sections, typed in either script; they come first. */
  narrative?: ReadonlyArray<{ heading: string; text: string }>;
}

export function reportQuery(input: ReportInput): ReportQuery {
  return {
    year: input.year,
    from: belgradeInstant(`${input.year}-01-01`, '00:00'),
    until: belgradeInstant(`${input.year + 1}-01-01`, '00:00'),
    locale: input.locale,
    threshold: input.threshold ?? DEFAULT_THRESHOLD,
    memo: new Map(),
  };
}

export async function buildReport(
  db: Queryable,
  officeId: string,
  input: ReportInput,
  now = new Date(),
  /** Called after each section (the job's progress row). */
  onSection?: (done: number, total: number) => Promise<void>,
): Promise<ReportDocument> {
  const q = reportQuery(input);
  const L = q.locale;
  const sections = [...OWN_SECTIONS, ...PLAN_SECTIONS, ...provided].sort((a, b) => a.order - b.order || a.key.localeCompare(b.key));
  const built: ReportBlock[] = [];
  // One after another: a report is one background job, and the pool of connections is shared.
  for (const [i, s] of sections.entries()) {
    const block = await s.build(db, officeId, q);
    if (block) built.push(block);
    await onSection?.(i + 1, sections.length);
  }
  const narrative: ReportBlock[] = (input.narrative ?? [])
    .filter((n) => n.text.trim() !== '')
    .map((n) => ({
      heading: inScript(L, n.heading.trim() || t(L, 'report.narrative')),
      paragraphs: inScript(L, n.text)
        .split(/\r?\n\s*\r?\n|\r?\n/)
        .map((p) => p.trim())
        .filter(Boolean),
      tables: [],
    }));
  const [o] = await officeName(db, officeId);
  return {
    locale: L,
    title: t(L, 'report.title', { year: q.year }),
    subtitle: t(L, 'report.subtitle', { office: inScript(L, o?.name ?? '') }),
    made: t(L, 'report.made', { date: formatDate(L, localParts(now).date) }),
    blocks: [...narrative, ...built],
  };
}
