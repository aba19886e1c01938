import { LAP_AREAS } from '../../../core/domain.ts';
import type { OfficeRef } from '../../../core/http/env.ts';
import type { PeopleCan } from '../policy.ts';
import type { FormErrors, FormValues } from '../../../core/http/forms.ts';
import { LOCALE_NAMES, LOCALES } from '../../../core/i18n/locale.ts';
import { Check, CheckGroup, Field, Form, RadioGroup } from '../../../core/views/forms.tsx';
import { formatDate } from '../../../core/views/format.ts';
import { Page } from '../../../core/views/layout.tsx';
import type { View } from '../../../core/views/view.ts';
import type { DuplicateMatch } from '../merge-repo.ts';
import type { PersonRow, Settlement } from '../repo.ts';
import { ETHNICITIES, GENDERS, STATUSES } from '../schema.ts';
import { PeopleNav, peopleBase, personPath } from './common.tsx';

type Options = Array<[string, string]>;

const withChoose = (v: View, options: Options): Options => [['', v.t('people.choose')], ...options];

/** The profile's fields, shared by the add and edit forms (the names profileFields parses). */
function ProfileFields({
  v,
  values,
  errors,
  settlements,
}: {
  v: View;
  values: FormValues;
  errors?: FormErrors | undefined;
  settlements: Settlement[];
}) {
  const field = (name: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field v={v} name={name} label={v.t(`people.field.${name}` as 'people.field.email')} value={values[name]} errors={errors} {...extra} />
  );
  return (
    <fieldset>
      <legend>{v.t('people.section.profile')}</legend>
      {field('full_name', { required: true, maxlength: 120, autocomplete: 'off' })}
      {field('birth_date', { required: true, type: 'date', hint: v.t('people.hint.birth_date') })}
      {field('email', { type: 'email', maxlength: 254, autocomplete: 'off' })}
      {field('phone', { type: 'tel', maxlength: 40, autocomplete: 'off' })}
      {field('gender', {
        options: withChoose(
          v,
          GENDERS.map((g) => [g, v.t(`people.gender.${g}`)]),
        ),
      })}
      {field('settlement_id', {
        options: withChoose(
          v,
          settlements.map((s) => [s.id, `${v.tx(s.name)} (${v.t(`people.kind.${s.kind}`)})`]),
        ),
      })}
      {field('status', {
        options: withChoose(
          v,
          STATUSES.map((s) => [s, v.t(`people.status.${s}`)]),
        ),
      })}
      <CheckGroup
        v={v}
        name="interests"
        legend={v.t('people.field.interests')}
        options={LAP_AREAS.map((a) => [a, v.t(`lap.${a}`)])}
        value={values.interests}
        errors={errors}
      />
      {field('script', { options: LOCALES.map((l) => [l, LOCALE_NAMES[l]]) })}
    </fieldset>
  );
}

