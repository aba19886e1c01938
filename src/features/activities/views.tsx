import { LAP_AREAS } from '../../core/domain.ts';
import { OfficeAdminCrumbs } from '../../core/views/crumbs.tsx';
import type { OfficeRef } from '../../core/http/env.ts';
import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { UPLOAD_KINDS, uploadMaxMb } from '../../core/http/uploads.ts';
import { Check, CheckGroup, Field, Form, RadioGroup, isOn } from '../../core/views/forms.tsx';
import { formatDateTime, formatRange } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import { activityImagePath, activityPath, adminActivitiesPath, adminActivityPath } from './paths.ts';
import { placeShown } from './place.ts';
import type { Activity, ActivitySummary, AssociationOption, ListView, PartnerOption, Session } from './repo.ts';
import { ACTIVITY_KINDS, BLANK_SESSION_ROWS, MAX_QUESTIONS, MAX_SESSIONS, PLACE_KINDS } from './schema.ts';
import type { Editor } from './policy.ts';
import type { PlanActivityChoice } from './plan-link.ts';
import { localParts } from '../../core/time.ts';

type Office = Pick<OfficeRef, 'slug' | 'name'>;

/** How many session rows a new activity's form offers (a five-session training fits without JavaScript). */
export const NEW_SESSION_ROWS = 5;

function Crumbs({ v, office, list }: { v: View; office: Office; list?: boolean }) {
  return (
    <OfficeAdminCrumbs
      v={v}
      office={office}
      back={list ? { href: adminActivitiesPath(office), label: v.t('activities.backToList') } : undefined}
    />
  );
}

/** "14. 5. 2026. 17:00–19:00", or both ends in full when it spans days. */

const placesText = (v: View, a: { capacity: number | null; confirmed_count: number }) =>
  a.capacity === null
    ? v.t('activities.places.unlimited', { n: a.confirmed_count })
    : v.t('activities.places', { n: a.confirmed_count, capacity: a.capacity });

const VIEWS: ReadonlyArray<[ListView, Parameters<View['t']>[0]]> = [
  ['upcoming', 'activities.filter.upcoming'],
  ['past', 'activities.filter.past'],
  ['drafts', 'activities.filter.drafts'],
  ['cancelled', 'activities.filter.cancelled'],
  ['all', 'activities.filter.all'],
];

