import { LAP_AREAS } from '../../../core/domain.ts';
import type { FormErrors, FormValues } from '../../../core/http/forms.ts';
import type { MessageKey } from '../../../core/i18n/messages.ts';
import { CheckGroup, Field } from '../../../core/views/forms.tsx';
import type { View } from '../../../core/views/view.ts';
import { ETHNICITIES, GENDERS, STATUSES } from '../../people/schema.ts';

/** Labels of the register's code lists, in the reader's script. */
export const label = {
  gender: (v: View, code: string | null) => (code ? v.t(`me.gender.${code}` as MessageKey) : v.t('me.notGiven')),
  status: (v: View, code: string | null) => (code ? v.t(`me.status.${code}` as MessageKey) : v.t('me.notGiven')),
  ethnicity: (v: View, code: string | null) => (code ? v.t(`me.ethnicity.${code}` as MessageKey) : v.t('me.notGiven')),
  script: (v: View, code: string) => v.t(`me.script.${code}` as MessageKey),
  settlementKind: (v: View, code: string | null) => (code ? v.t(`me.settlement.${code}` as MessageKey) : ''),
  interest: (v: View, code: string) => v.t(`lap.${code}` as MessageKey),
  access: (v: View, code: string) => v.t(`me.access.${code}` as MessageKey),
  disability: (v: View, value: boolean | null) => (value === null ? v.t('me.notGiven') : v.t(value ? 'me.yes' : 'me.no')),
};

/** The codes a checkbox group sent (readForm joins them with ','). */
export const picked = (values: FormValues, name: string) => new Set((values[name] ?? '').split(',').filter(Boolean));

export interface SettlementOption {
  id: string;
  name: string;
  kind: 'urban' | 'rural';
}

/** The profile fields of the register (people/schema.ts profileFields), for joining and correcting. */
export function ProfileFields({
  v,
  values,
  errors,
  settlements,
}: {
  v: View;
  values: FormValues;
  errors?: FormErrors | undefined;
  settlements: SettlementOption[];
}) {
  return (
    <>
      <Field
        v={v}
        name="full_name"
        label={v.t('me.field.full_name')}
        value={values.full_name}
        errors={errors}
        required
        autocomplete="name"
        maxlength={120}
      />
      <Field
        v={v}
        name="email"
        label={v.t('me.field.email')}
        type="email"
        value={values.email}
        errors={errors}
        autocomplete="email"
        maxlength={254}
      />
      <Field
        v={v}
        name="phone"
        label={v.t('me.field.phone')}
        type="tel"
        value={values.phone}
        errors={errors}
        autocomplete="tel"
        maxlength={40}
      />
      <Field
        v={v}
        name="birth_date"
        label={v.t('me.field.birth_date')}
        type="date"
        value={values.birth_date}
        errors={errors}
        required
        autocomplete="bday"
      />
      <Field
        v={v}
        name="gender"
        label={v.t('me.field.gender')}
        value={values.gender}
        errors={errors}
        options={[
          ['', v.t('me.choose')],
          ...GENDERS.map((g): [string, string] => [g, g === 'undisclosed' ? v.t('me.notSaid') : label.gender(v, g)]),
        ]}
      />
      <Field
        v={v}
        name="settlement_id"
        label={v.t('me.field.settlement_id')}
        value={values.settlement_id}
        errors={errors}
        options={[
          ['', v.t('me.choose')],
          ...settlements.map((s): [string, string] => [s.id, `${v.tx(s.name)} (${label.settlementKind(v, s.kind)})`]),
        ]}
      />
      <Field
        v={v}
        name="status"
        label={v.t('me.field.status')}
        value={values.status}
        errors={errors}
        options={[['', v.t('me.choose')], ...STATUSES.map((s): [string, string] => [s, label.status(v, s)])]}
      />
      <CheckGroup
        v={v}
        name="interests"
        legend={v.t('me.field.interests')}
        options={LAP_AREAS.map((code) => [code, label.interest(v, code)] as const)}
        value={values.interests}
        errors={errors}
      />
      <Field
        v={v}
        name="script"
        label={v.t('me.field.script')}
        value={values.script || v.locale}
        errors={errors}
        options={(['cir', 'lat', 'en'] as const).map((s): [string, string] => [s, label.script(v, s)])}
      />
    </>
  );
}

/** The special-category fields (people/schema.ts sensitiveFields). */
export function SensitiveFields({ v, values, errors }: { v: View; values: FormValues; errors?: FormErrors | undefined }) {
  return (
    <>
      <Field
        v={v}
        name="ethnicity"
        label={v.t('me.field.ethnicity')}
        value={values.ethnicity}
        errors={errors}
        options={[['', v.t('me.notSaid')], ...ETHNICITIES.map((e): [string, string] => [e, label.ethnicity(v, e)])]}
      />
      <Field
        v={v}
        name="disability"
        label={v.t('me.field.disability')}
        value={values.disability}
        errors={errors}
        options={[
          ['', v.t('me.notSaid')],
          ['yes', v.t('me.yes')],
          ['no', v.t('me.no')],
        ]}
      />
      <Field
        v={v}
        name="health_note"
        label={v.t('me.field.health_note')}
        value={values.health_note}
        errors={errors}
        multiline
        rows={3}
        maxlength={1000}
      />
    </>
  );
}
