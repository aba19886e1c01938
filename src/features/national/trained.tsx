import type { Queryable } from '../../core/db/db.ts';
import { DEFAULT_THRESHOLD, display, suppress } from '../../core/suppress.ts';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import { LEVELS, type Level } from './competencies.ts';
import { associationOffice, trainingFigures, type TrainingFigure } from './competencies-repo.ts';

/**
 * The National Association's own figures on the national dashboards (issue #17 point 4): the
 * trainings it held and the coordinators trained, by year and competency level. Trainings are
 * counted as they are; coordinators are people, so each year's levels and their total go
 * through core/suppress.ts as one partition (each coordinator counts once, at the highest level
 * attended that year): a level under the threshold is "<5", and one more is hidden where the
 * total would give it away.
 */
export interface TrainedYear {
  year: number;
  held: number;
  /** Printed: the year's coordinators trained, and by level. */
  total: string;
  levels: Record<Level, string>;
}

export function printTrained(figures: readonly TrainingFigure[], threshold = DEFAULT_THRESHOLD): TrainedYear[] {
  const years = [...new Set(figures.map((f) => f.year))].sort((a, b) => a - b);
  return years.map((year) => {
    const of = (kind: TrainingFigure['kind'], level: Level) =>
      figures.find((f) => f.kind === kind && f.year === year && f.level === level)?.n ?? 0;
    const table = suppress(
      LEVELS.map((l) => ({ key: String(l), count: of('trained', l) })),
      threshold,
    );
    return {
      year,
      held: LEVELS.reduce((s, l) => s + of('held', l), 0),
      total: display(table.total!, threshold),
      levels: Object.fromEntries(table.cells.map((c) => [Number(c.key), display(c, threshold)])) as Record<Level, string>,
    };
  });
}

/** The association's figures for the years, printed; empty when there is no association (yet). */
export async function associationTrained(db: Queryable, years: { from: number; to: number }, now: Date): Promise<TrainedYear[]> {
  const association = await associationOffice(db);
  return association ? printTrained(await trainingFigures(db, association.id, years, now)) : [];
}

export function TrainedTable({ v, rows }: { v: View; rows: readonly TrainedYear[] }) {
  return (
    <section aria-labelledby="obuke-asocijacije">
      <h2 id="obuke-asocijacije">{v.t('nat.trained.title')}</h2>
      <p>{v.t('nat.trained.lead', { threshold: DEFAULT_THRESHOLD })}</p>
      <DataTable
        caption={v.t('nat.trained.title')}
        captionHidden
        rows={rows}
        empty={v.t('nat.trained.empty')}
        columns={[
          { label: v.t('nat.dash.year'), rowHeader: true, cell: (r) => String(r.year) },
          { label: v.t('nat.trained.held'), numeric: true, cell: (r) => String(r.held) },
          { label: v.t('nat.trained.total'), numeric: true, cell: (r) => r.total },
          ...LEVELS.map((l) => ({
            label: v.t('nat.trained.atLevel', { level: v.t(`nat.comp.level.${l}`) }),
            numeric: true,
            cell: (r: TrainedYear) => r.levels[l],
          })),
        ]}
      />
    </section>
  );
}
