import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { OFFICE_ROLES, type Membership } from '../../core/auth/actor.ts';
import { ConfirmForm, Field, Form } from '../../core/views/forms.tsx';
import { formatDateTime } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import type { OfficeStaffLink } from '../../core/views/staff-link.ts';
import type { MemberRow } from './repo.ts';

export function DashboardPage({
  v,
  offices,
  network,
  national,
  mailbox,
}: {
  v: View;
  offices: Array<Pick<Membership, 'officeSlug' | 'officeName'> & { links: Array<OfficeStaffLink & { count: number }> }>;
  /** For the national admin: the other offices, whose profile and statistics (never their people) they see. */
  network: Array<Pick<Membership, 'officeSlug' | 'officeName'>>;
  national: boolean;
  /** The development mailbox exists (no SMTP server configured). */ mailbox: boolean;
}) {
  return (
    <Page v={v} title={v.t('admin.title')}>
      <h1>{v.t('admin.title')}</h1>
      <h2>{v.t('admin.yourOffices')}</h2>
      {offices.length === 0 ? <p>{v.t('admin.none')}</p> : null}
      <ul class="cards">
        {offices.map((o) => (
          <li class="card">
            <h3>{v.tx(o.officeName)}</h3>
            <p>
              <a href={v.href(`/admin/kancelarije/${o.officeSlug}`)}>{v.t('admin.edit')}</a> ·{' '}
              <a href={v.href(`/admin/kancelarije/${o.officeSlug}/tim`)}>{v.t('admin.team')}</a> ·{' '}
              <a href={v.href(`/admin/kancelarije/${o.officeSlug}/aktivnosti`)}>{v.t('activities.title')}</a> ·{' '}
              <a href={v.href(`/admin/kancelarije/${o.officeSlug}/vesti`)}>{v.t('news.title')}</a> ·{' '}
              <a href={v.href(`/admin/kancelarije/${o.officeSlug}/prilike`)}>{v.t('opportunities.title')}</a> ·{' '}
              <a href={v.href(`/admin/kancelarije/${o.officeSlug}/inicijative`)}>{v.t('init.title')}</a> ·{' '}
              <a href={v.href(`/admin/kancelarije/${o.officeSlug}/mladi`)}>{v.t('people.title')}</a> ·{' '}
              <a href={v.href(`/admin/kancelarije/${o.officeSlug}/udruzenja`)}>{v.t('associations.register')}</a> ·{' '}
              <a href={v.href(`/admin/kancelarije/${o.officeSlug}/partneri`)}>{v.t('partners.register')}</a> ·{' '}
              <a href={v.href(`/admin/kancelarije/${o.officeSlug}/uvoz`)}>{v.t('imports.title')}</a> ·{' '}
              {o.links.map((l) => (
                <>
                  <a href={v.href(`/admin/kancelarije/${o.officeSlug}/${l.path}`)}>{v.t(l.label)}</a>
                  {l.pending && l.count > 0 ? <strong class="tag"> {v.t(l.pending.label, { n: l.count })}</strong> : null} ·{' '}
                </>
              ))}
              <a href={v.href(`/kancelarije/${o.officeSlug}`)}>{v.t('admin.view')}</a>
            </p>
          </li>
        ))}
      </ul>
      {national ? (
        <>
          <h2>{v.t('admin.network')}</h2>
          <p>
            <a href={v.href('/admin/mreza')}>{v.t('admin.networkLink')}</a>
          </p>
          <DataTable
            caption={v.t('admin.network')}
            captionHidden
            rows={network}
            empty={v.t('admin.networkEmpty')}
            columns={[
              { label: v.t('field.name'), rowHeader: true, cell: (o) => v.tx(o.officeName) },
              {
                label: v.t('admin.networkSees'),
                cell: (o) => (
                  <>
                    <a href={v.href(`/admin/kancelarije/${o.officeSlug}`)}>{v.t('admin.edit')}</a> ·{' '}
                    <a href={v.href(`/admin/kancelarije/${o.officeSlug}/mladi/statistika`)}>{v.t('admin.networkPeopleStats')}</a> ·{' '}
                    <a href={v.href(`/admin/kancelarije/${o.officeSlug}/aktivnosti/statistika`)}>{v.t('checkin.stats.periodLink')}</a> ·{' '}
                    <a href={v.href(`/kancelarije/${o.officeSlug}`)}>{v.t('admin.view')}</a>
                  </>
                ),
              },
            ]}
          />
        </>
      ) : null}
      {v.actor?.memberships.some((m) => m.role === 'association_rep') ? (
        <p>
          <a href={v.href('/admin/moja-udruzenja')}>{v.t('associations.mine')}</a>
        </p>
      ) : null}
      {national && mailbox ? (
        <p>
          <a href={v.href('/admin/posta')}>{v.t('admin.mailbox')}</a>
        </p>
      ) : null}
    </Page>
  );
}

