import { LAP_AREAS } from '../../../core/domain.ts';
import type { FormErrors, FormValues } from '../../../core/http/forms.ts';
import { Check, CheckGroup, Field, Form, RadioGroup, isOn } from '../../../core/views/forms.tsx';
import type { View } from '../../../core/views/view.ts';
import type { Association } from '../repo.ts';
import { PUBLISHABLE_FIELDS, TARGET_GROUPS, youngSharePercent, type AssociationKind } from '../schema.ts';

/**
 * Kinds in the order the form offers them: from an informal group to a union. (The first is
 * what a form submitted without a choice would carry in tests: an informal group needs no
 * registry number, so a plain submission of the empty form can succeed.)
 */
export const KIND_FORM_ORDER: readonly AssociationKind[] = ['informal', 'youth', 'for_youth', 'umbrella'];
/** '' lets the kind decide (informal group → no legal form, otherwise an association). */
const LEGAL_FORM_ORDER = ['', 'informal_group', 'association', 'union', 'foundation', 'other'] as const;

/** The form's flat values from a stored association (the names the schemas parse). */
export function associationFormValues(a: Association): FormValues {
  return {
    kind: a.kind,
    name: a.name,
    short_name: a.short_name,
    legal_form: a.legal_form,
    registry_number: a.registry_number ?? '',
    founded_year: a.founded_year === null ? '' : String(a.founded_year),
    address: a.address,
    email: a.email,
    phone: a.phone,
    website: a.website,
    contact_person: a.contact_person,
    description: a.description,
    areas: a.areas.join(','),
    target_groups: a.target_groups.join(','),
    members_total: a.members_total === null ? '' : String(a.members_total),
    members_young: a.members_young === null ? '' : String(a.members_young),
    active: a.active ? 'on' : '',
    listed: a.listed ? 'on' : '',
    published_fields: a.published_fields.join(','),
  };
}

/** Empty form for a new association: active, not listed. */
export const NEW_ASSOCIATION_VALUES: FormValues = { active: 'on' };

/** The youth-share warning when the typed numbers show a youth association under two thirds. */
export function YouthShareWarning({ v, kind, total, young }: { v: View; kind: string; total: number | null; young: number | null }) {
  const share = youngSharePercent(total, young);
  if (kind !== 'youth' || share === null || 3 * (young ?? 0) >= 2 * (total ?? 0)) return null;
  return (
    <p class="notice" role="note">
      {v.t('associations.youthShare.warning', { share })}
    </p>
  );
}

const num = (s: string | undefined) => (s && /^\d{1,9}$/.test(s.trim()) ? Number(s.trim()) : null);

/**
 * The association's form, for staff (everything, including whether it is active) and for an
 * approved representative (everything but the active flag, which is the office's call).
 */
export function AssociationForm(props: {
  v: View;
  action: string;
  values: FormValues;
  errors?: FormErrors | undefined;
  staff: boolean;
  submit: string;
}) {
  const { v, values, errors, staff } = props;
  const field = (name: string, label: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field v={v} name={name} label={label} value={values[name]} errors={errors} {...extra} />
  );
  return (
    <Form v={v} action={props.action} errors={errors} novalidate>
      <fieldset>
        <legend>{v.t('associations.section.basic')}</legend>
        <RadioGroup
          v={v}
          name="kind"
          legend={v.t('associations.field.kind')}
          value={values.kind}
          errors={errors}
          required
          options={KIND_FORM_ORDER.map((k) => [k, v.t(`associations.kind.${k}`)] as const)}
        />
        <YouthShareWarning v={v} kind={values.kind ?? ''} total={num(values.members_total)} young={num(values.members_young)} />
        {field('name', v.t('associations.field.name'), { required: true, maxlength: 200 })}
        {field('short_name', v.t('associations.field.shortName'), { maxlength: 60 })}
        {field('legal_form', v.t('associations.field.legalForm'), {
          hint: v.t('associations.field.legalForm.hint'),
          options: LEGAL_FORM_ORDER.map((f) => [f, f === '' ? '—' : v.t(`associations.legalForm.${f}`)] as [string, string]),
        })}
        {field('registry_number', v.t('associations.field.registryNumber'), {
          hint: v.t('associations.field.registryNumber.hint'),
          inputmode: 'numeric',
          maxlength: 20,
          autocomplete: 'off',
        })}
        {field('founded_year', v.t('associations.field.foundedYear'), { inputmode: 'numeric', maxlength: 4 })}
        {staff ? (
          <Check v={v} name="active" label={v.t('associations.field.active')} checked={isOn(values.active)} errors={errors} />
        ) : null}
      </fieldset>
      <fieldset>
        <legend>{v.t('associations.section.contact')}</legend>
        {field('address', v.t('associations.field.address'), { maxlength: 300, autocomplete: 'street-address' })}
        {field('email', v.t('associations.field.email'), { type: 'email', maxlength: 254 })}
        {field('phone', v.t('associations.field.phone'), { type: 'tel', maxlength: 40 })}
        {field('website', v.t('associations.field.website'), { type: 'url', maxlength: 500 })}
        {field('contact_person', v.t('associations.field.contactPerson'), { maxlength: 120 })}
      </fieldset>
      <fieldset>
        <legend>{v.t('associations.section.work')}</legend>
        {field('description', v.t('associations.field.description'), { multiline: true, rows: 6, maxlength: 4000 })}
        <CheckGroup
          v={v}
          name="areas"
          legend={v.t('associations.field.areas')}
          value={values.areas}
          errors={errors}
          options={LAP_AREAS.map((a) => [a, v.t(`lap.${a}`)] as const)}
        />
        <CheckGroup
          v={v}
          name="target_groups"
          legend={v.t('associations.field.targetGroups')}
          value={values.target_groups}
          errors={errors}
          options={TARGET_GROUPS.map((g) => [g, v.t(`associations.target.${g}`)] as const)}
        />
        <div class="row">
          {field('members_total', v.t('associations.field.membersTotal'), { inputmode: 'numeric', maxlength: 9 })}
          {field('members_young', v.t('associations.field.membersYoung'), { inputmode: 'numeric', maxlength: 9 })}
        </div>
      </fieldset>
      <fieldset>
        <legend>{v.t('associations.section.publish')}</legend>
        <p class="hint">{v.t('associations.publish.lead')}</p>
        <Check v={v} name="listed" label={v.t('associations.field.listed')} checked={isOn(values.listed)} errors={errors} />
        <CheckGroup
          v={v}
          name="published_fields"
          legend={v.t('associations.field.publishedFields')}
          value={values.published_fields}
          errors={errors}
          options={PUBLISHABLE_FIELDS.map((f) => [f, v.t(`associations.published.${f}`)] as const)}
        />
      </fieldset>
      <button type="submit">{props.submit}</button>
    </Form>
  );
}
