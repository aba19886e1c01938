import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { display, suppress } from '../../core/suppress.ts';
import { formatDate, formatRange } from '../../core/views/format.ts';
import { Field, Form } from '../../core/views/forms.tsx';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import { localToday } from '../accounts/age.ts';
import { activityPath } from '../activities/paths.ts';
import { MATERIAL_ITEMS, type Campaign, type CampaignActivity, type MaterialRequest } from './campaigns-repo.ts';
import { MAP_HEIGHT, MAP_WIDTH, type SerbiaMap } from './map.ts';
import { NETWORK_ADMIN, NETWORK_PUBLIC } from './views.tsx';

export const CAMPAIGNS_PUBLIC = `${NETWORK_PUBLIC}/kampanje`;
export const CAMPAIGNS_ADMIN = `${NETWORK_ADMIN}/kampanje`;
export const campaignPublicPath = (slug: string) => `${CAMPAIGNS_PUBLIC}/${slug}`;
export const campaignAdminPath = (slug: string) => `${CAMPAIGNS_ADMIN}/${slug}`;
export const officeCampaignsPath = (office: { slug: string }) => `/admin/kancelarije/${office.slug}/kampanje`;

const days = (v: View, c: Campaign) =>
  c.starts_on === c.ends_on
    ? formatDate(v.locale, c.starts_on)
    : `${formatDate(v.locale, c.starts_on)} – ${formatDate(v.locale, c.ends_on)}`;
/** The day (Belgrade) of an instant, YYYY-MM-DD. */
const localDay = (at: Date | string) => localToday(new Date(at));
const itemName = (v: View, item: string) => v.t(`nat.camp.item.${item as (typeof MATERIAL_ITEMS)[number]}`);

function CampaignList({ v, rows, link }: { v: View; rows: Campaign[]; link: (c: Campaign) => string }) {
  return (
    <DataTable
      caption={v.t('nat.camp.title')}
      captionHidden
      rows={rows}
      empty={v.t('nat.camp.none')}
      columns={[
        { label: v.t('nat.camp.col.title'), rowHeader: true, cell: (c) => <a href={v.href(link(c))}>{v.tx(c.title)}</a> },
        { label: v.t('nat.camp.col.days'), cell: (c) => days(v, c) },
      ]}
    />
  );
}

/** Public: every campaign of the association. */
export function CampaignsPage({ v, campaigns }: { v: View; campaigns: Campaign[] }) {
  return (
    <Page v={v} title={v.t('nat.camp.title')}>
      <p class="crumbs">
        <a href={v.href(NETWORK_PUBLIC)}>{v.t('nat.map.title')}</a>
      </p>
      <h1>{v.t('nat.camp.title')}</h1>
      <CampaignList v={v} rows={campaigns} link={(c) => campaignPublicPath(c.slug)} />
    </Page>
  );
}

