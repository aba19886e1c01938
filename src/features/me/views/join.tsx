import type { FormErrors, FormValues } from '../../../core/http/forms.ts';
import { Check, Field, Form } from '../../../core/views/forms.tsx';
import { Page } from '../../../core/views/layout.tsx';
import type { View } from '../../../core/views/view.ts';
import { PRIVACY_NOTICE_VERSION } from '../../accounts/service.ts';
import { PURPOSES, type Purpose } from '../../people/purposes.ts';
import type { OfficeInfo } from '../repo.ts';
import { PARENT_PURPOSES } from '../schema.ts';
import { ProfileFields, SensitiveFields, picked, type SettlementOption } from './fields.tsx';

type Office = Pick<OfficeInfo, 'slug' | 'name'>;

/** One consent checkbox per purpose: label, what it means, required or not. */
function PurposeCheck({ v, p, values, errors }: { v: View; p: Purpose; values: FormValues; errors?: FormErrors | undefined }) {
  const id = p.code === 'register' ? 'f-purposes' : `f-purposes_${p.code}`;
  const error = p.code === 'register' ? errors?.purposes : errors?.[`purposes_${p.code}`];
  const text = p.special
    ? v.t('me.join.sensitiveConsent')
    : `${v.t(p.label)} ${p.required ? v.t('me.join.required') : v.t('me.join.optional')}`;
  return (
    <Check
      v={v}
      id={id}
      name="purposes"
      value={p.code}
      label={text}
      hint={v.t(p.description)}
      checked={picked(values, 'purposes').has(p.code)}
      error={error}
    />
  );
}

function PrivacyLinks({ v, office }: { v: View; office: Office }) {
  return (
    <p>
      {v.t('me.join.privacyLinks')} <a href={v.href('/privatnost')}>{v.t('footer.privacy')}</a> ·{' '}
      <a href={v.href(`/kancelarije/${office.slug}/privatnost/evidencija`)}>{v.t('me.join.ropa')}</a>
    </p>
  );
}

export function JoinPage(props: {
  v: View;
  office: Office;
  settlements: SettlementOption[];
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, settlements, values, errors } = props;
  const sensitive = PURPOSES.find((p) => p.special)!;
  return (
    <Page v={v} title={v.t('me.join.title')}>
      <p class="crumbs">
        <a href={v.href(`/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a>
      </p>
      <h1>{v.t('me.join.title')}</h1>
      <p class="lead">{v.t('me.join.lead', { office: v.tx(office.name) })}</p>
      <PrivacyLinks v={v} office={office} />
      <Form v={v} action={v.href(`/kancelarije/${office.slug}/pridruzi-se`)} errors={errors} novalidate>
        <fieldset>
          <legend>{v.t('me.join.profile')}</legend>
          <p class="hint">{v.t('me.join.prefilled')}</p>
          <ProfileFields v={v} values={values} errors={errors} settlements={settlements} />
        </fieldset>
        <fieldset>
          <legend>{v.t('me.join.consents')}</legend>
          <p class="hint">{v.t('me.join.consentsLead', { version: PRIVACY_NOTICE_VERSION })}</p>
          {PURPOSES.filter((p) => !p.special).map((p) => (
            <PurposeCheck v={v} p={p} values={values} errors={errors} />
          ))}
        </fieldset>
        <fieldset>
          <legend>{v.t('me.join.sensitive')}</legend>
          <p>{v.t(sensitive.description)}</p>
          <PurposeCheck v={v} p={sensitive} values={values} errors={errors} />
          <p class="hint">{v.t('me.join.sensitiveHint')}</p>
          <SensitiveFields v={v} values={values} errors={errors} />
        </fieldset>
        <button type="submit">{v.t('me.join.submit')}</button>
      </Form>
      <p>
        {v.t('me.join.under15')} <a href={v.href(`/kancelarije/${office.slug}/pridruzi-se/roditelj`)}>{v.t('me.join.under15Link')}</a>
      </p>
    </Page>
  );
}

export function ParentPage(props: {
  v: View;
  office: Office;
  settlements: SettlementOption[];
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, settlements, values, errors } = props;
  return (
    <Page v={v} title={v.t('me.parent.title')}>
      <p class="crumbs">
        <a href={v.href(`/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a>
      </p>
      <h1>{v.t('me.parent.title')}</h1>
      <p class="lead">{v.t('me.parent.lead', { office: v.tx(office.name) })}</p>
      <PrivacyLinks v={v} office={office} />
      <Form v={v} action={v.href(`/kancelarije/${office.slug}/pridruzi-se/roditelj`)} errors={errors} novalidate>
        <fieldset>
          <legend>{v.t('me.parent.child')}</legend>
          <Field
            v={v}
            name="full_name"
            label={v.t('me.parent.childName')}
            value={values.full_name}
            errors={errors}
            required
            maxlength={120}
          />
          <Field
            v={v}
            name="birth_date"
            label={v.t('me.parent.childBirth')}
            type="date"
            value={values.birth_date}
            errors={errors}
            required
          />
          <Field
            v={v}
            name="settlement_id"
            label={v.t('me.field.settlement_id')}
            value={values.settlement_id}
            errors={errors}
            options={[['', v.t('me.choose')], ...settlements.map((s): [string, string] => [s.id, v.tx(s.name)])]}
          />
        </fieldset>
        <fieldset>
          <legend>{v.t('me.parent.parent')}</legend>
          <Field
            v={v}
            name="parent_name"
            label={v.t('me.parent.parentName')}
            value={values.parent_name}
            errors={errors}
            required
            autocomplete="name"
            maxlength={120}
          />
          <Field
            v={v}
            name="parent_email"
            label={v.t('me.parent.parentEmail')}
            type="email"
            hint={v.t('me.parent.parentEmailHint')}
            value={values.parent_email}
            errors={errors}
            required
            autocomplete="email"
            maxlength={254}
          />
        </fieldset>
        <fieldset>
          <legend>{v.t('me.parent.consents')}</legend>
          <p class="hint">{v.t('me.join.consentsLead', { version: PRIVACY_NOTICE_VERSION })}</p>
          {PURPOSES.filter((p) => (PARENT_PURPOSES as readonly string[]).includes(p.code)).map((p) => (
            <PurposeCheck v={v} p={p} values={values} errors={errors} />
          ))}
          <p class="hint">{v.t('me.parent.sensitiveNote')}</p>
        </fieldset>
        <button type="submit">{v.t('me.parent.submit')}</button>
      </Form>
      <p>
        {v.t('me.parent.over15')} <a href={v.href('/nalog/registracija')}>{v.t('nav.signup')}</a>
      </p>
    </Page>
  );
}
