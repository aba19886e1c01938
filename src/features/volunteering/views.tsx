import { LAP_AREAS } from '../../core/domain.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import type { MessageKey } from '../../core/i18n/messages.ts';
import { OfficeAdminCrumbs } from '../../core/views/crumbs.tsx';
import { Check, CheckGroup, Field, Form, isOn } from '../../core/views/forms.tsx';
import { formatDate, formatDateTime } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import { formatDays, formatHours } from '../certificates/format.ts';
import type { VerifiedPaper } from '../certificates/views.tsx';
import type { Application, ApplicationRow, HoursEntry, MyApplication, VolCertificate, VolOpportunity } from './repo.ts';
import { MAX_HOURS_A_DAY, MIN_EDUCATIONAL_AGE, MIN_VOLUNTEER_AGE } from './rules.ts';
import { BENEFICIARIES, SKILLS } from './schema.ts';

type Office = Pick<OfficeRef, 'slug' | 'name'>;

/** Addresses of volunteering (without the locale; views add it with v.href). */
export const volPath = (o: Office) => `/kancelarije/${o.slug}/volontiranje`;
export const volOppPath = (o: Office, id: string) => `${volPath(o)}/${id}`;
export const volAppPath = (o: Office, id: string) => `${volPath(o)}/prijave/${id}`;
export const MY_VOLUNTEERING_PATH = '/moj-nalog/volontiranje';
export const volAdminPath = (o: Office) => `/admin/kancelarije/${o.slug}/volontiranje`;
export const volAdminOppPath = (o: Office, id: string) => `${volAdminPath(o)}/${id}`;

const skillLabel = (v: View, s: string) => (s ? v.t(`volunteering.skill.${s}` as MessageKey) : v.t('volunteering.skill.none'));
const beneficiaryLabel = (v: View, s: string) => v.t(`volunteering.beneficiary.${s}` as MessageKey);
const reasonLabel = (v: View, s: string) => v.t(`volunteering.reason.${s}` as MessageKey);
const hoursText = (v: View, h: string | number) => v.t('volunteering.hours.n', { n: Number(h), hours: formatHours(v.locale, h) });
const period = (v: View, o: Pick<VolOpportunity, 'starts_on' | 'ends_on'>) =>
  o.ends_on ? formatDays(v.locale, o.starts_on, o.ends_on) : v.t('volunteering.from', { date: formatDate(v.locale, o.starts_on) });
const organiserName = (v: View, office: Office, o: Pick<VolOpportunity, 'association_name'>) => v.tx(o.association_name ?? office.name);

function Facts({ rows }: { rows: Array<[string, string]> }) {
  return (
    <dl class="facts">
      {rows.map(([k, val]) => (
        <>
          <dt>{k}</dt>
          <dd>{val}</dd>
        </>
      ))}
    </dl>
  );
}

/** A refusal not tied to a field of a form on the page (the form is not shown, or the action has none). */
function Alert({ v, errors }: { v: View; errors?: FormErrors | undefined }) {
  return errors?._form ? (
    <div class="error-summary" role="alert" tabindex={-1} id="errors">
      <p>{v.t('form.errors')}</p>
      <ul>
        <li>{errors._form}</li>
      </ul>
    </div>
  ) : null;
}

const fieldErrors = (errors?: FormErrors) => {
  if (!errors) return undefined;
  const { _form, ...rest } = errors;
  void _form;
  return Object.keys(rest).length ? rest : undefined;
};

// ── Public ──────────────────────────────────────────────────────────────────

