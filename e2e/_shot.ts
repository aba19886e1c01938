import { PHONE, signIn, startE2E, overflowProblem } from './harness.ts';
const [who, path, out, width] = process.argv.slice(2);
const e2e = await startE2E();
try {
  const ctx = await e2e.newContext({ viewport: width ? { width: Number(width), height: 900 } : PHONE });
  if (who && who !== 'visitor') await signIn(e2e, ctx, who);
  const page = await ctx.newPage();
  let p = path!;
  if (p.includes('{activity}')) {
    const r = await e2e.db.query<{ id: string }>(`SELECT a.id FROM activities a JOIN offices o ON o.id=a.office_id WHERE o.slug='pancevo' AND a.status='published' ORDER BY a.starts_at LIMIT 1`);
    p = p.replace('{activity}', r[0]!.id);
  }
  await page.goto(p);
  console.log(await overflowProblem(page));
  const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible').slice(0, 5).map((e) => `${e.tagName}.${e.className} sw=${e.scrollWidth} cw=${e.clientWidth}`));
  console.log(wide);
  await page.screenshot({ path: out!, fullPage: true });
} finally {
  await e2e.close();
}
