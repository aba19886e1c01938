import { z } from 'zod';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import { parseForm, readForm } from '../../core/http/forms.ts';
import { PUBLIC, STAFF } from '../../core/http/routes.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { isOpenAt } from './hours.ts';
import { REGIONS, findOffice, listOffices } from './repo.ts';
import { officeProfileForm } from './schema.ts';
import { saveOfficeProfile } from './service.ts';
import { DirectoryPage } from './views/directory.tsx';
import { OfficeEditPage, officeFormValues } from './views/edit.tsx';
import { OfficePage } from './views/office.tsx';

/** Directory filters from the query string; anything unexpected is ignored, never an error. */
export const directoryQuery = z.object({
  q: z
    .string()
    .catch('')
    .default('')
    .transform((s) => s.slice(0, 100)),
  region: z.enum(REGIONS).or(z.literal('')).catch('').default(''),
});

export function registerOfficeRoutes(core: Core): void {
  core.page(
    {
      name: 'offices.directory',
      method: 'GET',
      path: `${L}/kancelarije`,
      access: PUBLIC,
      cacheTags: () => ['offices'],
      cacheQuery: (q) => directoryQuery.parse(q),
    },
    async (c) => {
      const { q, region } = directoryQuery.parse(c.req.query());
      const offices = await listOffices(c.var.deps.db, { key: searchKey(q), region: region || undefined });
      return c.html(<DirectoryPage v={view(c)} offices={offices} q={q} region={region} />);
    },
  );

  core.page(
    {
      name: 'offices.show',
      method: 'GET',
      path: `${L}/kancelarije/:office`,
      access: PUBLIC,
      cacheTags: (c) => [`office:${c.req.param('office')}`],
    },
    async (c) => {
      const { db, now } = c.var.deps;
      const office = await findOffice(db, c.req.param('office') ?? '');
      if (!office) return errorResponse(c, 404);
      return c.html(<OfficePage v={view(c)} office={office} open={isOpenAt(office.hours, now())} />);
    },
  );

  core.page({ name: 'offices.edit', method: 'GET', path: `${L}/admin/kancelarije/:office`, access: STAFF }, async (c) => {
    const office = await findOffice(c.var.deps.db, c.var.office.slug);
    if (!office) return errorResponse(c, 404);
    return c.html(<OfficeEditPage v={view(c)} office={office} values={officeFormValues(office)} />);
  });

  core.page({ name: 'offices.update', method: 'POST', path: `${L}/admin/kancelarije/:office`, access: STAFF }, async (c) => {
    const { deps, office: ref, actor, locale } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(officeProfileForm, values, locale);
    if (!parsed.ok) {
      const office = await findOffice(deps.db, ref.slug);
      if (!office) return errorResponse(c, 404);
      return c.html(<OfficeEditPage v={view(c)} office={office} values={values} errors={parsed.errors} />, 400);
    }
    await saveOfficeProfile(deps, actor!, ref, parsed.data);
    return c.redirect(`/${locale}/admin/kancelarije/${ref.slug}?n=form.saved`, 303);
  });
}
