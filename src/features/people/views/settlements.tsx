import type { OfficeRef } from '../../../core/http/env.ts';
import type { PeopleCan } from '../policy.ts';
import type { FormErrors, FormValues } from '../../../core/http/forms.ts';
import { Field, Form } from '../../../core/views/forms.tsx';
import { Page } from '../../../core/views/layout.tsx';
import type { View } from '../../../core/views/view.ts';
import type { Settlement } from '../repo.ts';
import { SETTLEMENT_KINDS } from '../schema.ts';
import { PeopleNav } from './common.tsx';

export const settlementsPath = (office: { slug: string }) => `/admin/kancelarije/${office.slug}/naselja`;

export function SettlementsPage(props: {
  v: View;
  office: OfficeRef;
  can: PeopleCan;
  settlements: Settlement[];
  values?: FormValues;
  errors?: FormErrors | undefined;
  /** The row whose rename failed, with its errors. */
  rowErrors?: { id: string; values: FormValues; errors: FormErrors } | undefined;
}) {
  const { v, office, settlements, values = {}, errors, rowErrors } = props;
  const title = v.t('people.settlements.title');
  const kinds = SETTLEMENT_KINDS.map((k) => [k, v.t(`people.kind.${k}`)] as [string, string]);
  return (
    <Page v={v} title={title}>
      <PeopleNav v={v} office={office} can={props.can} current={settlementsPath(office)} />
      <h1>{title}</h1>
      <p>{v.t('people.settlements.lead')}</p>
      {settlements.length === 0 ? <p>{v.t('people.settlements.none')}</p> : null}
      <ul class="people">
        {settlements.map((s) => {
          const own = rowErrors?.id === s.id ? rowErrors : undefined;
          const name = v.tx(s.name);
          // Error keys and ids carry the row's id, so the summary links to this row's field.
          const key = `name-${s.id}`;
          const error = own?.errors[key];
          return (
            <li>
              <Form v={v} action={v.href(`${settlementsPath(office)}/izmeni`)} errors={own?.errors} novalidate>
                <input type="hidden" name="settlement_id" value={s.id} />
                <div class="row">
                  <div class={error ? 'field has-error' : 'field'}>
                    <label for={`f-${key}`}>{v.t('people.settlement.nameOf', { name })}</label>
                    {error ? (
                      <p class="error" id={`f-${key}-error`}>
                        {error}
                      </p>
                    ) : null}
                    <input
                      id={`f-${key}`}
                      name="name"
                      value={own?.values.name ?? s.name}
                      required
                      maxlength={100}
                      aria-invalid={error ? 'true' : undefined}
                      aria-describedby={error ? `f-${key}-error` : undefined}
                    />
                  </div>
                  <div class="field">
                    <label for={`f-kind-${s.id}`}>{v.t('people.settlement.kindOf', { name })}</label>
                    <select id={`f-kind-${s.id}`} name="kind" required>
                      {kinds.map(([k, label]) => (
                        <option value={k} selected={(own?.values.kind ?? s.kind) === k}>
                          {label}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
                <button type="submit" class="secondary" aria-label={v.t('people.settlement.saveOf', { name })}>
                  {v.t('people.settlement.save')}
                </button>
              </Form>
            </li>
          );
        })}
      </ul>
      <h2>{v.t('people.settlements.add')}</h2>
      <Form v={v} action={v.href(settlementsPath(office))} errors={errors} novalidate>
        <Field v={v} name="name" label={v.t('people.settlement.name')} value={values.name} errors={errors} required maxlength={100} />
        <Field
          v={v}
          name="kind"
          label={v.t('people.settlement.kind')}
          value={values.kind ?? 'rural'}
          errors={errors}
          required
          options={kinds}
        />
        <button type="submit">{v.t('people.settlements.add')}</button>
      </Form>
    </Page>
  );
}
