import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { Check, Field, Form } from '../../core/views/forms.tsx';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import { MAP_HEIGHT, MAP_WIDTH, type SerbiaMap } from './map.ts';
import type { ClosingImpact, District, NetworkOffice } from './repo.ts';

export const NETWORK_ADMIN = '/admin/mreza';
export const NETWORK_PUBLIC = '/mreza';
export const newOfficePath = `${NETWORK_ADMIN}/nova`;
export const closePath = (slug: string) => `${NETWORK_ADMIN}/${slug}/zatvori`;
export const mergePath = (slug: string) => `${NETWORK_ADMIN}/${slug}/spoji`;
export const invitationPath = (token: string) => `/poziv/${token}`;

const districtName = (v: View, o: { district_name: string | null; district_name_en: string | null }) =>
  o.district_name ? (v.locale === 'en' ? (o.district_name_en ?? '') : v.tx(o.district_name)) : '—';
const regionName = (v: View, o: { region_name: string | null; region_name_en: string | null }) =>
  o.region_name ? (v.locale === 'en' ? (o.region_name_en ?? '') : v.tx(o.region_name)) : '—';

export function NetworkAdminPage({ v, offices }: { v: View; offices: NetworkOffice[] }) {
  return (
    <Page v={v} title={v.t('nat.admin.title')}>
      <p class="crumbs">
        <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(NETWORK_PUBLIC)}>{v.t('nat.map.title')}</a>
      </p>
      <h1>{v.t('nat.admin.title')}</h1>
      <p>{v.t('nat.admin.lead')}</p>
      <p>
        <a class="button" href={v.href(newOfficePath)}>
          {v.t('nat.admin.open')}
        </a>
      </p>
      <DataTable
        caption={v.t('nat.admin.title')}
        captionHidden
        rows={offices}
        empty={v.t('nat.none')}
        columns={[
          { label: v.t('nat.col.office'), rowHeader: true, cell: (o) => <a href={v.href(`/kancelarije/${o.slug}`)}>{v.tx(o.name)}</a> },
          { label: v.t('nat.col.district'), cell: (o) => districtName(v, o) },
          { label: v.t('nat.col.region'), cell: (o) => regionName(v, o) },
          {
            label: v.t('nat.col.member'),
            cell: (o) =>
              o.association_member
                ? `${v.t('nat.yes')}${o.association_member_since ? ` (${v.t('nat.memberSince', { year: String(o.association_member_since) })})` : ''}`
                : v.t('nat.no'),
          },
          { label: v.t('nat.col.status'), cell: (o) => v.t(o.status === 'full' ? 'nat.status.full' : 'nat.status.directory') },
          {
            label: v.t('nat.col.actions'),
            actions: true,
            cell: (o) =>
              o.status === 'full' ? (
                <>
                  <a href={v.href(`/admin/kancelarije/${o.slug}`)}>{v.t('nat.edit')}</a> ·{' '}
                  <a href={v.href(closePath(o.slug))} aria-label={v.t('nat.closeOffice', { name: v.tx(o.name) })}>
                    {v.t('nat.close')}
                  </a>{' '}
                  ·{' '}
                  <a href={v.href(mergePath(o.slug))} aria-label={v.t('nat.mergeOffice', { name: v.tx(o.name) })}>
                    {v.t('nat.merge')}
                  </a>
                </>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Page>
  );
}

export function OpenOfficePage({
  v,
  districts,
  values = {},
  errors,
}: {
  v: View;
  districts: District[];
  values?: FormValues;
  errors?: FormErrors | undefined;
}) {
  const field = (name: string, label: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field v={v} name={name} label={label} value={values[name]} errors={errors} {...extra} />
  );
  const options: Array<[string, string]> = [
    ['', '—'],
    ...districts.map((d): [string, string] => [d.code, v.locale === 'en' ? d.name_en : v.tx(d.name)]),
  ];
  return (
    <Page v={v} title={v.t('nat.new.title')}>
      <p class="crumbs">
        <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(NETWORK_ADMIN)}>{v.t('nat.admin.title')}</a>
      </p>
      <h1>{v.t('nat.new.title')}</h1>
      <p>{v.t('nat.new.lead')}</p>
      <Form v={v} action={v.href(newOfficePath)} errors={errors} novalidate>
        {field('name', v.t('field.name'), { required: true, maxlength: 200 })}
        {field('town', v.t('field.town'), { required: true, maxlength: 100 })}
        {field('slug', v.t('nat.field.slug'), { required: true, maxlength: 60, hint: v.t('nat.field.slugHint') })}
        {field('district', v.t('nat.field.district'), { required: true, options })}
        <Check v={v} name="member" label={v.t('nat.field.member')} checked={values.member === 'on'} />
        {field('member_since', v.t('nat.field.memberSince'), { inputmode: 'numeric', maxlength: 4 })}
        {field('latitude', v.t('nat.field.latitude'), { inputmode: 'decimal', maxlength: 20, hint: v.t('nat.field.coordsHint') })}
        {field('longitude', v.t('nat.field.longitude'), { inputmode: 'decimal', maxlength: 20 })}
        {field('admin_email', v.t('nat.field.adminEmail'), {
          required: true,
          type: 'email',
          autocomplete: 'off',
          maxlength: 254,
          hint: v.t('nat.field.adminEmailHint'),
        })}
        <button type="submit">{v.t('nat.admin.open')}</button>
      </Form>
    </Page>
  );
}

export function InvitationPage({
  v,
  token,
  office,
  message,
}: {
  v: View;
  token: string;
  office?: string | undefined;
  /** Why it cannot be accepted (used, expired, another account). */
  message?: string | undefined;
}) {
  return (
    <Page v={v} title={v.t('nat.invite.title')}>
      <h1>{v.t('nat.invite.title')}</h1>
      {office ? <p>{v.t('nat.invite.lead', { office: v.tx(office) })}</p> : null}
      {message ? (
        <p class="notice" role="alert">
          {message}
        </p>
      ) : (
        <Form v={v} action={v.href(invitationPath(token))}>
          <button type="submit">{v.t('nat.invite.accept')}</button>
        </Form>
      )}
    </Page>
  );
}

function Impact({ v, impact }: { v: View; impact: ClosingImpact }) {
  return (
    <ul>
      <li>{v.t('nat.close.activities', { n: impact.activities })}</li>
      <li>{v.t('nat.close.registrations', { n: impact.registrations })}</li>
      <li>{v.t('nat.close.bookings', { n: impact.bookings })}</li>
      <li>{v.t('nat.close.subscriptions', { n: impact.subscriptions })}</li>
    </ul>
  );
}

export function ClosePage({
  v,
  office,
  impact,
  errors,
  merge,
}: {
  v: View;
  office: { slug: string; name: string };
  impact: ClosingImpact;
  errors?: FormErrors | undefined;
  /** The merge page: the offices the work may continue at. */
  merge?: { offices: NetworkOffice[]; values: FormValues } | undefined;
}) {
  const title = v.t(merge ? 'nat.merge.title' : 'nat.close.title', { name: v.tx(office.name) });
  const open = impact.registrations + impact.bookings > 0;
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(NETWORK_ADMIN)}>{v.t('nat.admin.title')}</a>
      </p>
      <h1>{title}</h1>
      {merge ? <p>{v.t('nat.merge.lead')}</p> : null}
      <p>{v.t('nat.close.lead')}</p>
      <Impact v={v} impact={impact} />
      <Form v={v} action={v.href(merge ? mergePath(office.slug) : closePath(office.slug))} errors={errors} novalidate>
        {merge ? (
          <Field
            v={v}
            name="into"
            label={v.t('nat.merge.into')}
            required
            value={merge.values.into}
            errors={errors}
            options={[
              ['', '—'],
              ...merge.offices
                .filter((o) => o.slug !== office.slug && o.status === 'full')
                .map((o): [string, string] => [o.slug, v.tx(o.name)]),
            ]}
          />
        ) : null}
        {open ? (
          <Check v={v} name="confirm" label={v.t('nat.close.confirmOpen')} checked={false} errors={errors} required />
        ) : (
          <input type="hidden" name="confirm" value="on" />
        )}
        <button type="submit" class="danger">
          {v.t(merge ? 'nat.merge.confirm' : 'nat.close.confirm')}
        </button>
      </Form>
    </Page>
  );
}

