import type { Deps } from '../../core/http/env.ts';
import { startPeriodicJob, tryJobLock } from '../../core/jobs.ts';
import { queueAccountMail } from '../accounts/mails.ts';
import {
  accountsToExpire,
  accountsToWarn,
  cancelStaleImports,
  deleteExpiredParentRequests,
  deleteSentMail,
  isNationalAdmin,
  markWarned,
  monthsBefore,
} from './retention-repo.ts';
import { PARENT_LINK_DAYS, eraseUser, erasureBlocked } from './service.ts';

/**
 * The retention job: personal data is not kept longer than its purpose needs.
 * (a) accounts inactive for RETENTION_MONTHS get a warning mail (once; logging in clears it);
 * (b) accounts warned more than RETENTION_GRACE_DAYS ago and still inactive are erased exactly
 *     as a person erases their own (eraseUser), with a mail saying so;
 * (c) parent requests unconfirmed after PARENT_LINK_DAYS are deleted (the child's row too);
 * (d) import previews older than a day are emptied and cancelled;
 * (e) sent mail older than 30 days is deleted from the outbox.
 * One transaction per run; only one runner in the whole cluster at a time
 * (pg_try_advisory_xact_lock: a second process finds the lock taken and skips the run).
 * Time comes from deps.now(), so tests drive the job by the clock.
 */

/** Advisory-lock key of the job ('KZMR'). */
export const RETENTION_LOCK = 0x4b5a4d52;
/** At most this many accounts are warned or erased per run (the next run continues). */
const BATCH = 200;
const DAY_MS = 24 * 3600 * 1000;

export interface RetentionReport {
  ran: boolean;
  warned: number;
  erased: number;
  /** Accounts due for erasure that are an office's (or the installation's) only admin. */
  kept: number;
  parentPeople: number;
  parentConsents: number;
  imports: number;
  mail: number;
}

export async function runRetention(deps: Deps): Promise<RetentionReport> {
  const { config } = deps;
  const now = deps.now();
  const report: RetentionReport = { ran: false, warned: 0, erased: 0, kept: 0, parentPeople: 0, parentConsents: 0, imports: 0, mail: 0 };
  return deps.db.transaction(async (tx) => {
    const locked = await tryJobLock(tx, RETENTION_LOCK);
    if (!locked) return report;
    report.ran = true;
    const cutoff = await monthsBefore(tx, now, config.RETENTION_MONTHS);

    // (b) before (a): an account warned in this run is never erased in it.
    const warnedBefore = new Date(now.getTime() - config.RETENTION_GRACE_DAYS * DAY_MS);
    for (const user of await accountsToExpire(tx, warnedBefore, cutoff, BATCH)) {
      if (await erasureBlocked(tx, user.id, await isNationalAdmin(tx, user.id))) {
        report.kept++;
        continue;
      }
      await eraseUser(tx, config, user, 'retention', now);
      report.erased++;
    }

    for (const user of await accountsToWarn(tx, cutoff, BATCH)) {
      await queueAccountMail(tx, {
        to: user.email,
        locale: user.locale,
        name: user.display_name,
        subject: 'me.mail.warning.subject',
        body: 'me.mail.warning.body',
        vars: { months: String(config.RETENTION_MONTHS), grace: String(config.RETENTION_GRACE_DAYS) },
        link: `${config.BASE_URL}/${user.locale}/nalog/prijava`,
        ignoreHint: false,
      });
      await markWarned(tx, user.id, now);
      report.warned++;
    }

    const parents = await deleteExpiredParentRequests(tx, new Date(now.getTime() - PARENT_LINK_DAYS * DAY_MS));
    report.parentPeople = parents.people;
    report.parentConsents = parents.consents;
    report.imports = await cancelStaleImports(tx, new Date(now.getTime() - DAY_MS), now);
    report.mail = await deleteSentMail(tx, new Date(now.getTime() - 30 * DAY_MS));
    return report;
  });
}

/** Runs now and every hour in this process; returns the function that stops it. Failures are logged. */
export function startRetention(deps: Deps, opts: { intervalMs?: number } = {}): () => Promise<void> {
  return startPeriodicJob(deps, {
    name: 'retention',
    run: () => runRetention(deps),
    worthLogging: (r) => Boolean(r.warned || r.erased || r.kept || r.parentPeople || r.parentConsents || r.imports || r.mail),
    intervalMs: opts.intervalMs,
  });
}
