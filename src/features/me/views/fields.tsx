import { LAP_AREAS } from '../../../core/domain.ts';
import type { FormErrors, FormValues } from '../../../core/http/forms.ts';
import type { MessageKey } from '../../../core/i18n/messages.ts';
import { Field } from '../../../core/views/forms.tsx';
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

/** A checkbox with its label (and error), in a group or alone. */
export function Check(p: { v: View; id: string; name: string; value?: string; label: string; checked: boolean; error?: string | undefined; hint?: string; required?: boolean }) {
  const describedBy = [p.error ? `${p.id}-error` : '', p.hint ? `${p.id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'field check has-error' : 'field check'}>
      {p.error ? (
        <p class="error" id={`${p.id}-error`}>
          {p.error}
        </p>
      ) : null}
      <input
        type="checkbox"
        id={p.id}
        name={p.name}
        value={p.value ?? 'on'}
        checked={p.checked}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      <label for={p.id}>{p.label}</label>
      {p.hint ? (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      ) : null}
    </div>
  );
}

/** The codes a checkbox group sent (readForm joins them with ','). */
export const picked = (values: FormValues, name: string) => new Set((values[name] ?? '').split(',').filter(Boolean));

export interface SettlementOption {
  id: string;
  name: string;
  kind: 'urban' | 'rural';
}

/** The profile fields of the register (people/schema.ts profileFields), for joining and correcting. */
export function ProfileFields({ v, values, errors, settlements }: { v: View; values: FormValues; errors?: FormErrors | undefined; settlements: SettlementOption[] }) {
  const interests = picked(values, 'interests');
  return (
    <>
      <Field v={v} name="full_name" label={v.t('me.field.full_name')} value={values.full_name} errors={errors} required autocomplete="name" maxlength={120} />
      <Field v={v} name="email" label={v.t('me.field.email')} type="email" value={values.email} errors={errors} autocomplete="email" maxlength={254} />
      <Field v={v} name="phone" label={v.t('me.field.phone')} type="tel" value={values.phone} errors={errors} autocomplete="tel" maxlength={40} />
      <Field v={v} name="birth_date" label={v.t('me.field.birth_date')} type="date" value={values.birth_date} errors={errors} required autocomplete="bday" />
      <Field
        v={v}
        name="gender"
        label={v.t('me.field.gender')}
        value={values.gender}
        errors={errors}
        options={[['', v.t('me.choose')], ...GENDERS.map((g): [string, string] => [g, g === 'undisclosed' ? v.t('me.notSaid') : label.gender(v, g)])]}
      />
      <Field
        v={v}
        name="settlement_id"
        label={v.t('me.field.settlement_id')}
        value={values.settlement_id}
        errors={errors}
        options={[['', v.t('me.choose')], ...settlements.map((s): [string, string] => [s.id, `${v.tx(s.name)} (${label.settlementKind(v, s.kind)})`])]}
      />
      <Field
        v={v}
        name="status"
        label={v.t('me.field.status')}
        value={values.status}
        errors={errors}
        options={[['', v.t('me.choose')], ...STATUSES.map((s): [string, string] => [s, label.status(v, s)])]}
      />
      <fieldset class={errors?.interests ? 'has-error' : undefined}>
        <legend>
          {v.t('me.field.interests')} <span class="optional">{v.t('form.optional')}</span>
        </legend>
        {errors?.interests ? (
          <p class="error" id="f-interests-error">
            {errors.interests}
          </p>
        ) : null}
        {LAP_AREAS.map((code, i) => (
          <Check v={v} id={i === 0 ? 'f-interests' : `f-interests-${code}`} name="interests" value={code} label={label.interest(v, code)} checked={interests.has(code)} />
        ))}
      </fieldset>
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
      <Field v={v} name="health_note" label={v.t('me.field.health_note')} value={values.health_note} errors={errors} multiline rows={3} maxlength={1000} />
    </>
  );
}

/** Form values of a stored profile (for the correction form). */
export function profileValues(p: {
  full_name: string;
  email: string;
  phone: string;
  birth_date: string | null;
  gender: string | null;
  settlement_id: string | null;
  status: string | null;
  interests: string[];
  script: string;
}): FormValues {
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
