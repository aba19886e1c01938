import type { Context } from 'hono';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import { clientIp } from '../../core/http/client.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { uuidOrNull } from '../../core/http/ids.ts';
import { PUBLIC, SIGNED_IN, STAFF, withNational, officeRoles } from '../../core/http/routes.ts';
import { t } from '../../core/i18n/messages.ts';
import { localParts } from '../../core/time.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import { CANCEL_PATH, CONFIRM_PATH, MY_BOOKINGS_PATH } from './mails.ts';
import { COUNSELLOR_ROLES, mayManageSlot, mayPublish, mayViewBooking, seesAllSlots, isStaff } from './policy.ts';
import {
  bookingDetails,
  listCounsellors,
  listFreeSlots,
  listMyBookings,
  listSlots,
  liveBookingOf,
  officePartners,
  officeSettlements,
  type Slot,
} from './repo.ts';
import { bookForm, counsellorForm, guestFields, noteForm, slotForm, statsQuery } from './schema.ts';
import {
  bookAsAccount,
  bookAsGuest,
  bookingByToken,
  cancelByToken,
  cancelMine,
  cancelSlot,
  confirmByToken,
  linkCounsellor,
  publishSlots,
  readNotes,
  saveNote,
} from './service.ts';
import { guidanceStats } from './stats.ts';
import {
  BookPage,
  CheckMailPage,
  CounsellorPage,
  CounsellorsPage,
  LinkPage,
  MyBookingsPage,
  PublicSlotsPage,
  SlotPage,
  StatsPage,
  adminPath,
  counsellorsPath,
  slotAdminPath,
} from './views.tsx';

type C = Context<AppEnv>;

const COUNSELLORS = officeRoles(...COUNSELLOR_ROLES);

