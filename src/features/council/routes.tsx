import type { Context } from 'hono';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { PUBLIC, STAFF } from '../../core/http/routes.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import type { Refusal } from '../../core/result.ts';
import { localParts } from '../../core/time.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { formatDate } from '../../core/views/format.ts';
import { view } from '../../core/views/view.ts';
import { COUNCIL, mayKeepMinutes, mayManage, maySeePersonalData } from './policy.ts';
import { adoptedMinutes, agendaOf, attendeesOf, decisionsOf, listMeetings, listMembers, publicMembers, registerChoices } from './repo.ts';
import { planItemChoices } from './plan-items.ts';
import { decisionForm, meetingForm, memberForm, minutesForm } from './schema.ts';
import {
  addDecision,
  addMember,
  adoptMinutes,
  editMember,
  quorumOf,
  recordAttendance,
  removeMember,
  saveMinutes,
  scheduleMeeting,
  sendInvitations,
} from './service.ts';
import { CouncilAdminPage, MeetingPage, MemberPage, PublicCouncilPage, adminPath, meetingPath } from './views.tsx';

type C = Context<AppEnv>;

/** A refusal in the reader's words (the composition's first failing day as people write dates). */
export function refusalText(locale: Locale, r: Refusal): string {
  const vars = { ...r.vars };
  if (r.error === 'council.err.halfYoung' && typeof vars.day === 'string' && vars.day) vars.day = formatDate(locale, vars.day);
  return t(locale, r.error, vars);
}