export function VolunteeringListPage({
  v,
  office,
  rows,
  canOrganise,
}: {
  v: View;
  office: Office;
  rows: VolOpportunity[];
  canOrganise: boolean;
}) {
  const title = v.t('volunteering.title', { office: v.tx(office.name) });
  return (
    <Page v={v} title={title}>
      <h1>{title}</h1>
      <p>{v.t('volunteering.intro')}</p>
      <p>
        <a href={v.href(MY_VOLUNTEERING_PATH)}>{v.t('volunteering.my.title')}</a>
        {canOrganise ? (
          <>
            {' · '}
            <a href={v.href(volAdminPath(office))}>{v.t('volunteering.admin.title')}</a>
          </>
        ) : null}
      </p>
      <DataTable
        caption={v.t('volunteering.list.caption')}
        rows={rows}
        empty={v.t('volunteering.none')}
        found={(n) => v.t('volunteering.found', { n })}
        columns={[
          {
            label: v.t('volunteering.col.title'),
            rowHeader: true,
            cell: (o) => <a href={v.href(volOppPath(office, o.id))}>{v.tx(o.title)}</a>,
          },
          { label: v.t('volunteering.col.organiser'), cell: (o) => organiserName(v, office, o) },
          { label: v.t('volunteering.col.period'), cell: (o) => period(v, o) },
          { label: v.t('volunteering.col.hoursPerWeek'), numeric: true, cell: (o) => formatHours(v.locale, o.hours_per_week) },
          { label: v.t('volunteering.col.minAge'), numeric: true, cell: (o) => String(o.min_age) },
        ]}
      />
    </Page>
  );
}

export const opportunityFacts = (v: View, office: Office, o: VolOpportunity): Array<[string, string]> => [
  [v.t('volunteering.facts.organiser'), organiserName(v, office, o)],
  [v.t('volunteering.facts.place'), v.tx(o.place)],
  [v.t('volunteering.facts.period'), period(v, o)],
  [v.t('volunteering.facts.hoursPerWeek'), hoursText(v, o.hours_per_week)],
  [
    v.t('volunteering.facts.minAge'),
    v.t(o.educational ? 'volunteering.facts.minAgeEdu' : 'volunteering.facts.minAgeText', { n: o.min_age }),
  ],
  [v.t('volunteering.facts.skills'), o.skills.length ? o.skills.map((s) => skillLabel(v, s)).join(', ') : '—'],
  [v.t('volunteering.facts.beneficiaries'), o.beneficiaries.length ? o.beneficiaries.map((s) => beneficiaryLabel(v, s)).join(', ') : '—'],
  ...(o.training ? [[v.t('volunteering.facts.training'), v.tx(o.training)] as [string, string]] : []),
  ...(o.area ? [[v.t('volunteering.facts.area'), v.t(`lap.${o.area}` as MessageKey)] as [string, string]] : []),
];

export function VolOpportunityPage(p: {
  v: View;
  office: Office;
  o: VolOpportunity;
  open: boolean;
  mine: Application | undefined;
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, o } = p;
  return (
    <Page v={v} title={v.tx(o.title)}>
      <p class="crumbs">
        <a href={v.href(volPath(office))}>{v.t('volunteering.title', { office: v.tx(office.name) })}</a>
      </p>
      <h1>{v.tx(o.title)}</h1>
      <Facts rows={opportunityFacts(v, office, o)} />
      <h2>{v.t('volunteering.facts.tasks')}</h2>
      {o.tasks.split(/\n{2,}/).map((para) => (
        <p>{v.tx(para)}</p>
      ))}
      <h2 id="apply">{v.t('volunteering.apply.title')}</h2>
      <p>{v.t('volunteering.apply.rules')}</p>
      {p.mine || !p.open || !v.actor ? <Alert v={v} errors={p.errors} /> : null}
      {p.mine ? (
        <p class="status" role="status">
          {v.t(`volunteering.status.${p.mine.status}` as MessageKey)} ·{' '}
          <a href={v.href(volAppPath(office, p.mine.id))}>{v.t('volunteering.apply.open')}</a>
        </p>
      ) : !p.open ? (
        <p>{v.t('volunteering.closed')}</p>
      ) : !v.actor ? (
        <p>
          <a href={v.href(`/nalog/prijava?next=${encodeURIComponent(v.href(volOppPath(office, o.id)))}`)}>
            {v.t('volunteering.apply.login')}
          </a>
        </p>
      ) : (
        <ApplyForm v={v} office={office} o={o} values={p.values} errors={p.errors} />
      )}
    </Page>
  );
}

