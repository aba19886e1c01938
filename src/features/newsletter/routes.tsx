import type { Context } from 'hono';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import { clientIp } from '../../core/http/client.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { PUBLIC, STAFF } from '../../core/http/routes.ts';
import { t } from '../../core/i18n/messages.ts';
import { view } from '../../core/views/view.ts';
import { CONFIRM_PATH, campaignText, managePath, unsubscribePath } from './mails.ts';
import { campaignCan } from './policy.ts';
import { campaignProgress, listCampaigns, listFullOffices, segmentSize, subscriberCounts, type Campaign } from './repo.ts';
import { campaignFields, digestFields, manageFields, subscribeFields } from './schema.ts';
import {
  confirm,
  confirmationState,
  createDigest,
  createLetter,
  officesOf,
  pauseOrResume,
  saveDraft,
  savePreferences,
  sendTest,
  startSending,
  subscribe,
  subscriberByKey,
  unsubscribe,
} from './service.ts';
import {
  CampaignPage,
  CampaignsPage,
  ConfirmPage,
  ManagePage,
  MessagePage,
  SubscribePage,
  UnsubscribePage,
  adminBase,
  campaignValues,
  defaultScript,
} from './views.tsx';

/** A link that is not (or no longer) valid: a clear page in the reader's script, 404. */
const badLink = (c: Context<AppEnv>, expired = false) =>
  c.html(
    <MessagePage
      v={view(c)}
      title={expired ? 'newsletter.link.expired.title' : 'newsletter.link.invalid.title'}
      body={expired ? 'newsletter.link.expired.body' : 'newsletter.link.invalid.body'}
      back
    />,
    expired ? 400 : 404,
  );

