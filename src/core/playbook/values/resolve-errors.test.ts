import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Budget, DtError } from '../dt/index.js';
import { OperatorError, UnknownOperatorError } from '../operators/index.js';
import { conditionLabel, MAX_NESTING, resolveArguments, resolveOperand, resolveValue, type ResolveScope } from './resolve.js';
import { ValueError } from './value-error.js';

const view = { inputs: { Text: 'a,b', Obj: { k: 1 } }, Big: Array.from({ length: 5000 }, (_, i) => ({ n: i })) };
const scope: ResolveScope = { view };

/** Asserts a ValueError whose message matches and whose root cause is of class `cause`. */
function fails(fn: () => unknown, message: RegExp, cause?: new (...args: never[]) => Error): ValueError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ValueError, `expected a ValueError, got ${String(caught)}`);
  assert.match(caught.message, message);
  if (cause) assert.ok(caught.root instanceof cause, `cause ${String(caught.root)}`);
  return caught;
}

void test('transformer failures name the argument and the transformer, and keep the OperatorError', () => {
  const bad = { value: { complex: { root: 'inputs.Obj', transformers: [{ operator: 'split', args: { delimiter: { value: { simple: ',' } } } }] } } };
  const e = fails(() => resolveArguments(bad, scope), /^argument "value": complex "inputs\.Obj" transformer "split": split: cannot read an object as text/, OperatorError);
  assert.equal(e.detail, 'split: cannot read an object as text');
  fails(() => resolveValue({ complex: { root: 'inputs.Text', transformers: [{ operator: 'atIndex', args: { index: { value: { simple: 'x' } } } }] } }, scope), /transformer "atIndex": atIndex: argument index/, OperatorError);
});

void test('an unknown transformer goes to scope.scriptTransformer, or fails naming it', () => {
  const calls: unknown[] = [];
  const scriptTransformer = (name: string, value: unknown, args: Record<string, unknown>): unknown => {
    calls.push([name, value, args]);
    return `${name}(${String(value)})`;
  };
  const v = { complex: { root: 'inputs.Text', transformers: [{ operator: 'MyScript', args: { x: { value: { simple: '${inputs.Text}' } }, unset: {} } }, { operator: 'toUpperCase' }] } };
  assert.equal(resolveValue(v, { view, scriptTransformer }), 'MYSCRIPT(A,B)');
  assert.deepEqual(calls, [['MyScript', 'a,b', { x: 'a,b' }]]);
  const e = fails(() => resolveValue(v, scope), /transformer "MyScript": MyScript: not a built-in transformer/, UnknownOperatorError);
  assert.ok(e.root instanceof UnknownOperatorError && e.root.role === 'transformer');
  // What the script throws fails the value, as a ValueError naming the transformer.
  const throwing = (): unknown => {
    throw new Error('boom');
  };
  fails(() => resolveValue(v, { view, scriptTransformer: throwing }), /transformer "MyScript": script failed: boom/, Error);
  const opError = (): unknown => {
    throw new OperatorError('MyScript', 'bad input');
  };
  fails(() => resolveValue(v, { view, scriptTransformer: opError }), /transformer "MyScript": MyScript: bad input/, OperatorError);
});

void test('DT failures are ValueErrors naming the path, with the DtError as cause', () => {
  fails(() => resolveValue({ simple: '${a.(}' }, scope), /value "\$\{a\.\(\}"/, DtError);
  fails(() => resolveValue({ complex: { root: 'a)b' } }, scope), /^path "a\)b": unexpected "\)"/, DtError);
  fails(() => resolveOperand({ value: { simple: 'x(val.constructor)' }, iscontext: true }, scope), /path "x\(val\.constructor\)"/, DtError);
  fails(() => resolveValue({ complex: { root: 'inputs', accessor: 'Obj(' } }, scope), /accessor "Obj\("/, DtError);
});