function ApplyForm({
  v,
  office,
  o,
  values,
  errors,
}: {
  v: View;
  office: Office;
  o: VolOpportunity;
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  return (
    <Form v={v} action={v.href(`${volOppPath(office, o.id)}/prijava`)} errors={errors}>
      <Field
        v={v}
        name="motivation"
        label={v.t('volunteering.field.motivation')}
        multiline
        rows={4}
        maxlength={2000}
        value={values.motivation}
        errors={errors}
      />
      <Check v={v} name="foreigner" label={v.t('volunteering.field.foreigner')} checked={isOn(values.foreigner)} errors={errors} />
      <Check
        v={v}
        name="contract_requested"
        label={v.t('volunteering.field.contractRequested')}
        hint={v.t('volunteering.field.contractRequested.hint')}
        checked={isOn(values.contract_requested)}
        errors={errors}
      />
      <fieldset>
        <legend>{v.t('volunteering.consent.legend')}</legend>
        <p class="hint">{v.t('volunteering.consent.hint')}</p>
        <Field
          v={v}
          name="consent_parent"
          label={v.t('volunteering.field.consentParent')}
          maxlength={120}
          value={values.consent_parent}
          errors={errors}
        />
        <Field
          v={v}
          name="consent_signed_on"
          type="date"
          label={v.t('volunteering.field.consentSignedOn')}
          value={values.consent_signed_on}
          errors={errors}
        />
        <Field
          v={v}
          name="consent_document"
          label={v.t('volunteering.field.consentDocument')}
          hint={v.t('volunteering.field.consentDocument.hint')}
          maxlength={300}
          value={values.consent_document}
          errors={errors}
        />
      </fieldset>
      <button type="submit">{v.t('volunteering.apply.submit')}</button>
    </Form>
  );
}

// ── The volunteer ───────────────────────────────────────────────────────────

export function MyVolunteeringPage({
  v,
  apps,
  profile,
}: {
  v: View;
  apps: MyApplication[];
  profile: Array<{ year: number; skill: string; hours: string }>;
}) {
  const title = v.t('volunteering.my.title');
  return (
    <Page v={v} title={title}>
      <h1>{title}</h1>
      <h2>{v.t('volunteering.my.profile')}</h2>
      <DataTable
        caption={v.t('volunteering.my.profile.caption')}
        rows={profile}
        empty={v.t('volunteering.my.profile.none')}
        columns={[
          { label: v.t('volunteering.col.year'), rowHeader: true, cell: (r) => String(r.year) },
          { label: v.t('volunteering.col.skill'), cell: (r) => skillLabel(v, r.skill) },
          { label: v.t('volunteering.col.confirmed'), numeric: true, cell: (r) => formatHours(v.locale, r.hours) },
        ]}
      />
      <h2>{v.t('volunteering.my.applications')}</h2>
      <DataTable
        caption={v.t('volunteering.my.applications')}
        captionHidden
        rows={apps}
        empty={v.t('volunteering.my.none')}
        columns={[
          {
            label: v.t('volunteering.col.title'),
            rowHeader: true,
            cell: (a) => <a href={v.href(volAppPath({ slug: a.office_slug, name: a.office_name }, a.id))}>{v.tx(a.title)}</a>,
          },
          { label: v.t('volunteering.col.office'), cell: (a) => v.tx(a.office_name) },
          { label: v.t('volunteering.col.status'), cell: (a) => v.t(`volunteering.status.${a.status}` as MessageKey) },
          { label: v.t('volunteering.col.confirmed'), numeric: true, cell: (a) => formatHours(v.locale, a.confirmed_hours) },
        ]}
      />
    </Page>
  );
}

export function ApplicationPage(p: {
  v: View;
  office: Office;
  a: Application;
  o: VolOpportunity;
  hours: HoursEntry[];
  cert: VolCertificate | undefined;
  openCheckin: Date | null;
  owner: boolean;
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, a, o, values, errors } = p;
  const base = volAppPath(office, a.id);
  const title = v.t('volunteering.app.title', { title: v.tx(o.title) });
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href(MY_VOLUNTEERING_PATH)}>{v.t('volunteering.my.title')}</a> ·{' '}
        <a href={v.href(volOppPath(office, o.id))}>{v.tx(o.title)}</a>
      </p>
      <h1>{title}</h1>
      <Alert v={v} errors={errors} />
      <Facts
        rows={[
          [v.t('volunteering.facts.volunteer'), v.tx(a.full_name)],
          [v.t('volunteering.col.status'), v.t(`volunteering.status.${a.status}` as MessageKey)],
          ...(a.status === 'declined' ? [[v.t('volunteering.facts.declineReason'), v.tx(a.decline_reason)] as [string, string]] : []),
          [
            v.t('volunteering.facts.contract'),
            a.contract_reasons.length
              ? a.contract_reasons.map((r) => reasonLabel(v, r)).join('; ')
              : v.t('volunteering.contract.notRequired'),
          ],
          ...(a.long_term_at ? [[v.t('volunteering.facts.longTermAt'), formatDateTime(v.locale, a.long_term_at)] as [string, string]] : []),
        ]}
      />
      <ul>
        {a.contract_reasons.length ? (
          <li>
            <a href={v.href(`${base}/ugovor.pdf`)}>{v.t('volunteering.contract.download')}</a>
          </li>
        ) : null}
        {p.cert ? (
          <li>
            <a href={v.href(`${base}/potvrda.pdf`)}>{v.t('volunteering.cert.download')}</a> ({p.cert.code})
          </li>
        ) : null}
        {p.owner && (a.contract_reasons.length || p.cert) ? (
          <li>
            <a href={v.href(`${base}/jmbg`)}>{v.t('volunteering.identity.link')}</a>
          </li>
        ) : null}
      </ul>
      {p.owner && a.status === 'accepted' ? (
        <>
          <h2>{v.t('volunteering.checkin.title')}</h2>
          {p.openCheckin ? (
            <Form v={v} action={v.href(`${base}/odlazak`)}>
              <p>{v.t('volunteering.checkin.since', { time: formatDateTime(v.locale, p.openCheckin) })}</p>
              <Field v={v} name="description" label={v.t('volunteering.field.description')} maxlength={1000} value="" />
              <button type="submit">{v.t('volunteering.checkout.submit')}</button>
            </Form>
          ) : (
            <Form v={v} action={v.href(`${base}/dolazak`)}>
              <button type="submit">{v.t('volunteering.checkin.submit')}</button>
            </Form>
          )}
          <h2 id="log">{v.t('volunteering.log.title')}</h2>
          <Form v={v} action={v.href(`${base}/sati`)} errors={fieldErrors(errors)}>
            <Field v={v} name="day" type="date" required label={v.t('volunteering.field.day')} value={values.day} errors={errors} />
            <Field
              v={v}
              name="hours"
              required
              type="number"
              step="0.25"
              min="0.25"
              max="24"
              label={v.t('volunteering.field.hours')}
              hint={v.t('volunteering.field.hours.hint', { max: MAX_HOURS_A_DAY })}
              value={values.hours}
              errors={errors}
            />
            <Field
              v={v}
              name="description"
              required
              multiline
              rows={3}
              maxlength={1000}
              label={v.t('volunteering.field.description')}
              value={values.description}
              errors={errors}
            />
            <button type="submit">{v.t('volunteering.log.submit')}</button>
          </Form>
        </>
      ) : null}
      <h2>{v.t('volunteering.hours.title')}</h2>
      <HoursTable v={v} rows={p.hours} />
    </Page>
  );
}