export function registerCouncilRoutes(core: Core): void {
  core.page(
    { name: 'council.public', method: 'GET', path: `${L}/kancelarije/:office/savet-za-mlade`, access: PUBLIC, params: ['office'] },
    async (c) => {
      const { db } = c.var.deps;
      const [members, minutes] = await Promise.all([publicMembers(db, c.var.office.id), adoptedMinutes(db, c.var.office.id)]);
      c.header('cache-control', 'no-store');
      return c.html(
        <PublicCouncilPage
          v={view(c)}
          office={c.var.office}
          members={members}
          minutes={minutes}
          canManage={mayKeepMinutes(c.var.actor, c.var.office.id)}
        />,
      );
    },
  );

  // ── Staff: members and meetings ──────────────────────────────────────────
  const admin = `${L}/admin/kancelarije/:office/savet-za-mlade`;
  const showAdmin = async (
    c: C,
    status: 200 | 400 = 200,
    extra: { memberValues?: FormValues; memberErrors?: FormErrors; meetingValues?: FormValues; meetingErrors?: FormErrors } = {},
  ) => {
    const { deps, office, actor } = c.var;
    const manage = mayManage(actor, office.id);
    const [members, meetings, people] = await Promise.all([
      listMembers(deps.db, office.id),
      listMeetings(deps.db, office.id),
      manage ? registerChoices(deps.db, office.id) : Promise.resolve([]),
    ]);
    c.header('cache-control', 'private, no-store');
    return c.html(
      <CouncilAdminPage
        v={view(c)}
        office={office}
        members={members}
        meetings={meetings}
        people={people}
        canManage={manage}
        seePersonal={maySeePersonalData(actor, office.id)}
        now={deps.now()}
        today={localParts(deps.now()).date}
        {...extra}
      />,
      status,
    );
  };
  core.page({ name: 'council.admin', method: 'GET', path: admin, access: COUNCIL }, (c) => showAdmin(c));

  core.page({ name: 'council.member.add', method: 'POST', path: `${admin}/clanovi`, access: STAFF }, async (c) => {
    const { locale } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(memberForm, values, locale);
    if (!parsed.ok) return showAdmin(c, 400, { memberValues: values, memberErrors: parsed.errors });
    const r = await addMember(c.var.deps, c.var.actor!, c.var.office, parsed.data);
    if (!r.ok) return showAdmin(c, 400, { memberValues: values, memberErrors: { [r.field ?? '_form']: refusalText(locale, r) } });
    return c.redirect(`/${locale}${adminPath(c.var.office)}?n=council.n.memberAdded`, 303);
  });

  const member = `${admin}/clanovi/:councilMember`;
  const showMember = async (c: C, status: 200 | 400 = 200, extra: { values?: FormValues; errors?: FormErrors } = {}) => {
    const people = await registerChoices(c.var.deps.db, c.var.office.id);
    c.header('cache-control', 'private, no-store');
    return c.html(<MemberPage v={view(c)} office={c.var.office} member={c.var.councilMember} people={people} {...extra} />, status);
  };
  core.page({ name: 'council.member', method: 'GET', path: member, access: STAFF, params: ['councilMember'] }, (c) => showMember(c));
  core.page({ name: 'council.member.save', method: 'POST', path: member, access: STAFF, params: ['councilMember'] }, async (c) => {
    const { locale } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(memberForm, values, locale);
    if (!parsed.ok) return showMember(c, 400, { values, errors: parsed.errors });
    const r = await editMember(c.var.deps, c.var.actor!, c.var.office, c.var.councilMember.id, parsed.data);
    if (!r.ok) {
      if (r.error === 'error.404.title') return errorResponse(c, 404);
      return showMember(c, 400, { values, errors: { [r.field ?? '_form']: refusalText(locale, r) } });
    }
    return c.redirect(`/${locale}${adminPath(c.var.office)}?n=council.n.memberSaved`, 303);
  });
  core.page(
    { name: 'council.member.remove', method: 'POST', path: `${member}/ukloni`, access: STAFF, params: ['councilMember'] },
    async (c) => {
      const { locale } = c.var;
      const r = await removeMember(c.var.deps, c.var.actor!, c.var.office, c.var.councilMember.id);
      if (!r.ok) {
        if (r.error === 'error.404.title') return errorResponse(c, 404);
        return showMember(c, 400, { errors: { _form: refusalText(locale, r) } });
      }
      return c.redirect(`/${locale}${adminPath(c.var.office)}?n=council.n.memberRemoved`, 303);
    },
  );

  core.page({ name: 'council.meeting.schedule', method: 'POST', path: `${admin}/sednice`, access: STAFF }, async (c) => {
    const { locale } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(meetingForm, values, locale);
    if (!parsed.ok) return showAdmin(c, 400, { meetingValues: values, meetingErrors: parsed.errors });
    const r = await scheduleMeeting(c.var.deps, c.var.actor!, c.var.office, parsed.data);
    if (!r.ok) return showAdmin(c, 400, { meetingValues: values, meetingErrors: { [r.field ?? '_form']: refusalText(locale, r) } });
    return c.redirect(`/${locale}${meetingPath(c.var.office, r.value.id)}?n=council.n.scheduled`, 303);
  });

  // ── A meeting ────────────────────────────────────────────────────────────
  const meeting = `${admin}/sednice/:councilMeeting`;
  const showMeeting = async (
    c: C,
    status: 200 | 400 | 409 = 200,
    extra: {
      error?: string;
      minutesValues?: FormValues;
      minutesErrors?: FormErrors;
      decisionValues?: FormValues;
      decisionErrors?: FormErrors;
    } = {},
  ) => {
    const { deps, office, actor, councilMeeting: m } = c.var;
    const [agenda, attendees, decisions, planItems] = await Promise.all([
      agendaOf(deps.db, office.id, m.id),
      attendeesOf(deps.db, office.id, m.id),
      decisionsOf(deps.db, office.id, m.id),
      m.minutes_adopted_at === null && mayManage(actor, office.id) ? planItemChoices(deps.db, office.id) : [],
    ]);
    const now = deps.now();
    c.header('cache-control', 'private, no-store');
    return c.html(
      <MeetingPage
        v={view(c)}
        office={office}
        meeting={m}
        agenda={agenda}
        attendees={attendees}
        decisions={decisions}
        planItems={planItems}
        quorum={quorumOf(attendees.length, attendees.filter((a) => a.status === 'present').length)}
        canManage={mayManage(actor, office.id)}
        canKeepMinutes={mayKeepMinutes(actor, office.id)}
        begun={localParts(new Date(m.starts_at)).date <= localParts(now).date}
        ahead={new Date(m.starts_at) > now}
        {...extra}
      />,
      status,
    );
  };
  /** After a refusal: 404 for a vanished meeting, else the page with the message. */
  const refused = (c: C, r: Refusal, extra: Parameters<typeof showMeeting>[2] = {}) =>
    r.error === 'error.404.title' ? errorResponse(c, 404) : showMeeting(c, 400, { error: refusalText(c.var.locale, r), ...extra });
  const done = (c: C, notice: string) =>
    c.redirect(`/${c.var.locale}${meetingPath(c.var.office, c.var.councilMeeting.id)}?n=${notice}`, 303);

  core.page({ name: 'council.meeting', method: 'GET', path: meeting, access: COUNCIL, params: ['councilMeeting'] }, (c) => showMeeting(c));
  core.page(
    { name: 'council.meeting.invite', method: 'POST', path: `${meeting}/pozivi`, access: STAFF, params: ['councilMeeting'] },
    async (c) => {
      const r = await sendInvitations(c.var.deps, c.var.actor!, c.var.office, c.var.councilMeeting.id);
      return r.ok ? done(c, 'council.n.invited') : refused(c, r);
    },
  );
  core.page(
    { name: 'council.meeting.attendance', method: 'POST', path: `${meeting}/prisustvo`, access: COUNCIL, params: ['councilMeeting'] },
    async (c) => {
      const r = await recordAttendance(c.var.deps, c.var.actor!, c.var.office, c.var.councilMeeting.id, await readForm(c));
      return r.ok ? done(c, 'council.n.attendance') : refused(c, r);
    },
  );
  core.page(
    { name: 'council.meeting.minutes', method: 'POST', path: `${meeting}/zapisnik`, access: COUNCIL, params: ['councilMeeting'] },
    async (c) => {
      const { locale } = c.var;
      const values = await readForm(c);
      const parsed = parseForm(minutesForm, values, locale);
      if (!parsed.ok) return showMeeting(c, 400, { minutesValues: values, minutesErrors: parsed.errors });
      const r = await saveMinutes(c.var.deps, c.var.actor!, c.var.office, c.var.councilMeeting.id, parsed.data.minutes);
      return r.ok ? done(c, 'council.n.minutes') : refused(c, r, { minutesValues: values });
    },
  );
  core.page(
    { name: 'council.meeting.adopt', method: 'POST', path: `${meeting}/usvajanje`, access: STAFF, params: ['councilMeeting'] },
    async (c) => {
      const r = await adoptMinutes(c.var.deps, c.var.actor!, c.var.office, c.var.councilMeeting.id);
      return r.ok ? done(c, 'council.n.adopted') : refused(c, r);
    },
  );
  core.page(
    { name: 'council.decision.add', method: 'POST', path: `${meeting}/odluke`, access: STAFF, params: ['councilMeeting'] },
    async (c) => {
      const { locale } = c.var;
      const values = await readForm(c);
      const parsed = parseForm(decisionForm, values, locale);
      if (!parsed.ok) return showMeeting(c, 400, { decisionValues: values, decisionErrors: parsed.errors });
      const r = await addDecision(c.var.deps, c.var.actor!, c.var.office, c.var.councilMeeting.id, parsed.data);
      if (!r.ok && r.field) return showMeeting(c, 400, { decisionValues: values, decisionErrors: { [r.field]: refusalText(locale, r) } });
      return r.ok ? done(c, 'council.n.decision') : refused(c, r, { decisionValues: values });
    },
  );
}
