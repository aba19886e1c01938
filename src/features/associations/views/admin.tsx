import { LAP_AREAS } from '../../../core/domain.ts';
import type { OfficeRef } from '../../../core/http/env.ts';
import type { FormErrors, FormValues } from '../../../core/http/forms.ts';
import { ConfirmForm, Form } from '../../../core/views/forms.tsx';
import { formatDateTime } from '../../../core/views/format.ts';
import { Page } from '../../../core/views/layout.tsx';
import { DataTable } from '../../../core/views/table.tsx';
import type { View } from '../../../core/views/view.ts';
import type { Association, AssociationSummary, MyRepresentation, PendingRequest, Representative } from '../repo.ts';
import { ASSOCIATION_KINDS, youngSharePercent } from '../schema.ts';
import { AssociationForm, YouthShareWarning } from './form.tsx';

type Office = Pick<OfficeRef, 'slug' | 'name'>;
const base = (o: Office) => `/admin/kancelarije/${o.slug}/udruzenja`;

export interface RegisterQuery {
  q: string;
  kind: string;
  area: string;
  active: '' | 'yes' | 'no';
}

function Crumbs({ v, office, extra }: { v: View; office: Office; extra?: boolean }) {
  return (
    <p class="crumbs">
      <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(`/admin/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a>
      {extra ? (
        <>
          {' '}
          · <a href={v.href(base(office))}>{v.t('associations.backToRegister')}</a>
        </>
      ) : null}
    </p>
  );
}

const select = (v: View, id: string, label: string, value: string, options: Array<[string, string]>) => (
  <div class="field">
    <label for={id}>{label}</label>
    <select id={id} name={id}>
      {options.map(([val, text]) => (
        <option value={val} selected={val === value}>
          {text}
        </option>
      ))}
    </select>
  </div>
);

/** Approve / reject buttons for one pending request (two small forms). */
function DecisionForms({
  v,
  office,
  associationId,
  person,
  decisions,
}: {
  v: View;
  office: Office;
  associationId: string;
  person: Representative;
  decisions: Array<'approve' | 'reject' | 'revoke'>;
}) {
  const name = v.tx(person.display_name);
  const labels = {
    approve: 'associations.reps.approveLabel',
    reject: 'associations.reps.rejectLabel',
    revoke: 'associations.reps.revokeLabel',
  } as const;
  const texts = { approve: 'associations.reps.approve', reject: 'associations.reps.reject', revoke: 'associations.reps.revoke' } as const;
  return (
    <>
      {decisions.map((d) =>
        d === 'approve' ? (
          <Form v={v} action={v.href(`${base(office)}/${associationId}/predstavnici`)} class="inline">
            <input type="hidden" name="user_id" value={person.user_id} />
            <input type="hidden" name="decision" value={d} />
            <button type="submit" aria-label={v.t(labels[d], { name })}>
              {v.t(texts[d])}
            </button>
          </Form>
        ) : (
          <ConfirmForm
            v={v}
            action={v.href(`${base(office)}/${associationId}/predstavnici`)}
            fields={{ user_id: person.user_id, decision: d }}
            label={v.t(texts[d])}
            ariaLabel={v.t(labels[d], { name })}
            question={v.t(d === 'revoke' ? 'associations.reps.revoke.confirm' : 'associations.reps.reject.confirm')}
          />
        ),
      )}
    </>
  );
}

export function RegisterPage(props: {
  v: View;
  office: Office;
  rows: AssociationSummary[];
  pending: PendingRequest[];
  query: RegisterQuery;
}) {
  const { v, office, rows, pending, query } = props;
  const title = `${v.t('associations.register')}: ${v.tx(office.name)}`;
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} />
      <h1>{title}</h1>
      <p>
        <a href={v.href(`${base(office)}/novo`)}>{v.t('associations.new')}</a> ·{' '}
        <a href={v.href(`/kancelarije/${office.slug}/udruzenja`)}>{v.t('associations.directory')}</a>
      </p>
      <h2>{v.t('associations.reps.pending')}</h2>
      <DataTable
        caption={v.t('associations.reps.pending')}
        captionHidden
        rows={pending}
        empty={v.t('associations.reps.noPending')}
        columns={[
          {
            label: v.t('associations.reps.association'),
            rowHeader: true,
            cell: (p) => <a href={v.href(`${base(office)}/${p.association_id}`)}>{v.tx(p.association_name)}</a>,
          },
          { label: v.t('associations.reps.person'), cell: (p) => `${v.tx(p.display_name)} (${p.email})` },
          { label: v.t('associations.reps.note'), cell: (p) => v.tx(p.note) },
          { label: v.t('associations.reps.requestedAt'), cell: (p) => formatDateTime(v.locale, p.requested_at) },
          {
            label: v.t('associations.reps.status'),
            actions: true,
            cell: (p) => (
              <DecisionForms v={v} office={office} associationId={p.association_id} person={p} decisions={['approve', 'reject']} />
            ),
          },
        ]}
      />
      <h2>{v.t('associations.title')}</h2>
      <form method="get" action={v.href(base(office))} class="search" role="search">
        <div class="field">
          <label for="q">{v.t('associations.q')}</label>
          <input id="q" name="q" type="search" value={query.q} maxlength={100} autocomplete="off" />
        </div>
        {select(v, 'kind', v.t('associations.filter.kind'), query.kind, [
          ['', v.t('associations.filter.any')],
          ...ASSOCIATION_KINDS.map((k) => [k, v.t(`associations.kind.${k}`)] as [string, string]),
        ])}
        {select(v, 'area', v.t('associations.filter.area'), query.area, [
          ['', v.t('associations.filter.any')],
          ...LAP_AREAS.map((a) => [a, v.t(`lap.${a}`)] as [string, string]),
        ])}
        {select(v, 'active', v.t('associations.filter.active'), query.active, [
          ['', v.t('associations.filter.any')],
          ['yes', v.t('associations.filter.activeOnly')],
          ['no', v.t('associations.filter.inactiveOnly')],
        ])}
        <button type="submit">{v.t('associations.search')}</button>
      </form>
      <DataTable
        caption={v.t('associations.title')}
        captionHidden
        rows={rows}
        empty={v.t('associations.none')}
        found={(n) => v.t('associations.found', { n })}
        columns={[
          {
            label: v.t('associations.field.name'),
            rowHeader: true,
            cell: (a) => (
              <>
                <a href={v.href(`${base(office)}/${a.id}`)}>{v.tx(a.name)}</a>
                {a.short_name ? <> ({v.tx(a.short_name)})</> : null}
              </>
            ),
          },
          { label: v.t('associations.field.kind'), cell: (a) => v.t(`associations.kind.${a.kind}`) },
          { label: v.t('associations.field.registryNumber'), cell: (a) => a.registry_number ?? '—' },
          {
            label: v.t('associations.field.members'),
            cell: (a) => {
              const share = youngSharePercent(a.members_total, a.members_young);
              return a.members_total === null
                ? '—'
                : share === null
                  ? v.t('associations.members.total', { total: a.members_total })
                  : v.t('associations.members.line', { total: a.members_total, young: a.members_young ?? 0, share });
            },
          },
          {
            label: v.t('associations.reps.status'),
            cell: (a) => (
              <>
                {a.active ? null : <span class="tag">{v.t('associations.inactive')}</span>}{' '}
                <span class="tag">{a.listed ? v.t('associations.listedShort') : v.t('associations.unlisted')}</span>
                {a.pending > 0 ? (
                  <>
                    {' '}
                    <span class="tag">
                      {v.t('associations.reps.pending')}: {a.pending}
                    </span>
                  </>
                ) : null}
              </>
            ),
          },
        ]}
      />
    </Page>
  );
}

export function NewAssociationPage(props: { v: View; office: Office; values: FormValues; errors?: FormErrors | undefined }) {
  const { v, office } = props;
  return (
    <Page v={v} title={v.t('associations.new')}>
      <Crumbs v={v} office={office} extra />
      <h1>{v.t('associations.new')}</h1>
      <AssociationForm v={v} action={v.href(base(office))} values={props.values} errors={props.errors} staff submit={v.t('form.save')} />
    </Page>
  );
}

export function EditAssociationPage(props: {
  v: View;
  office: Office;
  association: Association;
  values: FormValues;
  errors?: FormErrors | undefined;
  staff: boolean;
}) {
  const { v, office, association: a, staff } = props;
  const title = v.t('associations.profile.title', { name: v.tx(a.name) });
  return (
    <Page v={v} title={title}>
      {staff ? (
        <p class="crumbs">
          <a href={v.href(`${base(office)}/${a.id}`)}>{v.tx(a.name)}</a> ·{' '}
          <a href={v.href(base(office))}>{v.t('associations.backToRegister')}</a>
        </p>
      ) : (
        <p class="crumbs">
          <a href={v.href('/admin/moja-udruzenja')}>{v.t('associations.mine')}</a>
          {a.listed && a.active ? (
            <>
              {' '}
              · <a href={v.href(`/kancelarije/${office.slug}/udruzenja/${a.id}`)}>{v.t('associations.publicPage')}</a>
            </>
          ) : null}
        </p>
      )}
      <h1>{title}</h1>
      <AssociationForm
        v={v}
        action={v.href(`${base(office)}/${a.id}/uredi`)}
        values={props.values}
        errors={props.errors}
        staff={staff}
        submit={v.t('form.save')}
      />
    </Page>
  );
}

/** A definition list of everything stored (staff view). */
function Facts({ v, a }: { v: View; a: Association }) {
  const share = youngSharePercent(a.members_total, a.members_young);
  const rows: Array<[string, string]> = [
    [v.t('associations.field.kind'), v.t(`associations.kind.${a.kind}`)],
    [v.t('associations.field.legalForm'), v.t(`associations.legalForm.${a.legal_form}`)],
    [v.t('associations.field.registryNumber'), a.registry_number ?? '—'],
    [v.t('associations.field.foundedYear'), a.founded_year === null ? '—' : String(a.founded_year)],
    [v.t('associations.field.address'), v.tx(a.address) || '—'],
    [v.t('associations.field.email'), a.email || '—'],
    [v.t('associations.field.phone'), a.phone || '—'],
    [v.t('associations.field.website'), a.website || '—'],
    [v.t('associations.field.contactPerson'), v.tx(a.contact_person) || '—'],
    [v.t('associations.field.areas'), a.areas.map((x) => v.t(`lap.${x}` as 'lap.education')).join(', ') || '—'],
    [v.t('associations.field.targetGroups'), a.target_groups.map((x) => v.t(`associations.target.${x}`)).join(', ') || '—'],
    [
      v.t('associations.field.members'),
      a.members_total === null
        ? '—'
        : share === null
          ? v.t('associations.members.total', { total: a.members_total })
          : v.t('associations.members.line', { total: a.members_total, young: a.members_young ?? 0, share }),
    ],
    [
      v.t('associations.section.publish'),
      a.listed ? a.published_fields.map((f) => v.t(`associations.published.${f}`)).join(', ') || '—' : v.t('associations.unlisted'),
    ],
  ];
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

export function AssociationAdminPage(props: {
  v: View;
  office: Office;
  association: Association;
  reps: Representative[];
  errors?: FormErrors | undefined;
}) {
  const { v, office, association: a, reps, errors } = props;
  const title = v.t('associations.edit.title', { name: v.tx(a.name) });
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} extra />
      <h1>{title}</h1>
      {a.active ? null : <p class="tag">{v.t('associations.inactive')}</p>}
      <YouthShareWarning v={v} kind={a.kind} total={a.members_total} young={a.members_young} />
      {errors?._form ? (
        <div class="error-summary" role="alert" tabindex={-1} id="errors">
          <p>{v.t('form.errors')}</p>
          <ul>
            <li>{errors._form}</li>
          </ul>
        </div>
      ) : null}
      <p>
        <a href={v.href(`${base(office)}/${a.id}/uredi`)}>{v.t('associations.edit')}</a>
        {a.listed && a.active ? (
          <>
            {' '}
            · <a href={v.href(`/kancelarije/${office.slug}/udruzenja/${a.id}`)}>{v.t('associations.publicPage')}</a>
          </>
        ) : null}
      </p>
      <Facts v={v} a={a} />
      {a.description ? <p>{v.tx(a.description)}</p> : null}
      <Form v={v} action={v.href(`${base(office)}/${a.id}/status`)} class="inline">
        <input type="hidden" name="active" value={a.active ? 'false' : 'true'} />
        <button type="submit" class="secondary">
          {a.active ? v.t('associations.deactivate') : v.t('associations.activate')}
        </button>
      </Form>
      <h2>{v.t('associations.reps')}</h2>
      <p>{v.t('associations.reps.lead')}</p>
      <DataTable
        caption={v.t('associations.reps')}
        captionHidden
        rows={reps}
        empty={v.t('associations.reps.none')}
        columns={[
          { label: v.t('associations.reps.person'), rowHeader: true, cell: (r) => `${v.tx(r.display_name)} (${r.email})` },
          { label: v.t('associations.reps.note'), cell: (r) => v.tx(r.note) },
          { label: v.t('associations.reps.status'), cell: (r) => v.t(`associations.reps.status.${r.status}`) },
          { label: v.t('associations.reps.requestedAt'), cell: (r) => formatDateTime(v.locale, r.requested_at) },
          {
            label: v.t('associations.reps.approve'),
            actions: true,
            cell: (r) =>
              r.status === 'pending' ? (
                <DecisionForms v={v} office={office} associationId={a.id} person={r} decisions={['approve', 'reject']} />
              ) : r.status === 'approved' ? (
                <DecisionForms v={v} office={office} associationId={a.id} person={r} decisions={['revoke']} />
              ) : null,
          },
        ]}
      />
    </Page>
  );
}

/** The representative's own list: associations they represent or asked to, in every office. */
export function MyAssociationsPage({ v, rows }: { v: View; rows: MyRepresentation[] }) {
  return (
    <Page v={v} title={v.t('associations.mine')}>
      <p class="crumbs">
        <a href={v.href('/admin')}>{v.t('admin.title')}</a>
      </p>
      <h1>{v.t('associations.mine')}</h1>
      {rows.length === 0 ? <p>{v.t('associations.mine.none')}</p> : null}
      <ul class="cards">
        {rows.map((r) => (
          <li class="card">
            <h2>{v.tx(r.association_name)}</h2>
            <p class="meta">
              {v.tx(r.office_name)} · {v.t(`associations.reps.status.${r.status}`)}
            </p>
            {r.status === 'approved' ? (
              <p>
                <a href={v.href(`/admin/kancelarije/${r.office_slug}/udruzenja/${r.association_id}/uredi`)}>
                  {v.t('associations.mine.edit')}
                </a>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </Page>
  );
}
