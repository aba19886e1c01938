import type { FormErrors, FormValues } from '../../../core/http/forms.ts';
import { Check, Field, Form, isOn } from '../../../core/views/forms.tsx';
import { Page } from '../../../core/views/layout.tsx';
import type { View } from '../../../core/views/view.ts';
import { hhmm } from '../hours.ts';
import type { Office } from '../repo.ts';
import { COORDINATOR_SLOTS, PHONE_SLOTS, SOCIAL_SLOTS } from '../schema.ts';
import { REGIONS } from '../repo.ts';

/** The form's flat values from a stored office (the same names the schema parses). */
export function officeFormValues(o: Office): FormValues {
  const f: FormValues = {
    name: o.name,
    town: o.town,
    region: o.region,
    address: o.address,
    postal_code: o.postal_code,
    room: o.room,
    email: o.email,
    website: o.website,
    description: o.description,
    hours_note: o.hours_note,
    awards: o.awards,
    founded_on: o.founded_on ?? '',
    latitude: o.latitude == null ? '' : String(o.latitude),
    longitude: o.longitude == null ? '' : String(o.longitude),
    associations_create_activities: o.associations_create_activities ? 'on' : '',
  };
  o.phones.forEach((p, i) => {
    f[`phone_label_${i}`] = p.label;
    f[`phone_number_${i}`] = p.number;
  });
  o.social_links.forEach((s, i) => {
    f[`social_label_${i}`] = s.label;
    f[`social_url_${i}`] = s.url;
  });
  for (const h of o.hours) {
    f[`opens_${h.weekday}`] = hhmm(h.opens);
    f[`closes_${h.weekday}`] = hhmm(h.closes);
  }
  o.coordinators.forEach((c, i) => {
    f[`coord_name_${i}`] = c.full_name;
    f[`coord_title_${i}`] = c.title;
    f[`coord_phone_${i}`] = c.phone;
    f[`coord_email_${i}`] = c.email;
  });
  return f;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function OfficeEditPage(props: {
  v: View;
  office: Office;
  values: FormValues;
  errors?: FormErrors | undefined;
  /** The reader is the office's admin (the team page is theirs; the national admin manages the profile only). */
  team: boolean;
}) {
  const { v, office, values, errors, team } = props;
  const field = (name: string, label: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field v={v} name={name} label={label} value={values[name]} errors={errors} {...extra} />
  );
  const title = v.t('admin.edit.title', { name: v.tx(office.name) });
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(`/kancelarije/${office.slug}`)}>{v.t('admin.view')}</a>
        {team ? (
          <>
            {' '}
            · <a href={v.href(`/admin/kancelarije/${office.slug}/tim`)}>{v.t('admin.team')}</a>
          </>
        ) : null}
      </p>
      <h1>{title}</h1>
      <Form v={v} action={v.href(`/admin/kancelarije/${office.slug}`)} errors={errors} novalidate>
        <fieldset>
          <legend>{v.t('admin.section.basic')}</legend>
          {field('name', v.t('field.name'), { required: true, maxlength: 200 })}
          {field('town', v.t('field.town'), { required: true, maxlength: 100 })}
          {field('region', v.t('field.region'), {
            required: true,
            options: REGIONS.map((r) => [r, v.t(`region.${r}`)] as [string, string]),
          })}
          {field('description', v.t('field.description'), { multiline: true, rows: 8, maxlength: 5000 })}
          {field('founded_on', v.t('field.foundedOn'), { type: 'date' })}
          {field('awards', v.t('field.awards'), { multiline: true, rows: 2, maxlength: 1000 })}
          <Check
            v={v}
            name="associations_create_activities"
            label={v.t('activities.setting.associations')}
            hint={v.t('activities.setting.associations.hint')}
            checked={isOn(values.associations_create_activities)}
            errors={errors}
          />
        </fieldset>
        <fieldset>
          <legend>{v.t('admin.section.contact')}</legend>
          {field('address', v.t('field.address'), { autocomplete: 'street-address', maxlength: 200 })}
          {field('postal_code', v.t('field.postalCode'), { inputmode: 'numeric', maxlength: 10 })}
          {field('room', v.t('field.room'), { maxlength: 200 })}
          {field('email', v.t('field.email'), { type: 'email', maxlength: 254 })}
          {field('website', v.t('field.website'), { type: 'url', maxlength: 500 })}
          {range(PHONE_SLOTS).map((i) => (
            <div class="row">
              {field(`phone_number_${i}`, `${v.t('field.phone')} ${i + 1}`, { type: 'tel', maxlength: 40 })}
              {field(`phone_label_${i}`, `${v.t('field.phoneLabel')} ${i + 1}`, { maxlength: 80 })}
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{v.t('admin.section.hours')}</legend>
          <p class="hint">{v.t('admin.section.hoursHelp')}</p>
          {range(7).map((i) => {
            const d = i + 1;
            const day = v.t(`weekday.${d}` as 'weekday.1');
            return (
              <div class="row">
                {field(`opens_${d}`, `${day}: ${v.t('field.opens')}`, { type: 'time' })}
                {field(`closes_${d}`, `${day}: ${v.t('field.closes')}`, { type: 'time' })}
              </div>
            );
          })}
          {field('hours_note', v.t('field.hoursNote'), { maxlength: 300 })}
        </fieldset>
        <fieldset>
          <legend>{v.t('admin.section.coordinators')}</legend>
          {range(COORDINATOR_SLOTS).map((i) => (
            <div class="row">
              {field(`coord_name_${i}`, `${v.t('field.fullName')} ${i + 1}`, { maxlength: 120 })}
              {field(`coord_title_${i}`, `${v.t('field.title')} ${i + 1}`, { maxlength: 120 })}
              {field(`coord_phone_${i}`, `${v.t('field.phone')} ${i + 1}`, { type: 'tel', maxlength: 40 })}
              {field(`coord_email_${i}`, `${v.t('field.email')} ${i + 1}`, { type: 'email', maxlength: 254 })}
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{v.t('admin.section.social')}</legend>
          {range(SOCIAL_SLOTS).map((i) => (
            <div class="row">
              {field(`social_url_${i}`, `${v.t('field.socialUrl')} ${i + 1}`, { type: 'url', maxlength: 500 })}
              {field(`social_label_${i}`, `${v.t('field.socialLabel')} ${i + 1}`, { maxlength: 120 })}
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{v.t('admin.section.location')}</legend>
          <div class="row">
            {field('latitude', v.t('field.latitude'), { inputmode: 'decimal' })}
            {field('longitude', v.t('field.longitude'), { inputmode: 'decimal' })}
          </div>
        </fieldset>
        <button type="submit">{v.t('form.save')}</button>
      </Form>
    </Page>
  );
}
