import { z } from 'zod';
import { checkbox, email, isoDate, password, requiredText } from '../../core/http/forms.ts';

export const signUpForm = z.object({
  display_name: requiredText(120),
  email,
  password,
  birth_date: isoDate,
  consent: checkbox.refine((v) => v, 'err.consent'),
});
export type SignUpInput = z.output<typeof signUpForm>;

export const logInForm = z.object({
  email,
  password: z.string().min(1, 'err.required').max(200, 'err.passwordLong'),
  next: z.string().max(500).optional(),
});

export const emailOnlyForm = z.object({ email });

export const resetForm = z.object({ token: z.string().min(1).max(100), password });

export const changeEmailForm = z.object({
  new_email: email,
  current_password: z.string().min(1, 'err.required').max(200, 'err.passwordLong'),
});

/** Field names differ from the e-mail form's: both forms are on the account page, and ids must be unique. */
export const changePasswordForm = z.object({
  old_password: z.string().min(1, 'err.required').max(200, 'err.passwordLong'),
  new_password: password,
});