function HoursTable({ v, rows, pick }: { v: View; rows: HoursEntry[]; pick?: boolean }) {
  return (
    <DataTable
      caption={v.t('volunteering.hours.title')}
      captionHidden
      rows={rows}
      empty={v.t('volunteering.hours.none')}
      columns={[
        pick && {
          label: v.t('volunteering.col.pick'),
          cell: (h: HoursEntry) =>
            h.status === 'logged' ? (
              <input
                type="checkbox"
                name="ids"
                value={h.id}
                id={`h-${h.id}`}
                checked
                aria-label={v.t('volunteering.pick', { name: v.tx(h.full_name), day: formatDate(v.locale, h.day) })}
              />
            ) : (
              ''
            ),
        },
        { label: v.t('volunteering.col.day'), rowHeader: true, cell: (h: HoursEntry) => formatDate(v.locale, h.day) },
        pick && { label: v.t('volunteering.facts.volunteer'), cell: (h: HoursEntry) => v.tx(h.full_name) },
        { label: v.t('volunteering.col.hours'), numeric: true, cell: (h: HoursEntry) => (h.hours ? formatHours(v.locale, h.hours) : '…') },
        { label: v.t('volunteering.col.what'), cell: (h: HoursEntry) => v.tx(h.description) },
        {
          label: v.t('volunteering.col.status'),
          cell: (h: HoursEntry) =>
            v.t(`volunteering.hours.status.${h.status}` as MessageKey) + (h.status === 'disputed' ? `: ${v.tx(h.dispute_reason)}` : ''),
        },
      ]}
    />
  );
}

