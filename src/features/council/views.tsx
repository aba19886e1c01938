import type { OfficeRef } from '../../core/http/env.ts';
import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { OfficeAdminCrumbs } from '../../core/views/crumbs.tsx';
import { CheckGroup, ConfirmForm, Field, Form, RadioGroup } from '../../core/views/forms.tsx';
import { formatDate, formatDateTime, formatRange } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import {
  ATTENDANCE,
  DECISION_KINDS,
  ROLES,
  type AgendaItem,
  type Attendee,
  type CouncilRole,
  type Decision,
  type Meeting,
  type MeetingRow,
  type Member,
  type PublicMinutes,
} from './repo.ts';
import type { quorumOf } from './service.ts';
import { planItemValue, type PlanItemChoice } from './plan-items.ts';
import type { DecisionPlanItem } from './repo.ts';

/** A plan item as a decision names it: its kind and how it read ("мера: Омладински клуб"). */
const planItemText = (v: View, i: Pick<DecisionPlanItem, 'kind' | 'label'>) => `${v.t(`council.planItem.${i.kind}`)}: ${v.tx(i.label)}`;

/** "About: goal: …; activity: …" under a decision, when it names plan items. */
function PlanItemsLine(p: { v: View; items: readonly DecisionPlanItem[] }) {
  if (p.items.length === 0) return null;
  return (
    <>
      <br />
      <small>{p.v.t('council.decision.planItems.about', { items: p.items.map((i) => planItemText(p.v, i)).join('; ') })}</small>
    </>
  );
}

type Office = Pick<OfficeRef, 'slug' | 'name'>;

export const publicPath = (o: Pick<Office, 'slug'>) => `/kancelarije/${o.slug}/savet-za-mlade`;
export const adminPath = (o: Pick<Office, 'slug'>) => `/admin/kancelarije/${o.slug}/savet-za-mlade`;
export const memberPath = (o: Pick<Office, 'slug'>, id: string) => `${adminPath(o)}/clanovi/${id}`;
export const meetingPath = (o: Pick<Office, 'slug'>, id: string) => `${adminPath(o)}/sednice/${id}`;

const roleLabel = (v: View, r: CouncilRole) => v.t(`council.role.${r}`);
const roleOptions = (v: View): Array<[string, string]> => ROLES.map((r) => [r, roleLabel(v, r)]);
const when = (v: View, m: Pick<Meeting, 'starts_at' | 'ends_at'>) => formatRange(v.locale, m.starts_at, m.ends_at);
const term = (v: View, m: Pick<Member, 'term_from' | 'term_to'>) =>
  m.term_to
    ? v.t('council.term.range', { from: formatDate(v.locale, m.term_from), to: formatDate(v.locale, m.term_to) })
    : v.t('council.term.open', { from: formatDate(v.locale, m.term_from) });

/** A refusal shown above the page's content, read out at once (as a form's error summary). */
function Problem({ v, text }: { v: View; text: string }) {
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="errors">
      <p>{v.t('form.errors')}</p>
      <ul>
        <li>{text}</li>
      </ul>
    </div>
  );
}

/** Text typed in either script, in the reader's, paragraph by paragraph. */
function Paragraphs({ v, text }: { v: View; text: string }) {
  return (
    <>
      {v
        .tx(text)
        .split(/\r?\n\s*\r?\n|\r?\n/)
        .filter((p) => p.trim() !== '')
        .map((p) => (
          <p>{p}</p>
        ))}
    </>
  );
}

// ── Public ─────────────────────────────────────────────────────────────────

