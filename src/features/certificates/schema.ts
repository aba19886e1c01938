import { z } from 'zod';
import { text } from '../../core/http/forms.ts';

/** The feedback form: a rating 1–5 (radio buttons) and an optional comment; `t` is the mailed link's token. */
export const feedbackFields = z.object({
  t: z.string().catch(''),
  rating: z.enum(['1', '2', '3', '4', '5'], 'feedback.err.rating').transform(Number),
  comment: text(2000),
});
export type FeedbackInput = z.output<typeof feedbackFields>;
