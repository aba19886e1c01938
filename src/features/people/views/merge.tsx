import type { OfficeRef } from '../../../core/http/env.ts';
import type { PeopleCan } from '../policy.ts';
import type { FormErrors, FormValues } from '../../../core/http/forms.ts';
import { Field, Form, RadioGroup } from '../../../core/views/forms.tsx';
import { formatDate } from '../../../core/views/format.ts';
import { Page } from '../../../core/views/layout.tsx';
import type { View } from '../../../core/views/view.ts';
import type { PersonRow } from '../repo.ts';
import { PeopleNav, personPath } from './common.tsx';

export interface Candidate {
  id: string;
  full_name: string;
  email: string;
  birth_date: string | null;
  has_account: boolean;
}

export function MergePage(props: {
  v: View;
  office: OfficeRef;
  can: PeopleCan;
  person: PersonRow;
  suggested: Candidate[];
  found: Candidate[];
  q: string;
  values?: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, person, suggested, found, q, values = {}, errors } = props;
  const title = v.t('people.merge.title', { name: v.tx(person.full_name) });
  const label = (c: Candidate) =>
    v.t('people.merge.option', {
      name: v.tx(c.full_name),
      email: c.email || '—',
      birth: c.birth_date ? formatDate(v.locale, c.birth_date) : '—',
    }) + (c.has_account ? ` (${v.t('people.hasAccount')})` : '');
  const seen = new Set(suggested.map((c) => c.id));
  const candidates = [...suggested, ...found.filter((c) => !seen.has(c.id))];
  const base = personPath(office, person.id);
  return (
    <Page v={v} title={title}>
      <PeopleNav v={v} office={office} can={props.can} />
      <p>
        <a href={v.href(base)}>{v.tx(person.full_name)}</a>
      </p>
      <h1>{title}</h1>
      <p>{v.t('people.merge.lead')}</p>
      <form method="get" action={v.href(`${base}/spoji`)} role="search" aria-label={v.t('people.merge.search')}>
        <div class="search">
          <Field v={v} name="q" label={v.t('people.merge.search')} type="search" value={q} maxlength={100} />
          <button type="submit">{v.t('people.merge.searchSubmit')}</button>
        </div>
      </form>
      {candidates.length === 0 ? (
        <>
          {errors && Object.keys(errors).length > 0 ? (
            <div class="error-summary" role="alert" tabindex={-1} id="errors">
              <p>{v.t('form.errors')}</p>
              <ul>
                {Object.values(errors).map((e) => (
                  <li>{e}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <p>{v.t('people.merge.none')}</p>
        </>
      ) : (
        <Form v={v} action={v.href(`${base}/spoji`)} errors={errors} novalidate>
          <RadioGroup
            v={v}
            name="other_id"
            legend={suggested.length > 0 && found.length === 0 ? v.t('people.merge.suggested') : v.t('people.merge.other')}
            value={values.other_id ?? ''}
            errors={errors}
            required
            options={candidates.map((c) => [c.id, label(c)])}
          />
          <RadioGroup
            v={v}
            name="keep"
            legend={v.t('people.merge.keep')}
            value={values.keep ?? 'this'}
            errors={errors}
            required
            options={[
              ['this', v.t('people.merge.keepThis', { name: v.tx(person.full_name) })],
              ['other', v.t('people.merge.keepOther')],
            ]}
          />
          <button type="submit">{v.t('people.merge.submit')}</button>
        </Form>
      )}
    </Page>
  );
}