export function IdentityPage(p: {
  v: View;
  office: Office;
  a: Application;
  noPerson: boolean;
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, a, values, errors } = p;
  const title = v.t('volunteering.identity.title');
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href(volAppPath(office, a.id))}>{v.t('volunteering.app.back')}</a>
      </p>
      <h1>{title}</h1>
      <p>{v.t('volunteering.identity.why')}</p>
      {p.noPerson ? (
        <p>
          {v.t('volunteering.identity.noPerson')}{' '}
          <a href={v.href(`/kancelarije/${office.slug}/pridruzi-se`)}>{v.t('volunteering.identity.join')}</a>
        </p>
      ) : (
        <Form v={v} action={v.href(`${volAppPath(office, a.id)}/jmbg`)} errors={errors}>
          <Field
            v={v}
            name="jmbg"
            required
            inputmode="numeric"
            maxlength={15}
            autocomplete="off"
            label={v.t('volunteering.field.jmbg')}
            hint={v.t('volunteering.field.jmbg.hint')}
            value={values.jmbg}
            errors={errors}
          />
          <Field
            v={v}
            name="address"
            required
            maxlength={300}
            label={v.t('volunteering.field.address')}
            value={values.address}
            errors={errors}
          />
          <Field
            v={v}
            name="citizenship"
            required
            maxlength={100}
            label={v.t('volunteering.field.citizenship')}
            value={values.citizenship}
            errors={errors}
          />
          <button type="submit">{v.t('volunteering.identity.submit')}</button>
        </Form>
      )}
    </Page>
  );
}

/** The verification page's facts of a volunteering certificate (no JMBG: only what the paper proves). */
export const verifiedVolCertificate = (v: View, cert: VolCertificate): VerifiedPaper => ({
  revoked_at: cert.revoked_at,
  facts: [
    [v.t('volunteering.paper.volunteer'), v.tx(cert.full_name)],
    [v.t('volunteering.paper.organiser'), v.tx(cert.organiser)],
    [v.t('volunteering.paper.programme'), v.tx(cert.title)],
    [v.t('volunteering.paper.period'), formatDays(v.locale, cert.first_day, cert.last_day)],
    [v.t('volunteering.paper.hours'), hoursText(v, cert.hours)],
    [v.t('cert.verify.code'), cert.code],
    [v.t('cert.verify.issued'), formatDateTime(v.locale, cert.issued_at)],
  ],
});

// ── The organiser ───────────────────────────────────────────────────────────

export function OrganiserPage(p: {
  v: View;
  office: Office;
  rows: Array<VolOpportunity & { pending: number; accepted: number; unconfirmed: number }>;
  year: number;
}) {
  const { v, office } = p;
  const title = v.t('volunteering.admin.title');
  const base = volAdminPath(office);
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs v={v} office={office} />
      <h1>{title}</h1>
      <p>
        <a href={v.href(`${base}/nova`)}>{v.t('volunteering.new')}</a> · <a href={v.href(volPath(office))}>{v.t('volunteering.public')}</a>
      </p>
      <DataTable
        caption={title}
        captionHidden
        rows={p.rows}
        empty={v.t('volunteering.admin.none')}
        columns={[
          {
            label: v.t('volunteering.col.title'),
            rowHeader: true,
            cell: (o) => <a href={v.href(volAdminOppPath(office, o.id))}>{v.tx(o.title)}</a>,
          },
          { label: v.t('volunteering.col.organiser'), cell: (o) => organiserName(v, office, o) },
          { label: v.t('volunteering.col.period'), cell: (o) => period(v, o) },
          { label: v.t('volunteering.col.pending'), numeric: true, cell: (o) => String(o.pending) },
          { label: v.t('volunteering.col.accepted'), numeric: true, cell: (o) => String(o.accepted) },
          { label: v.t('volunteering.col.unconfirmed'), numeric: true, cell: (o) => String(o.unconfirmed) },
        ]}
      />
      <h2>{v.t('volunteering.records.title')}</h2>
      <p>{v.t('volunteering.records.law')}</p>
      <ul>
        <li>
          <a href={v.href(`${base}/evidencija.xlsx`)}>{v.t('volunteering.records.xlsx')}</a>
        </li>
        <li>
          <a href={v.href(`${base}/evidencija.pdf`)}>{v.t('volunteering.records.pdf')}</a>
        </li>
      </ul>
      <h2>{v.t('volunteering.report.title', { year: p.year })}</h2>
      <p>{v.t('volunteering.report.law', { next: p.year + 1 })}</p>
      <ul>
        <li>
          <a href={v.href(`${base}/izvestaj.xlsx?godina=${p.year}`)}>{v.t('volunteering.records.xlsx')}</a>
        </li>
        <li>
          <a href={v.href(`${base}/izvestaj.pdf?godina=${p.year}`)}>{v.t('volunteering.records.pdf')}</a>
        </li>
      </ul>
    </Page>
  );
}

