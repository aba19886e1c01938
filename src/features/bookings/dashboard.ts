import type { OfficeStaffLink } from '../../core/views/staff-link.ts';
import { countPending } from './repo.ts';

/** The admin dashboard's link to the office's space and equipment, with the count of pending requests. */
export const bookingsStaffLink: OfficeStaffLink = {
  label: 'bk.dashboard',
  path: 'prostor',
  pending: { label: 'bk.admin.pendingCount', count: (db, officeId) => countPending(db, officeId) },
};
