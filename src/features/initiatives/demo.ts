import type { Queryable } from '../../core/db/db.ts';

/**
 * Demo youth initiatives in Pančevo (fictional): an informal group's mural, completed with its
 * report and published; an association's quiz, supported and published; a proposal waiting for
 * review. Written as drafts with their budgets, then moved step by step as the database's
 * trigger allows (and the app does). Dates are relative to the seeding day.
 */
interface DemoInitiative {
  kind: 'person' | 'group' | 'association';
  group: string;
  title: string;
  idea: string;
  why: string;
  audience: string;
  area: string;
  place: string;
  startDays: number;
  days: number;
  support: string[];
  budget: Array<[string, number, number]>;
  steps: string[];
  note?: string;
  report?: [string, number, number, number];
}

const DEMO: DemoInitiative[] = [
  {
    kind: 'group',
    group: 'Ekipa sa Strelišta',
    title: 'Мурал у школском дворишту',
    idea: 'Са ученицима осликавамо зид дворишта основне школе: мотиви из историје Панчева.\nДва викенда рада, отварање уз концерт.',
    why: 'Двориште је сиво и запуштено, а млади немају где да се окупе.',
    audience: 'Ученици средњих школа, 15–19 година',
    area: 'participation',
    place: 'OŠ „Mika Antić”, Strelište',
    startDays: -40,
    days: 6,
    support: ['space', 'equipment', 'promotion'],
    budget: [
      ['Боје за зид (литар)', 20, 850],
      ['Četke i valjci', 12, 320.5],
      ['Заштитне рукавице', 30, 95],
    ],
    steps: ['submitted', 'under_review', 'supported', 'in_progress', 'completed'],
    report: ['Осликан је зид од 40 m². Учествовало је 25 ученика, а отварању је присуствовало око 80 суграђана.', 25, 6, 2],
  },
  {
    kind: 'association',
    group: '',
    title: 'Kviz „Zdravo odrastanje”',
    idea: 'Kviz znanja o zdravim navikama za ekipe srednjih škola, sa stručnjacima Doma zdravlja kao žirijem.',
    why: 'Istraživanje potreba mladih pokazalo je da se malo zna o prevenciji.',
    audience: 'Srednjoškolci',
    area: 'health',
    place: 'Dom omladine Pančevo',
    startDays: 30,
    days: 0,
    support: ['space', 'technical', 'mentoring'],
    budget: [['Nagrade za pobedničke ekipe', 3, 3000]],
    steps: ['submitted', 'under_review', 'supported'],
    note: 'Подржано: сала и озвучење у Дому омладине.',
  },
  {
    kind: 'person',
    group: '',
    title: 'Radionica popravke bicikala',
    idea: 'Subotom pre podne učimo jedni druge da popravimo bicikl.',
    why: 'Mnogo mladih ima pokvaren bicikl, a servisi su skupi.',
    audience: 'Mladi 15–30',
    area: 'youth_work',
    place: 'Omladinski klub',
    startDays: 45,
    days: 30,
    support: ['space', 'equipment'],
    budget: [['Komplet alata', 1, 7500]],
    steps: ['submitted'],
  },
];

export async function seedInitiativesDemo(q: Queryable, offices: Map<string, string>, now = new Date()): Promise<void> {
  const office = offices.get('pancevo');
  if (!office) return;
  const users = await q.query<{ id: string; email: string; display_name: string }>(
    `SELECT id, email, display_name FROM users WHERE email IN ('mladi@primer.test', 'udruzenje@primer.test', 'pancevo@primer.test')`,
  );
  const young = users.find((u) => u.email === 'mladi@primer.test');
  const rep = users.find((u) => u.email === 'udruzenje@primer.test');
  const coordinator = users.find((u) => u.email === 'pancevo@primer.test');
  if (!young || !rep || !coordinator) return;
  const [association] = await q.query<{ id: string }>(
    `SELECT association_id AS id FROM association_representatives WHERE office_id = $1 AND user_id = $2 AND status = 'approved' LIMIT 1`,
    [office, rep.id],
  );
  const day = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString().slice(0, 10);
  for (const d of DEMO) {
    const lead = d.kind === 'association' && association ? rep : young;
    const kind = d.kind === 'association' && !association ? 'person' : d.kind;
    const [row] = await q.query<{ id: string }>(
      `INSERT INTO initiatives (office_id, proposer_kind, group_name, association_id, created_by, title, idea, why, audience, area, place,
                                starts_on, ends_on, support, publish_consent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, true) RETURNING id`,
      [
        office,
        kind,
        d.group,
        kind === 'association' ? association!.id : null,
        lead.id,
        d.title,
        d.idea,
        d.why,
        d.audience,
        d.area,
        d.place,
        day(d.startDays),
        day(d.startDays + d.days),
        d.support,
      ],
    );
    const id = row!.id;
    await q.query(
      `INSERT INTO initiative_budget_items (office_id, initiative_id, position, name, quantity, unit_price)
       SELECT $1, $2, r.position, r.name, r.quantity, r.price FROM jsonb_to_recordset($3::jsonb) AS r(position int, name text, quantity numeric, price numeric)`,
      [office, id, JSON.stringify(d.budget.map(([name, quantity, price], position) => ({ position, name, quantity, price })))],
    );
    await q.query(
      `INSERT INTO initiative_members (office_id, initiative_id, email, user_id, role, accepted_at) VALUES ($1, $2, $3, $4, 'lead', now())`,
      [office, id, lead.email, lead.id],
    );
    await q.query(
      `INSERT INTO initiative_history (office_id, initiative_id, actor_id, actor_name, kind, to_status) VALUES ($1, $2, $3, $4, 'created', 'draft')`,
      [office, id, lead.id, lead.display_name],
    );
    let from = 'draft';
    for (const to of d.steps) {
      const staff = ['under_review', 'supported', 'needs_changes', 'declined'].includes(to);
      const actor = staff ? coordinator : lead;
      await q.query(
        `UPDATE initiatives SET status = $3,
                submitted_at = CASE WHEN $3 = 'submitted' THEN now() ELSE submitted_at END,
                supported_at = CASE WHEN $3 = 'supported' THEN now() ELSE supported_at END,
                decided_at = CASE WHEN $3 = 'supported' THEN now() ELSE decided_at END,
                decision_note = CASE WHEN $3 = 'supported' THEN $4 ELSE decision_note END,
                completed_at = CASE WHEN $3 = 'completed' THEN now() ELSE completed_at END,
                report = CASE WHEN $3 = 'completed' THEN $5 ELSE report END,
                reached_15_19 = CASE WHEN $3 = 'completed' THEN $6::int END,
                reached_20_24 = CASE WHEN $3 = 'completed' THEN $7::int END,
                reached_25_30 = CASE WHEN $3 = 'completed' THEN $8::int END
          WHERE office_id = $1 AND id = $2`,
        [office, id, to, d.note ?? '', d.report?.[0] ?? '', d.report?.[1] ?? null, d.report?.[2] ?? null, d.report?.[3] ?? null],
      );
      await q.query(
        `INSERT INTO initiative_history (office_id, initiative_id, actor_id, actor_name, kind, from_status, to_status, note)
         VALUES ($1, $2, $3, $4, 'status', $5, $6, $7)`,
        [office, id, actor.id, actor.display_name, from, to, to === 'supported' ? (d.note ?? '') : ''],
      );
      from = to;
    }
  }
}
