import type { OfficeRef } from '../../../core/http/env.ts';
import type { PeopleCan } from '../policy.ts';
import type { FormErrors, FormValues } from '../../../core/http/forms.ts';
import { LOCALE_NAMES } from '../../../core/i18n/locale.ts';
import { ConfirmForm, Field, Form } from '../../../core/views/forms.tsx';
import { formatDate, formatDateTime } from '../../../core/views/format.ts';
import { Page } from '../../../core/views/layout.tsx';
import { DataTable } from '../../../core/views/table.tsx';
import type { View } from '../../../core/views/view.ts';
import type { AccessRow } from '../access-repo.ts';
import type { ConsentRow } from '../consents-repo.ts';
import type { PersonRow } from '../repo.ts';
import type { SensitiveRow } from '../sensitive-repo.ts';
import { codeLabel, PeopleNav, personPath } from './common.tsx';

export interface PersonPageData {
  person: PersonRow;
  consents: ConsentRow[];
  access: AccessRow[];
  age: number | null;
  /** Outside 15–30: which note to show. */
  ageNote: 'over30' | 'under15' | null;
  /** A live, in-force 'sensitive' consent exists (so there is something to reveal). */
  sensitiveConsent: boolean;
}

/** Whether a live consent still waits for the parent's confirmation (online, under 15). */
export const isPending = (c: ConsentRow) =>
  c.withdrawn_at === null && c.given_by === 'parent' && c.evidence === 'online' && c.parent_confirmed_at === null;

export function AccessTable({ v, rows, office, showPerson }: { v: View; rows: AccessRow[]; office: OfficeRef; showPerson?: boolean }) {
  return (
    <DataTable
      caption={v.t('people.access')}
      captionHidden
      rows={rows}
      empty={v.t('people.access.none')}
      columns={[
        { label: v.t('people.access.at'), cell: (r) => formatDateTime(v.locale, r.at) },
        { label: v.t('people.access.who'), cell: (r) => (r.actor_name ? v.tx(r.actor_name) : v.t('people.access.system')) },
        showPerson && {
          label: v.t('people.access.person'),
          cell: (r) => (
            <a href={v.href(personPath(office, r.person_id))}>
              {r.person_anonymised ? v.t('people.access.anonymisedPerson') : v.tx(r.person_name)}
            </a>
          ),
        },
        { label: v.t('people.access.action'), cell: (r) => v.t(`people.action.${r.action}`) },
        { label: v.t('people.access.reason'), cell: (r) => v.tx(r.reason) },
      ]}
    />
  );
}

function ConsentsTable({ v, office, person, consents }: { v: View; office: OfficeRef; person: PersonRow; consents: ConsentRow[] }) {
  const live = person.anonymised_at === null && person.merged_into_id === null;
  return (
    <>
      {live && consents.length > 0 ? <p class="hint">{v.t('people.consent.withdrawLead')}</p> : null}
      <DataTable
        caption={v.t('people.consents')}
        captionHidden
        rows={consents}
        empty={v.t('people.consent.none')}
        columns={[
          { label: v.t('people.section.purposes'), rowHeader: true, cell: (c) => v.t(`people.purpose.${c.purpose}`) },
          {
            label: v.t('people.consent.state'),
            cell: (c) =>
              c.withdrawn_at
                ? v.t('people.consent.withdrawnAt', { date: formatDateTime(v.locale, c.withdrawn_at) })
                : isPending(c)
                  ? v.t('people.consent.pending')
                  : v.t('people.consent.live'),
          },
          {
            label: v.t('people.consent.given'),
            cell: (c) => (
              <>
                {formatDateTime(v.locale, c.given_at)}
                <br />
                <span class="meta">
                  {v.t('people.consent.notice')} {c.notice_version}
                </span>
              </>
            ),
          },
          {
            label: v.t('people.consent.by'),
            cell: (c) => (
              <>
                {v.t(`people.givenBy.${c.given_by}`)}
                {c.parent_name ? <>: {v.tx(c.parent_name)}</> : null}
                {c.parent_email ? <> ({c.parent_email})</> : null}
              </>
            ),
          },
          {
            label: v.t('people.consent.evidence'),
            cell: (c) => (
              <>
                {v.t(`people.evidence.${c.evidence}`)}
                {c.evidence_note ? <>: {v.tx(c.evidence_note)}</> : null}
              </>
            ),
          },
          { label: v.t('people.consent.recordedBy'), cell: (c) => (c.recorded_by_name ? v.tx(c.recorded_by_name) : '—') },
          live && {
            label: v.t('people.consent.withdraw'),
            actions: true,
            cell: (c) =>
              c.withdrawn_at === null ? (
                <ConfirmForm
                  v={v}
                  action={v.href(`${personPath(office, person.id)}/povuci`)}
                  fields={{ consent_id: c.id }}
                  label={v.t('people.consent.withdraw')}
                  ariaLabel={v.t('people.consent.withdrawLabel', { purpose: v.t(`people.purpose.${c.purpose}`) })}
                  question={v.t('people.consent.withdraw.confirm')}
                />
              ) : null,
          },
        ]}
      />
    </>
  );
}

