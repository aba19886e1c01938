import type { FormErrors } from '../../../core/http/forms.ts';
import { ConfirmForm, Form } from '../../../core/views/forms.tsx';
import { formatDate, formatDateTime } from '../../../core/views/format.ts';
import { Page } from '../../../core/views/layout.tsx';
import { DataTable } from '../../../core/views/table.tsx';
import type { View } from '../../../core/views/view.ts';
import { PURPOSES, purposeOf } from '../../people/purposes.ts';
import type { ParentRequest } from '../parent-repo.ts';
import type { OfficeInfo, OwnConsent, OwnPerson } from '../repo.ts';

type Office = Pick<OfficeInfo, 'slug' | 'name'>;

/** What a parent's link opens: exactly what is being agreed to, and the two answers. */
export function ParentConfirmPage({
  v,
  office,
  req,
  token,
  errors,
}: {
  v: View;
  office: Office;
  req: ParentRequest;
  token: string;
  errors?: FormErrors | undefined;
}) {
  const action = v.href(`/saglasnost/${office.slug}/${token}`);
  return (
    <Page v={v} title={v.t('me.confirm.title')}>
      <h1>{v.t('me.confirm.title')}</h1>
      <p class="lead">{v.t('me.confirm.lead', { office: v.tx(office.name) })}</p>
      <dl class="facts">
        <dt>{v.t('me.confirm.child')}</dt>
        <dd>{v.tx(req.child_name)}</dd>
        <dt>{v.t('me.confirm.birth')}</dt>
        <dd>{req.birth_date ? formatDate(v.locale, req.birth_date) : v.t('me.notGiven')}</dd>
        {req.settlement_name ? (
          <>
            <dt>{v.t('me.confirm.settlement')}</dt>
            <dd>{v.tx(req.settlement_name)}</dd>
          </>
        ) : null}
        <dt>{v.t('me.confirm.parent')}</dt>
        <dd>
          {v.tx(req.parent_name)} ({req.parent_email})
        </dd>
      </dl>
      <h2>{v.t('me.confirm.purposes')}</h2>
      <ul>
        {req.purposes.map((code) => {
          const p = purposeOf(code);
          return (
            <li>
              <strong>{v.t(p.label)}</strong>: {v.t(p.description)}
            </li>
          );
        })}
      </ul>
      <p>
        <a href={v.href('/privatnost')}>{v.t('me.confirm.notice', { version: req.notice_version })}</a> ·{' '}
        <a href={v.href(`/kancelarije/${office.slug}/privatnost/evidencija`)}>{v.t('me.join.ropa')}</a>
      </p>
      <p>{v.t('me.confirm.withdraw')}</p>
      <Form v={v} action={action} errors={errors} class="inline-actions">
        <input type="hidden" name="decision" value="agree" />
        <button type="submit">{v.t('me.confirm.agree')}</button>
      </Form>
      <Form v={v} action={action} class="inline-actions">
        <input type="hidden" name="decision" value="refuse" />
        <button type="submit" class="secondary">
          {v.t('me.confirm.refuse')}
        </button>
      </Form>
    </Page>
  );
}

/** The state of one purpose in one register: the live consent, else the last one withdrawn. */
function state(v: View, consents: OwnConsent[]) {
  const live = consents.find((c) => !c.withdrawn_at);
  if (live) {
    const pending = live.given_by === 'parent' && live.evidence === 'online' && !live.parent_confirmed_at;
    if (pending) return { live, text: v.t('me.consents.pending') };
    const text = v.t('me.consents.givenOn', { date: formatDate(v.locale, live.given_at.toISOString()), version: live.notice_version });
    return { live, text: live.given_by === 'parent' ? `${text} (${v.t('me.consents.byParent')})` : text };
  }
  const last = consents.filter((c) => c.withdrawn_at).sort((a, b) => b.withdrawn_at!.getTime() - a.withdrawn_at!.getTime())[0];
  if (last)
    return { live: undefined, text: v.t('me.consents.withdrawnOn', { date: formatDate(v.locale, last.withdrawn_at!.toISOString()) }) };
  return { live: undefined, text: v.t('me.consents.notGiven') };
}

