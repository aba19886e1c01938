import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { LAP_AREAS } from '../../core/domain.ts';
import type { Core } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { findFullOffice } from '../../core/http/params.ts';
import { problem } from '../../core/http/problem.ts';
import { pathParams } from '../../core/http/params.ts';
import { PUBLIC } from '../../core/http/routes.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { localParts } from '../../core/time.ts';
import { opportunityPath } from './paths.ts';
import { listOpen, type Opportunity } from './repo.ts';
import { AGE_MAX, AGE_MIN, APPLICANT_STATUSES, LIST_LIMIT, OPPORTUNITY_KINDS, SOON_DAYS } from './schema.ts';
import { addDays, daysLeft } from './service.ts';

const PublicOpportunity = z
  .object({
    id: z.uuid(),
    office: z.object({ slug: z.string(), name: z.string() }),
    kind: z.enum(OPPORTUNITY_KINDS),
    title: z.string().describe('As typed, in either script (see ?script=)'),
    description: z.string().describe('Plain text; an empty line separates paragraphs'),
    deadline: z.string().nullable().describe('Last day to apply, YYYY-MM-DD (Belgrade); null: rolling, no deadline'),
    daysLeft: z
      .number()
      .int()
      .nullable()
      .describe('Days from today to the deadline (0: closes today; negative: closed); null when rolling'),
    closed: z.boolean().describe('The deadline has passed (lists never contain closed ones; one opportunity may be closed)'),
    ageMin: z.number().int().nullable(),
    ageMax: z.number().int().nullable(),
    statuses: z.array(z.enum(APPLICANT_STATUSES)).describe('Who may apply; empty: anyone'),
    areas: z.array(z.enum(LAP_AREAS)),
    link: z.string().describe('Where to apply (http or https)'),
    source: z.string().describe('The organisation offering it'),
    url: z.string().describe('Public page (Latin-script URL; /cir/… and /en/… also exist)'),
  })
  .openapi('Opportunity');

const script = z
  .enum(['cir', 'lat', 'orig'])
  .default('orig')
  .describe("Script of the text fields: 'cir', 'lat', or 'orig' (as typed)")
  .openapi({ param: { name: 'script', in: 'query' } });

const listQuery = z.object({
  kind: z
    .enum(OPPORTUNITY_KINDS)
    .optional()
    .openapi({ param: { name: 'kind', in: 'query' } }),
  area: z
    .enum(LAP_AREAS)
    .optional()
    .openapi({ param: { name: 'area', in: 'query' } }),
  status: z
    .enum(APPLICANT_STATUSES)
    .optional()
    .openapi({ param: { name: 'status', in: 'query' }, description: 'Only those open to this status (or to anyone)' }),
  age: z.coerce
    .number()
    .int()
    .min(AGE_MIN)
    .max(AGE_MAX)
    .optional()
    .openapi({ param: { name: 'age', in: 'query' }, description: 'Only those open to this age' }),
  closingSoon: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ param: { name: 'closingSoon', in: 'query' }, description: `Only those closing within ${SOON_DAYS} days` }),
  script,
});

const List = z.object({ data: z.array(PublicOpportunity) });

type Out = z.infer<typeof PublicOpportunity>;

function publicOf(
  base: string,
  s: 'cir' | 'lat' | 'orig',
  today: string,
  o: Opportunity & { office_slug: string; office_name: string },
): Out {
  const tx = (text: string) => (s === 'orig' ? text : inScript(s, text));
  const days = o.deadline === null ? null : daysLeft(o.deadline, today);
  return {
    id: o.id,
    office: { slug: o.office_slug, name: tx(o.office_name) },
    kind: o.kind,
    title: tx(o.title),
    description: tx(o.description),
    deadline: o.deadline,
    daysLeft: days,
    closed: days !== null && days < 0,
    ageMin: o.age_min,
    ageMax: o.age_max,
    statuses: o.statuses as Out['statuses'],
    areas: o.areas as Out['areas'],
    link: o.link,
    source: tx(o.source),
    url: `${base}/lat${opportunityPath({ slug: o.office_slug }, o.id)}`,
  };
}

const listDescription =
  `Open opportunities only (deadline today or later, or rolling), soonest deadline first, rolling ones last; at most ${LIST_LIMIT}. ` +
  'An opportunity leaves the list the day after its deadline (Belgrade time).';

async function listResponse(c: Context<AppEnv>, officeId: string | undefined, q: z.infer<typeof listQuery>) {
  const { db, config, now } = c.var.deps;
  const today = localParts(now()).date;
  const rows = await listOpen(
    db,
    {
      officeId,
      kind: q.kind,
      area: q.area,
      status: q.status,
      age: q.age,
      closesBy: q.closingSoon === 'true' ? addDays(today, SOON_DAYS) : undefined,
    },
    today,
    LIST_LIMIT,
  );
  return rows.map((o) => publicOf(config.BASE_URL, q.script, today, o));
}

/** GET /api/v1/opportunities, /offices/{office}/opportunities and one opportunity: what the public pages show. */
export function registerOpportunityApi(core: Core): void {
  core.openapi(
    'api.opportunities.list',
    PUBLIC,
    createRoute({
      method: 'get',
      path: '/opportunities',
      summary: 'Open opportunities of every office',
      description: listDescription,
      request: { query: listQuery },
      responses: {
        200: { description: 'Opportunities', content: { 'application/json': { schema: List } } },
      },
    }),
    async (c) => c.json({ data: await listResponse(c, undefined, c.req.valid('query')) }, 200),
  );

  core.openapi(
    'api.opportunities.office',
    PUBLIC,
    createRoute({
      method: 'get',
      path: '/offices/{office}/opportunities',
      summary: 'Open opportunities of one office',
      description: listDescription,
      request: { params: pathParams('office'), query: listQuery },
      responses: {
        200: { description: 'Opportunities', content: { 'application/json': { schema: List } } },
      },
    }),
    async (c) => {
      const office = await findFullOffice(c.var.deps.db, c.req.valid('param').office);
      if (!office) return problem(c, { title: t(c.var.locale, 'error.404.title'), status: 404 }) as never;
      return c.json({ data: await listResponse(c, office.id, c.req.valid('query')) }, 200);
    },
  );

  core.openapi(
    'api.opportunities.show',
    PUBLIC,
    createRoute({
      method: 'get',
      path: '/offices/{office}/opportunities/{opportunity}',
      summary: 'One opportunity, open or closed (closed: true once its deadline has passed)',
      request: {
        params: pathParams('office', 'opportunity'),
        query: z.object({ script }),
      },
      responses: {
        200: { description: 'The opportunity', content: { 'application/json': { schema: PublicOpportunity } } },
      },
    }),
    (c) => {
      const { config, now } = c.var.deps;
      const { office, opportunity } = c.var;
      const today = localParts(now()).date;
      return c.json(
        publicOf(config.BASE_URL, c.req.valid('query').script, today, {
          ...opportunity,
          office_slug: office.slug,
          office_name: office.name,
        }),
        200,
      );
    },
    ['office', 'opportunity'],
  );
}
