import type { Child } from 'hono/jsx';
import type { OfficeRef } from '../../../core/http/env.ts';
import type { PeopleCan } from '../policy.ts';
import type { MessageKey } from '../../../core/i18n/messages.ts';
import { Page } from '../../../core/views/layout.tsx';
import type { View } from '../../../core/views/view.ts';
import { display, type Table } from '../../../core/suppress.ts';
import type { PeopleStats } from '../stats.ts';
import { PeopleNav, peopleBase } from './common.tsx';

/** Label of a statistics cell: each dimension's codes, 'unknown' as "not stated". */
const CELL_LABEL: Record<string, string> = {
  gender: 'people.gender',
  age: 'people.age',
  settlement_kind: 'people.kind',
  status: 'people.status',
  interest: 'lap',
  ethnicity: 'people.ethnicity',
  disability: 'people.disability',
};

/**
 * One dimension of aggregate statistics as a table: a row per cell (suppressed cells shown as
 * "< n"), the total in the footer. Used by the register's and the attendance statistics.
 */
export function SuppressedTable(p: {
  v: View;
  caption: Child;
  head: string;
  count: string;
  total: string;
  table: Table;
  label: (key: string) => string;
}) {
  return (
    <table class="stats">
      <caption>{p.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{p.head}</th>
          <th scope="col">{p.count}</th>
        </tr>
      </thead>
      <tbody>
        {p.table.cells.map((c) => (
          <tr>
            <th scope="row">{p.label(c.key)}</th>
            <td>{display(c, p.table.threshold)}</td>
          </tr>
        ))}
      </tbody>
      {p.table.total ? (
        <tfoot>
          <tr>
            <th scope="row">{p.total}</th>
            <td>{display(p.table.total, p.table.threshold)}</td>
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}

function StatTable({ v, name, table, note }: { v: View; name: string; table: Table; note?: string }) {
  const caption = v.t(`people.stats.dim.${name}` as MessageKey);
  const label = (key: string) => (key === 'unknown' ? v.t('people.unknown') : v.t(`${CELL_LABEL[name]}.${key}` as MessageKey));
  return (
    <SuppressedTable
      v={v}
      caption={
        <>
          {caption}
          {note ? (
            <>
              <br />
              <span class="meta">{note}</span>
            </>
          ) : null}
        </>
      }
      head={v.t('people.stats.category')}
      count={v.t('people.stats.count')}
      total={v.t('people.stats.total')}
      table={table}
      label={label}
    />
  );
}

export function StatsPage({ v, office, can, stats }: { v: View; office: OfficeRef; can: PeopleCan; stats: PeopleStats }) {
  const title = v.t('people.stats.title');
  const p = stats.population;
  const s = stats.sensitive;
  return (
    <Page v={v} title={title}>
      <PeopleNav v={v} office={office} can={can} current={`${peopleBase(office)}/statistika`} />
      <h1>{title}</h1>
      <p>{v.t('people.stats.lead')}</p>
      <p class="hint">{v.t('people.stats.legend')}</p>
      <div class="columns">
        <StatTable v={v} name="gender" table={p.gender!} />
        <StatTable v={v} name="age" table={p.age!} note={v.t('people.stats.ageNote')} />
        <StatTable v={v} name="settlement_kind" table={p.settlement_kind!} />
        <StatTable v={v} name="status" table={p.status!} />
        <StatTable v={v} name="interest" table={p.interest!} note={v.t('people.stats.interestNote')} />
      </div>
      <h2>{v.t('people.stats.sensitive')}</h2>
      <p>{v.t('people.stats.sensitiveLead')}</p>
      <div class="columns">
        <StatTable v={v} name="ethnicity" table={s.ethnicity!} />
        <StatTable v={v} name="disability" table={s.disability!} />
      </div>
    </Page>
  );
}