export function TeamPage(props: {
  v: View;
  office: { slug: string; name: string };
  members: MemberRow[];
  values?: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, members, values = {}, errors } = props;
  const title = `${v.t('admin.team')}: ${v.tx(office.name)}`;
  return (
    <Page v={v} title={title}>
      <p class="crumbs">
        <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(`/admin/kancelarije/${office.slug}`)}>{v.t('admin.edit')}</a>
      </p>
      <h1>{title}</h1>
      <DataTable
        caption={v.t('admin.team')}
        captionHidden
        rows={members}
        columns={[
          { label: v.t('account.name'), rowHeader: true, cell: (m) => v.tx(m.display_name) },
          { label: v.t('account.email'), cell: (m) => m.email },
          { label: v.t('team.role'), cell: (m) => v.t(`role.${m.role}`) },
          {
            label: v.t('team.remove'),
            actions: true,
            cell: (m) => (
              <ConfirmForm
                v={v}
                action={v.href(`/admin/kancelarije/${office.slug}/tim/ukloni`)}
                fields={{ user_id: m.user_id, role: m.role }}
                label={v.t('team.remove')}
                ariaLabel={v.t('team.removeLabel', { role: v.t(`role.${m.role}`), name: v.tx(m.display_name) })}
                question={v.t('team.remove.confirm')}
              />
            ),
          },
        ]}
      />
      <h2>{v.t('team.add')}</h2>
      <p>{v.t('team.lead')}</p>
      <Form v={v} action={v.href(`/admin/kancelarije/${office.slug}/tim`)} errors={errors} novalidate>
        <Field v={v} name="email" label={v.t('team.email')} type="email" value={values.email} errors={errors} required maxlength={254} />
        <Field
          v={v}
          name="role"
          label={v.t('team.role')}
          value={values.role ?? 'coordinator'}
          errors={errors}
          required
          options={OFFICE_ROLES.map((r) => [r, v.t(`role.${r}`)] as [string, string])}
        />
        <button type="submit">{v.t('team.add')}</button>
      </Form>
    </Page>
  );
}

export function MailboxPage({
  v,
  mails,
}: {
  v: View;
  mails: Array<{ id: number; recipient: string; subject: string; body_text: string; created_at: Date }>;
}) {
  return (
    <Page v={v} title={v.t('admin.mailbox')}>
      <h1>{v.t('admin.mailbox')}</h1>
      <p>{v.t('admin.mailbox.lead')}</p>
      {mails.length === 0 ? <p>{v.t('admin.mailbox.empty')}</p> : null}
      {mails.map((m) => (
        <article class="mail">
          <h2>{m.subject}</h2>
          <p class="meta">
            {v.t('admin.mailbox.to')}: {m.recipient} · {formatDateTime(v.locale, m.created_at)}
          </p>
          <pre>{linkified(m.body_text)}</pre>
        </article>
      ))}
    </Page>
  );
}

/**
 * A mail's text with its links clickable (the development mailbox is where a tester opens the
 * confirmation link). Only http(s) URLs become links; everything else stays escaped text.
 */
function linkified(text: string) {
  return text.split(/(https?:\/\/[^\s<>"]+)/g).map((part, i) => (i % 2 === 1 ? <a href={part}>{part}</a> : part));
}
