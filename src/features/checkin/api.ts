import { createRoute, z } from '@hono/zod-openapi';
import { LAP_AREAS } from '../../core/domain.ts';
import type { Core } from '../../core/http/app-core.ts';
import { pathParams } from '../../core/http/params.ts';
import { STAFF } from '../../core/http/routes.ts';
import { t } from '../../core/i18n/messages.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { localToday } from '../accounts/age.ts';
import type { OutCell, Table } from '../../core/suppress.ts';
import { ACTIVITY_KINDS, syncBody } from './schema.ts';
import { OUTCOMES, checkIn } from './service.ts';
import { attendanceNumbers } from './stats.ts';
import { outcomeMessage } from './views.tsx';

const Cell = z
  .object({
    key: z.string(),
    status: z
      .enum(['shown', 'small', 'hidden'])
      .describe("'small': 1…threshold−1 (suppressed); 'hidden': suppressed so that a small cell cannot be worked out"),
    value: z.number().int().nullable().describe('The count when shown; null when suppressed'),
    display: z.string().describe('As printed: the count, "<5" or "×"'),
  })
  .openapi('StatCell');

const StatTable = z.object({ cells: z.array(Cell), total: Cell.nullable() }).openapi('StatTable');

const Attendance = z
  .object({
    scope: z.object({
      from: z.string().describe('YYYY-MM-DD (Belgrade), included'),
      to: z.string().describe('YYYY-MM-DD (Belgrade), included'),
      area: z.enum(LAP_AREAS).nullable(),
      kind: z.enum(ACTIVITY_KINDS).nullable(),
      activity: z.uuid().nullable(),
    }),
    threshold: z.number().int().describe('Cells under this are suppressed'),
    activities: z.number().int(),
    sessions: z.number().int(),
    registrations: StatTable.describe('By status: confirmed, waitlisted, pending, cancelled (incl. declined); total = registrations'),
    attendance: Cell.describe('Person-sessions'),
    participants: Cell.describe('Distinct people present at least once'),
    firstTimers: Cell.describe('Participants whose first attendance in the office is not before the period'),
    profile: z.object({ age: StatTable, gender: StatTable, settlementKind: StatTable, status: StatTable, firstTime: StatTable }),
    byActivity: z.array(z.object({ id: z.uuid(), title: z.string(), startsAt: z.string(), participants: Cell })),
  })
  .openapi('AttendanceNumbers');

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'err.date');

const cellJson = (c: OutCell, threshold: number) => ({
  key: c.key,
  status: c.status,
  value: c.status === 'shown' ? c.count : null,
  display: c.status === 'shown' ? String(c.count) : c.status === 'small' ? `<${threshold}` : '×',
});
const tableJson = (t: Table) => ({
  cells: t.cells.map((c) => cellJson(c, t.threshold)),
  total: t.total ? cellJson(t.total, t.threshold) : null,
});

const CheckinResults = z
  .object({
    results: z.array(
      z.object({
        id: z.string().describe("The item's id as sent"),
        outcome: z.enum(OUTCOMES),
        message: z.string().describe('What happened, for the coordinator, in the requested script'),
        registration: z.uuid().optional(),
      }),
    ),
  })
  .openapi('CheckinResults');

