import type { Queryable } from '../../core/db/db.ts';
import { belgradeInstant, localParts } from '../../core/time.ts';
import { insertDecision, insertMeeting, insertMember, setAdopted, setMinutes, upsertAttendance, agendaOf } from './repo.ts';

/**
 * Demo youth council in Čačak (fictional people): five members — three young, one of them the
 * demo account savet@primer.test (role `youth_council`) — a meeting held a month ago with its
 * attendance, an opinion on the LAP and adopted minutes, and a meeting three weeks ahead.
 * Relative to the seeding day; young members are born so they stay 15–30 for years.
 */
const DAY = 24 * 3_600_000;

export async function seedCouncilDemo(q: Queryable, offices: Map<string, string>, now = new Date()): Promise<void> {
  const office = offices.get('cacak');
  if (!office) return;
  const [by] = await q.query<{ id: string }>(`SELECT id FROM users WHERE email = 'cacak@primer.test'`);
  if (!by) return;
  const year = Number(localParts(now).date.slice(0, 4));
  const termFrom = `${year - 1}-03-01`;
  const members = [
    { fullName: 'Јана Узорковић', role: 'chair', organisation: 'Студентски парламент', birthYear: 2004, email: 'savet@primer.test' },
    { fullName: 'Vuk Primerić', role: 'secretary', organisation: 'Udruženje „Mladi Čačka“', birthYear: year - 22, email: '' },
    { fullName: 'Тара Огледић', role: 'member', organisation: 'Ђачки парламент Гимназије', birthYear: year - 17, email: '' },
    { fullName: 'Dragan Izmišljeni', role: 'deputy', organisation: 'Dom zdravlja Čačak', birthYear: 1975, email: '' },
    { fullName: 'Снежана Пробна', role: 'member', organisation: 'Национална служба за запошљавање', birthYear: 1980, email: '' },
  ] as const;
  const ids: string[] = [];
  for (const m of members) ids.push(await insertMember(q, office, { ...m, personId: null, termFrom, termTo: null }, by.id));

  const date = (days: number) => localParts(new Date(now.getTime() + days * DAY)).date;
  const held = await insertMeeting(
    q,
    office,
    {
      startsAt: belgradeInstant(date(-30), '17:00'),
      endsAt: belgradeInstant(date(-30), '19:00'),
      place: 'Дом културе, мала сала',
      agenda: ['Нацрт локалног акционог плана за младе', 'Omladinski klub: radno vreme', 'Разно'],
    },
    by.id,
  );
  await upsertAttendance(
    q,
    office,
    held,
    ids.map((memberId, i) => ({ memberId, status: i === 4 ? ('excused' as const) : ('present' as const) })),
    by.id,
  );
  const items = await agendaOf(q, office, held);
  await insertDecision(
    q,
    office,
    {
      meetingId: held,
      itemId: items[0]!.id,
      kind: 'opinion',
      body: 'Савет даје позитивно мишљење на нацрт ЛАП-а и предлаже меру о менталном здрављу младих.',
      subject: { kind: 'other', text: 'Нацрт ЛАП-а' },
    },
    by.id,
  );
  await insertDecision(
    q,
    office,
    {
      meetingId: held,
      itemId: items[1]!.id,
      kind: 'recommendation',
      body: 'Preporuka da omladinski klub radi i subotom od 10 do 14 časova.',
      subject: { kind: 'other', text: 'Omladinski klub' },
    },
    by.id,
  );
  await setMinutes(
    q,
    office,
    held,
    'Седницу је отворила председница Јана Узорковић. Присутно је четворо чланова, кворум постоји.\n\nСавет је размотрио нацрт ЛАП-а и дао позитивно мишљење.',
  );
  await setAdopted(q, office, held, by.id);
  await insertMeeting(
    q,
    office,
    {
      startsAt: belgradeInstant(date(21), '17:00'),
      endsAt: belgradeInstant(date(21), '19:00'),
      place: 'Дом културе, мала сала',
      agenda: ['Годишњи план рада канцеларије — мишљење Савета', 'Разно'],
    },
    by.id,
  );
}