export function SensitiveSection(props: {
  v: View;
  office: OfficeRef;
  person: PersonRow;
  available: boolean;
  revealed?: { data: SensitiveRow | undefined; reason: string } | undefined;
  values?: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, person, available, revealed, values = {}, errors } = props;
  return (
    <section aria-labelledby="sensitive-title">
      <h2 id="sensitive-title">{v.t('people.sensitive')}</h2>
      {revealed ? (
        <>
          <p class="notice">{v.t('people.sensitive.shownFor', { reason: v.tx(revealed.reason) })}</p>
          {revealed.data ? (
            <dl class="facts">
              <dt>{v.t('people.field.ethnicity')}</dt>
              <dd>{codeLabel(v, 'people.ethnicity', revealed.data.ethnicity)}</dd>
              <dt>{v.t('people.field.disability')}</dt>
              <dd>
                {revealed.data.disability === null
                  ? v.t('people.unknown')
                  : v.t(revealed.data.disability ? 'people.disability.yes' : 'people.disability.no')}
              </dd>
              <dt>{v.t('people.field.health_note')}</dt>
              <dd>{revealed.data.health_note ? v.tx(revealed.data.health_note) : '—'}</dd>
            </dl>
          ) : (
            <p>{v.t('people.sensitive.none')}</p>
          )}
        </>
      ) : available ? (
        <>
          <p>{v.t('people.sensitive.hidden')}</p>
          <Form v={v} action={v.href(`${personPath(office, person.id)}/posebni`)} errors={errors} novalidate>
            <Field
              v={v}
              name="reason"
              label={v.t('people.sensitive.reason')}
              value={values.reason}
              errors={errors}
              required
              maxlength={500}
            />
            <button type="submit">{v.t('people.sensitive.reveal')}</button>
          </Form>
        </>
      ) : (
        <p>{v.t('people.sensitive.noConsent')}</p>
      )}
    </section>
  );
}

