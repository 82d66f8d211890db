import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../core/errors.js';
import { compilePlaybook } from '../../core/playbook/graph/index.js';
import { answerResult } from './answers.js';

const graph = compilePlaybook({
  id: 'p',
  starttaskid: '0',
  tasks: {
    0: { id: '0', type: 'start', task: { id: 's' }, nexttasks: { '#none#': ['1'] } },
    1: { id: '1', type: 'condition', task: { id: 'c', name: 'Ask' }, nexttasks: { Yes: ['2'], No: ['2'] } },
    2: { id: '2', type: 'collection', task: { id: 'f', name: 'Form' } },
  },
});
const task = (id: string) => graph.tasks.get(id)!;
const refusal = (fn: () => unknown, pattern: RegExp): void =>
  assert.throws(fn, (e: unknown) => e instanceof AppError && e.code === 'invalid_request' && pattern.test(e.message));

void test('a manual condition takes the branch answered, ignoring case, and refuses others by name', () => {
  const r = answerResult(task('1'), '1', 'condition', { options: ['Yes', 'No'] }, { answer: 'yes' }, 'ann');
  assert.equal(r.label, 'Yes');
  assert.equal(r.status, 'completed');
  assert.match(String(r.entries[0]?.Contents), /Task 1 completed by ann/);
  refusal(() => answerResult(task('1'), '1', 'condition', { options: ['Yes', 'No'] }, { answer: 'Perhaps' }, 'ann'), /"Yes", "No"/);
  refusal(() => answerResult(task('1'), '1', 'condition', { options: ['Yes', 'No'] }, {}, 'ann'), /needs "answer"/);
});

void test('a form stores its answers under its title by index and by label, and checks required questions and options', () => {
  const data = {
    title: 'Employee Status Report',
    questions: [
      { id: 'q0', label: 'Employed?', type: 'singleSelect', required: true, options: ['Yes', 'No'] },
      { id: 'q1', label: 'Notes', type: 'longText', required: false, options: [] },
    ],
    replyOptions: [],
  };
  const r = answerResult(task('2'), '2', 'form', data, { answers: { q0: 'No' } }, 'ann');
  assert.deepEqual(r.context, [{ op: 'set', path: 'Employee Status Report', value: { Answers: { 0: 'No', 'Employed?': 'No' }, Questions: ['Employed?', 'Notes'] } }]);
  refusal(() => answerResult(task('2'), '2', 'form', data, { answers: ['', 'x'] }, 'ann'), /question 0/);
  refusal(() => answerResult(task('2'), '2', 'form', data, { answers: ['Maybe'] }, 'ann'), /"Yes", "No"/);
});

void test('waits that end by themselves are not answered', () => {
  assert.throws(() => answerResult(task('1'), '1', 'playbook', {}, {}, 'ann'), (e: unknown) => e instanceof AppError && e.code === 'conflict');
});
