import { Page } from '../../../core/views/layout.tsx';
import type { View } from '../../../core/views/view.ts';
import { REGIONS, type OfficeSummary, type Region } from '../repo.ts';

/** Office cards; `level` keeps the heading outline right where the list is placed. */
export function OfficeList({ v, offices, level = 2 }: { v: View; offices: OfficeSummary[]; level?: 2 | 3 }) {
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <ul class="cards">
      {offices.map((o) => (
        <li class="card">
          <H>
            <a href={v.href(`/kancelarije/${o.slug}`)}>{v.tx(o.name)}</a>
          </H>
          <p class="meta">
            {v.tx(o.town)} · {v.t(`region.${o.region}`)}
            {o.status === 'directory' ? (
              <>
                {' '}
                · <span class="tag">{v.t('dir.listed')}</span>
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function SearchForm({ v, q, region }: { v: View; q: string; region: Region | '' }) {
  return (
    <form method="get" action={v.href('/kancelarije')} class="search" role="search">
      <div class="field">
        <label for="q">{v.t('dir.q')}</label>
        <input id="q" name="q" type="search" value={q} maxlength={100} autocomplete="off" />
      </div>
      <div class="field">
        <label for="region">{v.t('dir.region')}</label>
        <select id="region" name="region">
          <option value="">{v.t('dir.allRegions')}</option>
          {REGIONS.map((r) => (
            <option value={r} selected={r === region}>
              {v.t(`region.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">{v.t('dir.search')}</button>
    </form>
  );
}

export function DirectoryPage({ v, offices, q, region }: { v: View; offices: OfficeSummary[]; q: string; region: Region | '' }) {
  return (
    <Page v={v} title={v.t('dir.title')}>
      <h1>{v.t('dir.title')}</h1>
      <SearchForm v={v} q={q} region={region} />
      <p role="status" class="count">
        {offices.length > 0 ? v.t('dir.found', { n: offices.length }) : v.t('dir.none')}
      </p>
      <OfficeList v={v} offices={offices} />
    </Page>
  );
}
