import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePlaybook, type CompiledGraph } from './compile.js';
import { createRun, DEAD_PATH, type RunState } from './run-state.js';
import { pendingEffects, reduce, replay, type ReduceResult, type RunEvent } from './reducer.js';

type Spec = Record<string, [type: string, next?: Record<string, string[]>, more?: Record<string, unknown>]>;
/** A playbook from `{id: [type, nexttasks, extra task fields]}`; task "0" starts it. */
function graphOf(spec: Spec): CompiledGraph {
  const tasks = Object.fromEntries(
    Object.entries(spec).map(([id, [type, next, more]]) => [id, { id, type, task: { id: `u-${id}`, name: `T${id}` }, ...(next ? { nexttasks: next } : {}), ...more }]),
  );
  return compilePlaybook({ id: 'p', name: 'P', starttaskid: '0', tasks }, 'p.yml');
}

let tick = 0;
const at = (): string => `2024-01-01T00:00:${String(tick++ % 60).padStart(2, '0')}Z`;
const started = (task: string): RunEvent => ({ type: 'taskStarted', task, at: at() });
const completed = (task: string, label?: string): RunEvent => ({ type: 'taskCompleted', task, at: at(), ...(label === undefined ? {} : { label }) });
const failed = (task: string, continueOnError?: boolean): RunEvent => ({ type: 'taskFailed', task, at: at(), error: 'boom', ...(continueOnError === undefined ? {} : { continueOnError }) });

/** Applies events in turn, keeping every step's result. */
function run(graph: CompiledGraph, events: readonly RunEvent[]): { state: RunState; steps: ReduceResult[] } {
  let state = createRun(graph);
  const steps: ReduceResult[] = [];
  for (const event of [{ type: 'start', at: at() } as RunEvent, ...events]) {
    const step = reduce(graph, state, event);
    steps.push(step);
    state = step.state;
  }
  return { state, steps };
}
const doTask = (id: string, label?: string): RunEvent[] => [started(id), completed(id, label)];
const ran = (steps: readonly ReduceResult[]): string[] => steps.flatMap((s) => s.effects.flatMap((e) => (e.type === 'runTask' ? [e.task] : [])));
const states = (state: RunState): Record<string, string> => Object.fromEntries(Object.entries(state.tasks).map(([id, t]) => [id, t.state]));

const linear = graphOf({ '0': ['start', { '#none#': ['1'] }], '1': ['regular', { '#none#': ['2'] }], '2': ['regular', { '#none#': ['3'] }], '3': ['title'] });

void test('a linear run: the start passes, each task is dispatched once, the closing title passes', () => {
  const { state, steps } = run(linear, [...doTask('1', 'yes'), ...doTask('2')]);
  assert.deepEqual(state.tasks['1']?.outcome, { label: 'yes', branch: '#none#' }, 'only conditions choose a branch');
  assert.deepEqual(steps[0]?.effects, [{ type: 'runTask', task: '1' }]);
  assert.deepEqual(ran(steps), ['1', '2']);
  assert.equal(state.status, 'completed');
  assert.deepEqual(states(state), { '0': 'completed', '1': 'completed', '2': 'completed', '3': 'completed' });
  assert.deepEqual(steps.at(-1)?.effects, [{ type: 'runFinished', status: 'completed' }]);
  assert.equal(state.tasks['1']?.attempts, 1);
  assert.equal(state.seq, 5);
  assert.ok(state.finishedAt !== undefined && state.startedAt !== undefined);
});

const branching = graphOf({
  '0': ['start', { '#none#': ['1'] }],
  '1': ['condition', { yes: ['2'], no: ['3'], '#default#': ['4'] }],
  '2': ['regular', { '#none#': ['5'] }],
  '3': ['regular', { '#none#': ['5'] }],
  '4': ['regular', { '#none#': ['5'] }],
  '5': ['title'],
});

