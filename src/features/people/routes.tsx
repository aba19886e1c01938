import type { Context } from 'hono';
import { z } from 'zod';
import { LAP_AREAS } from '../../core/domain.ts';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { isUuid } from '../../core/http/ids.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { STAFF, withNational, officeRoles } from '../../core/http/routes.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { searchKey } from '../../core/i18n/script.ts';
import { localToday } from '../accounts/age.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { ACCESS_ACTIONS, accessLogActors, officeAccessLog } from './access-repo.ts';
import { mergeCandidates, searchLivePeople } from './merge-repo.ts';
import { listPeople, listSettlements } from './repo.ts';
import { peopleCan } from './policy.ts';
import {
  AGE_GROUPS,
  SETTLEMENT_KINDS,
  STATUSES,
  addPersonForm,
  mergeForm,
  nameKey,
  profileFields,
  revealForm,
  settlementForm,
  settlementUpdateForm,
  withdrawForm,
} from './schema.ts';
import {
  addPerson,
  addSettlement,
  changeSettlement,
  editPerson,
  logView,
  mergePeople,
  openPerson,
  peopleStats,
  personPage,
  revealSensitive,
  withdrawOnBehalf,
  type FieldErrors,
  type Opened,
} from './service.ts';
import { AccessLogPage } from './views/access.tsx';
import { personPath } from './views/common.tsx';
import { AddPersonPage, EditPersonPage, personFormValues } from './views/form.tsx';
import { PeopleListPage } from './views/list.tsx';
import { MergePage } from './views/merge.tsx';
import { MergedPage, PersonPage } from './views/person.tsx';
import { SettlementsPage, settlementsPath } from './views/settlements.tsx';
import { StatsPage } from './views/stats.tsx';

const PAGE_SIZE = 50;
const OFFICE_ADMIN = officeRoles('office_admin');
const BASE = `${L}/admin/kancelarije/:office`;

/** Query filters: anything unexpected is ignored, never an error. */
const optionalOf = <const T extends readonly [string, ...string[]]>(codes: T) => z.enum(codes).or(z.literal('')).catch('').default('');
const pageNumber = z.coerce.number().int().min(1).max(100_000).catch(1).default(1);
const trimmed = (max: number) =>
  z
    .string()
    .catch('')
    .default('')
    .transform((s) => s.trim().slice(0, max));

const listQuery = z.object({
  q: trimmed(100),
  status: optionalOf(STATUSES),
  settlement: z
    .string()
    .catch('')
    .default('')
    .transform((s) => (isUuid(s) ? s : '')),
  kind: optionalOf(SETTLEMENT_KINDS),
  age: optionalOf(AGE_GROUPS),
  interest: optionalOf(LAP_AREAS),
  page: pageNumber,
});

const accessQuery = z.object({
  actor: z
    .string()
    .catch('')
    .default('')
    .transform((s) => (isUuid(s) ? s : '')),
  action: optionalOf(ACCESS_ACTIONS),
  from: z
    .string()
    .catch('')
    .default('')
    .transform((s) => (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) ? s : '')),
  to: z
    .string()
    .catch('')
    .default('')
    .transform((s) => (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) ? s : '')),
  page: pageNumber,
});

/** Message keys → messages in the reader's script. */
const messages = (locale: Locale, errors: FieldErrors): FormErrors =>
  Object.fromEntries(Object.entries(errors).map(([k, key]) => [k, t(locale, key)]));

type C = Context<AppEnv>;

const personId = (c: C) => c.var.person.id;
const redirectTo = (c: C, path: string, notice?: string) => c.redirect(`/${c.var.locale}${path}${notice ? `?n=${notice}` : ''}`, 303);

