import type { Child } from 'hono/jsx';
import type { FormErrors } from '../../../core/http/forms.ts';
import type { MessageKey } from '../../../core/i18n/messages.ts';
import type { View } from '../../../core/views/view.ts';
import { hasOfficeRole } from '../../../core/auth/actor.ts';
import type { OfficeRef } from '../../../core/http/env.ts';

/** Base path of an office's register pages (without the locale). */
export const peopleBase = (office: { slug: string }) => `/admin/kancelarije/${office.slug}/mladi`;
export const personPath = (office: { slug: string }, id: string) => `${peopleBase(office)}/${id}`;

/** A code's label, or "not stated" for null. */
export const codeLabel = (v: View, prefix: string, code: string | null | undefined) =>
  code ? v.t(`${prefix}.${code}` as MessageKey) : v.t('people.unknown');

/** Breadcrumbs and the register's own navigation (the access log only for the office admin). */
export function PeopleNav({ v, office, current }: { v: View; office: OfficeRef; current?: string }) {
  const admin = hasOfficeRole(v.actor, office.id, ['office_admin']);
  const links: Array<[string, MessageKey]> = [
    [peopleBase(office), 'people.nav.list'],
    [`${peopleBase(office)}/novi`, 'people.nav.add'],
    [`/admin/kancelarije/${office.slug}/naselja`, 'people.nav.settlements'],
    [`${peopleBase(office)}/statistika`, 'people.nav.stats'],
    ...(admin ? ([[`/admin/kancelarije/${office.slug}/pristup`, 'people.nav.access']] as Array<[string, MessageKey]>) : []),
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

/** One checkbox with its label (and error). */
export function Check(p: { v: View; name: string; label: string; checked: boolean; errors?: FormErrors | undefined; value?: string; id?: string; hint?: string; required?: boolean }) {
  const id = p.id ?? `f-${p.name}`;
  const error = p.errors?.[p.name];
  const describedBy = [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field check has-error' : 'field check'}>
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <input type="checkbox" id={id} name={p.name} value={p.value} checked={p.checked} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} required={p.required} />
      <label for={id}>{p.label}</label>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
    </div>
  );
}

/** A group of checkboxes sending one name several times (read with codeList). */
export function CheckGroup(p: { v: View; name: string; legend: string; options: Array<[string, string]>; selected: readonly string[]; errors?: FormErrors | undefined }) {
  const error = p.errors?.[p.name];
  return (
    <fieldset id={`f-${p.name}`} class={error ? 'has-error' : undefined} aria-describedby={error ? `f-${p.name}-error` : undefined}>
      <legend>
        {p.legend} <span class="optional">{p.v.t('form.optional')}</span>
      </legend>
      {error ? (
        <p class="error" id={`f-${p.name}-error`}>
          {error}
        </p>
      ) : null}
      {p.options.map(([value, label]) => (
        <Check v={p.v} name={p.name} id={`f-${p.name}-${value}`} value={value} label={label} checked={p.selected.includes(value)} />
      ))}
    </fieldset>
  );
}

/** Radio buttons in a fieldset. */
export function RadioGroup(p: { v: View; name: string; legend: string; options: Array<[string, string]>; value: string; errors?: FormErrors | undefined; required?: boolean; hint?: string }) {
  const error = p.errors?.[p.name];
  const describedBy = [p.hint ? `f-${p.name}-hint` : '', error ? `f-${p.name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset id={`f-${p.name}`} class={error ? 'has-error' : undefined} aria-describedby={describedBy}>
      <legend>{p.legend}</legend>
      {p.hint ? (
        <p class="hint" id={`f-${p.name}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={`f-${p.name}-error`}>
          {error}
        </p>
      ) : null}
      {p.options.map(([value, label], i) => (
        <div class="field check">
          <input type="radio" id={`f-${p.name}-${i}`} name={p.name} value={value} checked={p.value === value} required={p.required} />
          <label for={`f-${p.name}-${i}`}>{label}</label>
        </div>
      ))}
    </fieldset>
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
