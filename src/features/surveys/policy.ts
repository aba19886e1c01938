import { hasOfficeRole, type Actor } from '../../core/auth/actor.ts';
import { STAFF } from '../../core/http/routes.ts';

/**
 * Who may do what with surveys, in one place. The office's staff (coordinators, office admins)
 * build surveys, set how answers are collected, read the results (suppressed aggregates only)
 * and export the anonymous answers; anyone with the public link answers (a survey that takes
 * one answer per account asks them to sign in first). Nobody reads one person's answers with
 * their name: responses carry no account, and who answered is kept apart (survey_participants).
 */
export const SURVEY_STAFF = STAFF;

export const mayManageSurveys = (actor: Actor | null, officeId: string) => hasOfficeRole(actor, officeId, ['coordinator', 'office_admin']);
