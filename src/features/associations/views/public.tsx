import { LAP_AREAS } from '../../../core/domain.ts';
import type { FormErrors, FormValues } from '../../../core/http/forms.ts';
import { Field, Form } from '../../../core/views/forms.tsx';
import { Page } from '../../../core/views/layout.tsx';
import type { View } from '../../../core/views/view.ts';
import type { RepStatus } from '../repo.ts';
import { ASSOCIATION_KINDS, TARGET_GROUPS, youngSharePercent } from '../schema.ts';
import type { PublicAssociation } from '../service.ts';

type Office = { slug: string; name: string };
const dirPath = (o: Office) => `/kancelarije/${o.slug}/udruzenja`;

export interface DirectoryQuery {
  q: string;
  kind: string;
  area: string;
  target: string;
}

const select = (id: string, label: string, value: string, options: Array<[string, string]>) => (
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

/** The public directory: search and filters, then one card per listed association. */
export function DirectoryPage({ v, office, rows, query }: { v: View; office: Office; rows: PublicAssociation[]; query: DirectoryQuery }) {
  const title = `${v.t('associations.directory')}: ${v.tx(office.name)}`;
  return (
    <Page v={v} title={title} description={v.t('associations.directory.lead')}>
      <p class="crumbs">
        <a href={v.href(`/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{v.t('associations.directory.lead')}</p>
      <form method="get" action={v.href(dirPath(office))} class="search" role="search">
        <div class="field">
          <label for="q">{v.t('associations.q')}</label>
          <input id="q" name="q" type="search" value={query.q} maxlength={100} autocomplete="off" />
        </div>
        {select('kind', v.t('associations.filter.kind'), query.kind, [
          ['', v.t('associations.filter.any')],
          ...ASSOCIATION_KINDS.map((k) => [k, v.t(`associations.kind.${k}`)] as [string, string]),
        ])}
        {select('area', v.t('associations.filter.area'), query.area, [
          ['', v.t('associations.filter.any')],
          ...LAP_AREAS.map((a) => [a, v.t(`lap.${a}`)] as [string, string]),
        ])}
        {select('target', v.t('associations.filter.target'), query.target, [
          ['', v.t('associations.filter.any')],
          ...TARGET_GROUPS.map((g) => [g, v.t(`associations.target.${g}`)] as [string, string]),
        ])}
        <button type="submit">{v.t('associations.search')}</button>
      </form>
      <p role="status" class="count">
        {rows.length > 0 ? v.t('associations.found', { n: rows.length }) : v.t('associations.directory.none')}
      </p>
      <ul class="cards">
        {rows.map((a) => (
          <li class="card">
            <h2>
              <a href={v.href(`${dirPath(office)}/${a.id}`)}>{v.tx(a.name)}</a>
            </h2>
            <p class="meta">
              {v.t(`associations.kind.${a.kind}`)}
              {a.areas && a.areas.length > 0 ? <> · {a.areas.map((x) => v.t(`lap.${x}` as 'lap.education')).join(', ')}</> : null}
            </p>
          </li>
        ))}
      </ul>
    </Page>
  );
}

/** One association's public page: only what it published. */
export function PublicAssociationPage({ v, office, a }: { v: View; office: Office; a: PublicAssociation }) {
  const share = a.members_total !== undefined ? youngSharePercent(a.members_total ?? null, a.members_young ?? null) : null;
  const facts: Array<[string, unknown]> = [];
  if (a.short_name) facts.push([v.t('associations.field.shortName'), v.tx(a.short_name)]);
  if (a.founded_year) facts.push([v.t('associations.field.foundedYear'), String(a.founded_year)]);
  if (a.registry_number) facts.push([v.t('associations.field.registryNumber'), a.registry_number]);
  if (a.address) facts.push([v.t('associations.field.address'), v.tx(a.address)]);
  if (a.contact_person) facts.push([v.t('associations.field.contactPerson'), v.tx(a.contact_person)]);
  if (a.email) facts.push([v.t('associations.field.email'), <a href={`mailto:${a.email}`}>{a.email}</a>]);
  if (a.phone) facts.push([v.t('associations.field.phone'), <a href={`tel:${a.phone.replace(/[^+0-9]/g, '')}`}>{a.phone}</a>]);
  if (a.website)
    facts.push([
      v.t('associations.field.website'),
      <a href={a.website} rel="noopener nofollow ugc">
        {a.website}
      </a>,
    ]);
  if (a.areas && a.areas.length > 0)
    facts.push([v.t('associations.field.areas'), a.areas.map((x) => v.t(`lap.${x}` as 'lap.education')).join(', ')]);
  if (a.target_groups && a.target_groups.length > 0) {
    facts.push([
      v.t('associations.field.targetGroups'),
      a.target_groups.map((x) => v.t(`associations.target.${x}` as 'associations.target.all')).join(', '),
    ]);
  }
  if (a.members_total !== undefined && a.members_total !== null) {
    facts.push([
      v.t('associations.field.members'),
      share === null
        ? v.t('associations.members.total', { total: a.members_total })
        : v.t('associations.members.line', { total: a.members_total, young: a.members_young ?? 0, share }),
    ]);
  }
  const description = (a.description ?? '').split(/\n{2,}/).filter(Boolean);
  return (
    <Page v={v} title={v.tx(a.name)} description={a.description ? v.tx(a.description.slice(0, 160)) : undefined}>
      <p class="crumbs">
        <a href={v.href(`/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a> ·{' '}
        <a href={v.href(dirPath(office))}>{v.t('associations.backToList')}</a>
      </p>
      <h1>{v.tx(a.name)}</h1>
      <p class="meta">{v.t(`associations.kind.${a.kind}`)}</p>
      {description.map((p) => (
        <p>{v.tx(p)}</p>
      ))}
      {facts.length > 0 ? (
        <dl class="facts">
          {facts.map(([k, val]) => (
            <>
              <dt>{k}</dt>
              <dd>{val}</dd>
            </>
          ))}
        </dl>
      ) : null}
      <p>
        <a href={v.href(`${dirPath(office)}/${a.id}/predstavnik`)}>{v.t('associations.request.link')}</a>
      </p>
    </Page>
  );
}

/** A signed-in person asks to represent the association (or sees where their request stands). */
export function RequestPage(props: {
  v: View;
  office: Office;
  association: { id: string; name: string };
  status: RepStatus | undefined;
  values?: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, association: a, status, values = {}, errors } = props;
  const title = v.t('associations.request.title', { name: v.tx(a.name) });
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href(`/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a> ·{' '}
        <a href={v.href(dirPath(office))}>{v.t('associations.backToList')}</a>
      </p>
      <h1>{title}</h1>
      {status === 'approved' ? (
        <p>
          {v.t('associations.request.approvedAlready')}{' '}
          <a href={v.href(`/admin/kancelarije/${office.slug}/udruzenja/${a.id}/uredi`)}>{v.t('associations.mine.edit')}</a>
        </p>
      ) : status === 'pending' ? (
        <p>{v.t('associations.request.already')}</p>
      ) : (
        <>
          <p>{v.t('associations.request.lead')}</p>
          <Form v={v} action={v.href(`${dirPath(office)}/${a.id}/predstavnik`)} errors={errors} novalidate>
            <Field
              v={v}
              name="note"
              label={v.t('associations.request.note')}
              value={values.note}
              errors={errors}
              multiline
              rows={3}
              maxlength={500}
            />
            <button type="submit">{v.t('associations.request.submit')}</button>
          </Form>
        </>
      )}
    </Page>
  );
}
