import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DtError } from './dt-error.js';
import { findPlaceholders, hasPlaceholders, interpolate, interpolateText, toText } from './template.js';

const CTX = {
  inputs: { Ids: ['a1', 'b2'], Interval: 1, PollingCommandName: 'wildfire-report', key: 'Endpoint.ID', Empty: '', Obj: { x: 1 } },
  incident: { name: 'Suspicious mail', emailto: 'soc@example.com', labels: [{ type: 'Email/from', value: 'evil@x.io' }] },
  currentPlaybookID: 'pb-42',
  DBotScore: [{ Indicator: '1.1.1.1', Score: 3 }, { Indicator: 'x.com', Score: 1 }],
  CheckContextKey: [{ key: 'Endpoint.ID', exists: false }, { key: 'IP', exists: true }],
  FoundIndicators: [{ value: '1.1.1.1', indicator_type: 'IP', extra: 1 }],
};

void test('a value that is exactly one placeholder gives the raw value', () => {
  assert.deepEqual(interpolate('${inputs.Ids}', CTX), ['a1', 'b2']);
  assert.equal(interpolate('${inputs.Interval}', CTX), 1);
  assert.deepEqual(interpolate('${inputs.Obj}', CTX), { x: 1 });
  assert.equal(interpolate('${inputs.Missing}', CTX), undefined);
  assert.equal(interpolate('${currentPlaybookID}', CTX), 'pb-42');
  assert.equal(interpolate('${incident.labels.Email/from}', CTX), 'evil@x.io');
  assert.deepEqual(interpolate('${DBotScore(val.Score >= 2)}', CTX), { Indicator: '1.1.1.1', Score: 3 });
  assert.deepEqual(interpolate('${FoundIndicators=({"value": val.value, "indicator_type": val.indicator_type})}', CTX), { value: '1.1.1.1', indicator_type: 'IP' });
  assert.deepEqual(interpolate('${FoundIndicators={"value": val.value}}', CTX), { value: '1.1.1.1' }, 'braces inside the mutator are balanced');
});

void test('text with placeholders is interpolated with text forms', () => {
  assert.equal(interpolate('Polling ${inputs.PollingCommandName} every ${inputs.Interval} min', CTX), 'Polling wildfire-report every 1 min');
  assert.equal(interpolate('ids=${inputs.Ids}', CTX), 'ids=a1,b2');
  assert.equal(interpolate('id=${currentPlaybookID}', CTX), 'id=pb-42', 'DeleteContext passes this');
  assert.equal(interpolate('[${inputs.Missing}]', CTX), '[]');
  assert.equal(interpolate('${inputs.Empty}${inputs.Interval}', CTX), '1');
  assert.equal(interpolate('obj=${inputs.Obj}', CTX), 'obj={"x":1}');
  assert.equal(interpolate('To: ${incident.emailto} — ${incident.name} ✓', CTX), 'To: soc@example.com — Suspicious mail ✓');
  assert.equal(interpolate(' ${inputs.Interval}', CTX), ' 1', 'surrounding text makes it text');
  assert.equal(interpolate('no placeholders', CTX), 'no placeholders');
  assert.equal(interpolateText('${inputs.Ids}', CTX), 'a1,b2');
  assert.equal(interpolateText('${inputs.Missing}', CTX), '');
});

void test('placeholders nested in a DT path are resolved first, as text (the Context Polling playbook)', () => {
  assert.equal(interpolate("${CheckContextKey(val.key=='${inputs.key}' && val.exists==false).key}", CTX), 'Endpoint.ID');
  // The polling playbook passes the DT as text; the nested placeholder is resolved when the input is read.
  assert.equal(interpolate("CheckContextKey(val.key=='${inputs.key}' && val.exists==false).key", CTX), "CheckContextKey(val.key=='Endpoint.ID' && val.exists==false).key");
  assert.deepEqual(interpolate('${${inputs.Missing}DBotScore.Indicator}', CTX), ['1.1.1.1', 'x.com']);
});

void test('literal ${ without a close, empty ${}, quotes and braces inside selectors', () => {
  assert.equal(interpolate('cost: ${', CTX), 'cost: ${');
  assert.equal(interpolate('${} and ${inputs.Interval}', CTX), '${} and 1');
  assert.equal(interpolate('a ${ b ${inputs.Interval}', CTX), 'a ${ b 1');
  assert.equal(interpolate("${DBotScore(val.Indicator == '}').Score}", CTX), undefined, 'a } in a string does not close');
  assert.equal(interpolate('${DBotScore(val.Indicator == "x.com").Score}!', CTX), '1!');
  assert.deepEqual(findPlaceholders('a ${x} b ${y(val == "}")} c'), [
    { start: 2, end: 6, inner: 'x' },
    { start: 9, end: 25, inner: 'y(val == "}")' },
  ]);
  assert.equal(hasPlaceholders('plain $ { text'), false);
  assert.equal(hasPlaceholders('${x}'), true);
});

void test('errors in a placeholder are thrown, and hostile templates are bounded', () => {
  assert.throws(() => interpolate('${X(val.constructor)}', CTX), (e: unknown) => e instanceof DtError && e.kind === 'forbidden');
  assert.throws(() => interpolate('${A..B}', CTX), (e: unknown) => e instanceof DtError && e.kind === 'syntax');
  const nested = `${'${'.repeat(20)}x${'}'.repeat(20)}`;
  assert.throws(() => interpolate(nested, CTX), (e: unknown) => e instanceof DtError && e.kind === 'limit');
  const many = '${inputs.Interval}'.repeat(10_000);
  assert.equal(interpolate(many, CTX), '1'.repeat(10_000));
  assert.equal(interpolate('${'.repeat(5), CTX), '${'.repeat(5), 'unclosed: literal text');
  assert.throws(() => interpolate('${'.repeat(50_000), CTX), (e: unknown) => e instanceof DtError && e.kind === 'limit', 'too deep to tell: refused quickly');
});

void test('toText renders values as they appear inside text', () => {
  assert.equal(toText(undefined), '');
  assert.equal(toText(null), '');
  assert.equal(toText('s'), 's');
  assert.equal(toText(0), '0');
  assert.equal(toText(false), 'false');
  assert.equal(toText(['a', 1, null, true]), 'a,1,,true');
  assert.equal(toText([{ a: 1 }, [1, 2]]), '{"a":1},[1,2]');
  assert.equal(toText({ a: [1] }), '{"a":[1]}');
  assert.equal(toText([]), '');
});