export function PersonPage(props: {
  v: View;
  office: OfficeRef;
  can: PeopleCan;
  data: PersonPageData;
  revealed?: { data: SensitiveRow | undefined; reason: string } | undefined;
  values?: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, data, revealed, values, errors } = props;
  const p = data.person;
  const anonymised = p.anonymised_at !== null;
  const title = anonymised ? v.t('people.access.anonymisedPerson') : v.tx(p.full_name);
  const pending = data.consents.some((c) => c.purpose === 'register' && isPending(c));
  return (
    <Page v={v} title={title}>
      <PeopleNav v={v} office={office} can={props.can} />
      <h1>{title}</h1>
      {errors?._form ? (
        <p class="error" role="alert">
          {errors._form}
        </p>
      ) : null}
      {anonymised ? <p class="notice">{v.t('people.anonymised', { date: formatDateTime(v.locale, p.anonymised_at!) })}</p> : null}
      {pending ? <p class="notice">{v.t('people.awaitingParent')}</p> : null}
      {data.ageNote ? <p class="notice">{v.t(data.ageNote === 'over30' ? 'people.note.over30' : 'people.note.under15')}</p> : null}
      {!anonymised ? (
        <p>
          <a href={v.href(`${personPath(office, p.id)}/uredi`)}>{v.t('people.person.edit')}</a> ·{' '}
          <a href={v.href(`${personPath(office, p.id)}/spoji`)}>{v.t('people.person.merge')}</a>
        </p>
      ) : null}
      <h2>{v.t('people.person.profile')}</h2>
      <dl class="facts">
        {!anonymised ? (
          <>
            <dt>{v.t('people.field.birth_date')}</dt>
            <dd>
              {p.birth_date ? formatDate(v.locale, p.birth_date) : '—'}
              {data.age !== null ? ` (${data.age})` : ''}
            </dd>
            <dt>{v.t('people.field.email')}</dt>
            <dd>{p.email || '—'}</dd>
            <dt>{v.t('people.field.phone')}</dt>
            <dd>{p.phone || '—'}</dd>
          </>
        ) : (
          <>
            <dt>{v.t('people.field.birth_date')}</dt>
            <dd>{p.birth_year}</dd>
          </>
        )}
        <dt>{v.t('people.field.gender')}</dt>
        <dd>{codeLabel(v, 'people.gender', p.gender)}</dd>
        <dt>{v.t('people.field.settlement_id')}</dt>
        <dd>
          {p.settlement_name ? `${v.tx(p.settlement_name)}, ` : ''}
          {codeLabel(v, 'people.kind', p.settlement_kind)}
        </dd>
        <dt>{v.t('people.field.status')}</dt>
        <dd>{codeLabel(v, 'people.status', p.status)}</dd>
        <dt>{v.t('people.field.interests')}</dt>
        <dd>{p.interests.length > 0 ? p.interests.map((i) => v.t(`lap.${i}` as 'lap.education')).join(', ') : '—'}</dd>
        <dt>{v.t('people.field.script')}</dt>
        <dd>{LOCALE_NAMES[p.script]}</dd>
        {p.account_email ? (
          <>
            <dt>{v.t('people.person.account')}</dt>
            <dd>{p.account_email}</dd>
          </>
        ) : null}
        <dt>{v.t('people.person.origin')}</dt>
        <dd>
          {v.t('people.person.created', { date: formatDateTime(v.locale, p.created_at), source: v.t(`people.source.${p.source}`) })}
          {p.created_by_name ? `, ${v.t('people.person.createdBy', { name: v.tx(p.created_by_name) })}` : ''}
        </dd>
      </dl>
      <h2>{v.t('people.consents')}</h2>
      <ConsentsTable v={v} office={office} person={p} consents={data.consents} />
      {!anonymised ? (
        <SensitiveSection
          v={v}
          office={office}
          person={p}
          available={data.sensitiveConsent}
          revealed={revealed}
          values={values}
          errors={errors?.reason ? { reason: errors.reason } : undefined}
        />
      ) : null}
      <h2>{v.t('people.access')}</h2>
      <AccessTable v={v} rows={data.access} office={office} />
    </Page>
  );
}

export function MergedPage({ v, office, can, person }: { v: View; office: OfficeRef; can: PeopleCan; person: PersonRow }) {
  const title = v.t('people.mergedInto');
  return (
    <Page v={v} title={v.t('people.title')}>
      <PeopleNav v={v} office={office} can={can} />
      <h1>{v.t('people.title')}</h1>
      <p class="notice">{title}</p>
      <p>
        <a href={v.href(personPath(office, person.merged_into_id!))}>{v.t('people.mergedLink')}</a>
      </p>
    </Page>
  );
}
