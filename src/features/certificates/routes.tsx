import type { Context } from 'hono';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { uuidOrNull } from '../../core/http/ids.ts';
import { parseForm, readForm, type FormErrors } from '../../core/http/forms.ts';
import { PUBLIC, SIGNED_IN, STAFF } from '../../core/http/routes.ts';
import { t } from '../../core/i18n/messages.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import type { Format } from '../imports/export.ts';
import { findActivity } from '../activities/repo.ts';
import { feedbackResults, findCertificate, listParticipantCerts } from './repo.ts';
import { feedbackFields } from './schema.ts';
import {
  activityIssues,
  attendanceSheet,
  certificateFile,
  feedbackTarget,
  issueAll,
  normaliseCode,
  ownCertificate,
  participantList,
  revoke,
  submitFeedback,
} from './service.ts';
import {
  CertificatePage,
  CertificatesPage,
  FeedbackMessagePage,
  FeedbackPage,
  FeedbackResultsPage,
  VerifyPage,
  certPath,
  verifiedCertificate,
  certsPath,
} from './views.tsx';

type C = Context<AppEnv>;

/** A file answer that no browser or proxy keeps (it holds personal data). */
function download(c: C, file: { body: Uint8Array; type: string; filename: string }): Response {
  c.header('content-type', file.type);
  c.header('content-disposition', `attachment; filename="${file.filename}"`);
  c.header('cache-control', 'no-store');
  return c.body(file.body as Uint8Array<ArrayBuffer>);
}

const PDF = 'application/pdf';

