import type { FormValues } from '../../core/http/forms.ts';

/**
 * Coordinator competencies (issue #17 point 4): the four standards of youth-office work, each
 * assessed by the coordinator on four statements (1 "not yet" … 4 "I could teach it"); the mean
 * gives a level per standard — the curriculum level the coordinator follows next. Pure: no I/O.
 */
export const STANDARDS = ['management', 'partnership', 'participation', 'inclusion'] as const;
export type Standard = (typeof STANDARDS)[number];
/** Statements per standard (their texts are messages nat.comp.q.<standard>.<i>). */
export const STATEMENTS = 4;
/** 1 basic, 2 advanced, 3 mentor. */
export const LEVELS = [1, 2, 3] as const;
export type Level = (typeof LEVELS)[number];
export const SCALE = ['1', '2', '3', '4'] as const;

export type Levels = Record<Standard, Level>;

/** The form field of one statement: management_1 … inclusion_4. */
export const fieldOf = (s: Standard, i: number) => `${s}_${i}`;
export const ALL_FIELDS: readonly string[] = STANDARDS.flatMap((s) => Array.from({ length: STATEMENTS }, (_, i) => fieldOf(s, i + 1)));

/** The level a standard's answers give: a mean under 2.5 is basic, under 3.5 advanced, else mentor. */
export function levelOf(scores: readonly number[]): Level {
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  return mean < 2.5 ? 1 : mean < 3.5 ? 2 : 3;
}

export type Assessment =
  { ok: true; answers: Record<string, number>; levels: Levels } | { ok: false; missing: string[]; invalid: string[] };

/**
 * Reads a submitted self-assessment. Every statement must be answered with 1–4: a half-filled
 * one names what is missing (the page is shown again with every answer kept), never a level
 * computed from part of the answers.
 */
export function readAssessment(values: FormValues): Assessment {
  const missing: string[] = [];
  const invalid: string[] = [];
  const answers: Record<string, number> = {};
  for (const f of ALL_FIELDS) {
    const v = (values[f] ?? '').trim();
    if (v === '') missing.push(f);
    else if (!(SCALE as readonly string[]).includes(v)) invalid.push(f);
    else answers[f] = Number(v);
  }
  if (missing.length > 0 || invalid.length > 0) return { ok: false, missing, invalid };
  const levels = Object.fromEntries(
    STANDARDS.map((s) => [s, levelOf(Array.from({ length: STATEMENTS }, (_, i) => answers[fieldOf(s, i + 1)]!))]),
  ) as Levels;
  return { ok: true, answers, levels };
}
