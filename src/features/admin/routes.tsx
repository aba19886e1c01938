import { z } from 'zod';
import { OFFICE_ROLES, staffOffices } from '../../core/auth/actor.ts';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import { email, parseForm, readForm } from '../../core/http/forms.ts';
import { NATIONAL, SIGNED_IN, officeRoles } from '../../core/http/routes.ts';
import { t } from '../../core/i18n/messages.ts';
import { listDevMailbox } from '../../core/mail/outbox.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { listOffices } from '../offices/repo.ts';
import { listMembers } from './repo.ts';
import { grantRole, revokeRole } from './service.ts';
import type { OfficeStaffLink } from '../../core/views/staff-link.ts';
import { DashboardPage, MailboxPage, TeamPage } from './views.tsx';

const OFFICE_ADMIN = officeRoles('office_admin');
const grantForm = z.object({ email, role: z.enum(OFFICE_ROLES, 'err.choice') });
const revokeForm = z.object({ user_id: z.uuid(), role: z.enum(OFFICE_ROLES) });

export function registerAdminRoutes(core: Core, staffLinks: readonly OfficeStaffLink[] = []): void {
  core.page({ name: 'admin.dashboard', method: 'GET', path: `${L}/admin`, access: SIGNED_IN }, async (c) => {
    const actor = c.var.actor!;
    const offices = staffOffices(actor);
    // The national admin manages every office's profile and sees its statistics, not its people (issue #17).
    const network = actor.isNationalAdmin
      ? (await listOffices(c.var.deps.db))
          .filter((o) => o.status === 'full' && !offices.some((m) => m.officeSlug === o.slug))
          .map((o) => ({ officeSlug: o.slug, officeName: o.name }))
      : [];
    // What awaits staff in each office (pending requests), from the links later features bring.
    const links = await Promise.all(
      offices.map(async (o) =>
        Promise.all(staffLinks.map(async (l) => ({ ...l, count: l.pending ? await l.pending.count(c.var.deps.db, o.officeId) : 0 }))),
      ),
    );
    return c.html(
      <DashboardPage
        v={view(c)}
        offices={offices.map((o, i) => ({ ...o, links: links[i]! }))}
        network={network}
        national={actor.isNationalAdmin}
        mailbox={!c.var.deps.config.SMTP_URL}
      />,
    );
  });

  const team = async (c: Parameters<Parameters<Core['page']>[1]>[0], values?: Record<string, string>, errors?: Record<string, string>) => {
    const members = await listMembers(c.var.deps.db, c.var.office.id);
    return c.html(<TeamPage v={view(c)} office={c.var.office} members={members} values={values} errors={errors} />, errors ? 400 : 200);
  };

  core.page({ name: 'admin.team', method: 'GET', path: `${L}/admin/kancelarije/:office/tim`, access: OFFICE_ADMIN }, (c) => team(c));

  core.page({ name: 'admin.team.grant', method: 'POST', path: `${L}/admin/kancelarije/:office/tim`, access: OFFICE_ADMIN }, async (c) => {
    const values = await readForm(c);
    const parsed = parseForm(grantForm, values, c.var.locale);
    if (!parsed.ok) return team(c, values, parsed.errors);
    const r = await grantRole(c.var.deps, c.var.actor!, c.var.office, parsed.data.email, parsed.data.role);
    if (!r.ok) return team(c, values, { [r.field ?? '_form']: t(c.var.locale, r.error) });
    return c.redirect(`/${c.var.locale}/admin/kancelarije/${c.var.office.slug}/tim?n=team.added`, 303);
  });

  core.page(
    { name: 'admin.team.revoke', method: 'POST', path: `${L}/admin/kancelarije/:office/tim/ukloni`, access: OFFICE_ADMIN },
    async (c) => {
      const parsed = parseForm(revokeForm, await readForm(c), c.var.locale);
      if (!parsed.ok) return errorResponse(c, 400);
      const r = await revokeRole(c.var.deps, c.var.actor!, c.var.office, parsed.data.user_id, parsed.data.role);
      if (!r.ok) return r.error === 'error.404.title' ? errorResponse(c, 404) : team(c, {}, { _form: t(c.var.locale, r.error) });
      return c.redirect(`/${c.var.locale}/admin/kancelarije/${c.var.office.slug}/tim?n=team.removed`, 303);
    },
  );

  core.page({ name: 'admin.mailbox', method: 'GET', path: `${L}/admin/posta`, access: NATIONAL }, async (c) => {
    // Mails hold live links; the mailbox exists only while nothing is really sent.
    if (c.var.deps.config.SMTP_URL) return errorResponse(c, 404);
    const mails = await listDevMailbox(c.var.deps.db, 100);
    return c.html(<MailboxPage v={view(c)} mails={mails} />);
  });
}