export function ActivitiesPage(props: { v: View; office: Office; editor: Editor; rows: ActivitySummary[]; view: ListView }) {
  const { v, office, editor, rows, view } = props;
  const title = v.t('activities.admin.title', { office: v.tx(office.name) });
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} />
      <h1>{title}</h1>
      {editor.kind === 'none' ? (
        <p class="notice">{v.t(editor.reason)}</p>
      ) : (
        <>
          <p>
            <a href={v.href(`${adminActivitiesPath(office)}/nova`)}>{v.t('activities.new')}</a>
          </p>
          <form method="get" action={v.href(adminActivitiesPath(office))} class="search">
            <div class="field">
              <label for="prikaz">{v.t('activities.filter.show')}</label>
              <select id="prikaz" name="prikaz">
                {VIEWS.map(([val, key]) => (
                  <option value={val} selected={val === view}>
                    {v.t(key)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">{v.t('activities.filter.submit')}</button>
          </form>
          <DataTable
            caption={v.t('activities.title')}
            captionHidden
            rows={rows}
            empty={v.t('activities.none')}
            found={(n) => v.t('activities.found', { n })}
            columns={[
              {
                label: v.t('activities.col.title'),
                rowHeader: true,
                cell: (a) => (
                  <>
                    <a href={v.href(adminActivityPath(office, a.id))}>{v.tx(a.title)}</a>
                    <p class="meta">
                      {v.t(`activities.kind.${a.kind}`)}
                      {a.association_name ? ` · ${v.t('activities.byAssociation', { name: v.tx(a.association_name) })}` : ''}
                    </p>
                  </>
                ),
              },
              {
                label: v.t('activities.col.when'),
                cell: (a) => (
                  <>
                    {formatRange(v.locale, a.starts_at, a.ends_at)}
                    {a.sessions > 1 ? <p class="meta">{v.t('calendar.sessions', { n: a.sessions })}</p> : null}
                  </>
                ),
              },
              {
                label: v.t('activities.col.status'),
                cell: (a) => (
                  <>
                    <span class="tag">{v.t(`activities.status.${a.status}`)}</span>
                    {a.status === 'draft' ? (
                      <Form v={v} action={v.href(`${adminActivityPath(office, a.id)}/objavi`)} class="inline-actions">
                        <button type="submit" class="secondary" aria-label={`${v.t('activities.publish')}: ${v.tx(a.title)}`}>
                          {v.t('activities.publish.short')}
                        </button>
                      </Form>
                    ) : null}
                  </>
                ),
              },
              {
                label: v.t('activities.col.places'),
                cell: (a) => (
                  <>
                    {placesText(v, a)}
                    {a.capacity !== null && a.confirmed_count >= a.capacity ? (
                      <>
                        {' '}
                        <strong class="tag">{v.t('activities.full')}</strong>
                      </>
                    ) : null}
                  </>
                ),
              },
            ]}
          />
        </>
      )}
    </Page>
  );
}

/**
 * A new activity's form: a workshop in the office's room, its first session suggested a week
 * ahead at 17:00–19:00 (to be changed; the form says what a session needs by showing one).
 */
export function newActivityValues(today: string): FormValues {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 7);
  return { kind: 'workshop', place_kind: 'office', s_date_0: d.toISOString().slice(0, 10), s_start_0: '17:00', s_end_0: '19:00' };
}

/** The form's flat values from a stored activity. */
export function activityFormValues(a: Activity, sessions: Session[], partners: PartnerOption[]): FormValues {
  const dt = (d: Date | null) => (d ? (({ date, time }) => `${date}T${time}`)(localParts(d)) : '');
  const f: FormValues = {
    kind: a.kind,
    title: a.title,
    summary: a.summary,
    description: a.description,
    areas: a.areas.join(','),
    target_group: a.target_group,
    age_min: a.age_min === null ? '' : String(a.age_min),
    age_max: a.age_max === null ? '' : String(a.age_max),
    place_kind: a.place_kind,
    place: a.place,
    online_url: a.online_url,
    capacity: a.capacity === null ? '' : String(a.capacity),
    registration_opens: dt(a.registration_opens),
    registration_closes: dt(a.registration_closes),
    needs_approval: a.needs_approval ? 'on' : '',
    partners: partners.map((p) => p.id).join(','),
    association: a.association_id ?? '',
    lap_activity_key: a.lap_activity_key ?? '',
    cost: a.cost,
    certificate_hours: a.certificate_hours === null ? '' : String(Number(a.certificate_hours)),
  };
  sessions.forEach((s, i) => {
    const start = localParts(s.starts_at);
    const end = localParts(s.ends_at);
    f[`s_id_${i}`] = s.id;
    f[`s_date_${i}`] = start.date;
    f[`s_start_${i}`] = start.time;
    f[`s_end_date_${i}`] = end.date === start.date ? '' : end.date;
    f[`s_end_${i}`] = end.time;
    f[`s_title_${i}`] = s.title;
  });
  a.questions.forEach((q, i) => {
    f[`q_id_${i}`] = q.id;
    f[`q_label_${i}`] = q.label;
    f[`q_required_${i}`] = q.required ? 'on' : '';
  });
  return f;
}

/** The image file input (the server judges the bytes; `accept` only helps the picker). */
/**
 * The form that adds, replaces or removes an image with its description (an activity's, a news
 * post's): a new file, its alt text (required), "remove" when there is one. `hint` adds what the
 * owner's image is for (a post's: the size that suits sharing).
 */
export function ImageForm(props: {
  v: View;
  action: string;
  hasImage: boolean;
  alt: string;
  values?: FormValues | undefined;
  errors?: FormErrors | undefined;
  hint?: string | undefined;
}) {
  const { v, hasImage } = props;
  return (
    <Form v={v} action={props.action} errors={props.errors} novalidate multipart>
      <ImageInput
        v={v}
        label={v.t(hasImage ? 'activities.image.replace' : 'activities.field.image')}
        required={!hasImage}
        errors={props.errors}
        hint={[props.hint, hasImage ? v.t('activities.image.keep.hint') : undefined].filter(Boolean).join(' ') || undefined}
      />
      <Field
        v={v}
        name="image_alt"
        label={v.t('activities.field.imageAlt')}
        value={props.values?.image_alt ?? props.alt}
        errors={props.errors}
        required
        maxlength={300}
        hint={v.t('activities.field.imageAlt.hint')}
      />
      {hasImage ? (
        <Check
          v={v}
          name="remove_image"
          label={v.t('activities.image.remove')}
          checked={isOn(props.values?.remove_image)}
          errors={props.errors}
        />
      ) : null}
      <button type="submit">{v.t('activities.image.save')}</button>
    </Form>
  );
}

export function ImageInput({
  v,
  label,
  required,
  errors,
  hint,
}: {
  v: View;
  label: string;
  required: boolean;
  errors?: FormErrors | undefined;
  hint?: string | undefined;
}) {
  const error = errors?.image;
  const maxMb = uploadMaxMb('image');
  const hints = [v.t('activities.field.image.hint', { maxMb }), hint].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for="f-image">
        {label}
        {required ? null : <span class="optional"> {v.t('form.optional')}</span>}
      </label>
      <p class="hint" id="f-image-hint">
        {hints}
      </p>
      {error ? (
        <p class="error" id="f-image-error">
          {error}
        </p>
      ) : null}
      <input
        type="file"
        id="f-image"
        name="image"
        required={required}
        accept={`.png,.jpg,.jpeg,.webp,.gif,${UPLOAD_KINDS.image.types.join(',')}`}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'f-image-hint f-image-error' : 'f-image-hint'}
      />
    </div>
  );
}

