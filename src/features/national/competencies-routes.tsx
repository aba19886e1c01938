import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import { parseForm, readForm, type FormErrors, type FormValues } from '../../core/http/forms.ts';
import { NATIONAL, PUBLIC, STAFF } from '../../core/http/routes.ts';
import { t } from '../../core/i18n/messages.ts';
import { view } from '../../core/views/view.ts';
import {
  associationOffice,
  latestAssessment,
  listRegions,
  listTrainings,
  trainingHistory,
  unmarkedActivities,
} from './competencies-repo.ts';
import { ensureAssociation, markTraining, needsReport, saveAssessment, trainingForm } from './competencies-service.ts';
import { CompetencyPage, TRAININGS_ADMIN, TRAININGS_PUBLIC, TrainingsAdminPage, TrainingsPage } from './competencies-views.tsx';

export function registerCompetencyRoutes(core: Core): void {
  core.page({ name: 'national.trainings', method: 'GET', path: `${L}${TRAININGS_PUBLIC}`, access: PUBLIC }, async (c) => {
    const { db } = c.var.deps;
    const association = await associationOffice(db);
    return c.html(<TrainingsPage v={view(c)} trainings={association ? await listTrainings(db, association.id, true) : []} />);
  });

  // ── The coordinator's self-assessment, levels, curriculum and training history ──
  const path = `${L}/admin/kancelarije/:office/kompetencije`;
  type Ctx = Parameters<Parameters<Core['page']>[1]>[0];
  const show = async (c: Ctx, values?: FormValues, errors?: FormErrors) => {
    const { db } = c.var.deps;
    const office = c.var.office;
    const association = await associationOffice(db);
    const [latest, trainings, history] = await Promise.all([
      latestAssessment(db, office.id, c.var.actor!.userId),
      association ? listTrainings(db, association.id, true) : Promise.resolve([]),
      association ? trainingHistory(db, association.id, c.var.actor!.userId) : Promise.resolve([]),
    ]);
    c.header('cache-control', 'private, no-store');
    return c.html(
      <CompetencyPage
        v={view(c)}
        office={office}
        latest={latest}
        trainings={trainings}
        history={history}
        values={values}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  };
  core.page({ name: 'national.competencies', method: 'GET', path, access: STAFF }, (c) => show(c));
  core.page({ name: 'national.competencies.save', method: 'POST', path, access: STAFF }, async (c) => {
    const { deps, locale, office, actor } = c.var;
    const values = await readForm(c);
    const r = await saveAssessment(deps, actor!, office.id, values);
    if (!r.ok) {
      const errors: FormErrors = {
        _form: t(locale, 'nat.comp.err.incomplete', { n: r.missing.length + r.invalid.length }),
      };
      for (const f of r.missing) errors[f] = t(locale, 'nat.comp.err.answer');
      for (const f of r.invalid) errors[f] = t(locale, 'err.choice');
      return show(c, values, errors);
    }
    return c.redirect(`/${locale}/admin/kancelarije/${office.slug}/kompetencije?n=nat.comp.saved`, 303);
  });

  // ── The national admin: who needs which training; marking the association's activities as trainings ──
  const admin = async (c: Ctx, values?: FormValues, errors?: FormErrors) => {
    const { db } = c.var.deps;
    const association = await associationOffice(db);
    const [needs, trainings, unmarked, regions] = await Promise.all([
      needsReport(db),
      association ? listTrainings(db, association.id, false) : Promise.resolve([]),
      association ? unmarkedActivities(db, association.id) : Promise.resolve([]),
      listRegions(db),
    ]);
    return c.html(
      <TrainingsAdminPage
        v={view(c)}
        association={association}
        needs={needs}
        trainings={trainings}
        unmarked={unmarked}
        regions={regions}
        values={values}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  };
  core.page({ name: 'national.trainings.admin', method: 'GET', path: `${L}${TRAININGS_ADMIN}`, access: NATIONAL }, (c) => admin(c));
  core.page({ name: 'national.trainings.mark', method: 'POST', path: `${L}${TRAININGS_ADMIN}`, access: NATIONAL }, async (c) => {
    const { deps, locale, actor } = c.var;
    const values = await readForm(c);
    const association = await associationOffice(deps.db);
    if (!association) return admin(c, values, { _form: t(locale, 'nat.train.noAssociation') });
    const parsed = parseForm(trainingForm, values, locale);
    if (!parsed.ok) return admin(c, values, parsed.errors);
    const r = await markTraining(deps, actor!, association, parsed.data);
    if (!r.ok) return admin(c, values, { [r.field ?? '_form']: t(locale, r.error, r.vars) });
    return c.redirect(`/${locale}${TRAININGS_ADMIN}?n=nat.train.marked`, 303);
  });
  core.page(
    { name: 'national.trainings.association', method: 'POST', path: `${L}${TRAININGS_ADMIN}/asocijacija`, access: NATIONAL },
    async (c) => {
      await ensureAssociation(c.var.deps, c.var.actor!);
      return c.redirect(`/${c.var.locale}${TRAININGS_ADMIN}?n=nat.train.associationReady`, 303);
    },
  );
}