export function registerGuidanceRoutes(core: Core): void {
  const pub = `${L}/kancelarije/:office/savetovanje`;

  core.page({ name: 'guidance.public', method: 'GET', path: pub, access: PUBLIC, params: ['office'] }, async (c) => {
    const slots = await listFreeSlots(c.var.deps.db, c.var.office.id, c.var.deps.now());
    c.header('cache-control', 'no-store');
    return c.html(
      <PublicSlotsPage v={view(c)} office={c.var.office} slots={slots} canPublish={mayPublish(c.var.actor, c.var.office.id)} />,
    );
  });

  // ── Booking a slot ───────────────────────────────────────────────────────
  /** Why the slot cannot be booked now, in words; undefined when it can. */
  const closedReason = (c: C, s: Slot): string | undefined => {
    if (s.status === 'cancelled') return t(c.var.locale, 'guid.err.slotCancelled');
    if (new Date(s.starts_at) <= c.var.deps.now()) return t(c.var.locale, 'guid.err.slotPast');
    if (s.booked) return t(c.var.locale, 'guid.err.taken');
    return undefined;
  };
  const showBook = async (
    c: C,
    status: 200 | 400 | 409 = 200,
    extra: { values?: FormValues; errors?: FormErrors; closed?: string } = {},
  ) => {
    const slot = c.var.slot;
    const settlements = await officeSettlements(c.var.deps.db, c.var.office.id);
    c.header('cache-control', 'private, no-store');
    return c.html(
      <BookPage
        v={view(c)}
        office={c.var.office}
        slot={slot}
        settlements={settlements}
        closed={extra.closed ?? closedReason(c, slot)}
        {...extra}
      />,
      status,
    );
  };
  const book = `${pub}/:slot/zakazivanje`;
  core.page({ name: 'guidance.book.form', method: 'GET', path: book, access: PUBLIC, params: ['office', 'slot'] }, (c) => showBook(c));
  core.page({ name: 'guidance.book', method: 'POST', path: book, access: PUBLIC, params: ['office', 'slot'] }, async (c) => {
    const { deps, office, locale, actor } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(bookForm, values, locale);
    const guest = actor ? undefined : parseForm(guestFields, values, locale);
    const errors: FormErrors = { ...(parsed.ok ? {} : parsed.errors), ...(guest && !guest.ok ? guest.errors : {}) };
    if (!parsed.ok || (guest && !guest.ok)) return showBook(c, 400, { values, errors });
    const input = { topic: parsed.data.topic, settlementId: parsed.data.settlement_id };
    const r =
      guest?.ok === true
        ? await bookAsGuest(deps, office, c.var.slot.id, input, guest.data, locale, clientIp(c))
        : await bookAsAccount(deps, actor!, office, c.var.slot.id, input, locale);
    if (!r.ok) {
      // Taken, past or cancelled: the page says so instead of the form (409); a throttle keeps the form.
      if (r.error === 'error.404.title') return errorResponse(c, 404);
      const message = t(locale, r.error, r.vars);
      return r.error === 'err.throttled'
        ? showBook(c, 400, { values, errors: { _form: message } })
        : showBook(c, 409, { values, closed: message });
    }
    if (r.value.status === 'pending') return c.html(<CheckMailPage v={view(c)} office={office} />);
    return c.redirect(`/${locale}${MY_BOOKINGS_PATH}?n=guid.n.booked`, 303);
  });

  // ── Mailed links ─────────────────────────────────────────────────────────
  const linkPage = async (c: C, kind: 'confirm' | 'cancel', token: string, error?: string, status: 200 | 400 | 404 = 200) => {
    const found = await bookingByToken(c.var.deps, token);
    c.header('cache-control', 'no-store');
    if (!found)
      return c.html(<LinkPage v={view(c)} kind={kind} token="" error={t(c.var.locale, 'guid.err.badLink')} canAct={false} />, 404);
    const b = await bookingDetails(c.var.deps.db, found.office_id, found.id);
    const now = c.var.deps.now();
    let err = error;
    const justDone = view(c).notice !== undefined;
    const live = found.status === 'pending' || found.status === 'confirmed';
    if (!err && !justDone) {
      if (found.status === 'cancelled') err = t(c.var.locale, 'guid.err.linkCancelled');
      else if (
        found.status === 'expired' ||
        (kind === 'confirm' && found.status === 'pending' && found.token_expires_at && new Date(found.token_expires_at) <= now)
      )
        err = t(c.var.locale, 'guid.err.linkExpired');
      else if (kind === 'confirm' && found.status === 'confirmed') err = t(c.var.locale, 'guid.err.linkUsed');
    }
    const canAct =
      !err && status === 200 && live && (kind === 'cancel' || found.status === 'pending') && !!b && new Date(b.starts_at) > now;
    return c.html(<LinkPage v={view(c)} kind={kind} token={token} b={b} error={err} canAct={canAct} />, status);
  };
  core.page({ name: 'guidance.confirm.form', method: 'GET', path: `${L}${CONFIRM_PATH}`, access: PUBLIC }, (c) =>
    linkPage(c, 'confirm', c.req.query('t') ?? ''),
  );
  core.page({ name: 'guidance.confirm', method: 'POST', path: `${L}${CONFIRM_PATH}`, access: PUBLIC }, async (c) => {
    const token = (await readForm(c)).t ?? '';
    const r = await confirmByToken(c.var.deps, token);
    if (!r.ok) return linkPage(c, 'confirm', token, t(c.var.locale, r.error), 400);
    return c.redirect(`/${c.var.locale}${CONFIRM_PATH}?t=${encodeURIComponent(token)}&n=guid.n.booked`, 303);
  });
  core.page({ name: 'guidance.cancelLink.form', method: 'GET', path: `${L}${CANCEL_PATH}`, access: PUBLIC }, (c) =>
    linkPage(c, 'cancel', c.req.query('t') ?? ''),
  );
  core.page({ name: 'guidance.cancelLink', method: 'POST', path: `${L}${CANCEL_PATH}`, access: PUBLIC }, async (c) => {
    const token = (await readForm(c)).t ?? '';
    const r = await cancelByToken(c.var.deps, token);
    if (!r.ok) return linkPage(c, 'cancel', token, t(c.var.locale, r.error), 400);
    return c.redirect(`/${c.var.locale}${CANCEL_PATH}?t=${encodeURIComponent(token)}&n=guid.n.cancelled`, 303);
  });

  // ── The person's bookings ────────────────────────────────────────────────
  core.page({ name: 'guidance.mine', method: 'GET', path: `${L}${MY_BOOKINGS_PATH}`, access: SIGNED_IN }, async (c) => {
    const rows = await listMyBookings(c.var.deps.db, c.var.actor!.userId);
    c.header('cache-control', 'private, no-store');
    return c.html(<MyBookingsPage v={view(c)} rows={rows} now={c.var.deps.now()} />);
  });
  core.page({ name: 'guidance.mine.cancel', method: 'POST', path: `${L}${MY_BOOKINGS_PATH}/otkazi`, access: SIGNED_IN }, async (c) => {
    const values = await readForm(c);
    const officeId = uuidOrNull(values.office);
    const id = uuidOrNull(values.id);
    if (!officeId || !id) return errorResponse(c, 404);
    const r = await cancelMine(c.var.deps, c.var.actor!, officeId, id);
    if (!r.ok) {
      if (r.error === 'error.404.title') return errorResponse(c, 404);
      const rows = await listMyBookings(c.var.deps.db, c.var.actor!.userId);
      const v = view(c);
      return c.html(<MyBookingsPage v={{ ...v, notice: undefined }} rows={rows} now={c.var.deps.now()} />, 409);
    }
    return c.redirect(`/${c.var.locale}${MY_BOOKINGS_PATH}?n=guid.n.cancelled`, 303);
  });

  // ── Counsellors: publish and manage slots ────────────────────────────────
  const admin = `${L}/admin/kancelarije/:office/savetovanje`;
  const showAdmin = async (c: C, status: 200 | 400 = 200, extra: { values?: FormValues; errors?: FormErrors } = {}) => {
    const { deps, office, actor } = c.var;
    const all = seesAllSlots(actor!, office.id);
    const slots = await listSlots(deps.db, office.id, all ? null : actor!.userId, new Date(deps.now().getTime() - 24 * 3_600_000));
    c.header('cache-control', 'private, no-store');
    const firstDate = localParts(new Date(deps.now().getTime() + 7 * 24 * 3_600_000)).date;
    return c.html(
      <CounsellorPage
        v={view(c)}
        office={office}
        slots={slots}
        all={all}
        staff={isStaff(actor!, office.id)}
        firstDate={firstDate}
        {...extra}
      />,
      status,
    );
  };
  core.page({ name: 'guidance.admin', method: 'GET', path: admin, access: COUNSELLORS }, (c) => showAdmin(c));
  core.page({ name: 'guidance.admin.publish', method: 'POST', path: `${admin}/termini`, access: COUNSELLORS }, async (c) => {
    const { locale } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(slotForm, values, locale);
    if (!parsed.ok) return showAdmin(c, 400, { values, errors: parsed.errors });
    const r = await publishSlots(c.var.deps, c.var.actor!, c.var.office, parsed.data);
    if (!r.ok) return showAdmin(c, 400, { values, errors: { [r.field ?? '_form']: t(locale, r.error, r.vars) } });
    return c.redirect(`/${locale}${adminPath(c.var.office)}?n=guid.n.published`, 303);
  });

  const showSlot = async (
    c: C,
    status: 200 | 400 = 200,
    extra: { noteValues?: FormValues; noteErrors?: FormErrors; error?: string } = {},
  ) => {
    const { deps, office, actor, slot } = c.var;
    const booking = await liveBookingOf(deps.db, office.id, slot.id);
    const notes = await readNotes(deps, actor!, office, slot, booking?.status === 'confirmed' ? booking : undefined);
    c.header('cache-control', 'private, no-store');
    return c.html(
      <SlotPage
        v={view(c)}
        office={office}
        slot={slot}
        booking={booking}
        showBooking={mayViewBooking(actor!, office.id, slot)}
        canCancel={mayManageSlot(actor!, office.id, slot)}
        notes={notes}
        now={deps.now()}
        {...extra}
      />,
      status,
    );
  };
  const slotAdmin = `${admin}/termini/:slot`;
  core.page({ name: 'guidance.admin.slot', method: 'GET', path: slotAdmin, access: COUNSELLORS, params: ['slot'] }, (c) => {
    // Another counsellor's slot is not theirs to open (staff see every slot).
    if (!mayViewBooking(c.var.actor!, c.var.office.id, c.var.slot)) return errorResponse(c, 404);
    return showSlot(c);
  });
  core.page(
    { name: 'guidance.admin.slot.cancel', method: 'POST', path: `${slotAdmin}/otkazi`, access: COUNSELLORS, params: ['slot'] },
    async (c) => {
      if (!mayManageSlot(c.var.actor!, c.var.office.id, c.var.slot)) return errorResponse(c, 404);
      const r = await cancelSlot(c.var.deps, c.var.actor!, c.var.office, c.var.slot);
      if (!r.ok) return r.error === 'error.404.title' ? errorResponse(c, 404) : showSlot(c, 400, { error: t(c.var.locale, r.error) });
      return c.redirect(`/${c.var.locale}${adminPath(c.var.office)}?n=guid.n.slotCancelled`, 303);
    },
  );
  core.page(
    { name: 'guidance.admin.slot.note', method: 'POST', path: `${slotAdmin}/beleska`, access: COUNSELLORS, params: ['slot'] },
    async (c) => {
      if (!mayViewBooking(c.var.actor!, c.var.office.id, c.var.slot)) return errorResponse(c, 404);
      const { locale } = c.var;
      const values = await readForm(c);
      const parsed = parseForm(noteForm, values, locale);
      if (!parsed.ok) return showSlot(c, 400, { noteValues: values, noteErrors: parsed.errors });
      const r = await saveNote(c.var.deps, c.var.actor!, c.var.office, c.var.slot, parsed.data.body);
      if (!r.ok) return showSlot(c, 400, { noteValues: values, error: t(locale, r.error) });
      return c.redirect(`/${locale}${slotAdminPath(c.var.office, c.var.slot.id)}?n=guid.n.noteSaved`, 303);
    },
  );

  // ── Staff: statistics and the counsellors' partners ──────────────────────
  core.page({ name: 'guidance.stats', method: 'GET', path: `${admin}/statistika`, access: withNational(STAFF) }, async (c) => {
    const { deps, office, locale } = c.var;
    const q = parseForm(statsQuery, c.req.query(), locale);
    const today = localParts(deps.now()).date;
    const yearAgo = localParts(new Date(deps.now().getTime() - 365 * 24 * 3_600_000)).date;
    const from = (q.ok && q.data.from) || yearAgo;
    const to = (q.ok && q.data.to) || today;
    const stats = await guidanceStats(deps.db, { officeId: office.id, from: from <= to ? from : to, to: from <= to ? to : from });
    c.header('cache-control', 'private, no-store');
    return c.html(
      <StatsPage v={view(c)} office={office} stats={stats} from={from} to={to} errors={q.ok ? undefined : q.errors} />,
      q.ok ? 200 : 400,
    );
  });

  const showCounsellors = async (c: C, status: 200 | 400 = 200, error?: string) => {
    const { db } = c.var.deps;
    const [counsellors, partners] = await Promise.all([listCounsellors(db, c.var.office.id), officePartners(db, c.var.office.id)]);
    c.header('cache-control', 'private, no-store');
    return c.html(
      <CounsellorsPage v={view(c)} office={c.var.office} counsellors={counsellors} partners={partners} error={error} />,
      status,
    );
  };
  core.page({ name: 'guidance.counsellors', method: 'GET', path: `${admin}/savetnici`, access: STAFF }, (c) => showCounsellors(c));
  core.page({ name: 'guidance.counsellors.save', method: 'POST', path: `${admin}/savetnici`, access: STAFF }, async (c) => {
    const { deps, office, locale } = c.var;
    const parsed = parseForm(counsellorForm, await readForm(c), locale);
    if (!parsed.ok) return showCounsellors(c, 400, Object.values(parsed.errors)[0]);
    const partnerId = parsed.data.partner_id === '' ? null : uuidOrNull(parsed.data.partner_id);
    if (parsed.data.partner_id !== '' && !partnerId) return errorResponse(c, 404);
    const r = await linkCounsellor(deps, c.var.actor!, office, parsed.data.user_id, partnerId);
    if (!r.ok) return errorResponse(c, 404);
    return c.redirect(`/${locale}${counsellorsPath(office)}?n=guid.n.saved`, 303);
  });
}
