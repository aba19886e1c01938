import type { Context } from 'hono';
import { z } from 'zod';
import { findFile, fileResponse, cleanFileName } from '../../core/files.ts';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { uuidOrNull } from '../../core/http/ids.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { STAFF } from '../../core/http/routes.ts';
import { checkUpload } from '../../core/http/uploads.ts';
import { t } from '../../core/i18n/messages.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { localToday } from '../accounts/age.ts';
import { agreementFileId, listAgreements, listExpiring, listLog, listPartners, type Partner } from './repo.ts';
import { PARTNER_KINDS, agreementFields, logFields, partnerFields } from './schema.ts';
import { EXPIRY_WARNING_DAYS, addAgreement, addDays, addLogEntry, addPartner, savePartner, type AgreementFile } from './service.ts';
import { EditPartnerPage, NEW_PARTNER_VALUES, NewPartnerPage, PartnerPage, PartnersPage, partnerFormValues } from './views.tsx';

/** Register filters from the query string; anything unexpected is ignored, never an error. */
export const partnerQuery = z.object({
  q: z
    .string()
    .catch('')
    .default('')
    .transform((s) => s.slice(0, 100)),
  kind: z.enum(PARTNER_KINDS).or(z.literal('')).catch('').default(''),
  active: z.enum(['yes', 'no']).or(z.literal('')).catch('').default(''),
});

