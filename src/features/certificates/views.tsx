import type { OfficeRef } from '../../core/http/env.ts';
import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import { ConfirmForm, Field, Form, RadioGroup } from '../../core/views/forms.tsx';
import { formatDate, formatDateTime } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import { adminActivitiesPath, adminActivityPath } from '../activities/paths.ts';
import { formatDays, formatHours } from './format.ts';
import type { CertActivity, Certificate, FeedbackResults, OfficeInfo, ParticipantCert } from './repo.ts';
import { attendedEnough } from './service.ts';

type Office = Pick<OfficeRef, 'slug' | 'name'>;

/** Paths of this feature's staff pages for an activity (without the locale). */
export const certsPath = (o: Office, activityId: string) => `${adminActivityPath(o, activityId)}/sertifikati`;
export const certPath = (o: Office, code: string) => `/admin/kancelarije/${o.slug}/sertifikati/${code}`;
export const feedbackResultsPath = (o: Office, activityId: string) => `${adminActivityPath(o, activityId)}/utisci`;
export const verifyPath = (o: Office, code: string) => `/kancelarije/${o.slug}/sertifikat/${code}`;
/** The participant's own download (linked from "my registrations"). */
export const ownCertificatePath = (registrationId: string) => `/moj-nalog/prijave/${registrationId}/sertifikat.pdf`;

/**
 * The download link of a participant's certificate, for the "my registrations" page: show it
 * beside each registration whose id repo.eligibleRegistrationIds returns.
 */
export function CertificateLink({ v, registrationId }: { v: View; registrationId: string }) {
  return <a href={v.href(ownCertificatePath(registrationId))}>{v.t('cert.download')}</a>;
}

