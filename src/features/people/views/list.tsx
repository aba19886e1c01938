import { LAP_AREAS } from '../../../core/domain.ts';
import type { OfficeRef } from '../../../core/http/env.ts';
import type { PeopleCan } from '../policy.ts';
import { Field } from '../../../core/views/forms.tsx';
import { Page } from '../../../core/views/layout.tsx';
import { DataTable } from '../../../core/views/table.tsx';
import type { View } from '../../../core/views/view.ts';
import { AGE_GROUPS, type PersonListRow, type Settlement } from '../repo.ts';
import { SETTLEMENT_KINDS, STATUSES } from '../schema.ts';
import { codeLabel, Pager, PeopleNav, peopleBase, personPath } from './common.tsx';

export interface ListQuery {
  q: string;
  status: string;
  settlement: string;
  kind: string;
  age: string;
  interest: string;
  page: number;
}

export function PeopleListPage(props: {
  v: View;
  office: OfficeRef;
  can: PeopleCan;
  query: ListQuery;
  settlements: Settlement[];
  rows: PersonListRow[];
  total: number;
  pageSize: number;
}) {
  const { v, office, query, settlements, rows, total, pageSize } = props;
  const all: [string, string] = ['', v.t('people.filter.all')];
  const title = v.t('people.title');
  const { page, ...filters } = query;
  return (
    <Page v={v} title={title}>
      <PeopleNav v={v} office={office} can={props.can} current={peopleBase(office)} />
      <h1>{title}</h1>
      <p>{v.t('people.lead')}</p>
      <form method="get" action={v.href(peopleBase(office))} role="search" aria-label={v.t('people.filters')}>
        <div class="search">
          <Field v={v} name="q" label={v.t('people.q')} type="search" value={query.q} maxlength={100} />
          <Field
            v={v}
            name="status"
            label={v.t('people.field.status')}
            value={query.status}
            options={[all, ...STATUSES.map((s) => [s, v.t(`people.status.${s}`)] as [string, string])]}
          />
          <Field
            v={v}
            name="settlement"
            label={v.t('people.field.settlement_id')}
            value={query.settlement}
            options={[all, ...settlements.map((s) => [s.id, v.tx(s.name)] as [string, string])]}
          />
          <Field
            v={v}
            name="kind"
            label={v.t('people.filter.kind')}
            value={query.kind}
            options={[all, ...SETTLEMENT_KINDS.map((k) => [k, v.t(`people.kind.${k}`)] as [string, string])]}
          />
          <Field
            v={v}
            name="age"
            label={v.t('people.filter.age')}
            value={query.age}
            options={[all, ...AGE_GROUPS.map((a) => [a, v.t(`people.age.${a}`)] as [string, string])]}
          />
          <Field
            v={v}
            name="interest"
            label={v.t('people.filter.interest')}
            value={query.interest}
            options={[all, ...LAP_AREAS.map((a) => [a, v.t(`lap.${a}`)] as [string, string])]}
          />
          <button type="submit">{v.t('people.filter.submit')}</button>
        </div>
      </form>
      <p role="status">{v.t('people.found', { n: total })}</p>
      <DataTable
        caption={title}
        captionHidden
        rows={rows}
        empty={v.t('people.none')}
        columns={[
          {
            label: v.t('people.col.name'),
            rowHeader: true,
            cell: (r) => <a href={v.href(personPath(office, r.id))}>{v.tx(r.full_name)}</a>,
          },
          { label: v.t('people.field.email'), cell: (r) => r.email },
          { label: v.t('people.col.age'), cell: (r) => r.age ?? '—' },
          {
            label: v.t('people.field.settlement_id'),
            cell: (r) => (r.settlement_name ? v.tx(r.settlement_name) : codeLabel(v, 'people.kind', r.settlement_kind)),
          },
          { label: v.t('people.field.status'), cell: (r) => codeLabel(v, 'people.status', r.status) },
          {
            label: v.t('people.col.marks'),
            cell: (r) => (
              <>
                {r.awaiting_parent ? <span class="tag">{v.t('people.awaitingParent')}</span> : null}{' '}
                {r.has_account ? <span class="tag">{v.t('people.hasAccount')}</span> : null}
              </>
            ),
          },
        ]}
      />
      <Pager
        v={v}
        path={peopleBase(office)}
        query={filters as unknown as Record<string, string>}
        page={page}
        pages={Math.max(1, Math.ceil(total / pageSize))}
      />
    </Page>
  );
}
