import type { Context } from 'hono';
import { fileResponse, findFile } from '../../core/files.ts';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { isUuid } from '../../core/http/ids.ts';
import { PUBLIC, SIGNED_IN, STAFF } from '../../core/http/routes.ts';
import { formImage } from '../../core/http/uploads.ts';
import { t } from '../../core/i18n/messages.ts';
import type { Refusal } from '../../core/result.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { INVITE_PATH, MINE_PATH, editPath, initiativePath, newPath } from './paths.ts';
import { can } from './policy.ts';
import {
  isMember,
  isPhotoOf,
  isPublicPhoto,
  listBudget,
  listComments,
  listForStaff,
  listHistory,
  listMembers,
  listMine,
  listPhotos,
  listPublic,
  myAssociations,
  pendingCount,
} from './repo.ts';
import { initiativeRequests } from '../bookings/repo.ts';
import {
  BLANK_ROWS,
  MAX_ROWS,
  commentForm,
  decisionForm,
  initiativeForm,
  inviteForm,
  listQuery,
  parseBudget,
  photoFields,
  reportForm,
  rowCount,
  type ReportInput,
} from './schema.ts';
import {
  acceptInvite,
  addComment,
  addPhoto,
  completeInitiative,
  createInitiative,
  decide,
  findInvite,
  inviteMember,
  saveInitiative,
  startReview,
  startWork,
  submitInitiative,
} from './service.ts';
import {
  AdminListPage,
  InitiativeFormPage,
  InitiativePage,
  InvitePage,
  MinePage,
  PublicPage,
  formValuesOf,
  type InitiativePageProps,
} from './views.tsx';

type C = Context<AppEnv>;
type Forms = InitiativePageProps['forms'];

