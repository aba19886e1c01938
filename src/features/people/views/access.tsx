import type { OfficeRef } from '../../../core/http/env.ts';
import type { PeopleCan } from '../policy.ts';
import { Field } from '../../../core/views/forms.tsx';
import { Page } from '../../../core/views/layout.tsx';
import type { View } from '../../../core/views/view.ts';
import { ACCESS_ACTIONS, type AccessRow } from '../access-repo.ts';
import { Pager, PeopleNav } from './common.tsx';
import { AccessTable } from './person.tsx';

export const accessPath = (office: { slug: string }) => `/admin/kancelarije/${office.slug}/pristup`;

export interface AccessQuery {
  actor: string;
  action: string;
  from: string;
  to: string;
  page: number;
}

export function AccessLogPage(props: {
  v: View;
  office: OfficeRef;
  can: PeopleCan;
  query: AccessQuery;
  actors: Array<{ id: string; display_name: string }>;
  rows: AccessRow[];
  total: number;
  pageSize: number;
}) {
  const { v, office, query, actors, rows, total, pageSize } = props;
  const title = v.t('people.accessLog.title');
  const all: [string, string] = ['', v.t('people.filter.all')];
  const { page, ...filters } = query;
  return (
    <Page v={v} title={title}>
      <PeopleNav v={v} office={office} can={props.can} current={accessPath(office)} />
      <h1>{title}</h1>
      <p>{v.t('people.accessLog.lead')}</p>
      <form method="get" action={v.href(accessPath(office))} role="search" aria-label={v.t('people.filters')}>
        <div class="search">
          <Field
            v={v}
            name="actor"
            label={v.t('people.accessLog.actor')}
            value={query.actor}
            options={[all, ...actors.map((a) => [a.id, v.tx(a.display_name)] as [string, string])]}
          />
          <Field
            v={v}
            name="action"
            label={v.t('people.access.action')}
            value={query.action}
            options={[all, ...ACCESS_ACTIONS.map((a) => [a, v.t(`people.action.${a}`)] as [string, string])]}
          />
          <Field v={v} name="from" label={v.t('people.accessLog.from')} type="date" value={query.from} />
          <Field v={v} name="to" label={v.t('people.accessLog.to')} type="date" value={query.to} />
          <button type="submit">{v.t('people.filter.submit')}</button>
        </div>
      </form>
      <p role="status">{v.t('people.accessLog.found', { n: total })}</p>
      <AccessTable v={v} rows={rows} office={office} showPerson />
      <Pager
        v={v}
        path={accessPath(office)}
        query={filters as unknown as Record<string, string>}
        page={page}
        pages={Math.max(1, Math.ceil(total / pageSize))}
      />
    </Page>
  );
}