void test('filter and condition failures name the condition; unknown filter operators keep their error', () => {
  const conditions = [{ label: 'yes', condition: [[{ operator: 'greaterThan', left: { value: { simple: 'inputs.Text' }, iscontext: true }, right: { value: { simple: '1' } } }]] }];
  fails(() => conditionLabel(conditions, scope), /^condition "yes": greaterThan: cannot read "a,b" as a number/, OperatorError);
  const script = [{ label: 'in', condition: [[{ operator: 'IsInCidrRanges', left: { value: { simple: '1.1.1.1' } }, right: { value: { simple: '1.0.0.0/8' } } }]] }];
  fails(() => conditionLabel(script, scope), /IsInCidrRanges: not a built-in filter/, UnknownOperatorError);
  fails(() => conditionLabel([{ label: 'x', condition: 'nope' }], scope), /condition "x": filters: expected a list/, OperatorError);
  fails(() => conditionLabel([{ condition: [] }], scope), /condition 1 has no label/);
  fails(() => conditionLabel({ label: 'x' }, scope), /conditions must be a list/);
  const filters = [[{ operator: 'isEqualNumber', left: { value: { simple: 'inputs.Obj' }, iscontext: true }, right: { value: { simple: '1' } } }]];
  fails(() => resolveValue({ complex: { root: 'inputs', filters } }, scope), /complex "inputs" filters: isEqualNumber/, OperatorError);
});

void test('malformed value objects are ValueErrors, not crashes', () => {
  fails(() => resolveValue('text', scope), /expected a value object/);
  fails(() => resolveValue({ simple: { a: 1 } }, scope), /simple must be text, not an object/);
  fails(() => resolveValue({ simple: ['a'] }, scope), /simple must be text, not a list/);
  fails(() => resolveValue({ complex: 'x' }, scope), /complex must be an object/);
  fails(() => resolveValue({ complex: { root: 5 } }, scope), /complex root must be text/);
  fails(() => resolveValue({ complex: { root: 'inputs', accessor: 3 } }, scope), /accessor must be text/);
  fails(() => resolveValue({ complex: { root: 'inputs', transformers: {} } }, scope), /transformers must be a list/);
  fails(() => resolveValue({ complex: { root: 'inputs', transformers: [{}] } }, scope), /a transformer has no operator/);
  fails(() => resolveValue({ complex: { root: 'inputs', transformers: [{ operator: 'count', args: 'x' }] } }, scope), /transformer args must be an object/);
  fails(() => resolveOperand('x', scope), /expected an operand/);
  fails(() => resolveArguments(['x'], scope), /scriptarguments must be an object/);
});

void test('hostile values: budgets, nesting and hostile DT end in ValueErrors', () => {
  // A selector over a large list with a small budget runs out of steps instead of running on.
  fails(() => resolveValue({ complex: { root: 'Big(val.n >= 0)' } }, { view, budget: new Budget(1000) }), /exceeded 1000 steps/, DtError);
  // An exponential mutator is stopped by the budget; without one, by the default budget of the call.
  const exponential = { simple: '${inputs.Text=f(40);function f(n){ return n > 0 ? f(n-1) + f(n-1) : 1; }}' };
  fails(() => resolveValue(exponential, { view, budget: new Budget(10_000) }), /^value "\$\{inputs\.Text=f\(40\).*exceeded 10000 steps/, DtError);
  fails(() => resolveValue(exponential, scope), /exceeded 100000 steps/, DtError);
  // Endless recursion hits the evaluation depth limit, not the JavaScript stack.
  fails(() => resolveValue({ simple: 'x ${inputs.Text=f(val);function f(a){ return f(a); }}' }, scope), /nested deeper than 1000/, DtError);
  // Value objects nested without end (transformer args holding complex values …).
  let deep: Record<string, unknown> = { simple: 'x' };
  for (let i = 0; i < MAX_NESTING + 5; i++) deep = { complex: { root: 'inputs.Text', transformers: [{ operator: 'concat', args: { prefix: { value: deep } } }] } };
  fails(() => resolveValue(deep, scope), /nested deeper than 32/);
  // `${…}` nested inside `${…}` deeper than the template limit.
  const nested = '${'.repeat(20) + 'x' + '}'.repeat(20);
  fails(() => resolveValue({ simple: nested }, scope), /nested deeper/, DtError);
  // Prototype tricks read nothing.
  assert.equal(resolveValue({ simple: '${inputs.__proto__}' }, scope), undefined);
  assert.equal(resolveValue({ complex: { root: 'inputs', accessor: 'constructor' } }, scope), undefined);
  fails(() => resolveOperand({ value: { simple: 'inputs(val.constructor.constructor("return 1")())' }, iscontext: true }, scope), /path .*"constructor" is not allowed/, DtError);
});