export function registerInitiativeRoutes(core: Core): void {
  const pub = `${L}/kancelarije/:office/inicijative`;
  const one = `${pub}/:initiative`;

  core.page({ name: 'initiatives.public', method: 'GET', path: pub, access: PUBLIC, params: ['office'] }, async (c) => {
    const rows = await listPublic(c.var.deps.db, c.var.office.id);
    c.header('cache-control', 'no-store');
    return c.html(<PublicPage v={view(c)} office={c.var.office} rows={rows} />);
  });

  // ── The proposal form: new and edit; "add a row" re-renders it with one more budget row ──
  const showForm = async (c: C, opts: { action: string; title: string; values: FormValues; errors?: FormErrors; status?: 200 | 400 }) => {
    const associations = await myAssociations(c.var.deps.db, c.var.office.id, c.var.actor!.userId);
    c.header('cache-control', 'private, no-store');
    const back =
      opts.action === newPath(c.var.office)
        ? undefined
        : { href: initiativePath(c.var.office, c.req.param('initiative') ?? ''), label: opts.title };
    return c.html(
      <InitiativeFormPage
        v={view(c)}
        office={c.var.office}
        action={opts.action}
        title={opts.title}
        values={opts.values}
        errors={opts.errors}
        associations={associations}
        {...(back ? { back } : {})}
      />,
      opts.status ?? 200,
    );
  };

  /**
   * Reads the posted proposal: "add a row" → the same form with one more row (200, nothing
   * lost); invalid → 400 with every message at its field; otherwise the parsed fields and budget.
   */
  const readProposal = async (c: C) => {
    const values = await readForm(c);
    if (values.action === 'add_row')
      return { values: { ...values, rows: String(Math.min(MAX_ROWS, rowCount(values) + 1)) }, addRow: true as const };
    const fields = parseForm(initiativeForm, values, c.var.locale);
    const budget = parseBudget(values, c.var.locale);
    if (!fields.ok || !budget.ok)
      return { values, errors: { ...(fields.ok ? {} : fields.errors), ...(budget.ok ? {} : budget.errors) } as FormErrors };
    return { values, fields: fields.data, items: budget.items, submit: values.action === 'submit' };
  };
  const refusalErrors = (c: C, r: Refusal): FormErrors => ({ [r.field ?? '_form']: t(c.var.locale, r.error, r.vars) });

  core.page({ name: 'initiatives.new', method: 'GET', path: `${pub}/nova`, access: SIGNED_IN, params: ['office'] }, (c) =>
    showForm(c, {
      action: newPath(c.var.office),
      title: t(c.var.locale, 'init.new.title', { office: view(c).tx(c.var.office.name) }),
      values: { proposer_kind: 'person', rows: String(BLANK_ROWS), publish_consent: 'on' },
    }),
  );
  core.page({ name: 'initiatives.create', method: 'POST', path: `${pub}/nova`, access: SIGNED_IN, params: ['office'] }, async (c) => {
    const { office, locale } = c.var;
    const form = { action: newPath(office), title: t(locale, 'init.new.title', { office: view(c).tx(office.name) }) };
    const p = await readProposal(c);
    if ('addRow' in p) return showForm(c, { ...form, values: p.values });
    if ('errors' in p) return showForm(c, { ...form, values: p.values, errors: p.errors, status: 400 });
    const r = await createInitiative(c.var.deps, c.var.actor!, office, p.fields, p.items, p.submit);
    if (!r.ok) return showForm(c, { ...form, values: p.values, errors: refusalErrors(c, r), status: 400 });
    return c.redirect(`/${locale}${initiativePath(office, r.value)}?n=${p.submit ? 'init.n.submitted' : 'init.n.created'}`, 303);
  });

  // ── Invitations (a mailed link; the person signs in first) ──
  core.page({ name: 'initiatives.invite.open', method: 'GET', path: `${L}${INVITE_PATH}`, access: SIGNED_IN }, async (c) => {
    const token = c.req.query('t') ?? '';
    const invite = token ? await findInvite(c.var.deps, token) : undefined;
    c.header('cache-control', 'no-store');
    return c.html(<InvitePage v={view(c)} invite={invite} token={token} />, invite ? 200 : 404);
  });
  core.page({ name: 'initiatives.invite.accept', method: 'POST', path: `${L}${INVITE_PATH}`, access: SIGNED_IN }, async (c) => {
    const token = (await readForm(c)).t ?? '';
    const r = token ? await acceptInvite(c.var.deps, c.var.actor!, token) : ({ ok: false, error: 'init.err.badInvite' } as const);
    if (!r.ok) return c.html(<InvitePage v={view(c)} invite={undefined} token="" error={t(c.var.locale, r.error)} />, 400);
    return c.redirect(`/${c.var.locale}${initiativePath({ slug: r.value.officeSlug }, r.value.id)}?n=init.n.joined`, 303);
  });

  // ── The initiative's page: the team's and the office's ──
  const showInitiative = async (c: C, status: 200 | 400 | 409 | 413 = 200, extra: { error?: string; forms?: Forms } = {}) => {
    const { deps, office, actor, initiative: i } = c.var;
    const db = deps.db;
    const team = await isMember(db, office.id, i.id, actor!.userId);
    const allowed = can(actor, office.id, i.status, team);
    if (!allowed.view) return errorResponse(c, 404);
    const [items, members, comments, history, photos, bookings] = await Promise.all([
      listBudget(db, office.id, i.id),
      listMembers(db, office.id, i.id),
      listComments(db, office.id, i.id),
      listHistory(db, office.id, i.id),
      listPhotos(db, office.id, i.id),
      initiativeRequests(db, office.id, i.id),
    ]);
    c.header('cache-control', 'private, no-store');
    return c.html(
      <InitiativePage
        v={view(c)}
        office={office}
        i={i}
        items={items}
        members={members}
        comments={comments}
        history={history}
        photos={photos}
        bookings={bookings}
        can={allowed}
        error={extra.error}
        forms={extra.forms}
      />,
      status,
    );
  };
  /** After a refusal: 404 for "not yours", else the page again with the message (409 when the status moved under the person). */
  const refused = (c: C, r: Refusal, forms?: { name: NonNullable<Forms>['name']; values: FormValues }) => {
    if (r.error === 'error.404.title') return errorResponse(c, 404);
    if (forms && r.field) return showInitiative(c, 400, { forms: { ...forms, errors: refusalErrors(c, r) } });
    return showInitiative(c, r.error === 'init.err.changed' || r.error === 'init.err.locked' ? 409 : 400, {
      error: t(c.var.locale, r.error),
    });
  };
  const done = (c: C, notice: string) =>
    c.redirect(`/${c.var.locale}${initiativePath(c.var.office, c.var.initiative.id)}?n=${notice}`, 303);
  const params = ['office', 'initiative'] as const;

  core.page({ name: 'initiatives.show', method: 'GET', path: one, access: SIGNED_IN, params }, (c) => showInitiative(c));
  // The addresses the step forms post to answer a GET with the same page (a reload after a refused
  // post, a bookmarked form): the initiative with the form for that step.
  core.page({ name: 'initiatives.report.form', method: 'GET', path: `${one}/izvestaj`, access: SIGNED_IN, params }, (c) =>
    showInitiative(c),
  );
  core.page({ name: 'initiatives.photo.form', method: 'GET', path: `${one}/fotografije`, access: SIGNED_IN, params }, (c) =>
    showInitiative(c),
  );
  core.page({ name: 'initiatives.decide.form', method: 'GET', path: `${one}/odluka`, access: STAFF, params }, (c) => showInitiative(c));

  const editTitle = (c: C) => `${t(c.var.locale, 'init.edit.title')}: ${view(c).tx(c.var.initiative.title)}`;
  /** The edit form only for the team while the proposal may change; the page says why otherwise. */
  const editable = async (c: C) => {
    const team = await isMember(c.var.deps.db, c.var.office.id, c.var.initiative.id, c.var.actor!.userId);
    return can(c.var.actor, c.var.office.id, c.var.initiative.status, team);
  };
  core.page({ name: 'initiatives.edit', method: 'GET', path: `${one}/izmena`, access: SIGNED_IN, params }, async (c) => {
    const allowed = await editable(c);
    if (!allowed.view) return errorResponse(c, 404);
    if (!allowed.edit) return showInitiative(c, 409, { error: t(c.var.locale, 'init.err.locked') });
    const items = await listBudget(c.var.deps.db, c.var.office.id, c.var.initiative.id);
    return showForm(c, {
      action: editPath(c.var.office, c.var.initiative.id),
      title: editTitle(c),
      values: formValuesOf(c.var.initiative, items),
    });
  });
  core.page({ name: 'initiatives.save', method: 'POST', path: `${one}/izmena`, access: SIGNED_IN, params }, async (c) => {
    const allowed = await editable(c);
    if (!allowed.view) return errorResponse(c, 404);
    if (!allowed.edit) return showInitiative(c, 409, { error: t(c.var.locale, 'init.err.locked') });
    const form = { action: editPath(c.var.office, c.var.initiative.id), title: editTitle(c) };
    const p = await readProposal(c);
    if ('addRow' in p) return showForm(c, { ...form, values: p.values });
    if ('errors' in p) return showForm(c, { ...form, values: p.values, errors: p.errors, status: 400 });
    const r = await saveInitiative(c.var.deps, c.var.actor!, c.var.office, c.var.initiative.id, p.fields, p.items, p.submit);
    if (!r.ok) {
      if (r.error === 'init.err.locked' || r.error === 'init.err.changed' || r.error === 'error.404.title') return refused(c, r);
      return showForm(c, { ...form, values: p.values, errors: refusalErrors(c, r), status: 400 });
    }
    return done(c, p.submit ? 'init.n.submitted' : 'init.n.saved');
  });

  core.page({ name: 'initiatives.submit', method: 'POST', path: `${one}/posalji`, access: SIGNED_IN, params }, async (c) => {
    const r = await submitInitiative(c.var.deps, c.var.actor!, c.var.office, c.var.initiative.id);
    return r.ok ? done(c, 'init.n.submitted') : refused(c, r);
  });
  core.page({ name: 'initiatives.start', method: 'POST', path: `${one}/pocetak`, access: SIGNED_IN, params }, async (c) => {
    const r = await startWork(c.var.deps, c.var.actor!, c.var.office, c.var.initiative.id);
    return r.ok ? done(c, 'init.n.status') : refused(c, r);
  });
  core.page({ name: 'initiatives.report', method: 'POST', path: `${one}/izvestaj`, access: SIGNED_IN, params }, async (c) => {
    const values = await readForm(c);
    const parsed = parseForm(reportForm, values, c.var.locale);
    if (!parsed.ok) {
      const team = await isMember(c.var.deps.db, c.var.office.id, c.var.initiative.id, c.var.actor!.userId);
      if (!team) return errorResponse(c, 404);
      return showInitiative(c, 400, { forms: { name: 'report', values, errors: parsed.errors } });
    }
    const r = await completeInitiative(c.var.deps, c.var.actor!, c.var.office, c.var.initiative.id, parsed.data as ReportInput);
    return r.ok ? done(c, 'init.n.status') : refused(c, r);
  });
  core.page({ name: 'initiatives.invite', method: 'POST', path: `${one}/tim`, access: SIGNED_IN, params }, async (c) => {
    const values = await readForm(c);
    const parsed = parseForm(inviteForm, values, c.var.locale);
    if (!parsed.ok) {
      if (!(await isMember(c.var.deps.db, c.var.office.id, c.var.initiative.id, c.var.actor!.userId))) return errorResponse(c, 404);
      return showInitiative(c, 400, { forms: { name: 'invite', values, errors: parsed.errors } });
    }
    const r = await inviteMember(c.var.deps, c.var.actor!, c.var.office, c.var.initiative.id, parsed.data.email);
    return r.ok ? done(c, 'init.n.invited') : refused(c, r, { name: 'invite', values });
  });
  core.page({ name: 'initiatives.comment', method: 'POST', path: `${one}/komentari`, access: SIGNED_IN, params }, async (c) => {
    const values = await readForm(c);
    const parsed = parseForm(commentForm, values, c.var.locale);
    if (!parsed.ok) return showInitiative(c, 400, { forms: { name: 'comment', values, errors: parsed.errors } });
    const r = await addComment(c.var.deps, c.var.actor!, c.var.office, c.var.initiative.id, parsed.data.body);
    return r.ok ? done(c, 'init.n.comment') : refused(c, r, { name: 'comment', values });
  });

  // The photos of the report: multipart, the file judged by its bytes; nothing is saved unless all is right.
  core.page(
    { name: 'initiatives.photo.add', method: 'POST', path: `${one}/fotografije`, access: SIGNED_IN, params, upload: 'image' },
    async (c) => {
      const { deps, office, initiative: i, locale } = c.var;
      if (!(await isMember(deps.db, office.id, i.id, c.var.actor!.userId))) return errorResponse(c, 404);
      const values = await readForm(c);
      const parsed = parseForm(photoFields, values, locale);
      const { image, error, tooLarge } = await formImage(c);
      const errors: FormErrors = parsed.ok ? {} : { ...parsed.errors };
      if (error) errors.image = error;
      else if (!image) errors.image = t(locale, 'err.required');
      if (!parsed.ok || !image) return showInitiative(c, tooLarge ? 413 : 400, { forms: { name: 'photo', values, errors } });
      const r = await addPhoto(deps, c.var.actor!, office, i.id, image, parsed.data.image_alt);
      return r.ok ? done(c, 'init.n.photo') : refused(c, r, { name: 'photo', values });
    },
  );
  // A photo: to anyone when its initiative is published, else to the team and the office's staff.
  core.page({ name: 'initiatives.photo', method: 'GET', path: `${one}/fotografije/:photo`, access: PUBLIC, params }, async (c) => {
    const { deps, office, actor, initiative: i } = c.var;
    const fileId = c.req.param('photo');
    if (!isUuid(fileId) || !(await isPhotoOf(deps.db, office.id, i.id, fileId))) return errorResponse(c, 404);
    const visible =
      (await isPublicPhoto(deps.db, office.id, i.id, fileId)) ||
      (actor !== null && can(actor, office.id, i.status, await isMember(deps.db, office.id, i.id, actor.userId)).view);
    const file = visible ? await findFile(deps.db, office.id, fileId) : undefined;
    return file ? fileResponse(c, file) : errorResponse(c, 404);
  });

  // ── The office: review and decide ──
  core.page({ name: 'initiatives.review', method: 'POST', path: `${one}/pregled`, access: STAFF, params }, async (c) => {
    const r = await startReview(c.var.deps, c.var.actor!, c.var.office, c.var.initiative);
    return r.ok ? done(c, 'init.n.status') : refused(c, r);
  });
  core.page({ name: 'initiatives.decide', method: 'POST', path: `${one}/odluka`, access: STAFF, params }, async (c) => {
    const values = await readForm(c);
    const parsed = parseForm(decisionForm, values, c.var.locale);
    if (!parsed.ok) return showInitiative(c, 400, { forms: { name: 'decide', values, errors: parsed.errors } });
    const r = await decide(c.var.deps, c.var.actor!, c.var.office, c.var.initiative, parsed.data.decision, parsed.data.note);
    return r.ok ? done(c, 'init.n.status') : refused(c, r, { name: 'decide', values });
  });

  core.page({ name: 'initiatives.admin', method: 'GET', path: `${L}/admin/kancelarije/:office/inicijative`, access: STAFF }, async (c) => {
    const { deps, office } = c.var;
    const q = listQuery.parse(c.req.query());
    const [rows, pending] = await Promise.all([
      listForStaff(deps.db, office.id, { status: q.stanje, area: q.oblast }),
      pendingCount(deps.db, office.id),
    ]);
    c.header('cache-control', 'private, no-store');
    return c.html(<AdminListPage v={view(c)} office={office} rows={rows} pending={pending} status={q.stanje} area={q.oblast} />);
  });

  core.page({ name: 'initiatives.mine', method: 'GET', path: `${L}${MINE_PATH}`, access: SIGNED_IN }, async (c) => {
    const rows = await listMine(c.var.deps.db, c.var.actor!.userId);
    c.header('cache-control', 'private, no-store');
    return c.html(<MinePage v={view(c)} rows={rows} />);
  });
}