void test('a condition follows its label, ignoring case, else #default#; the other branches die', () => {
  const cases: [label: string | undefined, taken: string, branch: string][] = [
    ['yes', '2', 'yes'],
    ['YES', '2', 'yes'],
    ['no', '3', 'no'],
    ['else', '4', '#default#'],
    ['#default#', '4', '#default#'],
    [undefined, '4', '#default#'],
  ];
  for (const [label, taken, branch] of cases) {
    const { state, steps } = run(branching, [...doTask('1', label), ...doTask(taken)]);
    assert.deepEqual(ran(steps), ['1', taken], String(label));
    assert.equal(state.status, 'completed');
    assert.deepEqual(state.tasks['1']?.outcome, { branch, ...(label === undefined ? {} : { label }) });
    for (const other of ['2', '3', '4'].filter((t) => t !== taken)) assert.equal(state.tasks[other]?.skipReason, DEAD_PATH);
    assert.equal(state.tasks['5']?.state, 'completed', 'the join after the branches still runs');
  }
});

void test('a label with no branch and no #default# ends the branch: everything after it dies', () => {
  const graph = graphOf({ '0': ['start', { '#none#': ['1'] }], '1': ['condition', { yes: ['2'] }], '2': ['regular', { '#none#': ['3'] }], '3': ['regular'] });
  const { state } = run(graph, doTask('1', 'no'));
  assert.deepEqual(state.tasks['1']?.outcome, { label: 'no', branch: null });
  assert.deepEqual(states(state), { '0': 'completed', '1': 'completed', '2': 'skipped', '3': 'skipped' });
  assert.equal(state.status, 'completed');
});

const diamond = graphOf({
  '0': ['start', { '#none#': ['1', '2'] }],
  '1': ['regular', { '#none#': ['3'] }],
  '2': ['regular', { '#none#': ['3'] }],
  '3': ['regular'],
});

void test('fan-out runs branches in parallel and the join runs once, after both', () => {
  const { state, steps } = run(diamond, [started('1'), started('2'), completed('2'), completed('1'), ...doTask('3')]);
  assert.deepEqual(steps[0]?.effects, [{ type: 'runTask', task: '1' }, { type: 'runTask', task: '2' }]);
  assert.deepEqual(steps[3]?.effects, [], 'one finished branch is not enough');
  assert.deepEqual(steps[4]?.effects, [{ type: 'runTask', task: '3' }]);
  assert.deepEqual(diamond.tasks.get('3')?.incoming, ['1', '2']);
  assert.equal(state.status, 'completed');
});

// 0 fans out to 1 (a condition) and 5; 4 joins 2 (behind the condition's yes), 1's #default# and 5.
const join = graphOf({
  '0': ['start', { '#none#': ['1', '5'] }],
  '1': ['condition', { yes: ['2'], '#default#': ['4'] }],
  '2': ['regular', { '#none#': ['4'] }],
  '4': ['regular'],
  '5': ['regular', { '#none#': ['4'] }],
});

void test('a join waits for live branches only: a dead incoming branch does not hold it', () => {
  const dead = run(join, [...doTask('1', 'no'), started('5')]);
  assert.equal(dead.state.tasks['2']?.skipReason, DEAD_PATH);
  assert.equal(dead.state.tasks['4']?.state, 'pending', 'still waits for 5');
  const after = reduce(join, dead.state, completed('5'));
  assert.deepEqual(after.effects, [{ type: 'runTask', task: '4' }]);

  const live = run(join, [...doTask('1', 'yes'), ...doTask('5')]);
  assert.equal(live.state.tasks['4']?.state, 'pending', 'waits for 2, on the live yes branch');
  const end = run(join, [...doTask('1', 'yes'), ...doTask('5'), ...doTask('2'), ...doTask('4')]);
  assert.deepEqual(ran(end.steps), ['1', '5', '2', '4']);
  assert.equal(end.state.status, 'completed');
});

void test('dead paths propagate through nested conditions, titles and inner joins', () => {
  const graph = graphOf({
    '0': ['start', { '#none#': ['1'] }],
    '1': ['condition', { yes: ['2'], '#default#': ['9'] }],
    '2': ['title', { '#none#': ['3'] }],
    '3': ['condition', { yes: ['4'], no: ['5'] }],
    '4': ['regular', { '#none#': ['6'] }],
    '5': ['regular', { '#none#': ['6'] }],
    '6': ['regular', { '#none#': ['9'] }],
    '9': ['regular'],
  });
  const skipped = run(graph, doTask('1', 'no'));
  assert.deepEqual(states(skipped.state), { '0': 'completed', '1': 'completed', '2': 'skipped', '3': 'skipped', '4': 'skipped', '5': 'skipped', '6': 'skipped', '9': 'ready' });
  assert.deepEqual(ran(skipped.steps), ['1', '9']);

  const inner = run(graph, [...doTask('1', 'yes'), ...doTask('3', 'no'), ...doTask('5'), ...doTask('6'), ...doTask('9')]);
  assert.equal(inner.state.tasks['2']?.state, 'completed', 'a title passes through');
  assert.equal(inner.state.tasks['4']?.skipReason, DEAD_PATH);
  assert.equal(inner.state.status, 'completed');
});

