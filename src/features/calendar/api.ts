import { createRoute, z } from '@hono/zod-openapi';
import { LAP_AREAS } from '../../core/domain.ts';
import type { Core } from '../../core/http/app-core.ts';
import { pathParams } from '../../core/http/params.ts';
import { problem, refusal } from '../../core/http/problem.ts';
import { PUBLIC } from '../../core/http/routes.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { activityPath } from '../activities/paths.ts';
import { findCalendarOffice, findPublicActivity, listActivities, type ActivityCard, type PublicActivity } from './repo.ts';
import { uuidOrNull } from '../../core/http/ids.ts';
import { ACTIVITY_KINDS } from './schema.ts';

const Session = z.object({
  position: z.number().int(),
  startsAt: z.string().describe('ISO 8601 instant'),
  endsAt: z.string(),
  title: z.string(),
});

const ActivitySummary = z
  .object({
    id: z.uuid(),
    office: z.object({ slug: z.string(), name: z.string(), town: z.string() }),
    kind: z.enum(ACTIVITY_KINDS),
    status: z.enum(['published', 'cancelled']),
    title: z.string().describe('As typed, in either script (see ?script=)'),
    summary: z.string(),
    areas: z.array(z.enum(LAP_AREAS)),
    ageMin: z.number().int().nullable(),
    ageMax: z.number().int().nullable(),
    placeKind: z.enum(['office', 'address', 'online']),
    place: z.string().describe('The room or the address; empty for online activities'),
    capacity: z.number().int().nullable().describe('null: no limit'),
    placesLeft: z.number().int().nullable().describe('null: no limit'),
    cost: z.string().describe('Empty: free'),
    startsAt: z.string().describe('ISO 8601 instant of the first session'),
    endsAt: z.string().describe('ISO 8601 instant of the end of the last session'),
    sessionCount: z.number().int(),
    url: z.string().describe('Public page (Latin-script URL; /cir/… and /en/… also exist)'),
  })
  .openapi('ActivitySummary');

const ActivityDetail = ActivitySummary.extend({
  description: z.string(),
  targetGroup: z.string(),
  needsApproval: z.boolean(),
  registrationOpens: z.string().nullable(),
  registrationCloses: z.string().nullable(),
  certificateHours: z.number().nullable().describe('Hours of non-formal education on the certificate; null: none'),
  image: z.object({ url: z.string(), alt: z.string() }).nullable(),
  partners: z.array(z.object({ name: z.string() })),
  sessions: z.array(Session),
  ics: z.string().describe('iCalendar of the activity (one event per session)'),
}).openapi('ActivityDetail');

const script = z
  .enum(['cir', 'lat', 'orig'])
  .default('orig')
  .describe("Script of the text fields: 'cir', 'lat', or 'orig' (as typed)")
  .openapi({ param: { name: 'script', in: 'query' } });

const date = (name: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'Not a date')
    .optional()
    .openapi({ param: { name, in: 'query' }, description: 'YYYY-MM-DD (Belgrade time)' });

const iso = (d: Date | string) => new Date(d).toISOString();
type Tx = (s: string) => string;

function summaryOf(base: string, tx: Tx, a: ActivityCard): z.infer<typeof ActivitySummary> {
  return {
    id: a.id,
    office: { slug: a.office_slug, name: tx(a.office_name), town: tx(a.office_town) },
    kind: a.kind as z.infer<typeof ActivitySummary>['kind'],
    status: a.status,
    title: tx(a.title),
    summary: tx(a.summary),
    areas: a.areas as z.infer<typeof ActivitySummary>['areas'],
    ageMin: a.age_min,
    ageMax: a.age_max,
    placeKind: a.place_kind,
    place: tx(a.place),
    capacity: a.capacity,
    placesLeft: a.capacity === null ? null : Math.max(0, a.capacity - a.confirmed_count),
    cost: tx(a.cost),
    startsAt: iso(a.starts_at),
    endsAt: iso(a.ends_at),
    sessionCount: a.session_count,
    url: `${base}/lat${activityPath({ slug: a.office_slug }, a.id)}`,
  };
}

function detailOf(base: string, tx: Tx, a: PublicActivity): z.infer<typeof ActivityDetail> {
  const page = activityPath({ slug: a.office_slug }, a.id);
  return {
    ...summaryOf(base, tx, a),
    description: tx(a.description),
    targetGroup: tx(a.target_group),
    needsApproval: a.needs_approval,
    registrationOpens: a.registration_opens ? iso(a.registration_opens) : null,
    registrationCloses: a.registration_closes ? iso(a.registration_closes) : null,
    certificateHours: a.certificate_hours === null ? null : Number(a.certificate_hours),
    image: a.image_file_id ? { url: `${base}/lat${page}/slika`, alt: tx(a.image_alt) } : null,
    partners: a.partners.map((p) => ({ name: tx(p.name) })),
    sessions: a.sessions.map((s) => ({ position: s.position, startsAt: iso(s.starts_at), endsAt: iso(s.ends_at), title: tx(s.title) })),
    ics: `${base}${page}/kalendar.ics`,
  };
}

