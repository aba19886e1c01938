import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Queryable } from '../db/db.ts';
import { maybeOne } from '../db/db.ts';
import type { OfficeRef, ParamRows } from './env.ts';

/** A path parameter that names an office-owned row (declared in a feature, e.g. activities' `activity`). */
export type ParamName = keyof ParamRows & string;

/**
 * How a feature loads the row its path parameter names. Core checks the id's form (a UUID, else
 * 404 without a query), calls `load` with the office the route resolved — the office is always
 * in the WHERE clause — and answers 404 when it finds nothing, before any handler runs.
 */
export interface ParamResolver<K extends ParamName = ParamName> {
  name: K;
  load: (db: Queryable, officeId: string, id: string) => Promise<ParamRows[K] | undefined>;
}

/** A resolver as core holds it (the list app.ts passes to createCore). */
export interface AnyParamResolver {
  name: string;
  load: (db: Queryable, officeId: string, id: string) => Promise<unknown>;
}

/** Declares a resolver (typed by its parameter's row in ParamRows). */
export const paramResolver = <K extends ParamName>(r: ParamResolver<K>): AnyParamResolver => r;

/** What a route's `params` may name: the office (resolved by slug) and every declared row. */
export type RouteParam = 'office' | ParamName;

/** Sets a resolved row on the request (the key is a declared parameter, checked at registration). */
export function setParam(c: Context, name: string, row: unknown): void {
  (c.set as (key: string, value: unknown) => void)(name, row);
}

/** The office a path names by its slug: only an office that uses KZM ('full'); the one lookup by slug. */
export function findFullOffice(q: Queryable, slug: string): Promise<OfficeRef | undefined> {
  return maybeOne<OfficeRef>(q, `SELECT id, slug, name FROM offices WHERE slug = $1 AND status = 'full'`, [slug]);
}

/**
 * An API operation's path parameters as its OpenAPI description shows them: each a string of at
 * most 100 characters (core resolves the rows they name, 404 when there is none).
 */
export function pathParams<K extends string>(...names: K[]) {
  return z.object(
    Object.fromEntries(
      names.map((name) => [
        name,
        z
          .string()
          .max(100)
          .openapi({ param: { name, in: 'path' } }),
      ]),
    ) as Record<K, z.ZodString>,
  );
}
