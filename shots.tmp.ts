import { startE2E, signIn } from './e2e/harness.ts';
const e2e = await startE2E();
try {
  const ctx = await e2e.newContext();
  const page = await ctx.newPage();
  const shots: Array<[string, string, number]> = [
    ['home-cir-360', '/cir/kancelarije/pancevo', 360],
    ['home-lat-360', '/lat/kancelarije/pancevo', 360],
    ['home-lat-desk', '/lat/kancelarije/pancevo', 1280],
    ['news-cir-360', '/cir/kancelarije/pancevo/vesti', 360],
    ['opps-lat-360', '/lat/prilike', 360],
    ['bilten-cir-360', '/cir/kancelarije/pancevo/bilten', 360],
    ['bilten-lat-desk', '/lat/kancelarije/pancevo/bilten', 1280],
  ];
  for (const [name, path, w] of shots) {
    await page.setViewportSize({ width: w, height: 800 });
    await page.goto(e2e.baseUrl + path);
    await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    console.log(name, sw);
  }
  await signIn(e2e, ctx, 'pancevo@primer.test').catch((e) => console.log(String(e)));
  for (const [name, path, w] of [
    ['admin-news-lat-360', '/lat/admin/kancelarije/pancevo/vesti', 360],
    ['admin-bilten-cir-360', '/cir/admin/kancelarije/pancevo/bilten', 360],
    ['guid-lat-360', '/lat/kancelarije/pancevo/savetovanje', 360],
  ] as Array<[string, string, number]>) {
    await page.setViewportSize({ width: w, height: 800 });
    const r = await page.goto(e2e.baseUrl + path);
    await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
    console.log(name, r?.status(), await page.evaluate(() => document.documentElement.scrollWidth));
  }
} finally {
  await e2e.close();
}
