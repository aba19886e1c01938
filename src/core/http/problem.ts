import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** RFC 9457 problem document. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: Array<{ path: string; message: string }>;
}

export function problem(c: Context, p: Problem): Response {
  return c.body(JSON.stringify({ type: 'about:blank', ...p }), p.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json; charset=utf-8',
  });
}

export function wantsJson(c: Context): boolean {
  return c.req.path.startsWith('/api/') || (c.req.header('accept') ?? '').startsWith('application/json');
}

/** The problem document as the OpenAPI document describes it (every API operation's 4xx). */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    /** A 400's list of the fields that were wrong, each with its message in the reader's script. */
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

/** A refusal an operation answers itself (core declares its own, see coreRefusals), for its `responses`. */
export const refusal = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

/**
 * The refusals core answers for every operation before or around its handler — invalid input,
 * not signed in, not allowed or no CSRF token, an unknown row in the path, a body too large, too
 * many requests — declared here once so no feature writes them by hand. An operation's own
 * description of a status wins.
 */
export function coreRefusals(op: { method: string; path: string; public: boolean }): Record<number, ReturnType<typeof refusal>> {
  const write = op.method.toUpperCase() !== 'GET';
  const refusals: Record<number, ReturnType<typeof refusal>> = {
    400: refusal("Invalid input: `errors` names each field, in the reader's script"),
    429: refusal('Too many requests; try again later'),
  };
  if (!op.public) refusals[401] = refusal('Not signed in');
  if (!op.public || write) refusals[403] = refusal(op.public ? 'No CSRF token' : 'Not allowed here, or no CSRF token');
  if (op.path.includes('{')) refusals[404] = refusal('No such row in this office');
  if (write) {
    refusals[413] = refusal('Body too large');
    refusals[415] = refusal('Not a JSON body');
  }
  return refusals;
}