/** Rows to show: every row that has something (stored or typed), then blank ones. */
function sessionRows(values: FormValues, blank: number): number {
  let last = -1;
  for (let i = 0; i < MAX_SESSIONS; i++) {
    if (['s_id_', 's_date_', 's_start_', 's_end_date_', 's_end_', 's_title_'].some((k) => (values[`${k}${i}`] ?? '') !== '')) last = i;
  }
  return Math.min(MAX_SESSIONS, last + 1 + blank);
}

/**
 * The plan activity the activity is carried out under (issue #15: live values move as the office
 * works): the current plan's activities by area; an earlier plan's link stays chosen as it is.
 */
function PlanActivityField(p: { v: View; choices: PlanActivityChoice[]; values: FormValues; errors?: FormErrors | undefined }) {
  const { v } = p;
  const chosen = p.values.lap_activity_key ?? '';
  const area = (c: PlanActivityChoice) =>
    c.areaName
      ? v.tx(c.areaName)
      : c.area && (LAP_AREAS as readonly string[]).includes(c.area)
        ? v.t(`lap.${c.area as (typeof LAP_AREAS)[number]}`)
        : '';
  const options: Array<[string, string]> = [
    ['', v.t('activities.field.lapActivity.none')],
    ...p.choices.map((c): [string, string] => [c.key, `${area(c)} — ${v.tx(c.title)} (${c.year})`]),
  ];
  if (chosen !== '' && !p.choices.some((c) => c.key === chosen)) options.push([chosen, v.t('activities.field.lapActivity.earlier')]);
  return (
    <>
      <input type="hidden" name="lap_link" value="1" />
      <Field
        v={v}
        name="lap_activity_key"
        label={v.t('activities.field.lapActivity')}
        hint={v.t('activities.field.lapActivity.hint')}
        value={chosen}
        errors={p.errors}
        options={options}
      />
    </>
  );
}

