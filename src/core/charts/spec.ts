/**
 * A chart as data: what a feature hands to core/views/chart.tsx (a page) or to
 * core/charts/render.ts (a PDF or DOCX built in a worker). Plain data, so it crosses to a
 * worker thread as a structured clone and keys the rendered-SVG cache.
 */
export interface ChartSeries {
  /** The legend entry and the data table's column heading, in the reader's script. */
  name: string;
  /** One per category; null is a gap (no data, or a suppressed cell). */
  values: ReadonlyArray<number | null>;
  /** The figures as the data table prints them (e.g. "<5", "×" for suppressed cells); numbers formatted when left out. */
  printed?: ReadonlyArray<string>;
  /** Bars by default; a line (a target, a trend) can sit over bars. */
  kind?: 'bar' | 'line';
}

export interface ChartSpec {
  /** The caption, in the reader's script. */
  title: string;
  /** The category axis: years, areas, age groups… in the reader's script. */
  categories: ReadonlyArray<string>;
  series: ReadonlyArray<ChartSeries>;
  /** Appended to the value axis' figures and the table's heading: '%', 'RSD', 'h'. */
  unit?: string;
  /** Bars of the series stacked on one another (parts of a whole). */
  stacked?: boolean;
  /** Categories down the side (long names: LAP areas, offices). */
  horizontal?: boolean;
}

/** Colours with at least 3:1 contrast on white (WCAG 2.2 1.4.11), distinguishable in grey too. */
export const CHART_COLOURS = ['#1d4f91', '#b34700', '#2e7d32', '#6a1b9a', '#00695c', '#a4161a'] as const;

/** Width and height of a chart's drawing, in SVG units (it scales to its box). */
export function chartSize(spec: ChartSpec): { width: number; height: number } {
  if (!spec.horizontal) return { width: 640, height: 320 };
  return { width: 640, height: Math.max(200, spec.categories.length * (spec.stacked ? 30 : 18 * spec.series.length + 12) + 90) };
}