void test('continueonerror follows #error# when there is one, else the normal branch', () => {
  const graph = graphOf({
    '0': ['start', { '#none#': ['1', '4'] }],
    '1': ['regular', { '#none#': ['2'], '#error#': ['3'] }, { continueonerror: true, continueonerrortype: 'errorPath' }],
    '2': ['regular'],
    '3': ['regular'],
    '4': ['regular', { '#none#': ['5'] }, { continueonerror: true }],
    '5': ['regular'],
  });
  const { state, steps } = run(graph, [started('1'), failed('1'), started('4'), failed('4')]);
  assert.deepEqual(ran(steps), ['1', '4', '3', '5']);
  assert.deepEqual(state.tasks['1']?.outcome, { branch: '#error#' });
  assert.equal(state.tasks['1']?.state, 'error');
  assert.equal(state.tasks['2']?.skipReason, DEAD_PATH);
  assert.equal(state.status, 'running');

  const ok = run(graph, [...doTask('1'), ...doTask('4')]);
  assert.equal(ok.state.tasks['3']?.skipReason, DEAD_PATH, 'success never takes #error#');
  const forced = run(linear, [started('1'), failed('1', true)]);
  assert.deepEqual(forced.state.tasks['1']?.outcome, { branch: '#none#' }, 'the engine may ask to continue');
});

void test('a failure without continueonerror fails the run, keeps history, other branches go on; a retry resumes', () => {
  const { state, steps } = run(diamond, [...doTask('2'), started('1'), failed('1')]);
  assert.equal(state.status, 'failed');
  assert.deepEqual(steps.at(-1)?.effects, [{ type: 'runFinished', status: 'failed' }]);
  assert.equal(state.tasks['2']?.state, 'completed');
  assert.equal(state.tasks['1']?.error, 'boom');
  assert.equal(state.tasks['3']?.state, 'pending', 'a failed task blocks its join');

  const parallel = run(diamond, [started('1'), failed('1'), ...doTask('2')]);
  assert.equal(parallel.steps[2]?.state.status, 'failed', 'failed at once, while 2 still runs');
  assert.deepEqual(parallel.steps[2]?.effects, []);

  const retried = reduce(diamond, state, { type: 'taskRetried', task: '1', at: at() });
  assert.deepEqual(retried.effects, [{ type: 'runTask', task: '1' }]);
  assert.equal(retried.state.status, 'running');
  assert.equal(retried.state.finishedAt, undefined);
  const end = [started('1'), completed('1'), ...doTask('3')].reduce((s, e) => reduce(diamond, s, e).state, retried.state);
  assert.equal(end.status, 'completed');
  assert.equal(end.tasks['1']?.attempts, 2);
});

void test('every event applied twice changes nothing the second time', () => {
  const events = [...doTask('1'), started('2'), failed('2', true), { type: 'taskSkipped', task: '9', at: at() } as RunEvent];
  let state = reduce(linear, createRun(linear), { type: 'start', at: at() }).state;
  for (const event of events) {
    state = reduce(linear, state, event).state;
    const again = reduce(linear, state, event);
    assert.equal(again.state, state, event.type);
    assert.deepEqual(again.effects, []);
    assert.ok(again.ignored);
  }
  assert.equal(reduce(linear, state, { type: 'start', at: at() }).ignored, 'the run is already completed');
  const withRepeats = events.flatMap((e) => [e, e]);
  const start: RunEvent = { type: 'start', at: '2024-01-01T00:00:00Z' };
  assert.deepEqual(replay(linear, [start, ...withRepeats]), replay(linear, [start, ...events]));
});

