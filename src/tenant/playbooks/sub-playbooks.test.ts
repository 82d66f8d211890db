import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePlaybook } from '../../core/playbook/graph/index.js';
import { childInputs, iterationInputs, loopDone, loopOf, outputOps, playbookRefs } from './sub-playbooks.js';

function taskWith(extra: Record<string, unknown>) {
  return compilePlaybook({
    id: 'p',
    starttaskid: '0',
    tasks: {
      0: { id: '0', type: 'start', task: { id: 's' }, nexttasks: { '#none#': ['1'] } },
      1: { id: '1', type: 'playbook', task: { id: 't', playbookName: 'Child', playbookId: 'child-id' }, ...extra },
    },
  }).tasks.get('1')!;
}

void test('a loop without for-each or a condition is no loop; max and wait are bounded', () => {
  assert.equal(loopOf(taskWith({ loop: { exitCondition: '', wait: 1, max: 0, iscommand: false } })), undefined);
  assert.deepEqual(loopOf(taskWith({ loop: { forEach: true, max: 0 } })), { forEach: true, max: 100, waitMs: 0 });
  assert.deepEqual(loopOf(taskWith({ loop: { forEach: true, max: 1e9, wait: 1e9 } })), { forEach: true, max: 1000, waitMs: 3_600_000 });
});

void test('the sub-playbook is found by id first, then by name', () => {
  assert.deepEqual(playbookRefs(taskWith({})), ['child-id', 'Child']);
});

void test("inputs are the child's defaults overridden by the task's arguments, resolved in the parent", () => {
  const doc = { inputs: [{ key: 'A', value: { simple: '${Parent.X}' } }, { key: 'B', value: { simple: 'default' } }, { key: 'C', value: {} }] };
  const task = taskWith({ scriptarguments: { B: { simple: 'given' } } });
  assert.deepEqual(childInputs(doc, task, { view: { Parent: { X: 7 } } }), { A: 7, B: 'given' });
});

void test('for-each zips list inputs; other loops repeat the inputs whole', () => {
  const loop = loopOf(taskWith({ loop: { forEach: true, max: 2 } }));
  assert.deepEqual(iterationInputs({ x: [1, 2, 3], y: 'k' }, loop), [{ x: 1, y: 'k' }, { x: 2 }], 'bounded by max');
  assert.deepEqual(iterationInputs({ x: [1, 2] }, undefined), [{ x: [1, 2] }]);
});

void test('loop-until is done when its condition holds on the child, or at max', () => {
  const until = [[{ operator: 'isEqualString', left: { value: { simple: 'State' }, iscontext: true }, right: { value: { simple: 'done' } } }]];
  const loop = loopOf(taskWith({ loop: { builtincondition: until, max: 3 } }));
  assert.equal(loopDone(loop, 0, { view: { State: 'busy' } }), false);
  assert.equal(loopDone(loop, 0, { view: { State: 'done' } }), true);
  assert.equal(loopDone(loop, 2, { view: { State: 'busy' } }), true, 'the third of at most three');
});

void test("only declared outputs come back from a separate context, by their top-level key", () => {
  const doc = { outputs: [{ contextPath: 'Severities.DBotScoreSeverity' }, { contextPath: 'Severities.Other' }, { contextPath: 'Missing.X' }] };
  const child = { Severities: { DBotScoreSeverity: 'High' }, Scratch: 1 };
  assert.deepEqual(outputOps(doc, child, false), [{ op: 'set', path: 'Severities', value: { DBotScoreSeverity: 'High' } }]);
  assert.deepEqual(outputOps(doc, child, true), [{ op: 'merge', entryContext: { Severities: { DBotScoreSeverity: 'High' } } }]);
});
