import type { Context } from 'hono';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { PUBLIC, SIGNED_IN } from '../../core/http/routes.ts';
import { t } from '../../core/i18n/messages.ts';
import type { Refusal } from '../../core/result.ts';
import { localParts } from '../../core/time.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { normaliseCode } from '../certificates/service.ts';
import { VerifyPage } from '../certificates/views.tsx';
import { certificateFile, contractFile, recordsFile, reportFile, type FileOut, type PaperFormat } from './papers.ts';
import { ORGANISERS, isStaff, mayOrganise } from './policy.ts';
import {
  confirmedByYearAndSkill,
  findCertificateOfApplication,
  findOwnApplication,
  findVolCertificate,
  findVolOpportunity,
  activeAssociations,
  listApplicationHours,
  applicationCounts,
  listApplications,
  listMyApplications,
  listOpenOpportunities,
  listOpportunityHours,
  listOrganiserOpportunities,
  representedAssociations,
} from './repo.ts';
import {
  applicationFields,
  bulkFields,
  closeFields,
  declineFields,
  hoursFields,
  identityFields,
  opportunityFields,
  revokeFields,
  yearQuery,
} from './schema.ts';
import {
  apply,
  checkIn,
  checkOut,
  createOpportunity,
  decide,
  decideHoursInBulk,
  editOpportunity,
  identityMissing,
  isOpen,
  issueCertificate,
  logHours,
  ownIdentity,
  revokeCertificate,
  saveIdentity,
  setClosed,
} from './service.ts';
import {
  ApplicationPage,
  IdentityPage,
  ManagePage,
  MY_VOLUNTEERING_PATH,
  MyVolunteeringPage,
  NEW_OPPORTUNITY_VALUES,
  NewVolOpportunityPage,
  OrganiserPage,
  VolOpportunityPage,
  VolunteeringListPage,
  opportunityValues,
  verifiedVolCertificate,
  volAdminOppPath,
  volAppPath,
} from './views.tsx';

type C = Context<AppEnv>;

const today = (c: C) => localParts(c.var.deps.now()).date;

/** A file answer that no browser or proxy keeps (it holds personal data). */
function download(c: C, file: FileOut): Response {
  c.header('content-type', file.type);
  c.header('content-disposition', `attachment; filename="${file.filename}"`);
  c.header('cache-control', 'no-store');
  return c.body(file.body as Uint8Array<ArrayBuffer>);
}

/** A service's refusal as form errors: at its field, else above the form. */
const errorsOf = (c: C, r: Refusal): FormErrors => ({ [r.field ?? '_form']: t(c.var.locale, r.error, r.vars) });

