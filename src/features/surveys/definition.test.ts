import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  breaksComparison,
  definitionSchema,
  nextSection,
  parseDefinitionJson,
  validateAll,
  validateSection,
  visibleQuestions,
  type Definition,
} from './definition.ts';
import { feedbackTemplate, needsTemplate } from './templates.ts';

const def: Definition = definitionSchema.parse({
  title: 'T',
  sections: [
    {
      id: 's1',
      title: 'S1',
      questions: [
        {
          id: 'a',
          kind: 'single',
          title: 'A',
          required: true,
          options: [
            { code: 'yes', label: 'Y' },
            { code: 'no', label: 'N' },
          ],
        },
        { id: 'b', kind: 'scale', title: 'B', required: true, when: { question: 'a', op: 'equals', value: 'yes' } },
        { id: 'c', kind: 'short', title: 'C', when: { question: 'b', op: 'at_least', value: 4 } },
        { id: 'n', kind: 'number', title: 'N', min: 15, max: 30 },
      ],
    },
    {
      id: 's2',
      title: 'S2',
      when: { question: 'a', op: 'equals', value: 'no' },
      questions: [
        {
          id: 'd',
          kind: 'multi',
          title: 'D',
          required: true,
          options: [
            { code: 'x', label: 'X' },
            { code: 'y', label: 'Y' },
          ],
        },
      ],
    },
    {
      id: 's3',
      title: 'S3',
      questions: [
        {
          id: 'm',
          kind: 'matrix',
          title: 'M',
          required: true,
          rows: [
            { code: 'r1', label: 'R1' },
            { code: 'r2', label: 'R2' },
          ],
        },
        {
          id: 'k',
          kind: 'ranking',
          title: 'K',
          options: [
            { code: 'p', label: 'P' },
            { code: 'q', label: 'Q' },
            { code: 'r', label: 'R' },
          ],
        },
      ],
    },
  ],
});

describe('visibility', () => {
  test('a question shows only when the earlier answer says so, transitively', () => {
    assert.deepEqual([...visibleQuestions(def, {})].sort(), ['a', 'k', 'm', 'n']);
    assert.ok(visibleQuestions(def, { a: 'yes' }).has('b'));
    assert.ok(!visibleQuestions(def, { a: 'yes', b: 3 }).has('c'));
    assert.ok(visibleQuestions(def, { a: 'yes', b: 4 }).has('c'));
    // b answered 5 but hidden (a = no): c follows b's visibility, not its stale answer.
    assert.ok(!visibleQuestions(def, { a: 'no', b: 5 }).has('c'));
    assert.ok(visibleQuestions(def, { a: 'no' }).has('d'));
    assert.ok(!visibleQuestions(def, { a: 'yes' }).has('d'));
  });
  test('the next section skips a hidden one', () => {
    assert.equal(nextSection(def, 0, { a: 'yes', b: 2 }), 2);
    assert.equal(nextSection(def, 0, { a: 'no' }), 1);
    assert.equal(nextSection(def, 2, {}), -1);
  });
});

