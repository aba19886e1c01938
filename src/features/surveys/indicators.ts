import type { IndicatorSource } from '../../core/indicators.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { suppress, display } from '../../core/suppress.ts';
import { linkedQuestions, shareCounts } from './repo.ts';

/**
 * 'surveys.share': the share of respondents (in the span) who chose one option of a survey
 * question, e.g. "knows the office: yes". The question is named by its link key, so the same
 * question counts across versions and years. The parameter is '<link>=<option>'.
 * Percent 0–100; no value when fewer than the threshold answered (the figure would describe a
 * handful of people).
 */
export const surveyShare: IndicatorSource = {
  key: 'surveys.share',
  title: 'surv.indicator.share',
  description: 'surv.indicator.shareDoc',
  unit: 'percent',
  byArea: false,
  async params(db, officeId) {
    const qs = await linkedQuestions(db, officeId);
    return qs.flatMap((q) =>
      q.kind === 'scale'
        ? ['1', '2', '3', '4', '5'].map((v) => ({ value: `${q.link}=${v}`, label: `${inScript('cir', q.title)}: ${v}` }))
        : (q.options ?? []).map((o) => ({
            value: `${q.link}=${o.code}`,
            label: `${inScript('cir', q.title)}: ${inScript('cir', o.label)}`,
          })),
    );
  },
  async compute(db, officeId, q) {
    const m = /^([a-z0-9][a-z0-9_.-]{0,39})=([a-z0-9][a-z0-9_.-]{0,39})$/.exec(q.param ?? '');
    if (!m) return { value: null, rows: [] };
    const { answered, chose } = await shareCounts(db, officeId, m[1]!, m[2]!, q.from, q.until);
    const table = suppress(
      [
        { key: 'chose', count: chose },
        { key: 'other', count: answered - chose },
      ],
      q.threshold,
    );
    const rows = [...table.cells, table.total!].map((c) => ({ label: `surv.indicator.${c.key}`, value: display(c, q.threshold) }));
    if (answered === 0 || answered < q.threshold) return { value: null, rows };
    return { value: Math.round((chose / answered) * 1000) / 10, rows };
  },
};
