import { paramResolver } from '../../core/http/params.ts';
import { findMeeting, findMember, type Meeting, type Member } from './repo.ts';

declare module '../../core/http/env.ts' {
  interface ParamRows {
    /** A member of the office's youth council, serving or not. */
    councilMember: Member;
    /** A meeting of the office's youth council. */
    councilMeeting: Meeting;
  }
}

export const councilMemberParam = paramResolver({ name: 'councilMember', load: (db, officeId, id) => findMember(db, officeId, id) });
export const councilMeetingParam = paramResolver({ name: 'councilMeeting', load: (db, officeId, id) => findMeeting(db, officeId, id) });
