import type { Config } from '../../../core/config.ts';
import type { MessageKey } from '../../../core/i18n/messages.ts';
import { Page } from '../../../core/views/layout.tsx';
import type { View } from '../../../core/views/view.ts';
import { PRIVACY_NOTICE_VERSION } from '../../accounts/service.ts';
import { PURPOSES } from '../../people/purposes.ts';
import type { OfficeInfo } from '../repo.ts';

/**
 * The record of processing activities (ZZPL art. 47), generated from PURPOSES and the
 * installation's own configuration: controllers from the offices table, processors from
 * BASE_URL and SMTP_URL (host names only), retention from RETENTION_MONTHS / _GRACE_DAYS.
 */
export type RopaConfig = Pick<Config, 'BASE_URL' | 'SMTP_URL' | 'RETENTION_MONTHS' | 'RETENTION_GRACE_DAYS'>;

/** Only the host of a configured URL: credentials in SMTP_URL never reach a page. */
function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

interface Activity {
  id: string;
  title: string;
  purpose: string;
  basis: MessageKey;
  subjects: string;
  data: string[];
  recipients: string;
  retention: string;
}

function activities(v: View, config: RopaConfig): Activity[] {
  const vars = { months: config.RETENTION_MONTHS, grace: config.RETENTION_GRACE_DAYS };
  return [
    {
      id: 'accounts',
      title: v.t('ropa.accounts'),
      purpose: v.t('ropa.accounts.text'),
      basis: 'ropa.basis.consent',
      subjects: v.t('ropa.accounts.subjects'),
      data: [v.t('me.field.account'), v.t('me.field.accountEvents')],
      recipients: v.t('ropa.accounts.recipients'),
      retention: v.t('ropa.accounts.retention', vars),
    },
    ...PURPOSES.map((p) => ({
      id: p.code,
      title: v.t(p.label),
      purpose: v.t(p.description),
      basis: (p.special ? 'ropa.basis.special' : 'ropa.basis.consent') as MessageKey,
      subjects: v.t(p.subjects),
      data: p.data.map((d) => v.t(d)),
      recipients: v.t(p.recipients),
      retention: v.t(p.retention, vars),
    })),
  ];
}

function Controller({ v, o }: { v: View; o: OfficeInfo }) {
  const address = [o.address, [o.postal_code, o.town].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return (
    <li>
      <strong>{v.tx(o.name)}</strong>
      {address ? `, ${v.tx(address)}` : ''}
      {o.email ? `, ${o.email}` : ''}
    </li>
  );
}

export function RopaPage({ v, config, offices, office }: { v: View; config: RopaConfig; offices: OfficeInfo[]; office?: OfficeInfo }) {
  const title = office ? v.t('ropa.titleOffice', { office: v.tx(office.name) }) : v.t('ropa.title');
  const smtp = hostOf(config.SMTP_URL);
  const https = config.BASE_URL.startsWith('https://');
  const vars = { months: config.RETENTION_MONTHS, grace: config.RETENTION_GRACE_DAYS };
  return (
    <Page v={v} title={title}>
      <p class="crumbs no-print">
        {office ? (
          <a href={v.href(`/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a>
        ) : (
          <a href={v.href('/privatnost')}>{v.t('privacy.title')}</a>
        )}
      </p>
      <h1>{title}</h1>
      <p class="lead">{v.t('ropa.lead')}</p>
      <p class="meta">
        <a href={v.href('/privatnost')}>{v.t('ropa.version', { version: PRIVACY_NOTICE_VERSION })}</a>
      </p>

      <section aria-labelledby="controllers">
        <h2 id="controllers">{office ? v.t('ropa.controller') : v.t('ropa.controllers')}</h2>
        {office ? null : <p>{v.t('ropa.controllersLead')}</p>}
        {offices.length === 0 ? <p>{v.t('ropa.noOffices')}</p> : null}
        <ul>
          {offices.map((o) => (
            <Controller v={v} o={o} />
          ))}
        </ul>
        {office ? null : (
          <p class="no-print">
            {v.t('ropa.perOffice')}:{' '}
            {offices.map((o, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <a href={v.href(`/kancelarije/${o.slug}/privatnost/evidencija`)}>{v.tx(o.name)}</a>
              </>
            ))}
          </p>
        )}
      </section>

      <section aria-labelledby="processors">
        <h2 id="processors">{v.t('ropa.processors')}</h2>
        <ul>
          <li>{v.t('ropa.processor.hosting', { host: hostOf(config.BASE_URL) ?? config.BASE_URL })}</li>
          <li>{smtp ? v.t('ropa.processor.smtp', { host: smtp }) : v.t('ropa.processor.noSmtp')}</li>
        </ul>
      </section>

      <section aria-labelledby="activities">
        <h2 id="activities">{v.t('ropa.activities')}</h2>
        {activities(v, config).map((a) => (
          <section aria-labelledby={`a-${a.id}`} class="activity">
            <h3 id={`a-${a.id}`}>{a.title}</h3>
            <dl class="facts">
              <dt>{v.t('ropa.purpose')}</dt>
              <dd>{a.purpose}</dd>
              <dt>{v.t('ropa.basis')}</dt>
              <dd>{v.t(a.basis)}</dd>
              <dt>{v.t('ropa.subjects')}</dt>
              <dd>{a.subjects}</dd>
              <dt>{v.t('ropa.data')}</dt>
              <dd>{a.data.join('; ')}</dd>
              <dt>{v.t('ropa.recipients')}</dt>
              <dd>{a.recipients}</dd>
              <dt>{v.t('ropa.retention')}</dt>
              <dd>{a.retention}</dd>
              <dt>{v.t('ropa.transfers')}</dt>
              <dd>{v.t('ropa.transfers.none')}</dd>
            </dl>
          </section>
        ))}
      </section>

      <section aria-labelledby="security">
        <h2 id="security">{v.t('ropa.security')}</h2>
        <ul>
          <li>{v.t('ropa.sec.roles')}</li>
          <li>{v.t('ropa.sec.log')}</li>
          <li>{v.t('ropa.sec.sensitive')}</li>
          <li>{v.t('ropa.sec.aggregates')}</li>
          <li>{v.t('ropa.sec.passwords')}</li>
          <li>{https ? v.t('ropa.sec.https') : v.t('ropa.sec.noHttps')}</li>
          <li>{v.t('ropa.sec.retention', vars)}</li>
        </ul>
      </section>
    </Page>
  );
}