function Crumbs({ v, office, activity }: { v: View; office: Office; activity: Pick<CertActivity, 'id' | 'title'> }) {
  return (
    <p class="crumbs">
      <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(`/admin/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a> ·{' '}
      <a href={v.href(adminActivitiesPath(office))}>{v.t('activities.title')}</a> ·{' '}
      <a href={v.href(adminActivityPath(office, activity.id))}>{v.tx(activity.title)}</a>
    </p>
  );
}

/** Links to the activity's paper and results, shown on this feature's staff pages. */
export function PaperLinks({ v, office, activityId }: { v: View; office: Office; activityId: string }) {
  const base = adminActivityPath(office, activityId);
  return (
    <nav aria-labelledby="paper-links">
      <h2 id="paper-links">{v.t('paper.title')}</h2>
      <ul>
        <li>
          <a href={v.href(`${base}/ucesnici.csv`)}>{v.t('paper.csv')}</a>
        </li>
        <li>
          <a href={v.href(`${base}/ucesnici.xlsx`)}>{v.t('paper.xlsx')}</a>
        </li>
        <li>
          <a href={v.href(`${base}/lista-prisutnih.pdf`)}>{v.t('paper.sheet')}</a>
        </li>
        <li>
          <a href={v.href(certsPath(office, activityId))}>{v.t('cert.admin.back')}</a>
        </li>
        <li>
          <a href={v.href(feedbackResultsPath(office, activityId))}>{v.t('feedback.title')}</a>
        </li>
      </ul>
    </nav>
  );
}

function Facts({ rows }: { rows: Array<[string, string]> }) {
  return (
    <dl class="facts">
      {rows.map(([k, val]) => (
        <>
          <dt>{k}</dt>
          <dd>{val}</dd>
        </>
      ))}
    </dl>
  );
}

const certFacts = (v: View, cert: Certificate, office: OfficeInfo | Office): Array<[string, string]> => [
  [v.t('cert.verify.name'), v.tx(cert.full_name)],
  [v.t('cert.verify.activity'), v.tx(cert.activity_title)],
  [v.t('cert.verify.hours'), formatHours(v.locale, cert.hours)],
  [v.t('cert.verify.dates'), formatDays(v.locale, cert.first_day, cert.last_day)],
  [v.t('cert.verify.office'), v.tx(office.name)],
  [v.t('cert.verify.code'), cert.code],
  [v.t('cert.verify.issued'), formatDateTime(v.locale, cert.issued_at)],
];

/** What a verification page shows of a certificate it found: its state and its facts. */
export interface VerifiedPaper {
  revoked_at: Date | null;
  facts: Array<[string, string]>;
}

/** A participation certificate as the verification page shows it. */
export const verifiedCertificate = (v: View, cert: Certificate, office: OfficeInfo): VerifiedPaper => ({
  revoked_at: cert.revoked_at,
  facts: certFacts(v, cert, office),
});

/**
 * The public verification page: valid, revoked or unknown. Shared by every paper with a code
 * (this feature's certificates, volunteering's certificates): the caller gives the facts and
 * the rule under the result.
 */
export function VerifyPage({
  v,
  office,
  code,
  found,
  rule,
}: {
  v: View;
  office: Pick<OfficeInfo, 'slug' | 'name'>;
  code: string;
  found: VerifiedPaper | undefined;
  rule?: string;
}) {
  const title = v.t('cert.verify.title');
  return (
    <Page v={v} title={title}>
      <h1>{title}</h1>
      {!found ? (
        <p class="status" role="status">
          <strong>{v.t('cert.verify.unknown', { code })}</strong>
        </p>
      ) : (
        <>
          <p class="status" role="status">
            <strong>
              {found.revoked_at
                ? v.t('cert.verify.revoked', { date: formatDateTime(v.locale, found.revoked_at) })
                : v.t('cert.verify.valid')}
            </strong>
          </p>
          <Facts rows={found.facts} />
        </>
      )}
      <p>{rule ?? v.t('cert.rule')}</p>
      <p>
        <a href={v.href(`/kancelarije/${office.slug}`)}>{v.tx(office.name)}</a>
      </p>
    </Page>
  );
}

/** Staff: who earns a certificate for the activity, who has one, and the button that issues the rest. */
export function CertificatesPage(props: {
  v: View;
  office: Office;
  activity: CertActivity;
  participants: ParticipantCert[];
  issues: boolean;
  ended: boolean;
}) {
  const { v, office, activity, participants } = props;
  const title = v.t('cert.admin.title', { title: v.tx(activity.title) });
  const waiting = props.issues && participants.some((p) => !p.code && attendedEnough(p));
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} activity={activity} />
      <h1>{title}</h1>
      <p>{v.t('cert.rule')}</p>
      {activity.certificate_hours === null ? <p>{v.t('cert.admin.noHours')}</p> : !props.ended ? <p>{v.t('cert.admin.notEnded')}</p> : null}
      <DataTable
        caption={title}
        captionHidden
        rows={participants}
        empty={v.t('cert.admin.none')}
        columns={[
          { label: v.t('cert.admin.participant'), rowHeader: true, cell: (p) => v.tx(p.full_name) },
          { label: v.t('cert.admin.attended'), cell: (p) => v.t('cert.admin.attendedOf', { n: p.attended, total: p.sessions }) },
          {
            label: v.t('cert.admin.status'),
            cell: (p) =>
              p.code ? (
                <>
                  <a href={v.href(certPath(office, p.code))}>{p.code}</a>{' '}
                  <span class="tag">{v.t(p.revoked_at ? 'cert.admin.revokedTag' : 'cert.admin.validTag')}</span>
                </>
              ) : attendedEnough(p) ? (
                v.t('cert.admin.notIssued')
              ) : (
                v.t('cert.admin.notEligible')
              ),
          },
        ]}
      />
      {waiting ? (
        <Form v={v} action={v.href(certsPath(office, activity.id))}>
          <button type="submit">{v.t('cert.admin.issueAll')}</button>
        </Form>
      ) : null}
      <PaperLinks v={v} office={office} activityId={activity.id} />
    </Page>
  );
}

/** Staff: one certificate, its PDF, its public page, and revoking it. */
export function CertificatePage({
  v,
  office,
  cert,
  activity,
  errors,
}: {
  v: View;
  office: Office;
  cert: Certificate;
  activity: CertActivity;
  errors?: FormErrors;
}) {
  const title = v.t('cert.admin.one', { code: cert.code });
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} activity={activity} />
      <h1>{title}</h1>
      <p class="status">
        <strong>
          {cert.revoked_at ? v.t('cert.verify.revoked', { date: formatDateTime(v.locale, cert.revoked_at) }) : v.t('cert.verify.valid')}
        </strong>
      </p>
      {errors?._form ? (
        <div class="error-summary" role="alert" tabindex={-1} id="errors">
          <p>{v.t('form.errors')}</p>
          <ul>
            <li>{errors._form}</li>
          </ul>
        </div>
      ) : null}
      <Facts rows={certFacts(v, cert, office)} />
      <ul>
        <li>
          <a href={v.href(`${certPath(office, cert.code)}/sertifikat.pdf`)}>{v.t('cert.admin.pdf')}</a>
        </li>
        <li>
          <a href={v.href(verifyPath(office, cert.code))}>{v.t('cert.admin.verifyPage')}</a>
        </li>
        <li>
          <a href={v.href(certsPath(office, activity.id))}>{v.t('cert.admin.back')}</a>
        </li>
      </ul>
      {cert.revoked_at ? null : (
        <section aria-labelledby="revoke">
          <h2 id="revoke">{v.t('cert.admin.revoke')}</h2>
          <p>{v.t('cert.admin.revoke.reason')}</p>
          {errors ? <Form v={v} action={v.href(`${certPath(office, cert.code)}/opozovi`)} errors={errors} /> : null}
          <ConfirmForm
            v={v}
            action={v.href(`${certPath(office, cert.code)}/opozovi`)}
            label={v.t('cert.admin.revoke')}
            question={v.t('cert.admin.revoke.confirm')}
          />
        </section>
      )}
    </Page>
  );
}

const RATINGS = ['1', '2', '3', '4', '5'] as const;

/** The feedback form behind the mailed link. */
export function FeedbackPage({
  v,
  token,
  activityTitle,
  values,
  errors,
}: {
  v: View;
  token: string;
  activityTitle: string;
  values: FormValues;
  errors?: FormErrors;
}) {
  const title = v.t('feedback.title');
  return (
    <Page v={v} title={title}>
      <h1>{title}</h1>
      <p>{v.t('feedback.lead', { title: v.tx(activityTitle) })}</p>
      <Form v={v} action={v.href(`/utisak?t=${encodeURIComponent(token)}`)} errors={errors} novalidate>
        <input type="hidden" name="t" value={token} />
        <RadioGroup
          v={v}
          name="rating"
          legend={v.t('feedback.rating')}
          options={RATINGS.map((r) => [r, v.t(`feedback.rating.${r}`)] as const)}
          value={values.rating}
          errors={errors}
          required
        />
        <Field
          v={v}
          name="comment"
          label={v.t('feedback.comment')}
          hint={v.t('feedback.comment.hint')}
          multiline
          rows={5}
          maxlength={2000}
          value={values.comment}
          errors={errors}
        />
        <button type="submit">{v.t('feedback.submit')}</button>
      </Form>
    </Page>
  );
}

/** What the feedback link says when there is no form to show: thanks, already answered, or a bad link. */
export function FeedbackMessagePage({ v, message }: { v: View; message: 'feedback.thanks' | 'feedback.already' | 'feedback.badLink' }) {
  const title = v.t('feedback.title');
  return (
    <Page v={v} title={title}>
      <h1>{title}</h1>
      <p class="status" role="status">
        {v.t(message)}
      </p>
      <p>
        <a href={v.href('/')}>{v.t('nav.home')}</a>
      </p>
    </Page>
  );
}

/** Staff: the activity's feedback — count, average, distribution, comments. */
export function FeedbackResultsPage({
  v,
  office,
  activity,
  results,
}: {
  v: View;
  office: Office;
  activity: CertActivity;
  results: FeedbackResults;
}) {
  const title = v.t('feedback.results.title', { title: v.tx(activity.title) });
  const avg = results.average === null ? '' : results.average.toFixed(1);
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} activity={activity} />
      <h1>{title}</h1>
      <p>
        {activity.feedback_sent_at
          ? v.t('feedback.results.sent', { date: formatDate(v.locale, activity.feedback_sent_at.toISOString()) })
          : v.t('feedback.results.notSent')}
      </p>
      {results.count === 0 ? (
        <p>{v.t('feedback.results.none')}</p>
      ) : (
        <>
          <p>{v.t('feedback.results.count', { n: results.count })}</p>
          <p>
            <strong>{v.t('feedback.results.average', { avg: v.locale === 'en' ? avg : avg.replace('.', ',') })}</strong>
          </p>
          <table>
            <caption>{v.t('feedback.results.distribution')}</caption>
            <thead>
              <tr>
                <th scope="col">{v.t('feedback.results.rating')}</th>
                <th scope="col">{v.t('feedback.results.answers')}</th>
              </tr>
            </thead>
            <tbody>
              {RATINGS.map((r, i) => (
                <tr>
                  <th scope="row">{v.t(`feedback.rating.${r}`)}</th>
                  <td>{results.distribution[i]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{v.t('feedback.results.comments')}</h2>
          {results.comments.length === 0 ? (
            <p>{v.t('feedback.results.noComments')}</p>
          ) : (
            <ul>
              {results.comments.map((c) => (
                <li>
                  <strong>{c.rating}/5</strong> — {v.tx(c.comment)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <PaperLinks v={v} office={office} activityId={activity.id} />
    </Page>
  );
}