export function registerCertificateRoutes(core: Core): void {
  const activityAdmin = `${L}/admin/kancelarije/:office/aktivnosti/:activity`;
  const certAdmin = `${L}/admin/kancelarije/:office/sertifikati/:certificate`;

  const certOf = async (c: C) => {
    const code = normaliseCode(c.req.param('certificate') ?? '');
    return code ? findCertificate(c.var.deps.db, c.var.office.id, code) : undefined;
  };

  // ── Certificates: staff ──
  core.page(
    { name: 'certificates.admin.list', method: 'GET', path: `${activityAdmin}/sertifikati`, access: STAFF, params: ['activity'] },
    async (c) => {
      const a = c.var.activity;
      const now = c.var.deps.now();
      const participants = await listParticipantCerts(c.var.deps.db, c.var.office.id, a.id);
      return c.html(
        <CertificatesPage
          v={view(c)}
          office={c.var.office}
          activity={a}
          participants={participants}
          issues={activityIssues(a, now)}
          ended={a.ends_at <= now}
        />,
      );
    },
  );

  core.page(
    { name: 'certificates.admin.issue', method: 'POST', path: `${activityAdmin}/sertifikati`, access: STAFF, params: ['activity'] },
    async (c) => {
      const a = c.var.activity;
      await issueAll(c.var.deps, c.var.actor!, c.var.office, a.id);
      return c.redirect(`/${c.var.locale}${certsPath(c.var.office, a.id)}?n=cert.admin.issued`, 303);
    },
  );

  const showCert = async (c: C, errors?: FormErrors) => {
    const cert = await certOf(c);
    const a = cert ? await findActivity(c.var.deps.db, c.var.office.id, cert.activity_id) : undefined;
    if (!cert || !a) return errorResponse(c, 404);
    return c.html(<CertificatePage v={view(c)} office={c.var.office} cert={cert} activity={a} errors={errors} />, errors ? 400 : 200);
  };

  core.page({ name: 'certificates.admin.show', method: 'GET', path: certAdmin, access: STAFF }, (c) => showCert(c));

  core.page({ name: 'certificates.admin.pdf', method: 'GET', path: `${certAdmin}/sertifikat.pdf`, access: STAFF }, async (c) => {
    const cert = await certOf(c);
    if (!cert) return errorResponse(c, 404);
    return download(c, { ...(await certificateFile(c.var.deps, cert)), type: PDF });
  });

  core.page({ name: 'certificates.admin.revoke', method: 'POST', path: `${certAdmin}/opozovi`, access: STAFF }, async (c) => {
    const cert = await certOf(c);
    if (!cert) return errorResponse(c, 404);
    const r = await revoke(c.var.deps, c.var.actor!, c.var.office, cert.code);
    if (r === 'not_found') return errorResponse(c, 404);
    if (r === 'already') return showCert(c, { _form: t(c.var.locale, 'cert.err.revoked') });
    return c.redirect(`/${c.var.locale}${certPath(c.var.office, cert.code)}?n=cert.admin.revoked`, 303);
  });

  // ── Certificates: the participant and the public ──
  core.page(
    { name: 'certificates.own.pdf', method: 'GET', path: `${L}/moj-nalog/prijave/:participation/sertifikat.pdf`, access: SIGNED_IN },
    async (c) => {
      const id = uuidOrNull(c.req.param('participation'));
      const cert = id ? await ownCertificate(c.var.deps, c.var.actor!.userId, id) : undefined;
      if (!cert) return errorResponse(c, 404);
      return download(c, { ...(await certificateFile(c.var.deps, cert)), type: PDF });
    },
  );

  core.page(
    {
      name: 'certificates.verify',
      method: 'GET',
      path: `${L}/kancelarije/:office/sertifikat/:certificate`,
      access: PUBLIC,
      params: ['office'],
    },
    async (c) => {
      const office = c.var.office;
      const raw = (c.req.param('certificate') ?? '').slice(0, 40);
      const code = normaliseCode(raw);
      const cert = code ? await findCertificate(c.var.deps.db, office.id, code) : undefined;
      const v = view(c);
      return c.html(
        <VerifyPage v={v} office={office} code={code ?? raw} found={cert ? verifiedCertificate(v, cert, office) : undefined} />,
        cert ? 200 : 404,
      );
    },
  );

  // ── Paper ──
  const participants = (format: Format) => async (c: C) => {
    const a = c.var.activity;
    return download(c, await participantList(c.var.deps, c.var.actor!, c.var.office, a, format, c.var.locale));
  };
  core.page(
    { name: 'paper.participants.csv', method: 'GET', path: `${activityAdmin}/ucesnici.csv`, access: STAFF, params: ['activity'] },
    participants('csv'),
  );
  core.page(
    { name: 'paper.participants.xlsx', method: 'GET', path: `${activityAdmin}/ucesnici.xlsx`, access: STAFF, params: ['activity'] },
    participants('xlsx'),
  );

  core.page(
    { name: 'paper.attendanceSheet', method: 'GET', path: `${activityAdmin}/lista-prisutnih.pdf`, access: STAFF, params: ['activity'] },
    async (c) => {
      const a = c.var.activity;
      return download(c, { ...(await attendanceSheet(c.var.deps, c.var.actor!, c.var.office, a, c.var.locale)), type: PDF });
    },
  );

  // ── Feedback ──
  core.page({ name: 'feedback.form', method: 'GET', path: `${L}/utisak`, access: PUBLIC }, async (c) => {
    const token = c.req.query('t') ?? '';
    const target = await feedbackTarget(c.var.deps, token);
    if (!target) return c.html(<FeedbackMessagePage v={view(c)} message="feedback.badLink" />, 400);
    if (target.answered) {
      const thanks = c.req.query('n') === 'feedback.thanks';
      return c.html(
        <FeedbackMessagePage v={{ ...view(c), notice: undefined }} message={thanks ? 'feedback.thanks' : 'feedback.already'} />,
      );
    }
    return c.html(<FeedbackPage v={view(c)} token={token} activityTitle={target.activity_title} values={{}} />);
  });

  core.page({ name: 'feedback.submit', method: 'POST', path: `${L}/utisak`, access: PUBLIC }, async (c) => {
    const values = await readForm(c);
    const token = values.t || c.req.query('t') || '';
    const target = await feedbackTarget(c.var.deps, token);
    if (!target) return c.html(<FeedbackMessagePage v={view(c)} message="feedback.badLink" />, 400);
    const parsed = parseForm(feedbackFields, values, c.var.locale);
    if (!parsed.ok) {
      return c.html(
        <FeedbackPage v={view(c)} token={token} activityTitle={target.activity_title} values={values} errors={parsed.errors} />,
        400,
      );
    }
    const r = await submitFeedback(c.var.deps, token, parsed.data);
    if (r === 'bad_link') return c.html(<FeedbackMessagePage v={view(c)} message="feedback.badLink" />, 400);
    if (r === 'already') return c.html(<FeedbackMessagePage v={view(c)} message="feedback.already" />, 409);
    return c.redirect(`/${c.var.locale}/utisak?t=${encodeURIComponent(token)}&n=feedback.thanks`, 303);
  });

  core.page(
    { name: 'feedback.results', method: 'GET', path: `${activityAdmin}/utisci`, access: STAFF, params: ['activity'] },
    async (c) => {
      const a = c.var.activity;
      const results = await feedbackResults(c.var.deps.db, c.var.office.id, a.id);
      return c.html(<FeedbackResultsPage v={view(c)} office={c.var.office} activity={a} results={results} />);
    },
  );
}
