import { z } from 'zod';
import { LAP_AREAS } from '../../core/domain.ts';
import { checkbox, codeList, requiredText, text } from '../../core/http/forms.ts';
import { localDateTime } from '../activities/schema.ts';

/**
 * A news post as typed in the staff form. The body is Markdown in a plain textarea (it works
 * without JavaScript); the server renders and sanitises it (rich-text.ts). The image has its own
 * form (imageFields), as activities' does, so a mistake in the text never makes anyone choose
 * the file again.
 */
export const NEWS_CATEGORIES = ['announcement', 'report', 'call', 'story', 'tips'] as const;
export type NewsCategory = (typeof NEWS_CATEGORIES)[number];
export const NEWS_STATUSES = ['draft', 'published'] as const;
export type NewsStatus = (typeof NEWS_STATUSES)[number];
/** What the form's "publish" choice says: keep as a draft, publish now, or at a set time. */
export const PUBLISH_CHOICES = ['draft', 'now', 'at'] as const;
export type PublishChoice = (typeof PUBLISH_CHOICES)[number];

export const BODY_MAX = 20000;

export interface NewsInput {
  title: string;
  summary: string;
  body: string;
  category: NewsCategory;
  areas: string[];
  publish: PublishChoice;
  /** Set when publish is 'at': the moment it becomes public (in the future). */
  publish_at: Date | null;
}

/** The form's schema given the clock: a scheduled time must be a date, and in the future. */
export function newsForm(now: Date) {
  return z
    .object({
      title: requiredText(200).pipe(z.string().min(3, 'err.tooShort')),
      summary: text(300),
      body: text(BODY_MAX),
      category: z.enum(NEWS_CATEGORIES, 'err.choice'),
      areas: codeList(LAP_AREAS),
      publish: z.enum(PUBLISH_CHOICES, 'err.choice'),
      publish_at: localDateTime,
    })
    .superRefine((f, ctx) => {
      if (f.publish !== 'at') return;
      if (f.publish_at === null) ctx.addIssue({ code: 'custom', path: ['publish_at'], message: 'news.err.publishAtMissing' });
      else if (f.publish_at <= now) ctx.addIssue({ code: 'custom', path: ['publish_at'], message: 'news.err.publishAtPast' });
    })
    .transform((f): NewsInput => ({
      title: f.title,
      summary: f.summary,
      body: f.body,
      category: f.category,
      areas: f.areas,
      publish: f.publish,
      publish_at: f.publish === 'at' ? f.publish_at : null,
    }));
}

/** The image form: the file is checked apart (core/http/uploads.ts); its description is required unless it is removed. */
export const imageFields = z.object({ image_alt: text(300), remove_image: checkbox }).superRefine((f, ctx) => {
  if (!f.remove_image && f.image_alt === '') ctx.addIssue({ code: 'custom', path: ['image_alt'], message: 'news.err.altMissing' });
});

/** The public list's filters and page (its cache key keeps only these). */
export const listQuery = z.object({
  kategorija: z.enum(NEWS_CATEGORIES).or(z.literal('')).catch('').default(''),
  oblast: z.enum(LAP_AREAS).or(z.literal('')).catch('').default(''),
  strana: z.coerce.number().int().min(1).max(1000).catch(1).default(1),
});
export type ListQuery = z.infer<typeof listQuery>;
export const PAGE_SIZE = 10;
