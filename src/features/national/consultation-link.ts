import type { OfficeStaffLink } from '../../core/views/staff-link.ts';
import { openCommentCount } from './consultation-repo.ts';

/** The admin dashboard's link to the office's LAP consultation, with the reviewers' comments awaiting an answer. */
export const consultationStaffLink: OfficeStaffLink = {
  label: 'natd.cons.staffLink',
  path: 'konsultacije',
  pending: { label: 'natd.cons.staffPending', count: (db, officeId) => openCommentCount(db, officeId) },
};
