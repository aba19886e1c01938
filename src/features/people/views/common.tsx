import type { Child } from 'hono/jsx';
import type { MessageKey } from '../../../core/i18n/messages.ts';
import type { View } from '../../../core/views/view.ts';
import type { OfficeRef } from '../../../core/http/env.ts';
import type { PeopleCan } from '../policy.ts';

/** Base path of an office's register pages (without the locale). */
export const peopleBase = (office: { slug: string }) => `/admin/kancelarije/${office.slug}/mladi`;
export const personPath = (office: { slug: string }, id: string) => `${peopleBase(office)}/${id}`;

/** A code's label, or "not stated" for null. */
export const codeLabel = (v: View, prefix: string, code: string | null | undefined) =>
  code ? v.t(`${prefix}.${code}` as MessageKey) : v.t('people.unknown');

/** Breadcrumbs and the register's own navigation (the access log for those who may review it). */
export function PeopleNav({ v, office, can, current }: { v: View; office: OfficeRef; can: PeopleCan; current?: string }) {
  const register: Array<[string, MessageKey]> = [
    [peopleBase(office), 'people.nav.list'],
    [`${peopleBase(office)}/novi`, 'people.nav.add'],
    [`/admin/kancelarije/${office.slug}/naselja`, 'people.nav.settlements'],
  ];
  const links: Array<[string, MessageKey]> = [
    ...(can.register ? register : []),
    [`${peopleBase(office)}/statistika`, 'people.nav.stats'],
    ...(can.accessLog ? ([[`/admin/kancelarije/${office.slug}/pristup`, 'people.nav.access']] as Array<[string, MessageKey]>) : []),
  ];
  return (
    <>
      <p class="crumbs">
        <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(`/admin/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a>
      </p>
      <nav aria-label={v.t('people.nav')}>
        <p class="crumbs">
          {links.map(([path, label], i) => (
            <>
              {i > 0 ? ' · ' : null}
              <a href={v.href(path)} aria-current={current === path ? 'page' : undefined}>
                {v.t(label)}
              </a>
            </>
          ))}
        </p>
      </nav>
    </>
  );
}

/** Previous/next links keeping the other query parameters. */
export function Pager(p: { v: View; path: string; query: Record<string, string>; page: number; pages: number }) {
  if (p.pages <= 1) return null;
  const link = (page: number) => {
    const q = new URLSearchParams(Object.entries({ ...p.query, page: String(page) }).filter(([, x]) => x !== ''));
    return `${p.v.href(p.path)}?${q.toString()}`;
  };
  return (
    <nav aria-label={p.v.t('people.pages')}>
      <p>
        {p.page > 1 ? <a href={link(p.page - 1)}>{p.v.t('people.prev')}</a> : null} {p.v.t('people.page', { page: p.page, pages: p.pages })}{' '}
        {p.page < p.pages ? <a href={link(p.page + 1)}>{p.v.t('people.next')}</a> : null}
      </p>
    </nav>
  );
}

export function Section(p: { title: string; children?: Child; id?: string }) {
  return (
    <section aria-labelledby={p.id}>
      <h2 id={p.id}>{p.title}</h2>
      {p.children}
    </section>
  );
}