export const NEW_OPPORTUNITY_VALUES: FormValues = { min_age: String(MIN_VOLUNTEER_AGE), hours_per_week: '4' };

/** The edit form's values: the place as stored. */
export const opportunityValues = (o: VolOpportunity): FormValues => ({
  title: o.title,
  tasks: o.tasks,
  place: o.place,
  starts_on: o.starts_on,
  ends_on: o.ends_on ?? '',
  hours_per_week: String(Number(o.hours_per_week)),
  min_age: String(o.min_age),
  educational: o.educational ? 'on' : '',
  skills: o.skills.join(','),
  beneficiaries: o.beneficiaries.join(','),
  abroad: o.abroad ? 'on' : '',
  training: o.training,
  costs: o.costs,
  area: o.area ?? '',
});

/** A new place's form, or (with `edit`) the organiser's edit of one: the same fields but who organises it. */
export function NewVolOpportunityPage(p: {
  v: View;
  office: Office;
  associations: Array<{ id: string; name: string }>;
  staff: boolean;
  values: FormValues;
  errors?: FormErrors | undefined;
  /** Editing this place; `locked`: it has applications (the age and contract fields are fixed). */
  edit?: { o: VolOpportunity; locked: boolean } | undefined;
}) {
  const { v, office, values, errors, edit } = p;
  const title = edit ? v.t('volunteering.edit') : v.t('volunteering.new');
  const orgs: Array<[string, string]> = [
    ...(p.staff ? [['', v.tx(office.name)] as [string, string]] : []),
    ...p.associations.map((a) => [a.id, v.tx(a.name)] as [string, string]),
  ];
  return (
    <Page v={v} title={title}>
      <OfficeAdminCrumbs
        v={v}
        office={office}
        back={
          edit
            ? { href: volAdminOppPath(office, edit.o.id), label: v.tx(edit.o.title) }
            : { href: volAdminPath(office), label: v.t('volunteering.admin.title') }
        }
      />
      <h1>{title}</h1>
      <Form v={v} action={v.href(edit ? `${volAdminOppPath(office, edit.o.id)}/uredi` : volAdminPath(office))} errors={errors}>
        {edit ? (
          <p>{v.t('volunteering.edit.organiser', { name: organiserName(v, office, edit.o) })}</p>
        ) : (
          <Field
            v={v}
            name="association_id"
            label={v.t('volunteering.field.organiser')}
            required={!p.staff}
            options={orgs}
            value={values.association_id}
            errors={errors}
          />
        )}
        {edit?.locked ? <p class="hint">{v.t('volunteering.edit.locked')}</p> : null}
        <Field v={v} name="title" required maxlength={200} label={v.t('volunteering.field.title')} value={values.title} errors={errors} />
        <Field
          v={v}
          name="tasks"
          required
          multiline
          rows={5}
          maxlength={5000}
          label={v.t('volunteering.field.tasks')}
          value={values.tasks}
          errors={errors}
        />
        <Field v={v} name="place" required maxlength={300} label={v.t('volunteering.field.place')} value={values.place} errors={errors} />
        <Field
          v={v}
          name="starts_on"
          type="date"
          required
          label={v.t('volunteering.field.startsOn')}
          value={values.starts_on}
          errors={errors}
        />
        <Field
          v={v}
          name="ends_on"
          type="date"
          label={v.t('volunteering.field.endsOn')}
          hint={v.t('volunteering.field.endsOn.hint')}
          value={values.ends_on}
          errors={errors}
        />
        <Field
          v={v}
          name="hours_per_week"
          required
          inputmode="decimal"
          label={v.t('volunteering.field.hoursPerWeek')}
          hint={v.t('volunteering.field.hoursPerWeek.hint')}
          value={values.hours_per_week}
          errors={errors}
        />
        <Field
          v={v}
          name="min_age"
          required
          inputmode="numeric"
          label={v.t('volunteering.field.minAge')}
          hint={v.t('volunteering.field.minAge.hint', { min: MIN_VOLUNTEER_AGE, edu: MIN_EDUCATIONAL_AGE })}
          value={values.min_age}
          errors={errors}
        />
        <Check v={v} name="educational" label={v.t('volunteering.field.educational')} checked={isOn(values.educational)} errors={errors} />
        <CheckGroup
          v={v}
          name="skills"
          legend={v.t('volunteering.field.skills')}
          options={SKILLS.map((s) => [s, skillLabel(v, s)] as const)}
          value={values.skills}
          errors={errors}
        />
        <CheckGroup
          v={v}
          name="beneficiaries"
          legend={v.t('volunteering.field.beneficiaries')}
          hint={v.t('volunteering.field.beneficiaries.hint')}
          options={BENEFICIARIES.map((s) => [s, beneficiaryLabel(v, s)] as const)}
          value={values.beneficiaries}
          errors={errors}
        />
        <Check v={v} name="abroad" label={v.t('volunteering.field.abroad')} checked={isOn(values.abroad)} errors={errors} />
        <Field
          v={v}
          name="training"
          multiline
          rows={3}
          maxlength={2000}
          label={v.t('volunteering.field.training')}
          value={values.training}
          errors={errors}
        />
        <Field
          v={v}
          name="costs"
          multiline
          rows={3}
          maxlength={2000}
          label={v.t('volunteering.field.costs')}
          value={values.costs}
          errors={errors}
        />
        <Field
          v={v}
          name="area"
          label={v.t('volunteering.field.area')}
          options={[['', '—'], ...LAP_AREAS.map((a) => [a, v.t(`lap.${a}` as MessageKey)] as [string, string])]}
          value={values.area}
          errors={errors}
        />
        <button type="submit">{edit ? v.t('volunteering.edit.save') : v.t('volunteering.publish')}</button>
      </Form>
    </Page>
  );
}