export function registerNewsletterRoutes(core: Core): void {
  // ── Public: subscribe, confirm, manage, unsubscribe ──
  const subscribeAt = `${L}/kancelarije/:office/bilten`;

  core.page({ name: 'newsletter.subscribe.form', method: 'GET', path: subscribeAt, access: PUBLIC, params: ['office'] }, async (c) => {
    const v = view(c);
    const offices = await listFullOffices(c.var.deps.db);
    return c.html(
      <SubscribePage v={v} office={c.var.office} offices={offices} values={{ script: defaultScript(v), offices: c.var.office.slug }} />,
    );
  });

  core.page({ name: 'newsletter.subscribe', method: 'POST', path: subscribeAt, access: PUBLIC, params: ['office'] }, async (c) => {
    const { deps, office, locale } = c.var;
    const values = await readForm(c);
    const again = async (errors: FormErrors, status: 400 | 429 = 400) =>
      c.html(
        <SubscribePage v={view(c)} office={office} offices={await listFullOffices(deps.db)} values={values} errors={errors} />,
        status,
      );
    const parsed = parseForm(subscribeFields, values, locale);
    if (!parsed.ok) return again(parsed.errors);
    const r = await subscribe(deps, parsed.data, `newsletter.subscribe ${office.slug}`, clientIp(c));
    if (!r.ok) return again({ [r.field ?? '_form']: t(locale, r.error) }, r.error === 'err.throttled' ? 429 : 400);
    // The same answer whatever the address's state: no enumeration.
    return c.html(<MessagePage v={view(c)} title="newsletter.subscribed.title" body="newsletter.subscribed.body" />);
  });

  core.page({ name: 'newsletter.confirm.form', method: 'GET', path: `${L}${CONFIRM_PATH}`, access: PUBLIC }, async (c) => {
    const token = c.req.query('token') ?? '';
    const state = await confirmationState(c.var.deps, token);
    if (state !== 'ok') return badLink(c, state === 'expired');
    return c.html(<ConfirmPage v={view(c)} token={token} />);
  });

  core.page({ name: 'newsletter.confirm', method: 'POST', path: `${L}${CONFIRM_PATH}`, access: PUBLIC }, async (c) => {
    const { token = '' } = await readForm(c);
    const r = await confirm(c.var.deps, token, 'newsletter.confirm');
    if (!r.ok || r.value !== 'ok') return badLink(c, r.ok && r.value === 'expired');
    return c.html(<MessagePage v={view(c)} title="newsletter.confirmed.title" body="newsletter.confirmed.body" />);
  });

  const manageAt = `${L}${managePath(':key')}`;
  const showManage = async (c: Context<AppEnv>, key: string, values?: FormValues, errors?: FormErrors) => {
    const { deps } = c.var;
    const s = await subscriberByKey(deps, key);
    if (!s) return badLink(c);
    const [offices, mine] = await Promise.all([listFullOffices(deps.db), officesOf(deps, s)]);
    const current: FormValues = {
      script: s.script,
      areas: s.areas.join(','),
      kinds: s.kinds.join(','),
      offices: mine.map((o) => o.slug).join(','),
    };
    return c.html(
      <ManagePage
        v={view(c)}
        keyValue={key}
        email={s.email}
        active={s.status === 'active'}
        offices={offices}
        values={values ?? current}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  };

  core.page({ name: 'newsletter.manage.form', method: 'GET', path: manageAt, access: PUBLIC }, (c) =>
    showManage(c, c.req.param('key') ?? ''),
  );

  core.page({ name: 'newsletter.manage', method: 'POST', path: manageAt, access: PUBLIC }, async (c) => {
    const { deps, locale } = c.var;
    const key = c.req.param('key') ?? '';
    const s = await subscriberByKey(deps, key);
    if (!s) return badLink(c);
    const values = await readForm(c);
    const parsed = parseForm(manageFields, values, locale);
    if (!parsed.ok) return showManage(c, key, values, parsed.errors);
    const r = await savePreferences(deps, s, parsed.data, 'newsletter.manage');
    if (!r.ok) return showManage(c, key, values, { [r.field ?? '_form']: t(locale, r.error) });
    return c.redirect(`/${locale}${managePath(key)}?n=newsletter.manage.saved`, 303);
  });

  const unsubscribeAt = `${L}${unsubscribePath(':key')}`;

  // GET only asks (mail scanners and link previews follow links); the button posts to the same address.
  core.page({ name: 'newsletter.unsubscribe.form', method: 'GET', path: unsubscribeAt, access: PUBLIC }, async (c) => {
    const key = c.req.param('key') ?? '';
    if (!(await subscriberByKey(c.var.deps, key))) return badLink(c);
    return c.html(<UnsubscribePage v={view(c)} keyValue={key} />);
  });

  // RFC 8058 one-click: the mail client POSTs `List-Unsubscribe=One-Click` here with no cookie and
  // no CSRF token, so the route is declared exempt; the signed key in the path is the credential.
  core.page({ name: 'newsletter.unsubscribe', method: 'POST', path: unsubscribeAt, access: PUBLIC, csrf: 'exempt' }, async (c) => {
    const s = await subscriberByKey(c.var.deps, c.req.param('key') ?? '');
    if (!s) return badLink(c);
    await unsubscribe(c.var.deps, s, 'newsletter.unsubscribe');
    return c.html(<MessagePage v={view(c)} title="newsletter.unsubscribed.title" body="newsletter.unsubscribed.body" back />);
  });

  // ── The coordinator: write, digest, preview, test, send, pause, resume ──
  const admin = `${L}/admin/kancelarije/:office/bilten`;

  const showList = async (
    c: Context<AppEnv>,
    form: { values?: FormValues; errors?: FormErrors; digestValues?: FormValues; digestErrors?: FormErrors } = {},
  ) => {
    const { db } = c.var.deps;
    const office = c.var.office;
    const [campaigns, counts] = await Promise.all([listCampaigns(db, office.id), subscriberCounts(db, office.id)]);
    return c.html(
      <CampaignsPage
        v={view(c)}
        office={office}
        subscribers={counts.active}
        campaigns={campaigns}
        values={form.values ?? {}}
        errors={form.errors}
        digestValues={form.digestValues ?? {}}
        digestErrors={form.digestErrors}
      />,
      form.errors || form.digestErrors ? 400 : 200,
    );
  };

  core.page({ name: 'newsletter.admin', method: 'GET', path: admin, access: STAFF }, (c) => showList(c));

  core.page({ name: 'newsletter.create', method: 'POST', path: admin, access: STAFF }, async (c) => {
    const { deps, office, locale } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(campaignFields, values, locale);
    if (!parsed.ok) return showList(c, { values, errors: parsed.errors });
    const id = await createLetter(deps, c.var.actor!, office, parsed.data);
    return c.redirect(`/${locale}${adminBase(office)}/${id}?n=newsletter.admin.created`, 303);
  });

  core.page({ name: 'newsletter.digest', method: 'POST', path: `${admin}/pregled-novosti`, access: STAFF }, async (c) => {
    const { deps, office, locale } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(digestFields, values, locale);
    if (!parsed.ok) return showList(c, { digestValues: values, digestErrors: parsed.errors });
    // The default subject and intro are written in Cyrillic; each reader gets their own script.
    const r = await createDigest(deps, c.var.actor!, office, parsed.data, {
      subject: t('cir', 'newsletter.admin.digest.subject', { office: office.name }),
      intro: t('cir', 'newsletter.admin.digest.body'),
    });
    if (!r.ok) return showList(c, { digestValues: values, digestErrors: { _form: t(locale, r.error) } });
    return c.redirect(`/${locale}${adminBase(office)}/${r.value}?n=newsletter.admin.created`, 303);
  });

  const showCampaign = async (
    c: Context<AppEnv>,
    campaign: Campaign,
    form: { values?: FormValues; errors?: FormErrors; status?: 400 | 429 } = {},
  ) => {
    const { deps, office } = c.var;
    const [segment, progress] = await Promise.all([
      segmentSize(deps.db, office.id, campaign.id),
      campaignProgress(deps.db, office.id, campaign.id),
    ]);
    const previews = (['cir', 'lat'] as const).map((script) => ({
      script,
      ...campaignText(deps, campaign, office.name, script, undefined),
    }));
    return c.html(
      <CampaignPage
        v={view(c)}
        office={office}
        campaign={campaign}
        can={campaignCan(c.var.actor, office.id, campaign)}
        previews={previews}
        segment={segment}
        progress={progress}
        values={form.values ?? campaignValues(campaign)}
        errors={form.errors}
      />,
      form.errors ? (form.status ?? 400) : 200,
    );
  };

  const one = `${admin}/:campaign`;
  core.page({ name: 'newsletter.campaign', method: 'GET', path: one, access: STAFF, params: ['campaign'] }, (c) =>
    showCampaign(c, c.var.campaign),
  );

  core.page({ name: 'newsletter.campaign.save', method: 'POST', path: one, access: STAFF, params: ['campaign'] }, async (c) => {
    const { deps, office, locale, campaign } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(campaignFields, values, locale);
    if (!parsed.ok) return showCampaign(c, campaign, { values, errors: parsed.errors });
    const r = await saveDraft(deps, c.var.actor!, office, campaign, parsed.data);
    if (!r.ok) return showCampaign(c, campaign, { values, errors: { _form: t(locale, r.error) } });
    return c.redirect(`/${locale}${adminBase(office)}/${campaign.id}?n=newsletter.admin.saved`, 303);
  });

  core.page({ name: 'newsletter.campaign.test', method: 'POST', path: `${one}/proba`, access: STAFF, params: ['campaign'] }, async (c) => {
    const { deps, office, locale, campaign } = c.var;
    const r = await sendTest(deps, c.var.actor!, office, campaign, locale === 'cir' ? 'cir' : 'lat');
    if (!r.ok) return showCampaign(c, campaign, { errors: { _form: t(locale, r.error) }, status: r.error === 'err.throttled' ? 429 : 400 });
    return c.redirect(`/${locale}${adminBase(office)}/${campaign.id}?n=newsletter.campaign.tested`, 303);
  });

  core.page({ name: 'newsletter.campaign.send', method: 'POST', path: `${one}/slanje`, access: STAFF, params: ['campaign'] }, async (c) => {
    const { deps, office, locale, campaign } = c.var;
    const r = await startSending(deps, c.var.actor!, office, campaign);
    if (!r.ok) return showCampaign(c, campaign, { errors: { _form: t(locale, r.error) } });
    return c.redirect(`/${locale}${adminBase(office)}/${campaign.id}?n=newsletter.campaign.sent`, 303);
  });

  for (const [segment, to, notice] of [
    ['pauza', 'paused', 'newsletter.campaign.paused'],
    ['nastavak', 'sending', 'newsletter.campaign.resumed'],
  ] as const) {
    core.page(
      {
        name: `newsletter.campaign.${to === 'paused' ? 'pause' : 'resume'}`,
        method: 'POST',
        path: `${one}/${segment}`,
        access: STAFF,
        params: ['campaign'],
      },
      async (c) => {
        const { deps, office, locale, campaign } = c.var;
        const r = await pauseOrResume(deps, c.var.actor!, office, campaign, to);
        if (!r.ok) return showCampaign(c, campaign, { errors: { _form: t(locale, r.error) } });
        return c.redirect(`/${locale}${adminBase(office)}/${campaign.id}?n=${notice}`, 303);
      },
    );
  }
}