export function AddPersonPage(props: {
  v: View;
  office: OfficeRef;
  can: PeopleCan;
  settlements: Settlement[];
  values: FormValues;
  errors?: FormErrors | undefined;
  duplicates?: DuplicateMatch[] | undefined;
}) {
  const { v, office, settlements, values, errors, duplicates } = props;
  const on = (name: string) => values[name] === 'on';
  const title = v.t('people.add.title');
  return (
    <Page v={v} title={title}>
      <PeopleNav v={v} office={office} can={props.can} current={`${peopleBase(office)}/novi`} />
      <h1>{title}</h1>
      <p>{v.t('people.add.lead')}</p>
      <Form v={v} action={v.href(`${peopleBase(office)}/novi`)} errors={errors} novalidate>
        {duplicates && duplicates.length > 0 ? (
          <section class="notice" aria-labelledby="dup-title">
            <h2 id="dup-title">{v.t('people.dup.title')}</h2>
            <ul>
              {duplicates.map((d) => (
                <li>
                  <a href={v.href(personPath(office, d.id))}>{v.tx(d.full_name)}</a>
                  {d.email ? `, ${d.email}` : ''}
                  {d.birth_date ? `, ${formatDate(v.locale, d.birth_date)}` : ''} — {v.t(`people.dup.reason.${d.reason}`)}
                </li>
              ))}
            </ul>
            <Check v={v} name="confirm_duplicate" label={v.t('people.dup.confirm')} checked={on('confirm_duplicate')} errors={errors} />
          </section>
        ) : null}
        <ProfileFields v={v} values={values} errors={errors} settlements={settlements} />
        <fieldset>
          <legend>{v.t('people.section.consent')}</legend>
          <RadioGroup
            v={v}
            name="given_by"
            legend={v.t('people.field.given_by')}
            value={values.given_by ?? 'self'}
            errors={errors}
            required
            options={[
              ['self', v.t('people.givenBy.self')],
              ['parent', v.t('people.givenBy.parent')],
            ]}
          />
          <Field
            v={v}
            name="parent_name"
            label={v.t('people.field.parent_name')}
            hint={v.t('people.hint.parent')}
            value={values.parent_name}
            errors={errors}
            maxlength={120}
            autocomplete="off"
          />
          <Field
            v={v}
            name="parent_email"
            label={v.t('people.field.parent_email')}
            type="email"
            value={values.parent_email}
            errors={errors}
            maxlength={254}
            autocomplete="off"
          />
          <Field
            v={v}
            name="evidence_note"
            label={v.t('people.field.evidence_note')}
            hint={v.t('people.hint.evidence_note')}
            value={values.evidence_note}
            errors={errors}
            required
            maxlength={300}
          />
        </fieldset>
        <fieldset>
          <legend>{v.t('people.section.purposes')}</legend>
          <Check
            v={v}
            name="consent_register"
            label={v.t('people.purpose.register')}
            checked={on('consent_register')}
            errors={errors}
            required
          />
          <Check v={v} name="consent_contact" label={v.t('people.purpose.contact')} checked={on('consent_contact')} errors={errors} />
          <Check v={v} name="consent_photos" label={v.t('people.purpose.photos')} checked={on('consent_photos')} errors={errors} />
        </fieldset>
        <fieldset>
          <legend>{v.t('people.section.sensitive')}</legend>
          <p class="hint">{v.t('people.sensitive.formLead')}</p>
          <Check v={v} name="consent_sensitive" label={v.t('people.purpose.sensitive')} checked={on('consent_sensitive')} errors={errors} />
          <SensitiveFields v={v} values={values} errors={errors} />
        </fieldset>
        <button type="submit">{v.t('people.add.submit')}</button>
      </Form>
    </Page>
  );
}

/**
 * Special categories as radio buttons, "not stated" first and chosen: nothing is recorded unless
 * someone picks a value (and then only with the explicit consent ticked).
 */
export function SensitiveFields({ v, values, errors }: { v: View; values: FormValues; errors?: FormErrors | undefined }) {
  const unknown: [string, string] = ['', v.t('people.unknown')];
  return (
    <>
      <RadioGroup
        v={v}
        name="ethnicity"
        legend={v.t('people.field.ethnicity')}
        value={values.ethnicity ?? ''}
        errors={errors}
        options={[unknown, ...ETHNICITIES.map((e) => [e, v.t(`people.ethnicity.${e}`)] as [string, string])]}
      />
      <RadioGroup
        v={v}
        name="disability"
        legend={v.t('people.field.disability')}
        value={values.disability ?? ''}
        errors={errors}
        options={[unknown, ['yes', v.t('people.disability.yes')], ['no', v.t('people.disability.no')]]}
      />
      <Field
        v={v}
        name="health_note"
        label={v.t('people.field.health_note')}
        value={values.health_note}
        errors={errors}
        multiline
        rows={3}
        maxlength={1000}
      />
    </>
  );
}

/** The profile form's values from a stored person (the staff's edit form and the person's own correction form). */
export function personFormValues(
  p: Record<'full_name' | 'email' | 'phone' | 'script', string> &
    Record<'birth_date' | 'gender' | 'settlement_id' | 'status', string | null> & { interests: readonly string[] },
): FormValues {
  return {
    full_name: p.full_name,
    email: p.email,
    phone: p.phone,
    birth_date: p.birth_date ?? '',
    gender: p.gender ?? '',
    settlement_id: p.settlement_id ?? '',
    status: p.status ?? '',
    interests: p.interests.join(','),
    script: p.script,
  };
}

export function EditPersonPage(props: {
  v: View;
  office: OfficeRef;
  can: PeopleCan;
  person: PersonRow;
  settlements: Settlement[];
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, person, settlements, values, errors } = props;
  const title = v.t('people.edit.title', { name: v.tx(person.full_name) });
  return (
    <Page v={v} title={title}>
      <PeopleNav v={v} office={office} can={props.can} />
      <p>
        <a href={v.href(personPath(office, person.id))}>{v.tx(person.full_name)}</a>
      </p>
      <h1>{title}</h1>
      <Form v={v} action={v.href(`${personPath(office, person.id)}/uredi`)} errors={errors} novalidate>
        <ProfileFields v={v} values={values} errors={errors} settlements={settlements} />
        <button type="submit">{v.t('people.edit.submit')}</button>
      </Form>
    </Page>
  );
}
