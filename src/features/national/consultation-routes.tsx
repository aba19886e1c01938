import type { Context } from 'hono';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { NATIONAL, STAFF } from '../../core/http/routes.ts';
import { t } from '../../core/i18n/messages.ts';
import { view } from '../../core/views/view.ts';
import { loadTree } from '../plan/repo.ts';
import { listComments, listConsultations, officeConsultation, officePlansForConsultation, sharedPlan } from './consultation-repo.ts';
import { answerForm, answerReview, closeForReview, commentForm, commentOnPlan, shareForConsultation } from './consultation-service.ts';
import {
  ConsultationMessagePage,
  OfficeConsultationPage,
  OfficeConsultationsPage,
  officeConsultationPath,
  officeConsultationsPath,
  REVIEWS,
  ReviewListPage,
  ReviewPage,
  reviewPath,
} from './consultation-views.tsx';

type C = Context<AppEnv>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The LAP consultation's pages: the office's (staff of the office, its plan resolved by core as
 * :lapPlan) and the national reviewers' (the national admins; the plan named by :consultation,
 * an id answered only while that plan is shared).
 */
export function registerConsultationRoutes(core: Core): void {
  // ── The national reviewers ──
  core.page({ name: 'national.reviews', method: 'GET', path: `${L}${REVIEWS}`, access: NATIONAL }, async (c) => {
    return c.html(<ReviewListPage v={view(c)} rows={await listConsultations(c.var.deps.db)} />);
  });

  const notShared = (c: C) => c.html(<ConsultationMessagePage v={view(c)} message={t(c.var.locale, 'natd.cons.err.notShared')} />, 404);
  const review = async (c: C, values?: FormValues, errors?: FormErrors) => {
    const id = c.req.param('consultation') ?? '';
    const cons = UUID.test(id) ? await sharedPlan(c.var.deps.db, id) : undefined;
    if (!cons) return notShared(c);
    const [tree, comments] = await Promise.all([
      loadTree(c.var.deps.db, cons.office_id, cons.plan_id),
      listComments(c.var.deps.db, cons.office_id, cons.plan_id),
    ]);
    return c.html(
      <ReviewPage v={view(c)} c={cons} tree={tree} comments={comments} values={values} errors={errors} />,
      errors ? (errors._form ? 409 : 400) : 200,
    );
  };
  core.page({ name: 'national.review', method: 'GET', path: `${L}${REVIEWS}/:consultation`, access: NATIONAL }, (c) => review(c));
  core.page({ name: 'national.review.comment', method: 'POST', path: `${L}${REVIEWS}/:consultation`, access: NATIONAL }, async (c) => {
    const id = c.req.param('consultation') ?? '';
    const values = await readForm(c);
    const parsed = parseForm(commentForm, values, c.var.locale);
    if (!parsed.ok) return review(c, values, parsed.errors);
    const r = await commentOnPlan(c.var.deps, c.var.actor!, id, parsed.data);
    if (!r.ok) {
      if (r.error === 'natd.cons.err.notShared') return notShared(c);
      return review(c, values, { [r.field ?? '_form']: t(c.var.locale, r.error) });
    }
    return c.redirect(`${view(c).href(reviewPath(id))}?n=natd.cons.commented#k-${r.value}`, 303);
  });

  // ── The office ──
  core.page(
    { name: 'plan.consultations', method: 'GET', path: `${L}/admin/kancelarije/:office/konsultacije`, access: STAFF, params: ['office'] },
    async (c) => {
      const plans = await officePlansForConsultation(c.var.deps.db, c.var.office.id);
      return c.html(<OfficeConsultationsPage v={view(c)} office={c.var.office} plans={plans} />);
    },
  );

  const one = `${L}/admin/kancelarije/:office/lap/:lapPlan/konsultacije`;
  const P = ['office', 'lapPlan'] as const;
  const officePage = async (c: C, values?: FormValues, errors?: FormErrors, status?: 404) => {
    const { office, lapPlan: plan, deps } = c.var;
    const cons = await officeConsultation(deps.db, office.id, plan.id);
    if (!cons) return c.redirect(`${view(c).href(officeConsultationsPath(office.slug))}`, 303);
    const [tree, comments] = await Promise.all([loadTree(deps.db, office.id, plan.id), listComments(deps.db, office.id, plan.id)]);
    return c.html(
      <OfficeConsultationPage v={view(c)} office={office} c={cons} tree={tree} comments={comments} values={values} errors={errors} />,
      status ?? (errors ? (errors._form ? 409 : 400) : 200),
    );
  };
  core.page({ name: 'plan.consultation', method: 'GET', path: one, access: STAFF, params: [...P] }, (c) => officePage(c));

  core.page({ name: 'plan.consultation.share', method: 'POST', path: `${one}/podeli`, access: STAFF, params: [...P] }, async (c) => {
    const { office, lapPlan: plan, deps, actor, locale } = c.var;
    const r = await shareForConsultation(deps, actor!, office, plan);
    if (!r.ok) {
      const plans = await officePlansForConsultation(deps.db, office.id);
      return c.html(<OfficeConsultationsPage v={view(c)} office={office} plans={plans} error={t(locale, r.error)} />, 409);
    }
    return c.redirect(`${view(c).href(officeConsultationPath(office.slug, plan.id))}?n=natd.cons.shared`, 303);
  });

  core.page({ name: 'plan.consultation.answer', method: 'POST', path: `${one}/odgovor`, access: STAFF, params: [...P] }, async (c) => {
    const { office, lapPlan: plan, deps, actor, locale } = c.var;
    const values = await readForm(c);
    const parsed = parseForm(answerForm, values, locale);
    if (!parsed.ok) return officePage(c, values, parsed.errors);
    const r = await answerReview(deps, actor!, office, plan, parsed.data);
    // A comment id that names nothing of this plan is a 404 (as every id of another office's), with the message.
    if (!r.ok)
      return officePage(c, values, { [r.field ?? '_form']: t(locale, r.error) }, r.error === 'natd.cons.err.comment' ? 404 : undefined);
    return c.redirect(`${view(c).href(officeConsultationPath(office.slug, plan.id))}?n=natd.cons.answered#k-${parsed.data.comment}`, 303);
  });

  core.page({ name: 'plan.consultation.close', method: 'POST', path: `${one}/zavrsi`, access: STAFF, params: [...P] }, async (c) => {
    const { office, lapPlan: plan, deps, actor, locale } = c.var;
    const r = await closeForReview(deps, actor!, office, plan);
    if (!r.ok) return officePage(c, {}, { _form: t(locale, r.error) });
    return c.redirect(`${view(c).href(officeConsultationPath(office.slug, plan.id))}?n=natd.cons.closed`, 303);
  });
}
