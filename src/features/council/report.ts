import type { ReportSection } from '../../core/report.ts';
import { t } from '../../core/i18n/messages.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { formatDate } from '../../core/views/format.ts';
import { localParts } from '../../core/time.ts';
import { DECISION_KINDS } from './repo.ts';
import { reportDecisions, reportMeetings } from './report-repo.ts';

/**
 * The youth council's part of the annual report: its meetings in the year (held, with adopted
 * minutes, how many members attended) and its decisions, opinions and recommendations by kind
 * with their subjects. Counts of meetings and decisions are not counts of people; the members
 * present at a meeting are — so that column is printed as a range below the threshold ("<5").
 */
export const councilReportSection: ReportSection = {
  key: 'council.meetings',
  order: 40,
  async build(db, officeId, q) {
    const [meetings, decisions] = await Promise.all([
      reportMeetings(db, officeId, q.from, q.until),
      reportDecisions(db, officeId, q.from, q.until),
    ]);
    if (meetings.length === 0) return null;
    const L = q.locale;
    const held = meetings.filter((m) => m.present > 0).length;
    const adopted = meetings.filter((m) => m.adopted).length;
    const people = (n: number) => (n > 0 && n < q.threshold ? `<${q.threshold}` : String(n));
    return {
      heading: t(L, 'council.report.heading'),
      paragraphs: [t(L, 'council.report.summary', { meetings: meetings.length, held, adopted, decisions: decisions.length })],
      tables: [
        {
          caption: t(L, 'council.report.meetings'),
          columns: [t(L, 'council.date'), t(L, 'council.place'), t(L, 'council.report.present'), t(L, 'council.minutes')],
          numeric: [false, false, true, false],
          rows: meetings.map((m) => [
            formatDate(L, localParts(new Date(m.starts_at)).date),
            inScript(L, m.place),
            people(m.present),
            t(L, m.adopted ? 'council.report.adopted' : 'council.report.notAdopted'),
          ]),
          note: t(L, 'council.report.note', { threshold: q.threshold }),
        },
        {
          caption: t(L, 'council.report.byKind'),
          columns: [t(L, 'council.decision.kind'), t(L, 'council.report.count')],
          numeric: [false, true],
          rows: DECISION_KINDS.map((k) => [t(L, `council.decision.kind.${k}`), String(decisions.filter((d) => d.kind === k).length)]),
        },
        ...(decisions.length > 0
          ? [
              {
                caption: t(L, 'council.decisions'),
                columns: [
                  t(L, 'council.date'),
                  t(L, 'council.decision.kind'),
                  t(L, 'council.decision.subject'),
                  t(L, 'council.decision.body'),
                ],
                rows: decisions.map((d) => [
                  formatDate(L, localParts(new Date(d.starts_at)).date),
                  t(L, `council.decision.kind.${d.kind}`),
                  inScript(L, d.subject_text),
                  inScript(L, d.body),
                ]),
              },
            ]
          : []),
      ],
    };
  },
};
