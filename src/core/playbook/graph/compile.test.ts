import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePlaybook, PlaybookGraphError } from './compile.js';
import { simulate } from './simulate.js';

type Doc = Record<string, unknown>;
const task = (id: string, type: string, next?: Doc, more: Doc = {}): Doc => ({ id, type, task: { id: `u-${id}`, name: `Task ${id}` }, ...(next ? { nexttasks: next } : {}), ...more });
const doc = (tasks: Doc, more: Doc = {}): Doc => ({ id: 'p', name: 'P', starttaskid: '0', tasks, ...more });

function refusal(d: Doc): PlaybookGraphError {
  try {
    compilePlaybook(d, 'p.yml');
  } catch (err) {
    assert.ok(err instanceof PlaybookGraphError);
    return err;
  }
  assert.fail('expected a PlaybookGraphError');
}

void test('compiles tasks with their branches, distinct predecessors, names and raw fields', () => {
  const graph = compilePlaybook(
    doc({
      '0': task('0', 'start', { '#none#': ['1', '2'] }),
      '1': task('1', 'condition', { yes: ['2', '2'], '#default#': ['2'] }, { conditions: [{ label: 'yes', condition: [] }], continueonerror: true }),
      '2': task('2', 'regular', undefined, { scriptarguments: { a: { simple: 'x' } } }),
    }),
  );
  assert.equal(graph.start, '0');
  assert.deepEqual([...graph.tasks.keys()], ['0', '1', '2']);
  const one = graph.tasks.get('1');
  assert.deepEqual(one?.next, new Map([['yes', ['2']], ['#default#', ['2']]]));
  assert.deepEqual(one?.conditionLabels, ['yes']);
  assert.equal(one?.continueOnError, true);
  assert.equal(one?.name, 'Task 1');
  assert.deepEqual(graph.tasks.get('2')?.incoming, ['0', '1']);
  assert.deepEqual(graph.tasks.get('2')?.raw['scriptarguments'], { a: { simple: 'x' } });
});

void test('reads the xsoar marketplace: "1:xsoar" wins, other marketplaces are dropped', () => {
  const graph = compilePlaybook(
    doc({
      '0': task('0', 'start', { '#none#': ['1'] }, { 'nexttasks:marketplacev2': { '#none#': ['2'] } }),
      '1:xsoar': task('1', 'regular', { '#none#': ['3'] }, { 'task:xsoar': { id: 'u', name: 'Ours' }, 'scriptarguments:marketplacev2': {} }),
      '1': task('1', 'regular', { '#none#': ['2'] }),
      '2:marketplacev2': task('2', 'regular'),
      '3': task('3', 'title'),
    }, { 'starttaskid:xsoar': '0' }),
  );
  assert.deepEqual([...graph.tasks.keys()], ['0', '1', '3']);
  assert.deepEqual(graph.tasks.get('1')?.next, new Map([['#none#', ['3']]]));
  assert.equal(graph.tasks.get('1')?.name, 'Ours');
  assert.equal(Object.hasOwn(graph.tasks.get('1')?.raw ?? {}, 'scriptarguments'), false);
});

void test('tasks the start cannot reach are left out and hold no join', () => {
  const graph = compilePlaybook(
    doc({ '0': task('0', 'start', { '#none#': ['1'] }), '1': task('1', 'regular', { '#none#': ['2'] }), '2': task('2', 'regular'), '9': task('9', 'regular', { '#none#': ['2'] }) }),
  );
  assert.deepEqual(graph.unreachable, ['9']);
  assert.deepEqual(graph.tasks.get('2')?.incoming, ['1']);
  assert.equal(simulate(graph).state.status, 'completed');
});

void test('refuses what cannot run, naming every field', () => {
  const err = refusal(
    doc({
      '0': task('0', 'start', { '#none#': ['1', '7'] }),
      '1': task('1', 'weird'),
      '2': 'not a task',
      '3': task('3', 'regular', { '#none#': 'x' }),
    }),
  );
  assert.deepEqual(
    err.issues.map((i) => `${i.field}: ${i.reason}`),
    [
      'tasks.0.nexttasks.#none#[1]: leads to task "7", which does not exist',
      'tasks.1.type: the runner cannot run a task of type the string "weird" (one of start, title, regular, condition, playbook, collection, section, standard)',
      'tasks.2: a task must be an object, not the string "not a task"',
      'tasks.3.nexttasks.#none#: must be a list of task keys, not the string "x"',
    ],
  );
  assert.equal(err.status, 400);
  assert.equal(err.file, 'p.yml');
  assert.match(refusal(doc({ '1': task('1', 'start') })).message, /starttaskid: task "0" does not exist/);
  assert.match(refusal({ id: 'p', tasks: [] }).message, /tasks: must be a map/);
});

void test('refuses a cycle: each task runs once per run', () => {
  const err = refusal(
    doc({ '0': task('0', 'start', { '#none#': ['1'] }), '1': task('1', 'condition', { yes: ['2'], '#default#': ['3'] }), '2': task('2', 'regular', { '#none#': ['1'] }), '3': task('3', 'title') }),
  );
  assert.equal(err.field, 'tasks.2.nexttasks.#none#');
  assert.match(err.reason, /leads back to task "1"/);
});
