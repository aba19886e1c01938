import { hasOfficeRole } from '../../core/auth/actor.ts';
import { z } from 'zod';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import { parseForm, readForm } from '../../core/http/forms.ts';
import { PUBLIC, STAFF, withNational } from '../../core/http/routes.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { nextLocalMidnight } from '../../core/time.ts';
import type { OfficeHomeSection } from '../../core/views/home-section.ts';
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

/** The newsletter's subscribe page of an office (a later feature's route): linked from the home page once it exists. */
const SUBSCRIBE_PATH = `${L}/kancelarije/:office/bilten`;

/**
 * The public office pages and the profile editor. `sections`: what later features add to the
 * office's home page (src/app.ts collects them from the features' `home` entries), in order.
 */
export function registerOfficeRoutes(core: Core, sections: readonly OfficeHomeSection[] = []): void {
  const ordered = [...sections].sort((a, b) => a.order - b.order);
  let subscribe: boolean | undefined;
  const hasSubscribe = () => (subscribe ??= core.table.routes.some((r) => r.method === 'GET' && r.path === SUBSCRIBE_PATH));

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
      // The office's own tag, and the tags of what each section shows (its feature's writes touch them).
      cacheTags: (c) => [`office:${c.req.param('office')}`, ...ordered.flatMap((s) => s.tags(c.var.office.id))],
      // Sections count days ("closes in N days"): the entry ends at midnight at the latest.
      cacheUntil: (c) => nextLocalMidnight(c.var.deps.now()),
    },
    async (c) => {
      const { db, now: clock } = c.var.deps;
      const office = await findOffice(db, c.req.param('office') ?? '');
      if (!office) return errorResponse(c, 404);
      const ref = { id: office.id, slug: office.slug, name: office.name };
      c.set('office', ref);
      const v = view(c);
      const now = clock();
      // An office listed in the directory only has no activities, opportunities or news here.
      const parts = office.status === 'full' ? await Promise.all(ordered.map((s) => s.render(v, ref, db, now))) : [];
      return c.html(
        <OfficePage
          v={v}
          office={office}
          open={isOpenAt(office.hours, now)}
          sections={parts}
          subscribe={office.status === 'full' && hasSubscribe()}
        />,
      );
    },
  );

  core.page({ name: 'offices.edit', method: 'GET', path: `${L}/admin/kancelarije/:office`, access: withNational(STAFF) }, async (c) => {
    const office = await findOffice(c.var.deps.db, c.var.office.slug);
    if (!office) return errorResponse(c, 404);
    return c.html(
      <OfficeEditPage
        v={view(c)}
        office={office}
        values={officeFormValues(office)}
        team={hasOfficeRole(c.var.actor, office.id, ['office_admin'])}
      />,
    );
  });

  core.page({ name: 'offices.update', method: 'POST', path: `${L}/admin/kancelarije/:office`, access: withNational(STAFF) }, async (c) => {
    const { deps, office: ref, actor, locale } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(officeProfileForm, values, locale);
    if (!parsed.ok) {
      const office = await findOffice(deps.db, ref.slug);
      if (!office) return errorResponse(c, 404);
      return c.html(
        <OfficeEditPage
          v={view(c)}
          office={office}
          values={values}
          errors={parsed.errors}
          team={hasOfficeRole(actor, office.id, ['office_admin'])}
        />,
        400,
      );
    }
    await saveOfficeProfile(deps, actor!, ref, parsed.data);
    return c.redirect(`/${locale}/admin/kancelarije/${ref.slug}?n=form.saved`, 303);
  });
}
