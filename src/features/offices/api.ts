import { createRoute, z } from '@hono/zod-openapi';
import type { Core } from '../../core/http/app-core.ts';
import { pathParams } from '../../core/http/params.ts';
import { problem } from '../../core/http/problem.ts';
import { PUBLIC } from '../../core/http/routes.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { isOpenAt } from './hours.ts';
import { REGIONS, findOffice, listOffices } from './repo.ts';

const Region = z.enum(REGIONS).openapi('Region');

const OfficeSummary = z
  .object({
    slug: z.string(),
    status: z.enum(['full', 'directory']).describe("'directory': listed in the national directory only"),
    name: z.string().describe('As typed by the office, in either script'),
    town: z.string(),
    region: Region,
    url: z.string().describe('Public page (Latin-script URL; /cir/… and /en/… also exist)'),
  })
  .openapi('OfficeSummary');

const Office = OfficeSummary.extend({
  address: z.string(),
  postalCode: z.string(),
  room: z.string(),
  email: z.string(),
  website: z.string(),
  phones: z.array(z.object({ label: z.string(), number: z.string() })),
  socialLinks: z.array(z.object({ network: z.string(), url: z.string(), label: z.string() })),
  location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  foundedOn: z.string().nullable().describe('YYYY-MM-DD'),
  foundedYear: z.number().int().nullable(),
  description: z.string(),
  awards: z.string(),
  hours: z.array(z.object({ weekday: z.number().int().min(1).max(7).describe('1 = Monday'), opens: z.string(), closes: z.string() })),
  hoursNote: z.string(),
  openNow: z.boolean().nullable().describe('null when the office publishes no hours'),
  coordinators: z.array(z.object({ fullName: z.string(), title: z.string(), phone: z.string(), email: z.string() })),
}).openapi('Office');

const script = z
  .enum(['cir', 'lat', 'orig'])
  .default('orig')
  .describe("Script of the text fields: 'cir', 'lat', or 'orig' (as typed)")
  .openapi({ param: { name: 'script', in: 'query' } });

export function registerOfficeApi(core: Core): void {
  core.openapi(
    'api.offices.list',
    PUBLIC,
    createRoute({
      method: 'get',
      path: '/offices',
      summary: 'Directory of youth offices',
      description: 'Search ignores script, case and diacritics: "Чачак", "Čačak" and "cacak" all find Čačak.',
      request: {
        query: z.object({
          q: z
            .string()
            .max(100)
            .optional()
            .openapi({ param: { name: 'q', in: 'query' } }),
          region: Region.optional().openapi({ param: { name: 'region', in: 'query' } }),
        }),
      },
      responses: {
        200: { description: 'Offices', content: { 'application/json': { schema: z.object({ data: z.array(OfficeSummary) }) } } },
      },
    }),
    async (c) => {
      const { q, region } = c.req.valid('query');
      const rows = await listOffices(c.var.deps.db, { key: searchKey(q ?? ''), region });
      const base = c.var.deps.config.BASE_URL;
      return c.json(
        {
          data: rows.map((o) => ({
            slug: o.slug,
            status: o.status,
            name: o.name,
            town: o.town,
            region: o.region,
            url: `${base}/lat/kancelarije/${o.slug}`,
          })),
        },
        200,
      );
    },
  );

  core.openapi(
    'api.offices.show',
    PUBLIC,
    createRoute({
      method: 'get',
      path: '/offices/{slug}',
      summary: 'One youth office',
      request: {
        params: pathParams('slug'),
        query: z.object({ script }),
      },
      responses: {
        200: { description: 'The office', content: { 'application/json': { schema: Office } } },
      },
    }),
    async (c) => {
      const { slug } = c.req.valid('param');
      const { script: s } = c.req.valid('query');
      const { db, now, config } = c.var.deps;
      const o = await findOffice(db, slug);
      if (!o) return problem(c, { title: t(c.var.locale, 'error.404.title'), status: 404 }) as never;
      const tx = (text: string) => (s === 'orig' ? text : inScript(s, text));
      return c.json(
        {
          slug: o.slug,
          status: o.status,
          name: tx(o.name),
          town: tx(o.town),
          region: o.region,
          url: `${config.BASE_URL}/lat/kancelarije/${o.slug}`,
          address: tx(o.address),
          postalCode: o.postal_code,
          room: tx(o.room),
          email: o.email,
          website: o.website,
          phones: o.phones.map((p) => ({ label: tx(p.label), number: p.number })),
          socialLinks: o.social_links.map((l) => ({ ...l, label: tx(l.label) })),
          location: o.latitude != null && o.longitude != null ? { latitude: o.latitude, longitude: o.longitude } : null,
          foundedOn: o.founded_on,
          foundedYear: o.founded_year,
          description: tx(o.description),
          awards: tx(o.awards),
          hours: o.hours.map((h) => ({ weekday: h.weekday, opens: h.opens.slice(0, 5), closes: h.closes.slice(0, 5) })),
          hoursNote: tx(o.hours_note),
          openNow: isOpenAt(o.hours, now()),
          coordinators: o.coordinators.map((p) => ({ fullName: tx(p.full_name), title: tx(p.title), phone: p.phone, email: p.email })),
        },
        200,
      );
    },
  );
}