function ActivityForm(props: {
  v: View;
  action: string;
  values: FormValues;
  errors?: FormErrors | undefined;
  partners: PartnerOption[];
  associations: AssociationOption[] | null;
  planActivities: PlanActivityChoice[] | null;
  blankRows: number;
  submit: string;
}) {
  const { v, values, errors } = props;
  const field = (name: string, label: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field v={v} name={name} label={label} value={values[name]} errors={errors} {...extra} />
  );
  const rows = sessionRows(values, props.blankRows);
  return (
    <Form v={v} action={props.action} errors={errors} novalidate>
      <fieldset>
        <legend>{v.t('activities.section.basic')}</legend>
        {field('kind', v.t('activities.field.kind'), {
          required: true,
          options: ACTIVITY_KINDS.map((k) => [k, v.t(`activities.kind.${k}`)] as [string, string]),
        })}
        {field('title', v.t('activities.field.title'), { required: true, maxlength: 200 })}
        {props.associations
          ? field('association', v.t('activities.field.association'), {
              required: true,
              options: [['', '—'], ...props.associations.map((a) => [a.id, v.tx(a.name)] as [string, string])],
            })
          : null}
        {field('summary', v.t('activities.field.summary'), { maxlength: 300, hint: v.t('activities.field.summary.hint') })}
        {field('description', v.t('activities.field.description'), { multiline: true, rows: 8, maxlength: 10000 })}
        <CheckGroup
          v={v}
          name="areas"
          legend={v.t('activities.field.areas')}
          options={LAP_AREAS.map((a) => [a, v.t(`lap.${a}`)] as const)}
          value={values.areas}
          errors={errors}
        />
        {props.planActivities ? <PlanActivityField v={v} choices={props.planActivities} values={values} errors={errors} /> : null}
        {field('target_group', v.t('activities.field.targetGroup'), { maxlength: 200, hint: v.t('activities.field.targetGroup.hint') })}
        <div class="row">
          {field('age_min', v.t('activities.field.ageMin'), { inputmode: 'numeric', maxlength: 2, hint: v.t('activities.field.age.hint') })}
          {field('age_max', v.t('activities.field.ageMax'), { inputmode: 'numeric', maxlength: 2, hint: v.t('activities.field.age.hint') })}
        </div>
      </fieldset>

      <fieldset>
        <legend>{v.t('activities.section.when')}</legend>
        <p class="hint">{v.t('activities.sessions.hint')}</p>
        <div class="row">
          {field('first_day', v.t('activities.field.firstDay'), { type: 'date', hint: v.t('activities.field.days.hint') })}
          {field('last_day', v.t('activities.field.lastDay'), { type: 'date', hint: v.t('activities.field.days.hint') })}
        </div>
        {Array.from({ length: rows }, (_, i) => (
          <fieldset>
            <legend>{v.t('activities.session', { n: i + 1 })}</legend>
            {values[`s_id_${i}`] ? <input type="hidden" name={`s_id_${i}`} value={values[`s_id_${i}`]} /> : null}
            <div class="row">
              {field(`s_date_${i}`, v.t('activities.session.date'), { type: 'date', required: i === 0 })}
              {field(`s_start_${i}`, v.t('activities.session.start'), {
                type: 'time',
                required: i === 0,
                hint: v.t('activities.session.time.hint'),
              })}
              {field(`s_end_${i}`, v.t('activities.session.end'), {
                type: 'time',
                required: i === 0,
                hint: v.t('activities.session.time.hint'),
              })}
              {field(`s_end_date_${i}`, v.t('activities.session.endDate'), { type: 'date', hint: v.t('activities.session.endDate.hint') })}
            </div>
            {field(`s_title_${i}`, v.t('activities.session.title'), { maxlength: 200 })}
          </fieldset>
        ))}
      </fieldset>

      <fieldset>
        <legend>{v.t('activities.section.where')}</legend>
        <RadioGroup
          v={v}
          name="place_kind"
          legend={v.t('activities.field.placeKind')}
          options={PLACE_KINDS.map((k) => [k, v.t(`activities.place.${k}`)] as const)}
          value={values.place_kind}
          errors={errors}
          required
        />
        {field('place', v.t('activities.field.place'), { maxlength: 300, hint: v.t('activities.field.place.hint') })}
        {field('online_url', v.t('activities.field.onlineUrl'), { type: 'url', maxlength: 500 })}
      </fieldset>

      <fieldset>
        <legend>{v.t('activities.section.signup')}</legend>
        {field('capacity', v.t('activities.field.capacity'), {
          inputmode: 'numeric',
          maxlength: 6,
          hint: v.t('activities.field.capacity.hint'),
        })}
        <div class="row">
          {field('registration_opens', v.t('activities.field.opens'), {
            type: 'datetime-local',
            hint: v.t('activities.field.window.hint'),
          })}
          {field('registration_closes', v.t('activities.field.closes'), {
            type: 'datetime-local',
            hint: v.t('activities.field.window.hint'),
          })}
        </div>
        <Check
          v={v}
          name="needs_approval"
          label={v.t('activities.field.needsApproval')}
          checked={isOn(values.needs_approval)}
          errors={errors}
        />
      </fieldset>

      <fieldset>
        <legend>{v.t('activities.section.questions')}</legend>
        <p class="hint">{v.t('activities.questions.hint')}</p>
        {Array.from({ length: MAX_QUESTIONS }, (_, i) => (
          <div>
            {values[`q_id_${i}`] ? <input type="hidden" name={`q_id_${i}`} value={values[`q_id_${i}`]} /> : null}
            {field(`q_label_${i}`, v.t('activities.question.label', { n: i + 1 }), { maxlength: 200 })}
            <Check
              v={v}
              name={`q_required_${i}`}
              label={v.t('activities.question.required', { n: i + 1 })}
              checked={isOn(values[`q_required_${i}`])}
              errors={errors}
            />
          </div>
        ))}
      </fieldset>

      <fieldset>
        <legend>{v.t('activities.section.more')}</legend>
        {props.partners.length > 0 ? (
          <CheckGroup
            v={v}
            name="partners"
            legend={v.t('activities.field.partners')}
            options={props.partners.map((p) => [p.id, v.tx(p.name)] as const)}
            value={values.partners}
            errors={errors}
          />
        ) : (
          <p class="hint">{v.t('activities.field.partners.none')}</p>
        )}
        {field('cost', v.t('activities.field.cost'), { maxlength: 100, hint: v.t('activities.field.cost.hint') })}
        {field('certificate_hours', v.t('activities.field.hours'), {
          inputmode: 'decimal',
          maxlength: 5,
          hint: v.t('activities.field.hours.hint'),
        })}
      </fieldset>
      <button type="submit">{props.submit}</button>
    </Form>
  );
}