export function registerPeopleRoutes(core: Core): void {
  // ── The register list ──
  core.page({ name: 'people.list', method: 'GET', path: `${BASE}/mladi`, access: STAFF }, async (c) => {
    const { deps, office } = c.var;
    const query = listQuery.parse(c.req.query());
    const [settlements, { rows, total }] = await Promise.all([
      listSettlements(deps.db, office.id),
      listPeople(deps.db, office.id, {
        key: searchKey(query.q),
        status: query.status,
        settlementId: query.settlement,
        settlementKind: query.kind,
        ageGroup: query.age || undefined,
        interest: query.interest,
        today: localToday(deps.now()),
        limit: PAGE_SIZE,
        offset: (query.page - 1) * PAGE_SIZE,
      }),
    ]);
    return c.html(
      <PeopleListPage
        v={view(c)}
        can={peopleCan(c.var.actor, c.var.office.id)}
        office={office}
        query={query}
        settlements={settlements}
        rows={rows}
        total={total}
        pageSize={PAGE_SIZE}
      />,
    );
  });

  // ── Adding someone met offline ──
  const addPage = async (c: C, values: FormValues, errors?: FormErrors, duplicates?: Parameters<typeof AddPersonPage>[0]['duplicates']) => {
    const settlements = await listSettlements(c.var.deps.db, c.var.office.id);
    return c.html(
      <AddPersonPage
        v={view(c)}
        can={peopleCan(c.var.actor, c.var.office.id)}
        office={c.var.office}
        settlements={settlements}
        values={values}
        errors={errors}
        duplicates={duplicates}
      />,
      errors ? 400 : 200,
    );
  };

  core.page({ name: 'people.new', method: 'GET', path: `${BASE}/mladi/novi`, access: STAFF }, (c) =>
    addPage(c, { given_by: 'self', script: c.var.locale }),
  );

  core.page({ name: 'people.create', method: 'POST', path: `${BASE}/mladi/novi`, access: STAFF }, async (c) => {
    const { deps, office, actor, locale } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(addPersonForm, values, locale);
    if (!parsed.ok) return addPage(c, values, parsed.errors);
    const f = parsed.data;
    const r = await addPerson(
      deps,
      actor!,
      office,
      {
        ...f,
        consents: (['register', 'contact', 'photos', 'sensitive'] as const).filter((p) => f[`consent_${p}`]),
        paper: { given_by: f.given_by, parent_name: f.parent_name, parent_email: f.parent_email, evidence_note: f.evidence_note },
        sensitive: { ethnicity: f.ethnicity, disability: f.disability, health_note: f.health_note },
        source: 'offline',
      },
      f.confirm_duplicate,
    );
    if (!r.ok) return addPage(c, values, messages(locale, r.errors), r.duplicates);
    return redirectTo(c, personPath(office, r.id), 'people.added');
  });

  // ── Statistics (before /mladi/:person, which would take "statistika" for an id) ──
  core.page({ name: 'people.stats', method: 'GET', path: `${BASE}/mladi/statistika`, access: withNational(STAFF) }, async (c) => {
    return c.html(
      <StatsPage
        v={view(c)}
        can={peopleCan(c.var.actor, c.var.office.id)}
        office={c.var.office}
        stats={await peopleStats(c.var.deps, c.var.office)}
      />,
    );
  });

  // ── One person ──
  const renderOpened = (c: C, opened: Opened, extra: Partial<Parameters<typeof PersonPage>[0]> = {}, status: 200 | 400 = 200) => {
    if (!opened) return errorResponse(c, 404);
    if (opened.kind === 'merged')
      return c.html(
        <MergedPage v={view(c)} can={peopleCan(c.var.actor, c.var.office.id)} office={c.var.office} person={opened.person} />,
        status,
      );
    return c.html(
      <PersonPage v={view(c)} can={peopleCan(c.var.actor, c.var.office.id)} office={c.var.office} data={opened.data} {...extra} />,
      status,
    );
  };

  core.page({ name: 'people.show', method: 'GET', path: `${BASE}/mladi/:person`, access: STAFF, params: ['person'] }, async (c) => {
    return renderOpened(c, await openPerson(c.var.deps, c.var.actor!, c.var.office, personId(c)));
  });

  core.page(
    { name: 'people.reveal', method: 'POST', path: `${BASE}/mladi/:person/posebni`, access: STAFF, params: ['person'] },
    async (c) => {
      const { deps, office, actor, locale } = c.var;
      const values = await readForm(c);
      // Special categories must never be stored by a browser or a proxy.
      c.header('cache-control', 'no-store');
      const parsed = parseForm(revealForm, values, locale);
      if (!parsed.ok) {
        const opened = await personPage(deps, office, personId(c));
        return renderOpened(c, opened, { values, errors: parsed.errors }, 400);
      }
      const r = await revealSensitive(deps, actor!, office, personId(c), parsed.data.reason);
      if (!r.ok) {
        if (r.notFound) return errorResponse(c, 404);
        return renderOpened(c, r.opened, { values, errors: messages(locale, r.errors) }, 400);
      }
      return c.html(
        <PersonPage
          v={view(c)}
          can={peopleCan(c.var.actor, c.var.office.id)}
          office={office}
          data={r.data}
          revealed={{ data: r.sensitive, reason: parsed.data.reason }}
        />,
      );
    },
  );

  const editPage = async (c: C, values: FormValues | undefined, errors?: FormErrors) => {
    const { deps, office } = c.var;
    const person = c.var.person;
    if (person.merged_into_id)
      return c.html(<MergedPage v={view(c)} can={peopleCan(c.var.actor, c.var.office.id)} office={office} person={person} />);
    if (person.anonymised_at) return redirectTo(c, personPath(office, person.id));
    // The form shows the person's data: opening it is a view (a refused submission was logged when opened).
    if (!values) await logView(deps, c.var.actor!, office, person);
    const settlements = await listSettlements(deps.db, office.id);
    return c.html(
      <EditPersonPage
        v={view(c)}
        can={peopleCan(c.var.actor, c.var.office.id)}
        office={office}
        person={person}
        settlements={settlements}
        values={values ?? personFormValues(person)}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  };

  core.page({ name: 'people.edit', method: 'GET', path: `${BASE}/mladi/:person/uredi`, access: STAFF, params: ['person'] }, (c) =>
    editPage(c, undefined),
  );

  core.page(
    { name: 'people.update', method: 'POST', path: `${BASE}/mladi/:person/uredi`, access: STAFF, params: ['person'] },
    async (c) => {
      const { deps, office, actor, locale } = c.var;
      const values = await readForm(c);
      const parsed = parseForm(profileFields, values, locale);
      if (!parsed.ok) return editPage(c, values, parsed.errors);
      const r = await editPerson(deps, actor!, office, personId(c), parsed.data);
      if (!r.ok) return r.notFound ? errorResponse(c, 404) : editPage(c, values, messages(locale, r.errors));
      return redirectTo(c, personPath(office, personId(c)), 'form.saved');
    },
  );

  // ── Merging duplicates ──
  const mergePage = async (c: C, values?: FormValues, errors?: FormErrors) => {
    const { deps, office } = c.var;
    const person = c.var.person;
    if (person.merged_into_id)
      return c.html(<MergedPage v={view(c)} can={peopleCan(c.var.actor, c.var.office.id)} office={office} person={person} />);
    if (person.anonymised_at) return redirectTo(c, personPath(office, person.id));
    if (!values) await logView(deps, c.var.actor!, office, person);
    const q = trimmed(100).parse(c.req.query('q'));
    const key = searchKey(q);
    const [suggested, found] = await Promise.all([
      mergeCandidates(deps.db, office.id, { ...person, nameKey: nameKey(person.full_name) }),
      key ? searchLivePeople(deps.db, office.id, key, person.id) : Promise.resolve([]),
    ]);
    return c.html(
      <MergePage
        v={view(c)}
        can={peopleCan(c.var.actor, c.var.office.id)}
        office={office}
        person={person}
        suggested={suggested}
        found={found}
        q={q}
        values={values}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  };

  core.page({ name: 'people.merge', method: 'GET', path: `${BASE}/mladi/:person/spoji`, access: STAFF, params: ['person'] }, (c) =>
    mergePage(c),
  );

  core.page(
    { name: 'people.merge.do', method: 'POST', path: `${BASE}/mladi/:person/spoji`, access: STAFF, params: ['person'] },
    async (c) => {
      const { deps, office, actor, locale } = c.var;
      const values = await readForm(c);
      const parsed = parseForm(mergeForm, values, locale);
      if (!parsed.ok) return mergePage(c, values, parsed.errors);
      const r = await mergePeople(deps, actor!, office, personId(c), parsed.data.other_id, parsed.data.keep);
      if (!r.ok) return r.notFound ? errorResponse(c, 404) : mergePage(c, values, messages(locale, r.errors));
      return redirectTo(c, personPath(office, r.value), 'people.merged');
    },
  );

  // After merging in the table: withdrawing the register consent anonymises the person.
  core.page(
    { name: 'people.withdraw', method: 'POST', path: `${BASE}/mladi/:person/povuci`, access: STAFF, params: ['person'] },
    async (c) => {
      const { deps, office, actor, locale } = c.var;
      const parsed = parseForm(withdrawForm, await readForm(c), locale);
      if (!parsed.ok) return errorResponse(c, 400);
      const r = await withdrawOnBehalf(deps, actor!, office, personId(c), parsed.data.consent_id);
      if (!r.ok) {
        if (r.notFound) return errorResponse(c, 404);
        return renderOpened(c, await personPage(deps, office, personId(c)), { errors: messages(locale, r.errors) }, 400);
      }
      return redirectTo(c, personPath(office, personId(c)), 'people.withdrawn');
    },
  );

  // ── Settlements ──
  const settlementsPage = async (
    c: C,
    extra: Omit<Parameters<typeof SettlementsPage>[0], 'v' | 'can' | 'office' | 'settlements'> = {},
    status: 200 | 400 = 200,
  ) => {
    const settlements = await listSettlements(c.var.deps.db, c.var.office.id);
    return c.html(
      <SettlementsPage
        v={view(c)}
        can={peopleCan(c.var.actor, c.var.office.id)}
        office={c.var.office}
        settlements={settlements}
        {...extra}
      />,
      status,
    );
  };

  core.page({ name: 'settlements.list', method: 'GET', path: `${BASE}/naselja`, access: STAFF }, (c) => settlementsPage(c));

  core.page({ name: 'settlements.add', method: 'POST', path: `${BASE}/naselja`, access: STAFF }, async (c) => {
    const { deps, office, actor, locale } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(settlementForm, values, locale);
    if (!parsed.ok) return settlementsPage(c, { values, errors: parsed.errors }, 400);
    const r = await addSettlement(deps, actor!, office, parsed.data);
    if (!r.ok) return settlementsPage(c, { values, errors: messages(locale, r.errors) }, 400);
    return redirectTo(c, settlementsPath(office), 'people.settlement.added');
  });

  core.page({ name: 'settlements.update', method: 'POST', path: `${BASE}/naselja/izmeni`, access: STAFF }, async (c) => {
    const { deps, office, actor, locale } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(settlementUpdateForm, values, locale);
    const id = values.settlement_id ?? '';
    const rowError = (errors: FormErrors) =>
      settlementsPage(
        c,
        {
          rowErrors: {
            id,
            values,
            errors: Object.fromEntries(Object.entries(errors).map(([k, m]) => [k === 'name' ? `name-${id}` : '_form', m])),
          },
        },
        400,
      );
    if (!parsed.ok) return parsed.errors.settlement_id ? errorResponse(c, 400) : rowError(parsed.errors);
    const r = await changeSettlement(deps, actor!, office, parsed.data.settlement_id, parsed.data);
    if (!r.ok) return r.notFound ? errorResponse(c, 404) : rowError(messages(locale, r.errors));
    return redirectTo(c, settlementsPath(office), 'form.saved');
  });

  // ── The office admin's review of the access log ──
  core.page({ name: 'people.accessLog', method: 'GET', path: `${BASE}/pristup`, access: OFFICE_ADMIN }, async (c) => {
    const { deps, office } = c.var;
    const query = accessQuery.parse(c.req.query());
    const [actors, { rows, total }] = await Promise.all([
      accessLogActors(deps.db, office.id),
      officeAccessLog(deps.db, office.id, {
        actorId: query.actor,
        action: query.action || undefined,
        from: query.from,
        to: query.to,
        limit: PAGE_SIZE,
        offset: (query.page - 1) * PAGE_SIZE,
      }),
    ]);
    return c.html(
      <AccessLogPage
        v={view(c)}
        can={peopleCan(c.var.actor, c.var.office.id)}
        office={office}
        query={query}
        actors={actors}
        rows={rows}
        total={total}
        pageSize={PAGE_SIZE}
      />,
    );
  });
}
