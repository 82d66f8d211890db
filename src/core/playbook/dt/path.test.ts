import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DtError } from './dt-error.js';
import { type DtPath, parseContextKey, parseDtPath, sliceBounds } from './path.js';

/** The steps with programs reduced to their source, for comparison. */
function shape(path: DtPath): unknown[] {
  const steps: unknown[] = path.steps.map((s) => {
    if (s.kind === 'key') return s.key;
    if (s.kind === 'index') return [s.index];
    if (s.kind === 'slice') return [s.start, ':', s.end];
    return `(${s.program.source})`;
  });
  if (path.mutator) steps.push(`=${path.mutator.source}`);
  return steps;
}

void test('keys, indexes, slices, selectors and mutators as XSOAR writes them', () => {
  const cases: [string, unknown[]][] = [
    ['MaxMind.Geo.Continent', ['MaxMind', 'Geo', 'Continent']],
    ['URLScan.Certificates.[0].SubjectName', ['URLScan', 'Certificates', [0], 'SubjectName']],
    ['URLScan.Certificates[0].SubjectName', ['URLScan', 'Certificates', [0], 'SubjectName']],
    ['X.[0:2]', ['X', [0, ':', 2]]],
    ['X.[ 1 : ]', ['X', [1, ':', undefined]]],
    ['X.[:-1]', ['X', [undefined, ':', -1]]],
    ['X.[-1]', ['X', [-1]]],
    ["DBotScore.Vendor(val == 'urlscan.io')", ['DBotScore', 'Vendor', "(val == 'urlscan.io')"]],
    ["modules(val.brand == 'VirusTotal' && val.state == 'active')", ['modules', "(val.brand == 'VirusTotal' && val.state == 'active')"]],
    ["WildFire.Report(val.Status!=='Success').SHA256", ['WildFire', 'Report', "(val.Status!=='Success')", 'SHA256']],
    ['Account=val.DisplayName || val.Email.Address', ['Account', '=val.DisplayName || val.Email.Address']],
    ["DBotScore.Vendor(val.indexOf('Recorded')>=0)=val.toLowerCase()", ['DBotScore', 'Vendor', "(val.indexOf('Recorded')>=0)", '=val.toLowerCase()']],
    ['.={"value": val.value, "indicator_type": val.indicator_type}', ['={"value": val.value, "indicator_type": val.indicator_type}']],
    ['.=Object.keys(val)', ['=Object.keys(val)']],
    ['.', []],
    ['', []],
    ['.(val > 1)', ['(val > 1)']],
    ['(val > 1).[0]', ['(val > 1)', [0]]],
    ['incident.labels.Email/from', ['incident', 'labels', 'Email/from']],
    ['Employee Status Report.Answers.1', ['Employee Status Report', 'Answers', '1']],
    ['  inputs.My Input  ', ['inputs', 'My Input']],
    ['DBotScore (val.Score > 1) . Indicator', ['DBotScore', '(val.Score > 1)', 'Indicator']],
    // Dots, brackets, parentheses and `=` inside the selector's strings and regexes are JavaScript, not path.
    ["A.B(val.x == 'a.b(c)[0]=d' && /\\)\\./.test(val.y)).C", ['A', 'B', "(val.x == 'a.b(c)[0]=d' && /\\)\\./.test(val.y))", 'C']],
    ['File(val.MD5 && val.MD5 == obj.MD5 || val.SHA256 && val.SHA256 == obj.SHA256)', ['File', '(val.MD5 && val.MD5 == obj.MD5 || val.SHA256 && val.SHA256 == obj.SHA256)']],
    ['X(val.ValidFrom == val1---URLScan.Certificates.[0].ValidFrom).S', ['X', '(val.ValidFrom == val1---URLScan.Certificates.[0].ValidFrom)', 'S']],
    ['Ünïcödé.キー.ключ', ['Ünïcödé', 'キー', 'ключ']],
  ];
  for (const [source, expected] of cases) assert.deepEqual(shape(parseDtPath(source)), expected, source);
  const withFn = parseDtPath('X.ValidFrom=foo(val);function foo(aa) { return aa + "Z"; }');
  assert.equal(withFn.mutator?.functions.has('foo'), true);
});

void test('malformed paths are syntax errors that point at the problem', () => {
  const bad: [string, RegExp][] = [
    ['A..B', /empty key at position 3/],
    ['A.', /path ends with "\." at position 3/],
    ['..A', /empty key at position 2/],
    ['A.[x]', /invalid index "\[x\]"/],
    ['A[0', /unterminated "\["/],
    ['A(val', /expected "\)" but found the end of the expression/],
    ['A(val))', /unexpected "\)" at position 7/],
    ['A()', /empty selector/],
    ['A(val)B', /expected "\." before "B"/],
    ['A=', /empty expression/],
    ['A(val = 1)', /assignment/],
    ['A.B(val.constructor)', /access to "constructor" is not allowed/],
    ['A.B=val.__proto__', /access to "__proto__" is not allowed/],
  ];
  for (const [source, message] of bad) {
    assert.throws(() => parseDtPath(source), (e: unknown) => e instanceof DtError && message.test(e.message), source);
  }
  assert.throws(() => parseDtPath('A'.repeat(70_000)), (e: unknown) => e instanceof DtError && e.kind === 'limit');
});

void test('parsed paths are cached and shared', () => {
  assert.equal(parseDtPath('inputs.Ids'), parseDtPath(' inputs.Ids '));
});

void test('slices include their end, as the DT documentation shows', () => {
  assert.deepEqual(sliceBounds({ start: 0, end: 2 }, 5), [0, 3]);
  assert.deepEqual(sliceBounds({ start: 1, end: undefined }, 5), [1, 5]);
  assert.deepEqual(sliceBounds({ start: undefined, end: -1 }, 5), [0, 5]);
  assert.deepEqual(sliceBounds({ start: -2, end: undefined }, 5), [-2, 5]);
});

void test('context keys: plain keys with an optional selector at the end', () => {
  assert.deepEqual(parseContextKey('HelloWorld.Alert').keys, ['HelloWorld', 'Alert']);
  const upsert = parseContextKey('X.Y(val.id && val.id == obj.id)');
  assert.deepEqual(upsert.keys, ['X', 'Y']);
  assert.equal(upsert.selector?.source, 'val.id && val.id == obj.id');
  for (const bad of ['X(val.a).Y', 'X.[0]', 'X=val', '.X', '(val.a)', '']) {
    assert.throws(() => parseContextKey(bad), DtError, bad);
  }
});