/** Public: a campaign's activities in every office, on the map, with totals (people only as a suppressed total). */
export function CampaignPage({
  v,
  campaign,
  activities,
  map,
}: {
  v: View;
  campaign: Campaign;
  activities: CampaignActivity[];
  /** features/national/map.ts serbiaMap(), loaded on first use. */
  map: SerbiaMap;
}) {
  const offices = new Map<string, { name: string; slug: string; latitude: number | null; longitude: number | null; n: number }>();
  for (const a of activities) {
    const o = offices.get(a.office_id) ?? { name: a.office_name, slug: a.office_slug, latitude: a.latitude, longitude: a.longitude, n: 0 };
    o.n += 1;
    offices.set(a.office_id, o);
  }
  const towns = new Set(activities.map((a) => a.town)).size;
  const participants = display(suppress([{ key: 'participants', count: activities.reduce((s, a) => s + a.confirmed_count, 0) }]).cells[0]!);
  const placed = [...offices.values()].flatMap((o) => {
    const p = o.latitude !== null && o.longitude !== null ? map.project(o.longitude, o.latitude) : null;
    return p ? [{ o, x: p[0], y: p[1] }] : [];
  });
  return (
    <Page v={v} title={v.tx(campaign.title)}>
      <p class="crumbs">
        <a href={v.href(NETWORK_PUBLIC)}>{v.t('nat.map.title')}</a> · <a href={v.href(CAMPAIGNS_PUBLIC)}>{v.t('nat.camp.title')}</a>
      </p>
      <h1>{v.tx(campaign.title)}</h1>
      <p>{days(v, campaign)}</p>
      {campaign.description ? <p>{v.tx(campaign.description)}</p> : null}
      <h2>{v.t('nat.camp.totals')}</h2>
      <dl class="facts totals">
        <dt>{v.t('nat.camp.total.activities')}</dt>
        <dd>{String(activities.length)}</dd>
        <dt>{v.t('nat.camp.total.offices')}</dt>
        <dd>{String(offices.size)}</dd>
        <dt>{v.t('nat.camp.total.towns')}</dt>
        <dd>{String(towns)}</dd>
        <dt>{v.t('nat.camp.total.participants')}</dt>
        <dd>{participants}</dd>
      </dl>
      <figure class="network-map">
        <svg
          viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`}
          role="group"
          aria-labelledby="campaign-map-title"
          xmlns="http://www.w3.org/2000/svg"
        >
          <title id="campaign-map-title">{v.t('nat.camp.mapAlt', { n: placed.length })}</title>
          <path class="neighbours" d={map.neighbours} />
          <path class="land" d={map.outline} />
          {placed.map(({ o, x, y }) => (
            <a href={v.href(`/kancelarije/${o.slug}`)} aria-label={v.t('nat.camp.point', { office: v.tx(o.name), n: o.n })}>
              <circle class="office" cx={String(x)} cy={String(y)} r="6">
                <title>{v.t('nat.camp.point', { office: v.tx(o.name), n: o.n })}</title>
              </circle>
            </a>
          ))}
        </svg>
        <figcaption>{v.t('nat.map.source')}</figcaption>
      </figure>
      <h2>{v.t('nat.camp.activities')}</h2>
      <DataTable
        caption={v.t('nat.camp.activities')}
        captionHidden
        rows={activities}
        empty={v.t('nat.camp.noActivities')}
        columns={[
          {
            label: v.t('nat.train.col.title'),
            rowHeader: true,
            cell: (a) => <a href={v.href(activityPath({ slug: a.office_slug }, a.id))}>{v.tx(a.title)}</a>,
          },
          { label: v.t('nat.col.office'), cell: (a) => v.tx(a.office_name) },
          { label: v.t('nat.col.town'), cell: (a) => v.tx(a.town) },
          { label: v.t('nat.train.col.when'), cell: (a) => formatRange(v.locale, a.starts_at, a.ends_at) },
        ]}
      />
    </Page>
  );
}

/** The national admin: campaigns and a new one. */
export function CampaignsAdminPage({
  v,
  campaigns,
  ready,
  values = {},
  errors,
}: {
  v: View;
  campaigns: Campaign[];
  ready: boolean;
  values?: FormValues;
  errors?: FormErrors | undefined;
}) {
  const field = (name: string, label: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field v={v} name={name} label={label} value={values[name]} errors={errors} {...extra} />
  );
  return (
    <Page v={v} title={v.t('nat.camp.admin')}>
      <p class="crumbs">
        <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(NETWORK_ADMIN)}>{v.t('nat.admin.title')}</a>
      </p>
      <h1>{v.t('nat.camp.admin')}</h1>
      <CampaignList v={v} rows={campaigns} link={(c) => campaignAdminPath(c.slug)} />
      <h2>{v.t('nat.camp.new')}</h2>
      {ready ? null : <p>{v.t('nat.camp.setsUp')}</p>}
      <Form v={v} action={v.href(CAMPAIGNS_ADMIN)} errors={errors} novalidate>
        {field('title', v.t('nat.camp.col.title'), { required: true, maxlength: 200 })}
        {field('slug', v.t('nat.field.slug'), { maxlength: 60, hint: v.t('nat.camp.field.slugHint') })}
        {field('description', v.t('nat.camp.field.description'), { multiline: true, maxlength: 2000, rows: 4 })}
        {field('starts_on', v.t('nat.camp.field.starts'), { required: true, type: 'date' })}
        {field('ends_on', v.t('nat.camp.field.ends'), { required: true, type: 'date' })}
        <button type="submit">{v.t('nat.camp.create')}</button>
      </Form>
    </Page>
  );
}

/** The national admin: one campaign's activities and promotional material (what was asked for, what was sent). */
export function CampaignAdminPage({
  v,
  campaign,
  activities,
  materials,
  errors,
}: {
  v: View;
  campaign: Campaign;
  activities: CampaignActivity[];
  materials: MaterialRequest[];
  errors?: FormErrors | undefined;
}) {
  const action = v.href(`${campaignAdminPath(campaign.slug)}/poslato`);
  return (
    <Page v={v} title={v.tx(campaign.title)}>
      <p class="crumbs">
        <a href={v.href(NETWORK_ADMIN)}>{v.t('nat.admin.title')}</a> · <a href={v.href(CAMPAIGNS_ADMIN)}>{v.t('nat.camp.admin')}</a> ·{' '}
        <a href={v.href(campaignPublicPath(campaign.slug))}>{v.t('nat.camp.publicPage')}</a>
      </p>
      <h1>{v.tx(campaign.title)}</h1>
      <p>{days(v, campaign)}</p>
      {errors ? (
        <div class="error-summary" role="alert" tabindex={-1} autofocus>
          <p>{v.t('form.errors')}</p>
          <ul>
            {Object.values(errors).map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <h2>{v.t('nat.camp.activities')}</h2>
      <DataTable
        caption={v.t('nat.camp.activities')}
        captionHidden
        rows={activities}
        empty={v.t('nat.camp.noActivities')}
        columns={[
          { label: v.t('nat.train.col.title'), rowHeader: true, cell: (a) => v.tx(a.title) },
          { label: v.t('nat.col.office'), cell: (a) => v.tx(a.office_name) },
          { label: v.t('nat.train.col.when'), cell: (a) => formatRange(v.locale, a.starts_at, a.ends_at) },
        ]}
      />
      <h2>{v.t('nat.camp.materials')}</h2>
      <DataTable
        caption={v.t('nat.camp.materials')}
        captionHidden
        rows={materials}
        empty={v.t('nat.camp.noMaterials')}
        columns={[
          { label: v.t('nat.col.office'), rowHeader: true, cell: (m) => v.tx(m.office_name) },
          { label: v.t('nat.camp.col.item'), cell: (m) => itemName(v, m.item) },
          { label: v.t('nat.camp.col.asked'), numeric: true, cell: (m) => String(m.quantity) },
          { label: v.t('nat.camp.col.note'), cell: (m) => m.note || '—' },
          {
            label: v.t('nat.camp.col.sent'),
            actions: true,
            cell: (m) =>
              m.sent_at ? (
                v.t('nat.camp.sentOn', { n: m.sent_quantity ?? 0, date: formatDate(v.locale, localDay(m.sent_at)) })
              ) : (
                <Form v={v} action={action} class="inline">
                  <input type="hidden" name="office" value={m.office_id} />
                  <input type="hidden" name="request" value={m.id} />
                  <label for={`sent-${m.id}`}>
                    {v.t('nat.camp.field.sent', { office: v.tx(m.office_name), item: itemName(v, m.item) })}
                  </label>
                  <input id={`sent-${m.id}`} name="sent_quantity" inputmode="numeric" maxlength={5} value={String(m.quantity)} required />
                  <button type="submit">{v.t('nat.camp.markSent')}</button>
                </Form>
              ),
          },
        ]}
      />
    </Page>
  );
}

export interface OfficeCampaign {
  campaign: Campaign;
  mine: Array<{ id: string; title: string; starts_at: Date; ends_at: Date; status: string }>;
  addable: Array<{ id: string; title: string; starts_at: Date }>;
  materials: MaterialRequest[];
}

/** An office's page: the open campaigns, and for the one chosen its activities, adding one, asking for promotional material. */
export function OfficeCampaignsPage({
  v,
  office,
  open,
  current,
  failed,
}: {
  v: View;
  office: { slug: string; name: string };
  open: Campaign[];
  current: OfficeCampaign | undefined;
  /** The form that failed: which one, the values and errors. */
  failed?: { form: 'activity' | 'material'; values: FormValues; errors: FormErrors } | undefined;
}) {
  const fa = failed?.form === 'activity' ? failed : undefined;
  const fm = failed?.form === 'material' ? failed : undefined;
  const base = officeCampaignsPath(office);
  return (
    <Page v={v} title={v.t('nat.camp.office')}>
      <p class="crumbs">
        <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(CAMPAIGNS_PUBLIC)}>{v.t('nat.camp.title')}</a>
      </p>
      <h1>{v.t('nat.camp.office')}</h1>
      <p>{v.t('nat.camp.officeLead', { office: v.tx(office.name) })}</p>
      <CampaignList v={v} rows={open} link={(c) => `${base}?kampanja=${c.slug}`} />
      {current ? (
        <section aria-labelledby="current-campaign">
          <h2 id="current-campaign">
            {v.tx(current.campaign.title)} · {days(v, current.campaign)}
          </h2>
          <p>
            <a href={v.href(campaignPublicPath(current.campaign.slug))}>{v.t('nat.camp.publicPage')}</a>
          </p>
          <h3>{v.t('nat.camp.ours')}</h3>
          <DataTable
            caption={v.t('nat.camp.ours')}
            captionHidden
            rows={current.mine}
            empty={v.t('nat.camp.noneOurs')}
            columns={[
              {
                label: v.t('nat.train.col.title'),
                rowHeader: true,
                cell: (a) => <a href={v.href(activityPath(office, a.id))}>{v.tx(a.title)}</a>,
              },
              { label: v.t('nat.train.col.when'), cell: (a) => formatRange(v.locale, a.starts_at, a.ends_at) },
            ]}
          />
          <Form v={v} action={v.href(`${base}/aktivnost`)} errors={fa?.errors} novalidate>
            <input type="hidden" name="campaign" value={current.campaign.slug} />
            <Field
              v={v}
              name="activity"
              label={v.t('nat.camp.field.activity')}
              required
              value={fa?.values.activity}
              errors={fa?.errors}
              hint={v.t('nat.camp.field.activityHint')}
              options={[
                ['', '—'],
                ...current.addable.map((a): [string, string] => [
                  a.id,
                  `${v.tx(a.title)} (${formatDate(v.locale, localDay(a.starts_at))})`,
                ]),
              ]}
            />
            <button type="submit">{v.t('nat.camp.add')}</button>
          </Form>
          <h3>{v.t('nat.camp.materials')}</h3>
          <DataTable
            caption={v.t('nat.camp.materials')}
            captionHidden
            rows={current.materials}
            empty={v.t('nat.camp.noMaterials')}
            columns={[
              { label: v.t('nat.camp.col.item'), rowHeader: true, cell: (m) => itemName(v, m.item) },
              { label: v.t('nat.camp.col.asked'), numeric: true, cell: (m) => String(m.quantity) },
              {
                label: v.t('nat.camp.col.sent'),
                cell: (m) =>
                  m.sent_at
                    ? v.t('nat.camp.sentOn', { n: m.sent_quantity ?? 0, date: formatDate(v.locale, localDay(m.sent_at)) })
                    : v.t('nat.camp.notSent'),
              },
            ]}
          />
          <Form v={v} action={v.href(`${base}/materijal`)} errors={fm?.errors} novalidate>
            <input type="hidden" name="campaign" value={current.campaign.slug} />
            <Field
              v={v}
              name="item"
              label={v.t('nat.camp.col.item')}
              required
              value={fm?.values.item}
              errors={fm?.errors}
              options={[['', '—'], ...MATERIAL_ITEMS.map((i): [string, string] => [i, itemName(v, i)])]}
            />
            <Field
              v={v}
              name="quantity"
              label={v.t('nat.camp.field.quantity')}
              required
              type="number"
              min="1"
              max="10000"
              step="1"
              value={fm?.values.quantity}
              errors={fm?.errors}
            />
            <Field v={v} name="note" label={v.t('nat.camp.col.note')} maxlength={500} value={fm?.values.note} errors={fm?.errors} />
            <button type="submit">{v.t('nat.camp.request')}</button>
          </Form>
        </section>
      ) : null}
    </Page>
  );
}