export function registerPartnerRoutes(core: Core): void {
  const admin = `${L}/admin/kancelarije/:office/partneri`;

  core.page({ name: 'partners.list', method: 'GET', path: admin, access: STAFF }, async (c) => {
    const { db, now } = c.var.deps;
    const query = partnerQuery.parse(c.req.query());
    const today = localToday(now());
    const [rows, expiring] = await Promise.all([
      listPartners(db, c.var.office.id, {
        key: searchKey(query.q),
        kind: query.kind || undefined,
        active: query.active === '' ? undefined : query.active === 'yes',
      }),
      listExpiring(db, c.var.office.id, today, addDays(today, EXPIRY_WARNING_DAYS)),
    ]);
    return c.html(<PartnersPage v={view(c)} office={c.var.office} rows={rows} expiring={expiring} query={query} today={today} />);
  });

  // Registered before ':partner', which would also match 'novi'.
  core.page({ name: 'partners.new', method: 'GET', path: `${admin}/novi`, access: STAFF }, (c) =>
    c.html(<NewPartnerPage v={view(c)} office={c.var.office} values={NEW_PARTNER_VALUES} />),
  );

  core.page({ name: 'partners.create', method: 'POST', path: admin, access: STAFF }, async (c) => {
    const { deps, office, locale } = c.var;
    const values = await readForm(c);
    const again = (errors: FormErrors) => c.html(<NewPartnerPage v={view(c)} office={office} values={values} errors={errors} />, 400);
    const parsed = parseForm(partnerFields, values, locale);
    if (!parsed.ok) return again(parsed.errors);
    const r = await addPartner(deps, c.var.actor!, office, parsed.data);
    if (!r.ok) return again({ [r.field ?? '_form']: t(locale, r.error) });
    return c.redirect(`/${locale}/admin/kancelarije/${office.slug}/partneri/${r.value}?n=partners.created`, 303);
  });

  const showPartner = async (
    c: Context<AppEnv>,
    p: Partner,
    status: 200 | 400 = 200,
    extra: { agreementValues?: FormValues; agreementErrors?: FormErrors; logValues?: FormValues; logErrors?: FormErrors } = {},
  ) => {
    const { db, now } = c.var.deps;
    const [agreements, log] = await Promise.all([listAgreements(db, c.var.office.id, p.id), listLog(db, c.var.office.id, p.id)]);
    return c.html(
      <PartnerPage v={view(c)} office={c.var.office} partner={p} agreements={agreements} log={log} today={localToday(now())} {...extra} />,
      status,
    );
  };

  core.page({ name: 'partners.show', method: 'GET', path: `${admin}/:partner`, access: STAFF, params: ['partner'] }, async (c) => {
    return showPartner(c, c.var.partner);
  });

  core.page({ name: 'partners.edit', method: 'GET', path: `${admin}/:partner/uredi`, access: STAFF, params: ['partner'] }, async (c) => {
    const p = c.var.partner;
    return c.html(<EditPartnerPage v={view(c)} office={c.var.office} partner={p} values={partnerFormValues(p)} />);
  });

  core.page({ name: 'partners.update', method: 'POST', path: `${admin}/:partner/uredi`, access: STAFF, params: ['partner'] }, async (c) => {
    const p = c.var.partner;
    const { deps, office, locale } = c.var;
    const values = await readForm(c);
    const again = (errors: FormErrors) =>
      c.html(<EditPartnerPage v={view(c)} office={office} partner={p} values={values} errors={errors} />, 400);
    const parsed = parseForm(partnerFields, values, locale);
    if (!parsed.ok) return again(parsed.errors);
    const r = await savePartner(deps, c.var.actor!, office, p.id, parsed.data);
    if (!r.ok) return r.error === 'error.404.title' ? errorResponse(c, 404) : again({ [r.field ?? '_form']: t(locale, r.error) });
    return c.redirect(`/${locale}/admin/kancelarije/${office.slug}/partneri/${p.id}?n=partners.saved`, 303);
  });

  // Multipart (with a file) or a plain form (without one); the file is judged by its content.
  core.page(
    {
      name: 'partners.agreement.create',
      method: 'POST',
      path: `${admin}/:partner/sporazumi`,
      access: STAFF,
      upload: 'agreement',
      params: ['partner'],
    },
    async (c) => {
      const p = c.var.partner;
      const { deps, office, locale } = c.var;
      const values = await readForm(c);
      const body = await c.req.parseBody({ all: true });
      const sent = [body.file].flat().find((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''));
      const parsed = parseForm(agreementFields, values, locale);
      const errors: FormErrors = parsed.ok ? {} : { ...parsed.errors };
      let file: AgreementFile | null = null;
      if (sent) {
        const check = await checkUpload(sent, 'agreement');
        if (check.ok) file = { name: cleanFileName(sent.name), contentType: check.type, bytes: check.bytes };
        else errors.file = t(locale, check.error, check.maxMb ? { maxMb: check.maxMb } : undefined);
      }
      if (!parsed.ok || errors.file) return showPartner(c, p, 400, { agreementValues: values, agreementErrors: errors });
      await addAgreement(deps, c.var.actor!, office, p.id, parsed.data, file);
      return c.redirect(`/${locale}/admin/kancelarije/${office.slug}/partneri/${p.id}?n=partners.agreement.added#agreements`, 303);
    },
  );

  core.page(
    {
      name: 'partners.agreement.file',
      method: 'GET',
      path: `${admin}/:partner/sporazumi/:agreement/datoteka`,
      access: STAFF,
      params: ['partner'],
    },
    async (c) => {
      const agreementId = uuidOrNull(c.req.param('agreement'));
      const { db } = c.var.deps;
      const fileId = agreementId ? await agreementFileId(db, c.var.office.id, c.var.partner.id, agreementId) : undefined;
      const file = fileId ? await findFile(db, c.var.office.id, fileId) : undefined;
      return file ? fileResponse(c, file) : errorResponse(c, 404);
    },
  );

  core.page(
    { name: 'partners.log.create', method: 'POST', path: `${admin}/:partner/dnevnik`, access: STAFF, params: ['partner'] },
    async (c) => {
      const p = c.var.partner;
      const { deps, office, locale } = c.var;
      const values = await readForm(c);
      const parsed = parseForm(logFields, values, locale);
      if (!parsed.ok) return showPartner(c, p, 400, { logValues: values, logErrors: parsed.errors });
      await addLogEntry(deps, c.var.actor!, office, p.id, parsed.data);
      return c.redirect(`/${locale}/admin/kancelarije/${office.slug}/partneri/${p.id}?n=partners.log.added#log`, 303);
    },
  );
}