export function ManagePage(p: {
  v: View;
  office: Office;
  o: VolOpportunity;
  apps: ApplicationRow[];
  hours: HoursEntry[];
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, o, errors } = p;
  const base = volAdminOppPath(office, o.id);
  return (
    <Page v={v} title={v.tx(o.title)}>
      <OfficeAdminCrumbs v={v} office={office} back={{ href: volAdminPath(office), label: v.t('volunteering.admin.title') }} />
      <h1>{v.tx(o.title)}</h1>
      <Alert v={v} errors={errors} />
      <Facts rows={opportunityFacts(v, office, o)} />
      <h2>{v.t('volunteering.manage')}</h2>
      <p>
        <a href={v.href(`${base}/uredi`)}>{v.t('volunteering.edit')}</a>
      </p>
      {o.closed ? <p>{v.t('volunteering.isClosed')}</p> : null}
      <Form v={v} action={v.href(`${base}/prijem`)}>
        <input type="hidden" name="action" value={o.closed ? 'reopen' : 'close'} />
        {o.closed ? null : (
          <p class="hint">{v.t('volunteering.close.hint', { pending: p.apps.filter((a) => a.status === 'pending').length })}</p>
        )}
        <button type="submit">{o.closed ? v.t('volunteering.reopen') : v.t('volunteering.close')}</button>
      </Form>
      <h2>{v.t('volunteering.admin.applications')}</h2>
      <DataTable
        caption={v.t('volunteering.admin.applications')}
        captionHidden
        rows={p.apps}
        empty={v.t('volunteering.admin.noApplications')}
        columns={[
          {
            label: v.t('volunteering.facts.volunteer'),
            rowHeader: true,
            cell: (a) => <a href={v.href(volAppPath(office, a.id))}>{v.tx(a.full_name)}</a>,
          },
          {
            label: v.t('volunteering.col.status'),
            cell: (a) =>
              v.t(`volunteering.status.${a.status}` as MessageKey) +
              (a.minor
                ? ` · ${v.t('volunteering.minorConsent', { parent: v.tx(a.consent_parent), date: a.consent_signed_on ? formatDate(v.locale, a.consent_signed_on) : '' })}`
                : ''),
          },
          {
            label: v.t('volunteering.facts.contract'),
            cell: (a) => (a.contract_reasons.length ? a.contract_reasons.map((r) => reasonLabel(v, r)).join('; ') : '—'),
          },
          { label: v.t('volunteering.col.confirmed'), numeric: true, cell: (a) => formatHours(v.locale, a.confirmed_hours) },
          {
            label: v.t('volunteering.col.actions'),
            actions: true,
            cell: (a) =>
              a.status === 'pending' ? (
                <>
                  <Form v={v} action={v.href(`${base}/prijave/${a.id}/prihvati`)} class="inline">
                    <button type="submit" aria-label={v.t('volunteering.accept.aria', { name: v.tx(a.full_name) })}>
                      {v.t('volunteering.accept')}
                    </button>
                  </Form>
                  <details>
                    <summary aria-label={v.t('volunteering.decline.aria', { name: v.tx(a.full_name) })}>
                      {v.t('volunteering.decline')}
                    </summary>
                    <Form v={v} action={v.href(`${base}/prijave/${a.id}/odbij`)}>
                      <Field v={v} name="reason" required maxlength={500} label={v.t('volunteering.field.declineReason')} value="" />
                      <button type="submit">{v.t('volunteering.decline')}</button>
                    </Form>
                  </details>
                </>
              ) : a.status === 'accepted' && a.certificate_code ? (
                <>
                  <a href={v.href(`${volAppPath(office, a.id)}/potvrda.pdf`)}>{v.t('volunteering.cert.download')}</a>
                  <details>
                    <summary aria-label={v.t('volunteering.cert.revoke.aria', { name: v.tx(a.full_name) })}>
                      {v.t('volunteering.cert.revoke')}
                    </summary>
                    <Form v={v} action={v.href(`${base}/prijave/${a.id}/opoziv`)}>
                      <p class="hint">{v.t('volunteering.cert.revoke.hint')}</p>
                      <div class="field">
                        <label for={`revoke-${a.id}`}>{v.t('volunteering.field.revokeReason')}</label>
                        <input id={`revoke-${a.id}`} name="reason" required maxlength={500} />
                      </div>
                      <button type="submit">{v.t('volunteering.cert.revoke')}</button>
                    </Form>
                  </details>
                </>
              ) : a.status === 'accepted' && Number(a.confirmed_hours) > 0 ? (
                <Form v={v} action={v.href(`${base}/prijave/${a.id}/potvrda`)} class="inline">
                  <button type="submit" aria-label={v.t('volunteering.cert.issue.aria', { name: v.tx(a.full_name) })}>
                    {v.t('volunteering.cert.issue')}
                  </button>
                </Form>
              ) : (
                ''
              ),
          },
        ]}
      />
      <h2 id="hours">{v.t('volunteering.admin.hours')}</h2>
      <Form v={v} action={v.href(`${base}/sati`)} errors={fieldErrors(errors)}>
        <HoursTable v={v} rows={p.hours} pick />
        {p.hours.some((h) => h.status === 'logged') ? (
          <>
            <fieldset>
              <legend>{v.t('volunteering.bulk.legend')}</legend>
              <div class="field check">
                <input type="radio" id="f-decision" name="decision" value="confirm" checked={p.values.decision !== 'dispute'} />
                <label for="f-decision">{v.t('volunteering.bulk.confirm')}</label>
              </div>
              <div class="field check">
                <input type="radio" id="f-decision-dispute" name="decision" value="dispute" checked={p.values.decision === 'dispute'} />
                <label for="f-decision-dispute">{v.t('volunteering.bulk.dispute')}</label>
              </div>
            </fieldset>
            <Field
              v={v}
              name="reason"
              maxlength={500}
              label={v.t('volunteering.field.disputeReason')}
              hint={v.t('volunteering.field.disputeReason.hint')}
              value={p.values.reason}
              errors={errors}
            />
            {errors?.ids ? (
              <p class="error" id="f-ids">
                {errors.ids}
              </p>
            ) : null}
            <button type="submit">{v.t('volunteering.bulk.submit')}</button>
          </>
        ) : null}
      </Form>
    </Page>
  );
}