describe('validation', () => {
  test('required visible questions, hidden ones dropped', () => {
    const r1 = validateSection(def, 0, { 'q.a': 'yes' }, {});
    assert.equal(r1.ok, false);
    assert.ok(!r1.ok && r1.errors['q.b']);
    const r2 = validateSection(def, 0, { 'q.a': 'no', 'q.b': '5', 'q.c': 'hidden text' }, {});
    assert.ok(r2.ok);
    assert.deepEqual(r2.ok && r2.answers, { a: 'no' });
  });
  test('out-of-range and malformed values are refused at the field', () => {
    const r = validateSection(def, 0, { 'q.a': 'yes', 'q.b': '6', 'q.n': '31' }, {});
    assert.ok(!r.ok && r.errors['q.b']?.key === 'surv.err.scale' && r.errors['q.n']?.key === 'surv.err.range');
    const ok = validateSection(def, 0, { 'q.a': 'yes', 'q.b': '5', 'q.n': '30' }, {});
    assert.ok(ok.ok && ok.answers.n === 30);
  });
  test('a tampered question id or option code is refused as a whole', () => {
    const r = validateSection(def, 0, { 'q.a': 'yes', 'q.b': '4', 'q.zz': '1' }, {});
    assert.ok(!r.ok && r.tampered);
    const r2 = validateSection(def, 0, { 'q.a': 'maybe' }, {});
    assert.ok(!r2.ok && r2.tampered);
    const r3 = validateSection(def, 1, { 'q.d': 'x,zz' }, { a: 'no' });
    assert.ok(!r3.ok && r3.tampered);
    // A question of another section posted here is tampering too.
    const r4 = validateSection(def, 0, { 'q.a': 'yes', 'q.b': '4', 'q.d': 'x' }, {});
    assert.ok(!r4.ok && r4.tampered);
    assert.ok(!validateAll(def, { a: 'yes', b: 4, m: { r1: 1, r2: 2 }, nope: 'x' }).ok);
  });
  test('matrix needs every row when required; ranking takes distinct ranks', () => {
    const part = validateSection(def, 2, { 'q.m.r1': '3' }, {});
    assert.ok(!part.ok && part.errors['q.m']?.key === 'surv.err.matrixAll');
    const twice = validateSection(def, 2, { 'q.m.r1': '3', 'q.m.r2': '4', 'q.k.p': '1', 'q.k.q': '1' }, {});
    assert.ok(!twice.ok && twice.errors['q.k']?.key === 'surv.err.rankTwice');
    const ok = validateSection(def, 2, { 'q.m.r1': '3', 'q.m.r2': '4', 'q.k.p': '2', 'q.k.q': '1', 'q.k.r': '3' }, {});
    assert.ok(ok.ok);
    assert.deepEqual(ok.ok && ok.answers.k, ['q', 'p', 'r']);
  });
  test('validateAll: a required visible question missing is refused', () => {
    assert.ok(!validateAll(def, { a: 'yes' }).ok);
    assert.ok(validateAll(def, { a: 'no', d: ['x'], m: { r1: 1, r2: 1 } }).ok);
  });
});

describe('definition', () => {
  test('templates are valid definitions', () => {
    assert.ok(definitionSchema.safeParse(needsTemplate(2026)).success);
    assert.ok(definitionSchema.safeParse(feedbackTemplate()).success);
  });
  test('a condition must look at an earlier question', () => {
    const bad = {
      title: 'T',
      sections: [
        {
          id: 's',
          title: 'S',
          questions: [
            { id: 'a', kind: 'short', title: 'A', when: { question: 'b', op: 'answered' } },
            { id: 'b', kind: 'short', title: 'B' },
          ],
        },
      ],
    };
    assert.ok(!definitionSchema.safeParse(bad).success);
  });
  test('bad JSON gets a clear message, a bad definition names where', () => {
    const j = parseDefinitionJson('{"title": ');
    assert.ok(!j.ok && j.key === 'surv.err.json');
    const d = parseDefinitionJson(
      JSON.stringify({
        title: 'T',
        sections: [{ id: 's', title: 'S', questions: [{ id: 'a', kind: 'single', title: 'A', options: [] }] }],
      }),
    );
    assert.ok(!d.ok && d.key === 'surv.err.definition' && String(d.vars?.where).includes('sections.0.questions.0'));
  });
  test('removing a question or changing its options breaks comparison; relabelling does not', () => {
    const relabelled = structuredClone(def);
    relabelled.sections[0]!.questions[0]!.title = 'A again';
    relabelled.sections[0]!.questions[0]!.options![0]!.label = 'Yes!';
    assert.equal(breaksComparison(def, relabelled), false);
    const added = structuredClone(def);
    added.sections[0]!.questions.push({ id: 'z', kind: 'short', title: 'Z', required: false });
    assert.equal(breaksComparison(def, added), false);
    const removed = structuredClone(def);
    removed.sections[0]!.questions.pop();
    assert.equal(breaksComparison(def, removed), true);
    const changed = structuredClone(def);
    changed.sections[0]!.questions[0]!.options![1]!.code = 'nope';
    assert.equal(breaksComparison(def, changed), true);
  });
});