export function registerCheckinApi(core: Core): void {
  // The check-in script's sync: a batch of check-ins (made offline or just now), one answer each.
  core.openapi(
    'api.checkins',
    STAFF,
    createRoute({
      method: 'post',
      path: '/offices/{office}/activities/{activity}/check-ins',
      summary: 'Record check-ins at sessions of an activity (staff only; the check-in page syncs its offline queue here)',
      description:
        'Each item names a check-in code (the QR code’s secret, or the entry code as typed: KZM-4F7-Q2X in any case, with or without dashes), ' +
        'a session of the activity and when the device saw it ' +
        '(ISO 8601; kept unless in the future or more than a day before the session). One answer per item: ok, already ' +
        '(the first check-in is kept), unknown (another office’s code too), other_activity, not_confirmed, bad_session, cancelled_activity. ' +
        'Sending the same batch again changes nothing. Needs the x-csrf-token header like every write.',
      request: {
        params: pathParams('office', 'activity'),
        body: { required: true, content: { 'application/json': { schema: syncBody } } },
      },
      responses: {
        200: { description: 'One answer per item, in order', content: { 'application/json': { schema: CheckinResults } } },
      },
    }),
    async (c) => {
      const { deps, office, activity } = c.var;
      const body = c.req.valid('json');
      const locale = body.locale ?? c.var.locale;
      const results = await checkIn(
        deps,
        c.var.actor!,
        office,
        activity,
        body.items.map((i) => ({ code: i.code, sessionId: i.session.toLowerCase(), at: new Date(i.at), method: i.method })),
      );
      const v = {
        t: (key: Parameters<typeof t>[1], vars?: Record<string, string | number>) => t(locale, key, vars),
        tx: (text: string) => inScript(locale, text),
      };
      return c.json(
        {
          results: results.map((r, i) => ({
            id: body.items[i]!.id,
            outcome: r.outcome,
            message: outcomeMessage(v, r.outcome, r.name),
            ...(r.registrationId ? { registration: r.registrationId } : {}),
          })),
        },
        200,
      );
    },
    ['activity'],
  );

  core.openapi(
    'api.attendance',
    STAFF,
    createRoute({
      method: 'get',
      path: '/offices/{office}/attendance',
      summary: "Attendance numbers of an office's activities (staff only)",
      description:
        'Registrations, attendance (person-sessions), distinct participants, first-timers and participants by age group, gender, ' +
        'settlement kind and status, for a period (default: this year until today), optionally one LAP area, kind or activity. ' +
        'Aggregates only: cells under 5 are suppressed as in the register statistics.',
      request: {
        params: pathParams('office'),
        query: z.object({
          from: date.optional().openapi({ param: { name: 'from', in: 'query' }, example: '2026-01-01' }),
          to: date.optional().openapi({ param: { name: 'to', in: 'query' }, example: '2026-12-31' }),
          area: z
            .enum(LAP_AREAS)
            .optional()
            .openapi({ param: { name: 'area', in: 'query' } }),
          kind: z
            .enum(ACTIVITY_KINDS)
            .optional()
            .openapi({ param: { name: 'kind', in: 'query' } }),
          activity: z
            .uuid()
            .optional()
            .openapi({ param: { name: 'activity', in: 'query' } }),
        }),
      },
      responses: {
        200: { description: 'Attendance numbers', content: { 'application/json': { schema: Attendance } } },
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const today = localToday(c.var.deps.now());
      const scope = {
        from: q.from ?? `${today.slice(0, 4)}-01-01`,
        to: q.to ?? today,
        area: q.area ?? null,
        kind: q.kind ?? null,
        activity: q.activity?.toLowerCase() ?? null,
      };
      const n = await attendanceNumbers(c.var.deps.db, {
        officeId: c.var.office.id,
        activityId: scope.activity,
        from: scope.from,
        to: scope.to,
        area: scope.area,
        kind: scope.kind,
      });
      const th = n.threshold;
      return c.json(
        {
          scope,
          threshold: th,
          activities: n.activities,
          sessions: n.sessions,
          registrations: tableJson(n.registrations),
          attendance: cellJson(n.attendance, th),
          participants: cellJson(n.participants, th),
          firstTimers: cellJson(n.firstTimers, th),
          profile: {
            age: tableJson(n.profile.age),
            gender: tableJson(n.profile.gender),
            settlementKind: tableJson(n.profile.settlement_kind),
            status: tableJson(n.profile.status),
            firstTime: tableJson(n.profile.first_time),
          },
          byActivity: n.byActivity.map((a) => ({
            id: a.id,
            title: a.title,
            startsAt: a.startsAt.toISOString(),
            participants: cellJson(a.cell, th),
          })),
        },
        200,
      );
    },
  );
}