/** GET /api/v1/activities and /api/v1/offices/{office}/activities/{activity}: the public calendar. */
export function registerCalendarApi(core: Core): void {
  core.openapi(
    'api.activities.list',
    PUBLIC,
    createRoute({
      method: 'get',
      path: '/activities',
      summary: 'Public calendar of activities',
      description:
        'Published (and cancelled) activities of every office, or of one (`office`), soonest first; by default those not yet over. ' +
        'Search ignores script, case and diacritics and also matches the office’s name and town: "Чачак", "Čačak" and "cacak" find the same.',
      request: {
        query: z.object({
          office: z
            .string()
            .max(100)
            .optional()
            .openapi({ param: { name: 'office', in: 'query' }, description: 'Office slug' }),
          q: z
            .string()
            .max(100)
            .optional()
            .openapi({ param: { name: 'q', in: 'query' } }),
          area: z
            .enum(LAP_AREAS)
            .optional()
            .openapi({ param: { name: 'area', in: 'query' } }),
          kind: z
            .enum(ACTIVITY_KINDS)
            .optional()
            .openapi({ param: { name: 'kind', in: 'query' } }),
          from: date('from'),
          to: date('to'),
          age: z.coerce
            .number()
            .int()
            .min(10)
            .max(35)
            .optional()
            .openapi({ param: { name: 'age', in: 'query' }, description: 'Only activities open to this age' }),
          free: z
            .enum(['true', 'false'])
            .optional()
            .openapi({ param: { name: 'free', in: 'query' }, description: 'Only activities with places left' }),
          page: z.coerce
            .number()
            .int()
            .min(1)
            .max(10000)
            .default(1)
            .openapi({ param: { name: 'page', in: 'query' } }),
          pageSize: z.coerce
            .number()
            .int()
            .min(1)
            .max(100)
            .default(20)
            .openapi({ param: { name: 'pageSize', in: 'query' } }),
          script,
        }),
      },
      responses: {
        200: {
          description: 'Activities',
          content: {
            'application/json': {
              schema: z.object({
                data: z.array(ActivitySummary),
                page: z.number().int(),
                pageSize: z.number().int(),
                total: z.number().int(),
              }),
            },
          },
        },
        404: refusal('No such office'),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const { db, config, now } = c.var.deps;
      let officeId: string | undefined;
      if (query.office !== undefined) {
        const office = await findCalendarOffice(db, query.office);
        if (!office) return problem(c, { title: t(c.var.locale, 'error.404.title'), status: 404 }) as never;
        officeId = office.id;
      }
      const filter = {
        officeId,
        area: query.area,
        kind: query.kind,
        from: query.from,
        to: query.to,
        age: query.age,
        free: query.free === 'true',
        key: searchKey(query.q ?? '') || undefined,
      };
      const { rows, total } = await listActivities(db, filter, {
        now: now(),
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      const tx: Tx = (s) => (query.script === 'orig' ? s : inScript(query.script, s));
      return c.json({ data: rows.map((a) => summaryOf(config.BASE_URL, tx, a)), page: query.page, pageSize: query.pageSize, total }, 200);
    },
  );

  core.openapi(
    'api.activities.show',
    PUBLIC,
    createRoute({
      method: 'get',
      path: '/offices/{office}/activities/{activity}',
      summary: 'One activity of the public calendar',
      request: {
        params: pathParams('office', 'activity'),
        query: z.object({ script }),
      },
      responses: {
        200: { description: 'The activity', content: { 'application/json': { schema: ActivityDetail } } },
      },
    }),
    async (c) => {
      const { office: slug, activity } = c.req.valid('param');
      const { script: s } = c.req.valid('query');
      const { db, config } = c.var.deps;
      const id = uuidOrNull(activity);
      const a = id ? (await findPublicActivity(db, slug, id))?.a : undefined;
      if (!a) return problem(c, { title: t(c.var.locale, 'error.404.title'), status: 404 }) as never;
      const tx: Tx = (text) => (s === 'orig' ? text : inScript(s, text));
      return c.json(detailOf(config.BASE_URL, tx, a), 200);
    },
  );
}
