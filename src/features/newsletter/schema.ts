import { z } from 'zod';
import { LAP_AREAS } from '../../core/domain.ts';
import { checkbox, codeList, email, requiredText, text } from '../../core/http/forms.ts';

/**
 * Kinds of opportunity a subscriber may ask for. Kept here, not imported: the opportunities
 * feature is built in parallel and the newsletter needs only the codes (labels are
 * 'newsletter.kind.<code>' messages).
 */
export const OPPORTUNITY_KINDS = ['scholarship', 'competition', 'job', 'internship', 'training', 'exchange'] as const;
export type OpportunityKind = (typeof OPPORTUNITY_KINDS)[number];

export const SCRIPTS = ['cir', 'lat'] as const;
export type MailScript = (typeof SCRIPTS)[number];

/** The version of the consent text the subscribe form shows (recorded with each consent). */
export const NOTICE_VERSION = 'newsletter-2026-12';

/** A comma-separated list of office slugs, as the checkbox group sends it (checked against the offices that exist). */
const slugList = z
  .string()
  .optional()
  .transform((s) => [
    ...new Set(
      (s ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter((x) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(x)),
    ),
  ])
  .pipe(z.array(z.string()).min(1, 'newsletter.err.offices').max(50, 'err.choice'));

/** The public subscribe form. */
export const subscribeFields = z.object({
  email: email.transform((e) => e.toLowerCase()),
  script: z.enum(SCRIPTS, 'err.choice'),
  areas: codeList(LAP_AREAS),
  kinds: codeList(OPPORTUNITY_KINDS),
  offices: slugList,
  consent: checkbox.refine((v) => v, 'newsletter.err.consent'),
});
export type SubscribeInput = z.output<typeof subscribeFields>;

/** The manage page (from a mailed link): interests, script, offices. */
export const manageFields = z.object({
  script: z.enum(SCRIPTS, 'err.choice'),
  areas: codeList(LAP_AREAS),
  kinds: codeList(OPPORTUNITY_KINDS),
  offices: slugList,
});
export type ManageInput = z.output<typeof manageFields>;

/** A newsletter as the coordinator writes it (plain text / Markdown, either script) and its segment. */
export const campaignFields = z.object({
  subject: requiredText(200),
  body: requiredText(20000),
  areas: codeList(LAP_AREAS),
  kinds: codeList(OPPORTUNITY_KINDS),
});
export type CampaignInput = z.output<typeof campaignFields>;

/** The digest form: only the segment (the text is built from the items). */
export const digestFields = z.object({
  subject: text(200),
  areas: codeList(LAP_AREAS),
  kinds: codeList(OPPORTUNITY_KINDS),
});
export type DigestInput = z.output<typeof digestFields>;
