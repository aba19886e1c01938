import { createRoute, z } from '@hono/zod-openapi';
import { LAP_AREAS } from '../../core/domain.ts';
import type { Core } from '../../core/http/app-core.ts';
import { pathParams } from '../../core/http/params.ts';
import { problem, refusal } from '../../core/http/problem.ts';
import { PUBLIC } from '../../core/http/routes.ts';
import { inScript } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { findFullOffice } from '../../core/http/params.ts';
import { listPublicAssociations } from './repo.ts';
import { ASSOCIATION_KINDS, TARGET_GROUPS } from './schema.ts';
import { publicView } from './service.ts';

const PublicAssociation = z
  .object({
    id: z.uuid(),
    kind: z.enum(ASSOCIATION_KINDS),
    name: z.string().describe('As typed, in either script (see ?script=)'),
    shortName: z.string(),
    url: z.string().describe('Public page (Latin-script URL; /cir/… and /en/… also exist)'),
    description: z.string().optional(),
    address: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    website: z.string().optional(),
    contactPerson: z.string().optional(),
    areas: z.array(z.enum(LAP_AREAS)).optional(),
    targetGroups: z.array(z.enum(TARGET_GROUPS)).optional(),
    membersTotal: z.number().int().nullable().optional(),
    membersYoung: z.number().int().nullable().optional(),
    foundedYear: z.number().int().nullable().optional(),
    registryNumber: z.string().nullable().optional(),
  })
  .describe('Name and kind always; every other property only when the association published it')
  .openapi('PublicAssociation');

const optionalCode = <const T extends readonly [string, ...string[]]>(codes: T, name: string) =>
  z
    .enum(codes)
    .optional()
    .openapi({ param: { name, in: 'query' } });

/** GET /api/v1/offices/{office}/associations: the public directory, as its pages show it. */
export function registerAssociationApi(core: Core): void {
  core.openapi(
    'api.associations.list',
    PUBLIC,
    createRoute({
      method: 'get',
      path: '/offices/{office}/associations',
      summary: 'Public directory of an office’s associations',
      description:
        'Listed, active associations only, with only the fields each one agreed to publish. Search ignores script, case and diacritics; ' +
        'filters by area or target group consider only associations that published those lists.',
      request: {
        params: pathParams('office'),
        query: z.object({
          q: z
            .string()
            .max(100)
            .optional()
            .openapi({ param: { name: 'q', in: 'query' } }),
          kind: optionalCode(ASSOCIATION_KINDS, 'kind'),
          area: optionalCode(LAP_AREAS, 'area'),
          target: optionalCode(TARGET_GROUPS, 'target'),
          script: z
            .enum(['cir', 'lat', 'orig'])
            .default('orig')
            .describe("Script of the text fields: 'cir', 'lat', or 'orig' (as typed)")
            .openapi({ param: { name: 'script', in: 'query' } }),
        }),
      },
      responses: {
        200: { description: 'Associations', content: { 'application/json': { schema: z.object({ data: z.array(PublicAssociation) }) } } },
        404: refusal('No such office'),
      },
    }),
    async (c) => {
      const { office: slug } = c.req.valid('param');
      const { q, kind, area, target, script } = c.req.valid('query');
      const { db, config } = c.var.deps;
      const office = await findFullOffice(db, slug);
      if (!office) return problem(c, { title: t(c.var.locale, 'error.404.title'), status: 404 }) as never;
      const rows = await listPublicAssociations(db, office.id, { key: searchKey(q ?? ''), kind, area, target });
      const tx = (text: string) => (script === 'orig' ? text : inScript(script, text));
      const data = rows.map(publicView).map((a) => {
        const out: z.infer<typeof PublicAssociation> = {
          id: a.id,
          kind: a.kind,
          name: tx(a.name),
          shortName: tx(a.short_name),
          url: `${config.BASE_URL}/lat/kancelarije/${office.slug}/udruzenja/${a.id}`,
        };
        if (a.description !== undefined) out.description = tx(a.description);
        if (a.address !== undefined) out.address = tx(a.address);
        if (a.email !== undefined) out.email = a.email;
        if (a.phone !== undefined) out.phone = a.phone;
        if (a.website !== undefined) out.website = a.website;
        if (a.contact_person !== undefined) out.contactPerson = tx(a.contact_person);
        if (a.areas !== undefined) out.areas = a.areas as typeof out.areas;
        if (a.target_groups !== undefined) out.targetGroups = a.target_groups as typeof out.targetGroups;
        if (a.members_total !== undefined) {
          out.membersTotal = a.members_total;
          out.membersYoung = a.members_young ?? null;
        }
        if (a.founded_year !== undefined) out.foundedYear = a.founded_year;
        if (a.registry_number !== undefined) out.registryNumber = a.registry_number;
        return out;
      });
      return c.json({ data }, 200);
    },
  );
}