void test('replaying the event log from scratch gives the incremental state; the state survives JSON', () => {
  const events = [started('1'), completed('1', 'yes'), started('5'), completed('5'), started('2'), completed('2'), started('4'), completed('4')];
  const { state, steps } = run(join, events);
  const log = [{ type: 'start', at: steps[0]?.state.startedAt ?? '' } as RunEvent, ...events];
  assert.deepEqual(replay(join, log), state);
  assert.equal(JSON.stringify(replay(join, log)), JSON.stringify(state));

  const midway = run(join, events.slice(0, 4)).state;
  const revived = JSON.parse(JSON.stringify(midway)) as RunState;
  assert.deepEqual(revived, midway);
  assert.deepEqual(reduce(join, revived, events[4] as RunEvent), reduce(join, midway, events[4] as RunEvent));
  assert.deepEqual(pendingEffects(revived), [{ type: 'runTask', task: '2' }]);
});

void test('the reducer never touches the state it is given', () => {
  const deepFreeze = <T>(value: T): T => {
    if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) deepFreeze(v);
    return Object.freeze(value);
  };
  const events = [...doTask('1'), started('2'), completed('2')];
  let state = deepFreeze(reduce(linear, createRun(linear), { type: 'start', at: at() }).state);
  for (const event of events) state = deepFreeze(reduce(linear, state, event).state);
  assert.equal(state.status, 'completed');
});

void test('waiting tasks, engine skips and stop', () => {
  const waiting = run(linear, [started('1'), { type: 'taskWaiting', task: '1', at: at(), reason: 'manual' }]);
  assert.equal(waiting.state.tasks['1']?.state, 'waiting');
  assert.equal(waiting.state.tasks['1']?.waitingFor, 'manual');
  assert.equal(waiting.state.status, 'running', 'a waiting task keeps the run open');
  const done = reduce(linear, waiting.state, completed('1'));
  assert.equal(done.state.tasks['1']?.waitingFor, undefined);
  assert.deepEqual(done.effects, [{ type: 'runTask', task: '2' }]);

  const skipped = run(linear, [{ type: 'taskSkipped', task: '1', at: at(), reason: 'unavailable' }]);
  assert.deepEqual(states(skipped.state), { '0': 'completed', '1': 'skipped', '2': 'skipped', '3': 'skipped' });
  assert.equal(skipped.state.tasks['2']?.skipReason, DEAD_PATH);
  assert.equal(skipped.state.status, 'completed');

  const stopped = reduce(linear, waiting.state, { type: 'stop', at: at(), reason: 'analyst' });
  assert.deepEqual(stopped.effects, [{ type: 'cancelTask', task: '1' }, { type: 'runFinished', status: 'stopped' }]);
  assert.equal(stopped.state.status, 'stopped');
  assert.equal(stopped.state.stopReason, 'analyst');
  assert.equal(reduce(linear, stopped.state, completed('1')).ignored, 'the run is stopped');
  assert.match(reduce(linear, waiting.state, completed('7')).ignored ?? '', /not part of this run/);
  assert.match(reduce(linear, waiting.state, completed('2')).ignored ?? '', /pending/);
});

void test('a task skipped with passOver (skipunavailable) lets the run go on by its branch', () => {
  const graph = compilePlaybook({
    id: 'p',
    starttaskid: '0',
    tasks: {
      0: { id: '0', type: 'start', task: { id: 's' }, nexttasks: { '#none#': ['1'] } },
      1: { id: '1', type: 'regular', task: { id: 'a' }, nexttasks: { '#none#': ['2'] } },
      2: { id: '2', type: 'regular', task: { id: 'b' } },
    },
  });
  const at = '2024-01-01T00:00:00.000Z';
  let state = reduce(graph, createRun(graph), { type: 'start', at }).state;
  const passed = reduce(graph, state, { type: 'taskSkipped', task: '1', at, reason: 'unavailable', passOver: true });
  assert.equal(passed.state.tasks['1']?.state, 'skipped');
  assert.equal(passed.state.tasks['2']?.state, 'ready');
  assert.deepEqual(passed.effects, [{ type: 'runTask', task: '2' }]);
  state = reduce(graph, state, { type: 'taskSkipped', task: '1', at }).state;
  assert.equal(state.tasks['2']?.state, 'skipped', 'without passOver the path dies');
  assert.equal(state.status, 'completed');
});