export interface NearestResult {
  typed: string;
  place?: { name: string } | undefined;
  offices: Array<NetworkOffice & { km: number }>;
}

/** The public map of Serbia with every office as a point, the same offices as a list, and "nearest office". */
export function MapPage({
  v,
  map,
  offices,
  nearest,
}: {
  v: View;
  /** features/national/map.ts serbiaMap() */
  map: SerbiaMap;
  offices: NetworkOffice[];
  nearest?: NearestResult | undefined;
}) {
  const placed = offices.flatMap((o) => {
    const p = o.latitude !== null && o.longitude !== null ? map.project(o.longitude, o.latitude) : null;
    return p ? [{ o, x: p[0], y: p[1] }] : [];
  });
  const alt = v.t('nat.map.alt', { n: placed.length });
  return (
    <Page v={v} title={v.t('nat.map.title')}>
      <h1>{v.t('nat.map.title')}</h1>
      <p>{v.t('nat.map.lead')}</p>
      <p>
        <a href={v.href('/mreza/pregled')}>{v.t('nat.dash.title')}</a>
      </p>
      <section aria-labelledby="nearest-title">
        <h2 id="nearest-title">{v.t('nat.nearest.title')}</h2>
        <form method="get" action={v.href(NETWORK_PUBLIC)}>
          <div class="field">
            <label for="f-mesto">{v.t('nat.nearest.field')}</label>
            <p class="hint" id="f-mesto-hint">
              {v.t('nat.nearest.hint')}
            </p>
            <input id="f-mesto" name="mesto" type="search" value={nearest?.typed ?? ''} maxlength={100} aria-describedby="f-mesto-hint" />
          </div>
          <button type="submit">{v.t('nat.nearest.submit')}</button>
        </form>
        {nearest ? (
          nearest.place ? (
            <>
              <p role="status">{v.t('nat.nearest.result', { place: v.tx(nearest.place.name) })}</p>
              <DataTable
                caption={v.t('nat.nearest.title')}
                captionHidden
                rows={nearest.offices}
                columns={[
                  {
                    label: v.t('nat.col.office'),
                    rowHeader: true,
                    cell: (o) => <a href={v.href(`/kancelarije/${o.slug}`)}>{v.tx(o.name)}</a>,
                  },
                  { label: v.t('nat.col.town'), cell: (o) => v.tx(o.town) },
                  { label: v.t('nat.col.distance'), numeric: true, cell: (o) => v.t('nat.km', { n: String(Math.round(o.km)) }) },
                ]}
              />
            </>
          ) : (
            <p role="status" class="notice">
              {v.t('nat.nearest.unknown', { place: nearest.typed })}
            </p>
          )
        ) : null}
      </section>
      <figure class="network-map">
        {/* A group, not an image: its points are links (an image may hold no interactive content). */}
        <svg viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`} role="group" aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg">
          <title id="map-title">{alt}</title>
          <path class="neighbours" d={map.neighbours} />
          <path class="land" d={map.outline} />
          {placed.map(({ o, x, y }) => (
            <a href={v.href(`/kancelarije/${o.slug}`)} aria-label={v.tx(o.name)}>
              <circle class={o.status === 'full' ? 'office' : 'office directory'} cx={String(x)} cy={String(y)} r="6">
                <title>{v.tx(o.name)}</title>
              </circle>
            </a>
          ))}
        </svg>
        <figcaption>{v.t('nat.map.source')}</figcaption>
      </figure>
      <h2>{v.t('nat.list.title')}</h2>
      <DataTable
        caption={v.t('nat.list.title')}
        captionHidden
        rows={offices}
        empty={v.t('nat.none')}
        columns={[
          { label: v.t('nat.col.office'), rowHeader: true, cell: (o) => <a href={v.href(`/kancelarije/${o.slug}`)}>{v.tx(o.name)}</a> },
          { label: v.t('nat.col.town'), cell: (o) => v.tx(o.town) },
          { label: v.t('nat.col.district'), cell: (o) => districtName(v, o) },
          { label: v.t('nat.col.region'), cell: (o) => regionName(v, o) },
        ]}
      />
    </Page>
  );
}
