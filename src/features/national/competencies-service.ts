import { z } from 'zod';
import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Queryable } from '../../core/db/db.ts';
import type { Deps } from '../../core/http/env.ts';
import type { FormValues } from '../../core/http/forms.ts';
import { searchKey } from '../../core/i18n/script.ts';
import type { Result } from '../../core/result.ts';
import { addMember } from '../admin/repo.ts';
import { LEVELS, readAssessment, STANDARDS, type Level, type Levels, type Standard } from './competencies.ts';
import {
  associationOffice,
  attendedTrainings,
  coordinatorsWithLevels,
  insertAssessment,
  insertAssociationOffice,
  insertTraining,
  listTrainings,
  regionExists,
  type AssociationOffice,
  type CoordinatorNeed,
  type Training,
} from './competencies-repo.ts';

/**
 * The association's office, created on first need; the national admin who asks becomes its staff
 * (its trainings are activities: the activities feature's pages manage them, attendance and
 * certificates included). One transaction; a second call finds the first one's office, and
 * another national admin who asks joins its staff.
 */
export async function ensureAssociation(deps: Deps, actor: Actor): Promise<AssociationOffice> {
  return deps.db.transaction(async (tx) => {
    const known = await associationOffice(tx);
    if (!known) await insertAssociationOffice(tx, searchKey('Национална асоцијација канцеларија за младе Ниш'));
    const office = (await associationOffice(tx))!;
    const joined = (await addMember(tx, office.id, actor.userId, 'office_admin', actor.userId)) || known === undefined;
    await addMember(tx, office.id, actor.userId, 'coordinator', actor.userId);
    if (joined)
      await recordAudit(tx, {
        officeId: office.id,
        actorId: actor.userId,
        action: known ? 'association.join' : 'association.open',
        target: office.slug,
      });
    return office;
  });
}

export type AssessmentOutcome = { ok: true; levels: Levels } | { ok: false; missing: string[]; invalid: string[] };

/** Saves a complete self-assessment of the signed-in coordinator in their office; a half-filled one stores nothing. */
export async function saveAssessment(deps: Deps, actor: Actor, officeId: string, values: FormValues): Promise<AssessmentOutcome> {
  const read = readAssessment(values);
  if (!read.ok) return read;
  await deps.db.transaction(async (tx) => {
    const id = await insertAssessment(tx, officeId, actor.userId, read.answers, read.levels);
    await recordAudit(tx, { officeId, actorId: actor.userId, action: 'competency.assess', target: id, data: read.levels });
  });
  return { ok: true, levels: read.levels };
}

/** The national admin marks an activity of the association as a training of a standard and level, national or for a region. */
export const trainingForm = z.object({
  activity: z.string().trim().uuid('err.choice'),
  standard: z.enum(STANDARDS, 'err.choice'),
  level: z.enum(['1', '2', '3'], 'err.choice').transform((s) => Number(s) as Level),
  region: z
    .string()
    .trim()
    .regex(/^(RS[0-9]{2})?$/, 'err.choice')
    .transform((s) => s || null),
});
export type TrainingInput = z.output<typeof trainingForm>;

export async function markTraining(deps: Deps, actor: Actor, association: AssociationOffice, input: TrainingInput): Promise<Result> {
  return deps.db.transaction(async (tx): Promise<Result> => {
    if (input.region && !(await regionExists(tx, input.region))) return { ok: false, field: 'region', error: 'err.choice' };
    if (!(await insertTraining(tx, association.id, input.activity, input.standard, input.level, input.region)))
      return { ok: false, field: 'activity', error: 'err.choice' };
    await recordAudit(tx, {
      officeId: association.id,
      actorId: actor.userId,
      action: 'training.mark',
      target: input.activity,
      data: { standard: input.standard, level: input.level, region: input.region },
    });
    return { ok: true, value: undefined };
  });
}

export interface NeedCell {
  standard: Standard;
  level: Level;
  /** Coordinators at this level who have not yet attended a training of it. */
  who: CoordinatorNeed[];
  /** Upcoming trainings of this standard and level open to the region (national or the region's own). */
  trainings: Training[];
}

export interface RegionNeeds {
  region_code: string | null;
  coordinators: number;
  notAssessed: CoordinatorNeed[];
  cells: NeedCell[];
}

/**
 * "Who needs which training", by statistical region: each coordinator's newest levels; a
 * coordinator needs the training of their level in a standard until they attended one.
 */
export async function needsReport(q: Queryable): Promise<RegionNeeds[]> {
  const association = await associationOffice(q);
  const [people, attended, upcoming] = await Promise.all([
    coordinatorsWithLevels(q),
    association ? attendedTrainings(q, association.id) : Promise.resolve([]),
    association ? listTrainings(q, association.id, true) : Promise.resolve([]),
  ]);
  const done = new Set(attended.map((a) => `${a.user_id}|${a.standard}|${a.level}`));
  const regions = new Map<string | null, RegionNeeds>();
  for (const p of people) {
    let r = regions.get(p.region_code);
    if (!r) {
      r = {
        region_code: p.region_code,
        coordinators: 0,
        notAssessed: [],
        cells: STANDARDS.flatMap((standard) =>
          LEVELS.map((level) => ({
            standard,
            level,
            who: [],
            trainings: upcoming.filter(
              (t) => t.standard === standard && t.level === level && (t.region_code === null || t.region_code === p.region_code),
            ),
          })),
        ),
      };
      regions.set(p.region_code, r);
    }
    r.coordinators += 1;
    if (p.management === null) {
      r.notAssessed.push(p);
      continue;
    }
    for (const cell of r.cells) {
      if (p[cell.standard] === cell.level && !done.has(`${p.user_id}|${cell.standard}|${cell.level}`)) cell.who.push(p);
    }
  }
  return [...regions.values()];
}