export interface FormPageProps {
  v: View;
  office: Office;
  values: FormValues;
  errors?: FormErrors | undefined;
  partners: PartnerOption[];
  associations: AssociationOption[] | null;
  /** The current plan's activities the activity can be carried out under; null: no such field (a representative). */
  planActivities: PlanActivityChoice[] | null;
}

export function NewActivityPage(props: FormPageProps) {
  const { v, office } = props;
  return (
    <Page v={v} title={v.t('activities.new')}>
      <Crumbs v={v} office={office} list />
      <h1>{v.t('activities.new')}</h1>
      <ActivityForm
        {...props}
        action={v.href(adminActivitiesPath(office))}
        blankRows={Math.max(1, NEW_SESSION_ROWS - sessionRows(props.values, 0))}
        submit={v.t('activities.create')}
      />
    </Page>
  );
}

export function EditActivityPage(props: FormPageProps & { activity: Activity }) {
  const { v, office, activity: a } = props;
  const title = v.t('activities.edit.title', { title: v.tx(a.title) });
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} list />
      <p>
        <a href={v.href(adminActivityPath(office, a.id))}>{v.t('activities.overview')}</a>
      </p>
      <h1>{title}</h1>
      <ActivityForm
        {...props}
        action={v.href(`${adminActivityPath(office, a.id)}/uredi`)}
        blankRows={BLANK_SESSION_ROWS}
        submit={v.t('activities.save')}
      />
    </Page>
  );
}