export function PublicCouncilPage(p: {
  v: View;
  office: Office;
  members: ReadonlyArray<{ id: string; full_name: string; role: CouncilRole; organisation: string }>;
  minutes: readonly PublicMinutes[];
  canManage: boolean;
}) {
  const { v, office } = p;
  const title = v.t('council.public.title', { office: v.tx(office.name) });
  return (
    <Page v={v} title={title}>
      <h1>{title}</h1>
      <p>{v.t('council.public.lead')}</p>
      <h2>{v.t('council.public.members')}</h2>
      <DataTable
        caption={v.t('council.public.members')}
        captionHidden
        rows={p.members}
        empty={v.t('council.public.noMembers')}
        columns={[
          { label: v.t('council.name'), cell: (m) => v.tx(m.full_name), rowHeader: true },
          { label: v.t('council.role'), cell: (m) => roleLabel(v, m.role) },
          { label: v.t('council.organisation'), cell: (m) => v.tx(m.organisation) },
        ]}
      />
      <h2>{v.t('council.public.minutes')}</h2>
      {p.minutes.length === 0 ? <p class="empty">{v.t('council.public.noMinutes')}</p> : null}
      {p.minutes.map((m) => (
        <article class="card">
          <h3>{v.t('council.public.meeting', { when: when(v, m) })}</h3>
          <p>
            {v.t('council.place')}: {v.tx(m.place)}
          </p>
          {m.items.length > 0 ? (
            <>
              <h4>{v.t('council.agenda')}</h4>
              <ol>
                {m.items.map((i) => (
                  <li>
                    {v.tx(i.title)}
                    {m.decisions
                      .filter((d) => d.item_id === i.id)
                      .map((d) => (
                        <p>
                          <strong>{v.t(`council.decision.kind.${d.kind}`)}</strong>
                          {d.subject_text ? ` (${v.tx(d.subject_text)})` : ''}: {v.tx(d.body)}
                          <PlanItemsLine v={v} items={d.plan_items} />
                        </p>
                      ))}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          <h4>{v.t('council.minutes')}</h4>
          <Paragraphs v={v} text={m.minutes} />
          <p class="hint">{v.t('council.public.adoptedOn', { date: formatDateTime(v.locale, new Date(m.minutes_adopted_at)) })}</p>
        </article>
      ))}
      {p.canManage ? (
        <p>
          <a href={v.href(adminPath(office))}>{v.t('council.admin.title')}</a>
        </p>
      ) : null}
    </Page>
  );
}

// ── Staff: the council ─────────────────────────────────────────────────────

function MemberFields(p: {
  v: View;
  values?: FormValues | undefined;
  errors?: FormErrors | undefined;
  people?: ReadonlyArray<{ id: string; full_name: string; birth_year: number }>;
}) {
  const { v, values, errors } = p;
  return (
    <>
      {p.people && p.people.length > 0 ? (
        <Field
          v={v}
          name="person_id"
          label={v.t('council.person')}
          hint={v.t('council.person.hint')}
          value={values?.person_id}
          errors={errors}
          options={[
            ['', v.t('council.person.none')],
            ...p.people.map((x): [string, string] => [x.id, `${v.tx(x.full_name)} (${x.birth_year})`]),
          ]}
        />
      ) : null}
      <Field
        v={v}
        name="full_name"
        label={v.t('council.name')}
        value={values?.full_name}
        errors={errors}
        maxlength={120}
        autocomplete="off"
      />
      <Field
        v={v}
        name="role"
        label={v.t('council.role')}
        value={values?.role ?? 'member'}
        errors={errors}
        options={roleOptions(v)}
        required
      />
      <Field v={v} name="organisation" label={v.t('council.organisation')} value={values?.organisation} errors={errors} maxlength={200} />
      <Field
        v={v}
        name="birth_year"
        label={v.t('council.birthYear')}
        hint={v.t('council.birthYear.hint')}
        value={values?.birth_year}
        errors={errors}
        inputmode="numeric"
        maxlength={4}
      />
      <Field
        v={v}
        name="email"
        type="email"
        label={v.t('council.email')}
        value={values?.email}
        errors={errors}
        maxlength={254}
        autocomplete="off"
      />
      <Field v={v} name="term_from" type="date" label={v.t('council.termFrom')} value={values?.term_from} errors={errors} required />
      <Field v={v} name="term_to" type="date" label={v.t('council.termTo')} value={values?.term_to} errors={errors} />
    </>
  );
}

export function CouncilAdminPage(p: {
  v: View;
  office: Office;
  members: readonly Member[];
  meetings: readonly MeetingRow[];
  people: ReadonlyArray<{ id: string; full_name: string; birth_year: number }>;
  canManage: boolean;
  seePersonal: boolean;
  now: Date;
  today: string;
  memberValues?: FormValues | undefined;
  memberErrors?: FormErrors | undefined;
  meetingValues?: FormValues | undefined;
  meetingErrors?: FormErrors | undefined;
}) {
  const { v, office } = p;
  const current = p.members.filter((m) => m.current);
  const others = p.members.filter((m) => !m.current);
  const young = current.filter((m) => m.young).length;
  const broken = current.length > 0 && 2 * young < current.length;
  const title = v.t('council.admin.title');
  const memberTable = (rows: readonly Member[], caption: string) => (
    <DataTable
      caption={caption}
      rows={rows}
      columns={[
        { label: v.t('council.name'), cell: (m) => v.tx(m.full_name), rowHeader: true },
        { label: v.t('council.role'), cell: (m) => roleLabel(v, m.role) },
        { label: v.t('council.organisation'), cell: (m) => v.tx(m.organisation) },
        p.seePersonal && { label: v.t('council.birthYear'), cell: (m) => String(m.birth_year), numeric: true },
        { label: v.t('council.young'), cell: (m) => v.t(m.young ? 'council.yes' : 'council.no') },
        { label: v.t('council.term'), cell: (m) => term(v, m) },
        p.canManage && {
          label: v.t('council.edit'),
          actions: true,
          cell: (m) => (
            <a href={v.href(memberPath(office, m.id))} aria-label={v.t('council.editAt', { name: v.tx(m.full_name) })}>
              {v.t('council.edit')}
            </a>
          ),
        },
      ]}
    />
  );
  const status = (m: MeetingRow) =>
    m.minutes_adopted_at
      ? v.t('council.status.adopted')
      : m.present > 0
        ? v.t('council.status.held')
        : m.invited_at
          ? v.t('council.status.invited')
          : v.t('council.status.planned');
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} />
      <h1>{title}</h1>
      <p>
        <a href={v.href(publicPath(office))}>{v.t('council.admin.public')}</a>
      </p>
      <h2>{v.t('council.admin.members')}</h2>
      {current.length === 0 ? (
        <p class="empty">{v.t('council.admin.noMembers')}</p>
      ) : (
        <>
          <p>
            {v.t('council.composition', { young, total: current.length })}{' '}
            <strong>{v.t(broken ? 'council.composition.broken' : 'council.composition.ok')}</strong>
          </p>
          {memberTable(current, v.t('council.admin.current'))}
        </>
      )}
      {others.length > 0 ? memberTable(others, v.t('council.admin.former')) : null}
      {p.canManage ? (
        <section aria-labelledby="add-member">
          <h2 id="add-member">{v.t('council.addMember')}</h2>
          <Form v={v} action={v.href(`${adminPath(office)}/clanovi`)} errors={p.memberErrors} novalidate>
            <MemberFields v={v} values={p.memberValues ?? { term_from: p.today }} errors={p.memberErrors} people={p.people} />
            <button type="submit">{v.t('council.addMember.button')}</button>
          </Form>
        </section>
      ) : null}

      <h2>{v.t('council.admin.meetings')}</h2>
      <DataTable
        caption={v.t('council.admin.meetings')}
        captionHidden
        rows={p.meetings}
        empty={v.t('council.admin.noMeetings')}
        columns={[
          {
            label: v.t('council.when'),
            rowHeader: true,
            cell: (m) => (
              <a href={v.href(meetingPath(office, m.id))} aria-label={v.t('council.openAt', { when: when(v, m) })}>
                {when(v, m)}
              </a>
            ),
          },
          { label: v.t('council.place'), cell: (m) => v.tx(m.place) },
          { label: v.t('council.agenda'), cell: (m) => v.t('council.items', { n: m.items }) },
          { label: v.t('council.status'), cell: (m) => status(m) },
        ]}
      />
      {p.canManage ? (
        <section aria-labelledby="schedule">
          <h2 id="schedule">{v.t('council.schedule')}</h2>
          <Form v={v} action={v.href(`${adminPath(office)}/sednice`)} errors={p.meetingErrors} novalidate>
            <Field
              v={v}
              name="date"
              type="date"
              label={v.t('council.date')}
              value={p.meetingValues?.date}
              errors={p.meetingErrors}
              required
            />
            <Field
              v={v}
              name="time"
              type="time"
              label={v.t('council.time')}
              value={p.meetingValues?.time ?? '17:00'}
              errors={p.meetingErrors}
              required
            />
            <Field
              v={v}
              name="end_time"
              type="time"
              label={v.t('council.endTime')}
              hint={v.t('council.endTime.hint')}
              value={p.meetingValues?.end_time}
              errors={p.meetingErrors}
            />
            <Field
              v={v}
              name="place"
              label={v.t('council.place')}
              value={p.meetingValues?.place}
              errors={p.meetingErrors}
              maxlength={300}
              required
            />
            <Field
              v={v}
              name="agenda"
              label={v.t('council.agenda')}
              hint={v.t('council.agenda.hint')}
              value={p.meetingValues?.agenda}
              errors={p.meetingErrors}
              multiline
              rows={5}
              maxlength={5000}
            />
            <button type="submit">{v.t('council.schedule.button')}</button>
          </Form>
        </section>
      ) : null}
    </Page>
  );
}

export function MemberPage(p: {
  v: View;
  office: Office;
  member: Member;
  people: ReadonlyArray<{ id: string; full_name: string; birth_year: number }>;
  values?: FormValues | undefined;
  errors?: FormErrors | undefined;
}) {
  const { v, office, member } = p;
  const title = v.t('council.member.title', { name: v.tx(member.full_name) });
  const values: FormValues = p.values ?? {
    person_id: member.person_id ?? '',
    full_name: member.full_name,
    role: member.role,
    organisation: member.organisation,
    birth_year: String(member.birth_year),
    email: member.email,
    term_from: member.term_from,
    term_to: member.term_to ?? '',
  };
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} back={{ href: adminPath(office), label: v.t('council.admin.title') }} />
      <h1>{title}</h1>
      <Form v={v} action={v.href(memberPath(office, member.id))} errors={p.errors} novalidate>
        <MemberFields v={v} values={values} errors={p.errors} people={p.people} />
        <button type="submit">{v.t('council.member.save')}</button>
      </Form>
      <ConfirmForm
        v={v}
        action={v.href(`${memberPath(office, member.id)}/ukloni`)}
        label={v.t('council.member.remove')}
        question={v.t('council.member.removeQuestion')}
      />
    </Page>
  );
}

// ── Staff: a meeting ───────────────────────────────────────────────────────

export function MeetingPage(p: {
  v: View;
  office: Office;
  meeting: Meeting;
  agenda: readonly AgendaItem[];
  attendees: readonly Attendee[];
  decisions: readonly Decision[];
  /** The current plan's items a decision can name (none without a plan). */
  planItems: readonly PlanItemChoice[];
  quorum: ReturnType<typeof quorumOf>;
  canManage: boolean;
  canKeepMinutes: boolean;
  begun: boolean;
  ahead: boolean;
  error?: string | undefined;
  minutesValues?: FormValues | undefined;
  minutesErrors?: FormErrors | undefined;
  decisionValues?: FormValues | undefined;
  decisionErrors?: FormErrors | undefined;
}) {
  const { v, office, meeting: m, quorum } = p;
  const title = v.t('council.meeting.title', { when: when(v, m) });
  const adopted = m.minutes_adopted_at !== null;
  const base = meetingPath(office, m.id);
  const attendanceOptions = ATTENDANCE.map((s) => [s, v.t(`council.attendance.${s}`)] as const);
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} back={{ href: adminPath(office), label: v.t('council.admin.title') }} />
      <h1>{title}</h1>
      {p.error ? <Problem v={v} text={p.error} /> : null}
      <dl class="facts">
        <dt>{v.t('council.when')}</dt>
        <dd>{when(v, m)}</dd>
        <dt>{v.t('council.place')}</dt>
        <dd>{v.tx(m.place)}</dd>
        <dt>{v.t('council.quorum')}</dt>
        <dd>
          {v.t('council.quorum.figure', { present: quorum.present, serving: quorum.serving, needed: quorum.needed })}{' '}
          {p.begun ? <strong>{v.t(quorum.reached ? 'council.quorum.reached' : 'council.quorum.missing')}</strong> : null}
        </dd>
      </dl>
      <h2>{v.t('council.agenda')}</h2>
      {p.agenda.length === 0 ? (
        <p class="empty">{v.t('council.agenda.none')}</p>
      ) : (
        <ol>
          {p.agenda.map((i) => (
            <li>{v.tx(i.title)}</li>
          ))}
        </ol>
      )}

      {p.canManage && p.ahead ? (
        <section aria-labelledby="invite">
          <h2 id="invite">{v.t('council.invite')}</h2>
          <p class="hint">{v.t('council.invite.hint')}</p>
          {m.invited_at ? <p>{v.t('council.invite.sentAt', { when: formatDateTime(v.locale, new Date(m.invited_at)) })}</p> : null}
          <Form v={v} action={v.href(`${base}/pozivi`)} class="inline">
            <button type="submit">{v.t(m.invited_at ? 'council.invite.again' : 'council.invite.button')}</button>
          </Form>
        </section>
      ) : null}

      <h2>{v.t('council.attendance')}</h2>
      {p.attendees.length === 0 ? (
        <p class="empty">{v.t('council.attendance.none')}</p>
      ) : !p.begun ? (
        <>
          <p class="hint">{v.t('council.attendance.later')}</p>
          <ul>
            {p.attendees.map((a) => (
              <li>
                {v.tx(a.full_name)} ({roleLabel(v, a.role)})
              </li>
            ))}
          </ul>
        </>
      ) : p.canKeepMinutes && !adopted ? (
        <Form v={v} action={v.href(`${base}/prisustvo`)} novalidate>
          {p.attendees.map((a) => (
            <RadioGroup
              v={v}
              name={`a_${a.member_id}`}
              legend={v.t('council.attendance.of', { name: `${v.tx(a.full_name)} (${roleLabel(v, a.role)})` })}
              options={attendanceOptions}
              value={a.status ?? ''}
              required
            />
          ))}
          <button type="submit">{v.t('council.attendance.save')}</button>
        </Form>
      ) : (
        <DataTable
          caption={v.t('council.attendance')}
          captionHidden
          rows={p.attendees}
          columns={[
            { label: v.t('council.name'), cell: (a) => v.tx(a.full_name), rowHeader: true },
            { label: v.t('council.role'), cell: (a) => roleLabel(v, a.role) },
            { label: v.t('council.attendance'), cell: (a) => (a.status ? v.t(`council.attendance.${a.status}`) : '—') },
          ]}
        />
      )}

      <h2>{v.t('council.decisions')}</h2>
      {p.decisions.length === 0 ? <p class="empty">{v.t('council.decisions.none')}</p> : null}
      {p.decisions.length > 0 ? (
        <ul>
          {p.decisions.map((d) => {
            const item = p.agenda.find((i) => i.id === d.item_id);
            return (
              <li>
                {item ? `${item.position}. ` : ''}
                <strong>{v.t(`council.decision.kind.${d.kind}`)}</strong>
                {d.subject_text ? ` (${v.tx(d.subject_text)})` : ''}: {v.tx(d.body)}
                <PlanItemsLine v={v} items={d.plan_items} />
              </li>
            );
          })}
        </ul>
      ) : null}
      {p.canManage && !adopted ? (
        p.agenda.length === 0 ? (
          <p class="hint">{v.t('council.decision.noItems')}</p>
        ) : (
          <section aria-labelledby="add-decision">
            <h3 id="add-decision">{v.t('council.decision.add')}</h3>
            <Form v={v} action={v.href(`${base}/odluke`)} errors={p.decisionErrors} novalidate>
              <Field
                v={v}
                name="item_id"
                label={v.t('council.decision.item')}
                value={p.decisionValues?.item_id}
                errors={p.decisionErrors}
                options={p.agenda.map((i): [string, string] => [i.id, `${i.position}. ${v.tx(i.title)}`])}
                required
              />
              <Field
                v={v}
                name="kind"
                label={v.t('council.decision.kind')}
                value={p.decisionValues?.kind ?? 'opinion'}
                errors={p.decisionErrors}
                options={DECISION_KINDS.map((k): [string, string] => [k, v.t(`council.decision.kind.${k}`)])}
                required
              />
              <Field
                v={v}
                name="subject"
                label={v.t('council.decision.subject')}
                hint={v.t('council.decision.subject.hint')}
                value={p.decisionValues?.subject}
                errors={p.decisionErrors}
                maxlength={300}
              />
              {p.planItems.length > 0 ? (
                <CheckGroup
                  v={v}
                  name="plan_items"
                  legend={v.t('council.decision.planItems')}
                  hint={v.t('council.decision.planItems.hint')}
                  options={p.planItems.map((i): [string, string] => [planItemValue(i), planItemText(v, i)])}
                  value={p.decisionValues?.plan_items}
                  errors={p.decisionErrors}
                />
              ) : null}
              <Field
                v={v}
                name="body"
                label={v.t('council.decision.body')}
                value={p.decisionValues?.body}
                errors={p.decisionErrors}
                multiline
                rows={4}
                maxlength={10000}
                required
              />
              <button type="submit">{v.t('council.decision.button')}</button>
            </Form>
          </section>
        )
      ) : null}

      <h2>{v.t('council.minutes')}</h2>
      {adopted ? (
        <>
          <p>
            <strong>{v.t('council.minutes.adopted', { date: formatDateTime(v.locale, new Date(m.minutes_adopted_at!)) })}</strong>
          </p>
          <Paragraphs v={v} text={m.minutes} />
        </>
      ) : p.canKeepMinutes ? (
        <>
          <Form v={v} action={v.href(`${base}/zapisnik`)} errors={p.minutesErrors} novalidate>
            <Field
              v={v}
              name="minutes"
              label={v.t('council.minutes')}
              hint={v.t('council.minutes.hint')}
              value={p.minutesValues?.minutes ?? m.minutes}
              errors={p.minutesErrors}
              multiline
              rows={10}
              maxlength={50000}
            />
            <button type="submit">{v.t('council.minutes.save')}</button>
          </Form>
          {p.canManage && m.minutes.trim() !== '' && p.begun ? (
            <ConfirmForm
              v={v}
              action={v.href(`${base}/usvajanje`)}
              label={v.t('council.minutes.adopt')}
              question={v.t('council.minutes.adoptQuestion')}
            />
          ) : null}
        </>
      ) : m.minutes ? (
        <Paragraphs v={v} text={m.minutes} />
      ) : (
        <p class="empty">{v.t('council.minutes.empty')}</p>
      )}
    </Page>
  );
}
