import { recordAudits } from '../../core/audit.ts';
import type { Queryable } from '../../core/db/db.ts';
import { insertPosts, type NewsRow } from './repo.ts';
import { renderBody } from './rich-text.ts';
import type { NewsCategory } from './schema.ts';

/**
 * Demo news of Pančevo and Čačak (invented, in the kind of words offices post): published ones
 * over the last weeks, one scheduled for tomorrow and one draft in Pančevo. Written in one
 * statement, with their audit events in another.
 */
interface DemoPost {
  title: string;
  summary: string;
  body: string;
  category: NewsCategory;
  areas: string[];
  /** Days from now (negative: past); null: a draft. */
  day: number | null;
}

const DEMO: Record<string, DemoPost[]> = {
  pancevo: [
    {
      title: 'Otvoren konkurs za omladinske inicijative (primer)',
      summary: 'Neformalne grupe i udruženja mladih mogu da prijave projekte do kraja meseca.',
      body: 'Grad podržava **male projekte mladih** do 100.000 dinara.\n\n- prijava na obrascu\n- kratak budžet\n- plan aktivnosti\n\nSva pitanja: [kancelarija](mailto:kancelarijazamlade@pancevo.rs).',
      category: 'call',
      areas: ['participation', 'youth_work'],
      day: -2,
    },
    {
      title: 'Извештај: Сајам запошљавања младих (пример)',
      summary: 'Петнаест послодаваца и преко двеста младих на сајму у Културном центру.',
      body: 'Хвала свима који су дошли!\n\n## Шта следи\n\nНаредни сајам је на пролеће; пријаве послодаваца почињу у фебруару.',
      category: 'report',
      areas: ['employment'],
      day: -9,
    },
    {
      title: 'Saveti: kako do prve prakse (primer)',
      summary: 'Pet koraka do stručne prakse tokom studija.',
      body: '1. Napišite kratak CV.\n2. Raspitajte se na fakultetu.\n3. Pišite firmama direktno.\n4. Pratite naše vesti.\n5. Dođite na konsultacije.',
      category: 'tips',
      areas: ['employment', 'education'],
      day: -20,
    },
    {
      title: 'Najava: Erasmus+ info dan (primer)',
      summary: 'Sve o razmenama mladih i Evropskim snagama solidarnosti.',
      body: 'Info dan je u prostorijama kancelarije.',
      category: 'announcement',
      areas: ['mobility'],
      day: 1,
    },
    { title: 'Nacrt: leto u kancelariji (primer)', summary: '', body: 'Plan još nije gotov.', category: 'story', areas: [], day: null },
  ],
  cacak: [
    {
      title: 'Почиње клуб дебате (пример)',
      summary: 'Сваког четвртка у 18 часова, за средњошколце.',
      body: 'Пријаве у канцеларији или на телефон.',
      category: 'announcement',
      areas: ['education', 'participation'],
      day: -4,
    },
    {
      title: 'Priča: volonteri na Moravi (primer)',
      summary: 'Trideset volontera očistilo je obalu Morave.',
      body: 'Hvala svima koji su se odazvali akciji!',
      category: 'story',
      areas: ['volunteering'],
      day: -12,
    },
  ],
};

export async function seedNewsDemo(tx: Queryable, offices: Map<string, string>, now: Date = new Date()): Promise<void> {
  const rows: Array<NewsRow & { office_id: string }> = [];
  for (const [slug, list] of Object.entries(DEMO)) {
    const officeId = offices.get(slug);
    if (!officeId) continue;
    for (const d of list) {
      rows.push({
        office_id: officeId,
        status: d.day === null ? 'draft' : 'published',
        title: d.title,
        summary: d.summary,
        body: d.body,
        body_html: await renderBody(d.body),
        category: d.category,
        areas: d.areas,
        publish_at: d.day === null ? null : new Date(now.getTime() + d.day * 86_400_000),
      });
    }
  }
  const ids = await insertPosts(tx, rows);
  await recordAudits(
    tx,
    ids.map((id, i) => ({ officeId: rows[i]!.office_id, actorId: null, action: 'news.create', target: id, data: { demo: true } })),
  );
}