export function NotAllowedPage(props: { v: View; office: Office; reason: 'activities.repNotAllowed' | 'activities.repNone' }) {
  const { v, office } = props;
  return (
    <Page v={v} title={v.t('activities.title')}>
      <Crumbs v={v} office={office} />
      <h1>{v.t('activities.title')}</h1>
      <p class="notice">{v.t(props.reason)}</p>
    </Page>
  );
}

/** A link on the overview to another feature's page of this activity (shown when that route exists). */
export interface SubPage {
  label: Parameters<View['t']>[0];
  href: string;
}

export function ActivityPage(props: {
  v: View;
  office: Office;
  activity: Activity;
  sessions: Session[];
  partners: PartnerOption[];
  live: number;
  subPages: SubPage[];
  canManage: boolean;
  cancelErrors?: FormErrors | undefined;
  cancelValues?: FormValues;
  imageErrors?: FormErrors | undefined;
  imageValues?: FormValues;
}) {
  const { v, office, activity: a, sessions, partners } = props;
  const base = adminActivityPath(office, a.id);
  const window =
    a.registration_opens || a.registration_closes
      ? v.t('activities.facts.window.value', {
          from: a.registration_opens ? formatDateTime(v.locale, a.registration_opens) : '—',
          to: a.registration_closes ? formatDateTime(v.locale, a.registration_closes) : v.t('activities.facts.window.open'),
        })
      : v.t('activities.facts.window.open');
  const place = `${v.t(`activities.place.${a.place_kind}`)}: ${placeShown(a, v.tx)}`;
  const facts: Array<[string, string]> = [
    [v.t('activities.facts.status'), v.t(`activities.status.${a.status}`)],
    [v.t('activities.facts.kind'), v.t(`activities.kind.${a.kind}`)],
    [v.t('activities.facts.place'), place],
    [v.t('activities.facts.capacity'), placesText(v, a)],
    [v.t('activities.facts.window'), window],
    [v.t('activities.facts.approval'), v.t(a.needs_approval ? 'activities.yes' : 'activities.no')],
    [v.t('activities.facts.areas'), a.areas.map((x) => v.t(`lap.${x}` as Parameters<View['t']>[0])).join(', ') || '—'],
    [
      v.t('activities.facts.age'),
      a.age_min !== null || a.age_max !== null ? v.t('activities.facts.age.value', { min: a.age_min ?? '', max: a.age_max ?? '' }) : '—',
    ],
    [v.t('activities.facts.targetGroup'), v.tx(a.target_group) || '—'],
    [v.t('activities.facts.cost'), v.tx(a.cost) || v.t('activities.free')],
    [v.t('activities.facts.hours'), a.certificate_hours === null ? '—' : String(Number(a.certificate_hours))],
    [v.t('activities.facts.partners'), partners.map((p) => v.tx(p.name)).join(', ') || '—'],
  ];
  return (
    <Page v={v} title={v.tx(a.title)}>
      <Crumbs v={v} office={office} list />
      <h1>{v.tx(a.title)}</h1>
      {a.association_name ? <p>{v.t('activities.byAssociation', { name: v.tx(a.association_name) })}</p> : null}
      {a.summary ? <p>{v.tx(a.summary)}</p> : null}
      <nav aria-labelledby="activity-nav">
        <h2 id="activity-nav">{v.t('activities.nav')}</h2>
        <ul>
          {a.status !== 'cancelled' ? (
            <li>
              <a href={v.href(`${base}/uredi`)}>{v.t('activities.edit')}</a>
            </li>
          ) : null}
          {a.status !== 'draft' ? (
            <li>
              <a href={v.href(activityPath(office, a.id))}>{v.t('activities.nav.public')}</a>
            </li>
          ) : null}
          {props.subPages.map((p) => (
            <li>
              <a href={v.href(p.href)}>{v.t(p.label)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <dl class="facts">
        {facts.map(([k, val]) => (
          <>
            <dt>{k}</dt>
            <dd>{val}</dd>
          </>
        ))}
      </dl>
      <h2>{v.t('activities.facts.when')}</h2>
      <ol>
        {sessions.map((s) => (
          <li>
            {formatRange(v.locale, s.starts_at, s.ends_at)}
            {s.title ? ` — ${v.tx(s.title)}` : ''}
          </li>
        ))}
      </ol>
      {a.questions.length > 0 ? (
        <>
          <h2>{v.t('activities.facts.questions')}</h2>
          <ul>
            {a.questions.map((q) => (
              <li>
                {v.tx(q.label)}
                {q.required ? ` (${v.t('activities.required')})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {a.description ? (
        <>
          <h2>{v.t('activities.field.description')}</h2>
          {v
            .tx(a.description)
            .split(/\n{2,}/)
            .map((p) => (
              <p>{p}</p>
            ))}
        </>
      ) : null}
      <p>{v.t('activities.live', { n: props.live })}</p>
      <section aria-labelledby="image">
        <h2 id="image">{v.t('activities.section.image')}</h2>
        {a.image_file_id ? (
          <img
            src={v.href(`${activityImagePath(office, a.id)}?v=${a.image_file_id.slice(0, 8)}`)}
            alt={v.tx(a.image_alt)}
            class="activity-image"
            width={320}
          />
        ) : (
          <p>{v.t('activities.image.none')}</p>
        )}
        {props.canManage && a.status !== 'cancelled' ? (
          <>
            <ImageForm
              v={v}
              action={v.href(`${base}/slika`)}
              hasImage={a.image_file_id !== null}
              alt={a.image_alt}
              values={props.imageValues}
              errors={props.imageErrors}
            />
          </>
        ) : null}
      </section>
      {props.canManage && a.status === 'draft' ? (
        <section aria-labelledby="publish">
          <h2 id="publish">{v.t('activities.publish')}</h2>
          <p class="hint">{v.t('activities.publish.hint')}</p>
          <Form v={v} action={v.href(`${base}/objavi`)}>
            <button type="submit">{v.t('activities.publish')}</button>
          </Form>
        </section>
      ) : null}
      {props.canManage && a.status !== 'cancelled' ? (
        <section aria-labelledby="cancel">
          <h2 id="cancel">{v.t('activities.cancel')}</h2>
          <p class="hint">{v.t('activities.cancel.hint', { n: props.live })}</p>
          <Form v={v} action={v.href(`${base}/otkazi`)} errors={props.cancelErrors} novalidate>
            <Field
              v={v}
              name="reason"
              label={v.t('activities.cancel.reason')}
              value={props.cancelValues?.reason}
              errors={props.cancelErrors}
              multiline
              rows={3}
              maxlength={1000}
            />
            <Check
              v={v}
              name="confirm"
              label={v.t('activities.cancel.confirm')}
              checked={isOn(props.cancelValues?.confirm)}
              errors={props.cancelErrors}
              required
            />
            <button type="submit" class="secondary">
              {v.t('activities.cancel')}
            </button>
          </Form>
        </section>
      ) : null}
    </Page>
  );
}
