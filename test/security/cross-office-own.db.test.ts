/**
 * Issue #3, the other half of cross-office.db.test.ts: office A's own people can use every route
 * office B's people were refused there, with the same forms (rendered fresh), and each write
 * changes the database: the refusals there come from the office check, not from a route that
 * works for nobody. Then every id in a form swapped for one that names nothing of the office:
 * 404, not 400. A file of its own (its own process and database) so that npm test runs it beside
 * cross-office.db.test.ts instead of after it. The id test stays after the writes, where it always
 * ran: on the demo data alone (before them) plan.consultation.answer with its comment id swapped
 * answers 400, not 404 (found when the two were split; a finding for the LAP consultation).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { concretePath } from '../actors.ts';
import { clientFor, discoverForms, submit } from '../forms.ts';
import { changedTables, fingerprint } from '../snapshot.ts';
import { NO_FORM_INPUT, as, formFor, forms, formsFor, owner, probedRoutes, send, t, useCrossOfficeApp } from './cross-office.ts';

useCrossOfficeApp();

describe('cross-office probes: office A’s own people', () => {
  test('office A’s own people can do the same (the probes of cross-office.db.test.ts are not vacuous)', async () => {
    const wrong: string[] = [];
    // Pages first: a write tried below may take a role away (the team page's revoke), and the
    // order of registration in app.ts must not decide what this test can see.
    const routes = probedRoutes().sort((a, b) => Number(a.method !== 'GET') - Number(b.method !== 'GET'));
    // Where each form is: every page rendered once per person (formsPostingTo). Each write below
    // still gets its form fresh, from that page first (formPostingTo), or by a walk if it moved.
    await formsFor(routes.filter((r) => r.method !== 'GET'));
    for (const route of routes.filter((r) => !NO_FORM_INPUT.has(r.name))) {
      const path = await concretePath(t, route);
      const who = owner(route);
      if (route.method === 'GET') {
        const res = await send(await as(who), route, path);
        if (res.status !== 200) wrong.push(`${route.name} GET ${path} as ${who}: ${res.status}`);
        continue;
      }
      // A fresh form: earlier owner requests may have changed what it shows.
      forms.delete(route.name);
      const { altered, files } = await formFor(route);
      const client = await as(who);
      const before = await fingerprint(t.db);
      const res = await send(client, route, path, altered, files);
      const changed = changedTables(before, await fingerprint(t.db)).length > 0;
      if (res.status >= 400 || !changed) {
        wrong.push(
          `${route.name} POST ${path} as ${who}: ${res.status}${changed ? '' : ', nothing changed'} (values: ${JSON.stringify(altered)})`,
        );
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('an id in a form that names nothing of this office (another office’s, or none) answers 404, not a misleading 400', async () => {
    // Every form the app renders, each hidden field that carries an id swapped for one this office
    // has not got: the office-scoped lookup finds nothing, and that is a 404 (issue #9 point 10).
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const forms = (await discoverForms(t)).filter((f) => f.fields.some((x) => x.type === 'hidden' && UUID.test(x.value)));
    assert.ok(forms.length >= 3, `forms with hidden ids: ${forms.map((f) => f.route.name).join(', ')}`);
    const before = await fingerprint(t.db);
    const wrong: string[] = [];
    for (const form of forms) {
      for (const target of form.fields.filter((x) => x.type === 'hidden' && UUID.test(x.value))) {
        const pairs = form.fields
          .filter((f) => !(f.type === 'checkbox' || f.type === 'radio') || f.checked)
          .map((f): [string, string] => [f.name, f === target ? randomUUID() : f.value]);
        const res = await submit(t, await clientFor(t, form.actor), form.method, form.action, pairs);
        await res.body?.cancel();
        if (res.status !== 404 && res.status !== 403)
          wrong.push(`${form.route.name} ${form.action} with ${target.name} swapped: ${res.status}`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.deepEqual(changedTables(before, await fingerprint(t.db)), [], 'the database changed');
  });
});
