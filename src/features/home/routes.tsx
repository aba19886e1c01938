import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import { PUBLIC } from '../../core/http/routes.ts';
import { Page } from '../../core/views/layout.tsx';
import { view } from '../../core/views/view.ts';
import { PRIVACY_NOTICE_VERSION } from '../accounts/service.ts';
import { listOffices } from '../offices/repo.ts';
import { OfficeList, SearchForm } from '../offices/views/directory.tsx';
import { PrivacyNotice } from './privacy.tsx';

export function registerHomeRoutes(core: Core): void {
  core.page({ name: 'home', method: 'GET', path: `${L}/`, access: PUBLIC, cacheTags: () => ['offices'] }, async (c) => {
    const v = view(c);
    const offices = (await listOffices(c.var.deps.db)).filter((o) => o.status === 'full');
    return c.html(
      <Page v={v} title={v.t('home.title')} description={v.t('home.lead')}>
        <h1>{v.t('home.title')}</h1>
        <p class="lead">{v.t('home.lead')}</p>
        <section aria-labelledby="find">
          <h2 id="find">{v.t('home.search')}</h2>
          <SearchForm v={v} q="" region="" />
        </section>
        <section aria-labelledby="featured">
          <h2 id="featured">{v.t('home.featured')}</h2>
          <OfficeList v={v} offices={offices} level={3} />
          <p>
            <a href={v.href('/kancelarije')}>{v.t('home.allOffices')}</a>
          </p>
        </section>
        <section aria-labelledby="what">
          <h2 id="what">{v.t('home.what')}</h2>
          <p>{v.t('home.what.text')}</p>
        </section>
      </Page>,
    );
  });

  core.page({ name: 'privacy', method: 'GET', path: `${L}/privatnost`, access: PUBLIC, cacheTags: () => ['static'] }, (c) => {
    const v = view(c);
    return c.html(
      <Page v={v} title={v.t('privacy.title')}>
        <h1>{v.t('privacy.title')}</h1>
        <p class="meta">{v.t('privacy.version', { version: PRIVACY_NOTICE_VERSION })}</p>
        <PrivacyNotice v={v} retention={{ months: c.var.deps.config.RETENTION_MONTHS, grace: c.var.deps.config.RETENTION_GRACE_DAYS }} />
      </Page>,
    );
  });
}