export function registerVolunteeringRoutes(core: Core): void {
  const pub = `${L}/kancelarije/:office/volontiranje`;
  const app = `${pub}/prijave/:volunteer`;
  const admin = `${L}/admin/kancelarije/:office/volontiranje`;

  // ── Public and the volunteer ──
  core.page({ name: 'volunteering.list', method: 'GET', path: pub, access: PUBLIC, params: ['office'] }, async (c) => {
    const rows = await listOpenOpportunities(c.var.deps.db, c.var.office.id, today(c));
    const canOrganise =
      c.var.actor !== null &&
      (isStaff(c.var.actor, c.var.office.id) ||
        c.var.actor.memberships.some((m) => m.officeId === c.var.office.id && m.role === 'association_rep'));
    return c.html(<VolunteeringListPage v={view(c)} office={c.var.office} rows={rows} canOrganise={canOrganise} />);
  });

  // Registered before ':volunteering', which would also match 'prijave' and 'potvrda' paths of other lengths.
  core.page(
    { name: 'volunteering.verify', method: 'GET', path: `${pub}/potvrda/:volcert`, access: PUBLIC, params: ['office'] },
    async (c) => {
      const raw = (c.req.param('volcert') ?? '').slice(0, 40);
      const code = normaliseCode(raw);
      const cert = code ? await findVolCertificate(c.var.deps.db, c.var.office.id, code) : undefined;
      const v = view(c);
      return c.html(
        <VerifyPage
          v={v}
          office={c.var.office}
          code={code ?? raw}
          found={cert ? verifiedVolCertificate(v, cert) : undefined}
          rule={v.t('volunteering.verify.rule')}
        />,
        cert ? 200 : 404,
      );
    },
  );

  const showOpportunity = async (c: C, values: FormValues = {}, errors?: FormErrors) => {
    const o = c.var.volunteering;
    const mine = c.var.actor ? await findOwnApplication(c.var.deps.db, c.var.office.id, o.id, c.var.actor.userId) : undefined;
    return c.html(
      <VolOpportunityPage v={view(c)} office={c.var.office} o={o} open={isOpen(o, today(c))} mine={mine} values={values} errors={errors} />,
      errors ? 400 : 200,
    );
  };

  core.page(
    { name: 'volunteering.show', method: 'GET', path: `${pub}/:volunteering`, access: PUBLIC, params: ['office', 'volunteering'] },
    (c) => showOpportunity(c),
  );

  core.page(
    // Public like any sign-up (a young person of any town may volunteer anywhere); a visitor is sent to log in.
    {
      name: 'volunteering.apply',
      method: 'POST',
      path: `${pub}/:volunteering/prijava`,
      access: PUBLIC,
      params: ['office', 'volunteering'],
    },
    async (c) => {
      if (!c.var.actor) return showOpportunity(c, {}, { _form: t(c.var.locale, 'volunteering.err.signIn') });
      const values = await readForm(c);
      const parsed = parseForm(applicationFields, values, c.var.locale);
      if (!parsed.ok) return showOpportunity(c, values, parsed.errors);
      const r = await apply(c.var.deps, c.var.actor!, c.var.office, c.var.volunteering, parsed.data);
      if (!r.ok) return showOpportunity(c, values, errorsOf(c, r));
      return c.redirect(`/${c.var.locale}${volAppPath(c.var.office, r.value)}?n=volunteering.applied`, 303);
    },
  );

  core.page({ name: 'volunteering.mine', method: 'GET', path: `${L}${MY_VOLUNTEERING_PATH}`, access: SIGNED_IN }, async (c) => {
    const userId = c.var.actor!.userId;
    const [apps, profile] = await Promise.all([listMyApplications(c.var.deps.db, userId), confirmedByYearAndSkill(c.var.deps.db, userId)]);
    return c.html(<MyVolunteeringPage v={view(c)} apps={apps} profile={profile} />);
  });

  /** Whether the actor may see the application: the volunteer, or an organiser of its opportunity. */
  const access = async (c: C): Promise<'owner' | 'organiser' | null> => {
    const a = c.var.volunteer;
    if (a.user_id === c.var.actor?.userId) return 'owner';
    const o = await findVolOpportunity(c.var.deps.db, c.var.office.id, a.opportunity_id);
    return o && (await mayOrganise(c.var.deps.db, c.var.actor, c.var.office.id, o)) ? 'organiser' : null;
  };

  const showApplication = async (c: C, values: FormValues = {}, errors?: FormErrors) => {
    const who = await access(c);
    if (!who) return errorResponse(c, 404);
    const a = c.var.volunteer;
    const { db } = c.var.deps;
    const [hours, cert, o] = await Promise.all([
      listApplicationHours(db, c.var.office.id, a.id),
      findCertificateOfApplication(db, c.var.office.id, a.id),
      findVolOpportunity(db, c.var.office.id, a.opportunity_id),
    ]);
    if (!o) return errorResponse(c, 404);
    const open = hours.find((h) => h.hours === null);
    return c.html(
      <ApplicationPage
        v={view(c)}
        office={c.var.office}
        a={a}
        o={o}
        hours={hours}
        cert={cert && !cert.revoked_at ? cert : undefined}
        openCheckin={open?.started_at ?? null}
        owner={who === 'owner'}
        values={{ day: today(c), ...values }}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  };

  core.page({ name: 'volunteering.application', method: 'GET', path: app, access: SIGNED_IN, params: ['office', 'volunteer'] }, (c) =>
    showApplication(c),
  );

  core.page(
    { name: 'volunteering.hours.log', method: 'POST', path: `${app}/sati`, access: SIGNED_IN, params: ['office', 'volunteer'] },
    async (c) => {
      if (c.var.volunteer.user_id !== c.var.actor!.userId) return errorResponse(c, 404);
      const values = await readForm(c);
      const parsed = parseForm(hoursFields, values, c.var.locale);
      if (!parsed.ok) return showApplication(c, values, parsed.errors);
      const r = await logHours(c.var.deps, c.var.actor!, c.var.office, c.var.volunteer.id, parsed.data);
      if (!r.ok) return showApplication(c, values, errorsOf(c, r));
      return c.redirect(
        `/${c.var.locale}${volAppPath(c.var.office, c.var.volunteer.id)}?n=${r.value.longTerm ? 'volunteering.longTerm' : 'volunteering.logged'}`,
        303,
      );
    },
  );

  core.page(
    { name: 'volunteering.checkin', method: 'POST', path: `${app}/dolazak`, access: SIGNED_IN, params: ['office', 'volunteer'] },
    async (c) => {
      if (c.var.volunteer.user_id !== c.var.actor!.userId) return errorResponse(c, 404);
      const r = await checkIn(c.var.deps, c.var.actor!, c.var.office, c.var.volunteer.id);
      if (!r.ok) return showApplication(c, {}, errorsOf(c, r));
      return c.redirect(`/${c.var.locale}${volAppPath(c.var.office, c.var.volunteer.id)}?n=volunteering.checkedIn`, 303);
    },
  );

  core.page(
    { name: 'volunteering.checkout', method: 'POST', path: `${app}/odlazak`, access: SIGNED_IN, params: ['office', 'volunteer'] },
    async (c) => {
      if (c.var.volunteer.user_id !== c.var.actor!.userId) return errorResponse(c, 404);
      const values = await readForm(c);
      const r = await checkOut(c.var.deps, c.var.actor!, c.var.office, c.var.volunteer.id, (values.description ?? '').trim());
      if (!r.ok) return showApplication(c, {}, errorsOf(c, r));
      return c.redirect(`/${c.var.locale}${volAppPath(c.var.office, c.var.volunteer.id)}?n=volunteering.checkedOut`, 303);
    },
  );

  const showIdentity = async (c: C, values?: FormValues, errors?: FormErrors) => {
    const missing = await identityMissing(c.var.deps, c.var.office.id, c.var.actor!.userId);
    // The volunteer's own data, shown to them in the form to correct: a viewing, logged like any other.
    const shown = values ?? (missing ? {} : ((await ownIdentity(c.var.deps, c.var.actor!, c.var.office)) ?? {}));
    return c.html(
      <IdentityPage
        v={view(c)}
        office={c.var.office}
        a={c.var.volunteer}
        noPerson={missing === 'no_person'}
        values={shown}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  };

  core.page(
    { name: 'volunteering.identity.form', method: 'GET', path: `${app}/jmbg`, access: SIGNED_IN, params: ['office', 'volunteer'] },
    (c) => (c.var.volunteer.user_id === c.var.actor!.userId ? showIdentity(c) : errorResponse(c, 404)),
  );

  core.page(
    { name: 'volunteering.identity', method: 'POST', path: `${app}/jmbg`, access: SIGNED_IN, params: ['office', 'volunteer'] },
    async (c) => {
      if (c.var.volunteer.user_id !== c.var.actor!.userId) return errorResponse(c, 404);
      const values = await readForm(c);
      const parsed = parseForm(identityFields, values, c.var.locale);
      if (!parsed.ok) return showIdentity(c, values, parsed.errors);
      const r = await saveIdentity(c.var.deps, c.var.actor!, c.var.office, parsed.data);
      if (!r.ok) return showIdentity(c, values, errorsOf(c, r));
      return c.redirect(`/${c.var.locale}${volAppPath(c.var.office, c.var.volunteer.id)}?n=volunteering.identitySaved`, 303);
    },
  );

  // The papers: the volunteer (asked for the JMBG first, when missing) or an organiser of the opportunity.
  const paper = (which: 'certificate' | 'contract') => async (c: C) => {
    const who = await access(c);
    if (!who) return errorResponse(c, 404);
    const a = c.var.volunteer;
    const cert = which === 'certificate' ? await findCertificateOfApplication(c.var.deps.db, c.var.office.id, a.id) : undefined;
    if (which === 'certificate' ? !cert || cert.revoked_at : a.contract_reasons.length === 0) return errorResponse(c, 404);
    if (who === 'owner' && (await identityMissing(c.var.deps, c.var.office.id, a.user_id))) {
      return c.redirect(`/${c.var.locale}${volAppPath(c.var.office, a.id)}/jmbg?n=volunteering.identityNeeded`, 303);
    }
    if (cert) return download(c, await certificateFile(c.var.deps, c.var.actor!, c.var.office, cert, a, c.var.locale));
    const file = await contractFile(c.var.deps, c.var.actor!, c.var.office, a, c.var.locale);
    return file ? download(c, file) : errorResponse(c, 404);
  };
  core.page(
    { name: 'volunteering.certificate.pdf', method: 'GET', path: `${app}/potvrda.pdf`, access: SIGNED_IN, params: ['office', 'volunteer'] },
    paper('certificate'),
  );
  core.page(
    { name: 'volunteering.contract.pdf', method: 'GET', path: `${app}/ugovor.pdf`, access: SIGNED_IN, params: ['office', 'volunteer'] },
    paper('contract'),
  );

  // ── The organiser: the office's staff, and associations' representatives for their own ──
  const currentYear = (c: C) => Number(today(c).slice(0, 4));
  core.page({ name: 'volunteering.admin.list', method: 'GET', path: admin, access: ORGANISERS }, async (c) => {
    const staff = isStaff(c.var.actor, c.var.office.id);
    const ids = staff ? null : (await representedAssociations(c.var.deps.db, c.var.office.id, c.var.actor!.userId)).map((a) => a.id);
    const rows = await listOrganiserOpportunities(c.var.deps.db, c.var.office.id, ids);
    // The yearly report is due by 31 March for the year before: that year is offered until then.
    const year = today(c).slice(5) <= '03-31' ? currentYear(c) - 1 : currentYear(c);
    return c.html(<OrganiserPage v={view(c)} office={c.var.office} rows={rows} year={year} />);
  });

  const newForm = async (c: C, values: FormValues, errors?: FormErrors) => {
    const associations = await representedAssociations(c.var.deps.db, c.var.office.id, c.var.actor!.userId);
    const staff = isStaff(c.var.actor, c.var.office.id);
    const all = staff ? await activeAssociations(c.var.deps.db, c.var.office.id) : associations;
    return c.html(
      <NewVolOpportunityPage v={view(c)} office={c.var.office} associations={all} staff={staff} values={values} errors={errors} />,
      errors ? 400 : 200,
    );
  };

  core.page({ name: 'volunteering.admin.new', method: 'GET', path: `${admin}/nova`, access: ORGANISERS }, (c) =>
    newForm(c, { ...NEW_OPPORTUNITY_VALUES, starts_on: today(c) }),
  );

  core.page({ name: 'volunteering.admin.create', method: 'POST', path: admin, access: ORGANISERS }, async (c) => {
    const values = await readForm(c);
    const parsed = parseForm(opportunityFields, values, c.var.locale);
    if (!parsed.ok) return newForm(c, values, parsed.errors);
    const r = await createOpportunity(c.var.deps, c.var.actor!, c.var.office, parsed.data);
    if (!r.ok) return newForm(c, values, errorsOf(c, r));
    return c.redirect(`/${c.var.locale}${volAdminOppPath(c.var.office, r.value)}?n=volunteering.created`, 303);
  });

  const files = (kind: 'records' | 'report', format: PaperFormat) => async (c: C) => {
    const { deps, actor, office, locale } = c.var;
    if (kind === 'records') return download(c, await recordsFile(deps, actor!, office, format, locale));
    const { godina } = yearQuery(currentYear(c)).parse(c.req.query());
    return download(c, await reportFile(deps, actor!, office, godina, format, locale));
  };
  core.page(
    { name: 'volunteering.records.xlsx', method: 'GET', path: `${admin}/evidencija.xlsx`, access: ORGANISERS },
    files('records', 'xlsx'),
  );
  core.page(
    { name: 'volunteering.records.pdf', method: 'GET', path: `${admin}/evidencija.pdf`, access: ORGANISERS },
    files('records', 'pdf'),
  );
  core.page(
    { name: 'volunteering.report.xlsx', method: 'GET', path: `${admin}/izvestaj.xlsx`, access: ORGANISERS },
    files('report', 'xlsx'),
  );
  core.page({ name: 'volunteering.report.pdf', method: 'GET', path: `${admin}/izvestaj.pdf`, access: ORGANISERS }, files('report', 'pdf'));

  const showManage = async (c: C, values: FormValues = {}, errors?: FormErrors) => {
    const o = c.var.volunteering;
    if (!(await mayOrganise(c.var.deps.db, c.var.actor, c.var.office.id, o))) return errorResponse(c, 404);
    const [apps, hours] = await Promise.all([
      listApplications(c.var.deps.db, c.var.office.id, o.id),
      listOpportunityHours(c.var.deps.db, c.var.office.id, o.id),
    ]);
    return c.html(
      <ManagePage v={view(c)} office={c.var.office} o={o} apps={apps} hours={hours} values={values} errors={errors} />,
      errors ? 400 : 200,
    );
  };
  const opp = `${admin}/:volunteering`;

  core.page({ name: 'volunteering.admin.show', method: 'GET', path: opp, access: ORGANISERS, params: ['volunteering'] }, (c) =>
    showManage(c),
  );

  const decision = (d: 'accept' | 'decline') => async (c: C) => {
    const o = c.var.volunteering;
    if (!(await mayOrganise(c.var.deps.db, c.var.actor, c.var.office.id, o))) return errorResponse(c, 404);
    if (c.var.volunteer.opportunity_id !== o.id) return errorResponse(c, 404);
    let reason = '';
    if (d === 'decline') {
      const values = await readForm(c);
      const parsed = parseForm(declineFields, values, c.var.locale);
      if (!parsed.ok)
        return showManage(
          c,
          {},
          { _form: `${t(c.var.locale, 'volunteering.field.declineReason')}: ${Object.values(parsed.errors)[0] ?? ''}` },
        );
      reason = parsed.data.reason;
    }
    const r = await decide(c.var.deps, c.var.actor!, c.var.office, o, c.var.volunteer.id, d, reason);
    if (!r.ok) return showManage(c, {}, errorsOf(c, r));
    return c.redirect(
      `/${c.var.locale}${volAdminOppPath(c.var.office, o.id)}?n=volunteering.${d === 'accept' ? 'accepted' : 'declined'}`,
      303,
    );
  };
  core.page(
    {
      name: 'volunteering.admin.accept',
      method: 'POST',
      path: `${opp}/prijave/:volunteer/prihvati`,
      access: ORGANISERS,
      params: ['volunteering', 'volunteer'],
    },
    decision('accept'),
  );
  core.page(
    {
      name: 'volunteering.admin.decline',
      method: 'POST',
      path: `${opp}/prijave/:volunteer/odbij`,
      access: ORGANISERS,
      params: ['volunteering', 'volunteer'],
    },
    decision('decline'),
  );

  core.page(
    {
      name: 'volunteering.admin.certificate',
      method: 'POST',
      path: `${opp}/prijave/:volunteer/potvrda`,
      access: ORGANISERS,
      params: ['volunteering', 'volunteer'],
    },
    async (c) => {
      const o = c.var.volunteering;
      if (!(await mayOrganise(c.var.deps.db, c.var.actor, c.var.office.id, o))) return errorResponse(c, 404);
      const r = await issueCertificate(c.var.deps, c.var.actor!, c.var.office, o, c.var.volunteer.id);
      if (!r.ok) return showManage(c, {}, errorsOf(c, r));
      return c.redirect(`/${c.var.locale}${volAdminOppPath(c.var.office, o.id)}?n=volunteering.certIssued`, 303);
    },
  );

  const editForm = async (c: C, values?: FormValues, errors?: FormErrors) => {
    const o = c.var.volunteering;
    if (!(await mayOrganise(c.var.deps.db, c.var.actor, c.var.office.id, o))) return errorResponse(c, 404);
    const locked = (await applicationCounts(c.var.deps.db, c.var.office.id, o.id)).all > 0;
    return c.html(
      <NewVolOpportunityPage
        v={view(c)}
        office={c.var.office}
        associations={[]}
        staff={isStaff(c.var.actor, c.var.office.id)}
        values={values ?? opportunityValues(o)}
        errors={errors}
        edit={{ o, locked }}
      />,
      errors ? 400 : 200,
    );
  };

  core.page({ name: 'volunteering.admin.edit', method: 'GET', path: `${opp}/uredi`, access: ORGANISERS, params: ['volunteering'] }, (c) =>
    editForm(c),
  );

  core.page(
    { name: 'volunteering.admin.update', method: 'POST', path: `${opp}/uredi`, access: ORGANISERS, params: ['volunteering'] },
    async (c) => {
      const o = c.var.volunteering;
      if (!(await mayOrganise(c.var.deps.db, c.var.actor, c.var.office.id, o))) return errorResponse(c, 404);
      const values = await readForm(c);
      const parsed = parseForm(opportunityFields, values, c.var.locale);
      if (!parsed.ok) return editForm(c, values, parsed.errors);
      const r = await editOpportunity(c.var.deps, c.var.actor!, c.var.office, o.id, parsed.data);
      if (!r.ok) return editForm(c, values, errorsOf(c, r));
      return c.redirect(`/${c.var.locale}${volAdminOppPath(c.var.office, o.id)}?n=volunteering.edited`, 303);
    },
  );

  core.page(
    // Closing stops new applications; those already in stay (pending ones still await the organiser's decision).
    { name: 'volunteering.admin.close', method: 'POST', path: `${opp}/prijem`, access: ORGANISERS, params: ['volunteering'] },
    async (c) => {
      const o = c.var.volunteering;
      if (!(await mayOrganise(c.var.deps.db, c.var.actor, c.var.office.id, o))) return errorResponse(c, 404);
      const parsed = parseForm(closeFields, await readForm(c), c.var.locale);
      if (!parsed.ok) return showManage(c, {}, { _form: Object.values(parsed.errors)[0] ?? '' });
      const close = parsed.data.action === 'close';
      const r = await setClosed(c.var.deps, c.var.actor!, c.var.office, o.id, close);
      if (!r.ok) return showManage(c, {}, errorsOf(c, r));
      return c.redirect(`/${c.var.locale}${volAdminOppPath(c.var.office, o.id)}?n=volunteering.${close ? 'closedNow' : 'reopened'}`, 303);
    },
  );

  core.page(
    {
      name: 'volunteering.admin.revoke',
      method: 'POST',
      path: `${opp}/prijave/:volunteer/opoziv`,
      access: ORGANISERS,
      params: ['volunteering', 'volunteer'],
    },
    async (c) => {
      const o = c.var.volunteering;
      if (!(await mayOrganise(c.var.deps.db, c.var.actor, c.var.office.id, o))) return errorResponse(c, 404);
      if (c.var.volunteer.opportunity_id !== o.id) return errorResponse(c, 404);
      const parsed = parseForm(revokeFields, await readForm(c), c.var.locale);
      if (!parsed.ok)
        return showManage(
          c,
          {},
          { _form: `${t(c.var.locale, 'volunteering.field.revokeReason')}: ${Object.values(parsed.errors)[0] ?? ''}` },
        );
      const r = await revokeCertificate(c.var.deps, c.var.actor!, c.var.office, o, c.var.volunteer.id, parsed.data.reason);
      if (!r.ok) return showManage(c, {}, errorsOf(c, r));
      return c.redirect(`/${c.var.locale}${volAdminOppPath(c.var.office, o.id)}?n=volunteering.certRevoked`, 303);
    },
  );

  core.page(
    { name: 'volunteering.admin.hours', method: 'POST', path: `${opp}/sati`, access: ORGANISERS, params: ['volunteering'] },
    async (c) => {
      const o = c.var.volunteering;
      if (!(await mayOrganise(c.var.deps.db, c.var.actor, c.var.office.id, o))) return errorResponse(c, 404);
      const values = await readForm(c);
      const parsed = parseForm(bulkFields, values, c.var.locale);
      if (!parsed.ok) return showManage(c, values, parsed.errors);
      const n = await decideHoursInBulk(
        c.var.deps,
        c.var.actor!,
        c.var.office,
        o,
        parsed.data.ids,
        parsed.data.decision,
        parsed.data.reason,
      );
      if (n === 0) return showManage(c, values, { ids: t(c.var.locale, 'volunteering.err.noneTicked') });
      return c.redirect(
        `/${c.var.locale}${volAdminOppPath(c.var.office, o.id)}?n=volunteering.${parsed.data.decision === 'confirm' ? 'confirmed' : 'disputed'}#hours`,
        303,
      );
    },
  );
}