function RegisterConsents({ v, person, consents }: { v: View; person: OwnPerson; consents: OwnConsent[] }) {
  const mine = consents.filter((c) => c.office_id === person.office_id && c.root_id === person.id);
  const office = v.tx(person.office_name);
  const stateOf = (purpose: string) =>
    state(
      v,
      mine.filter((c) => c.purpose === purpose && c.person_id === person.id),
    );
  return (
    <section aria-labelledby={`c-${person.office_slug}`}>
      <h2 id={`c-${person.office_slug}`}>{office}</h2>
      <DataTable
        caption={v.t('me.consents.caption', { office })}
        captionHidden
        rows={PURPOSES}
        columns={[
          { label: v.t('me.consents.purpose'), rowHeader: true, cell: (p) => v.t(p.label) },
          { label: v.t('me.consents.state'), cell: (p) => stateOf(p.code).text },
          {
            label: v.t('me.consents.action'),
            actions: true,
            cell: (p) => {
              const live = stateOf(p.code).live;
              const purposeName = v.t(p.label);
              return live && !p.required ? (
                <ConfirmForm
                  v={v}
                  action={v.href('/moj-nalog/saglasnosti/povuci')}
                  fields={{ office: person.office_slug, consent: live.id }}
                  label={v.t('me.consents.withdraw')}
                  ariaLabel={v.t('me.consents.withdrawLabel', { purpose: purposeName })}
                  question={v.t('me.consents.withdraw.confirm')}
                />
              ) : live ? (
                <Form v={v} action={v.href('/moj-nalog/saglasnosti/povuci')} class="inline">
                  <input type="hidden" name="office" value={person.office_slug} />
                  <input type="hidden" name="consent" value={live.id} />
                  <button type="submit" class="secondary" aria-label={v.t('me.consents.withdrawLabel', { purpose: purposeName })}>
                    {v.t('me.consents.withdraw')}
                  </button>
                </Form>
              ) : p.required ? (
                <a href={v.href(`/kancelarije/${person.office_slug}/pridruzi-se`)}>{v.t('me.consents.rejoin')}</a>
              ) : (
                <Form v={v} action={v.href('/moj-nalog/saglasnosti/daj')} class="inline">
                  <input type="hidden" name="office" value={person.office_slug} />
                  <input type="hidden" name="purpose" value={p.code} />
                  <button type="submit" aria-label={v.t('me.consents.giveLabel', { purpose: purposeName })}>
                    {v.t('me.consents.give')}
                  </button>
                </Form>
              );
            },
          },
        ]}
      />
      <p class="hint">
        {v.t('me.consents.sensitiveData')} <a href={v.href(`/moj-nalog/podaci/${person.office_slug}/uredi`)}>{v.t('me.data.edit')}</a>
      </p>
      <ConsentHistory v={v} consents={mine} caption={`${v.t('me.consents.history')}: ${office}`} />
    </section>
  );
}

/** Every consent row (withdrawn ones too), for the consents and the my-data pages. */
export function ConsentHistory({ v, consents, caption }: { v: View; consents: OwnConsent[]; caption: string }) {
  if (consents.length === 0) return null;
  return (
    <DataTable
      caption={caption}
      rows={consents}
      columns={[
        { label: v.t('me.consents.purpose'), cell: (c) => v.t(purposeOf(c.purpose).label) },
        { label: v.t('me.consents.given'), cell: (c) => formatDateTime(v.locale, c.given_at) },
        { label: v.t('me.consents.version'), cell: (c) => c.notice_version },
        {
          label: v.t('me.consents.by'),
          cell: (c) =>
            c.given_by === 'parent'
              ? `${v.t('me.consents.by.parent')}${c.parent_name ? `: ${v.tx(c.parent_name)}` : ''}`
              : v.t('me.consents.by.self'),
        },
        { label: v.t('me.consents.withdrawnCol'), cell: (c) => (c.withdrawn_at ? formatDateTime(v.locale, c.withdrawn_at) : '—') },
      ]}
    />
  );
}

export function ConsentsPage({ v, people, consents }: { v: View; people: OwnPerson[]; consents: OwnConsent[] }) {
  return (
    <Page v={v} title={v.t('me.consents.title')}>
      <p class="crumbs">
        <a href={v.href('/moj-nalog/podaci')}>{v.t('me.nav.data')}</a>
      </p>
      <h1>{v.t('me.consents.title')}</h1>
      <p class="lead">{v.t('me.consents.lead')}</p>
      {people.length === 0 ? (
        <p>
          {v.t('me.consents.none')} <a href={v.href('/kancelarije')}>{v.t('me.consents.findOffice')}</a>
        </p>
      ) : null}
      {people.map((p) => (
        <RegisterConsents v={v} person={p} consents={consents} />
      ))}
    </Page>
  );
}

/** The confirmation step before withdrawing consent to a register (it anonymises the row). */
export function WithdrawRegisterPage({ v, office, consentId }: { v: View; office: Office; consentId: string }) {
  return (
    <Page v={v} title={v.t('me.withdraw.title')}>
      <h1>{v.t('me.withdraw.title')}</h1>
      <p>{v.t('me.withdraw.text', { office: v.tx(office.name) })}</p>
      <Form v={v} action={v.href('/moj-nalog/saglasnosti/povuci')}>
        <input type="hidden" name="office" value={office.slug} />
        <input type="hidden" name="consent" value={consentId} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit">{v.t('me.withdraw.confirm')}</button>
      </Form>
      <p>
        <a href={v.href('/moj-nalog/saglasnosti')}>{v.t('me.withdraw.cancel')}</a>
      </p>
    </Page>
  );
}
