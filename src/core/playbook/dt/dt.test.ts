import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Budget, DtError } from './dt-error.js';
import { dq } from './dt.js';

/** The example context of XSOAR's DT documentation (content-docs `dt.md`). */
const DOC = {
  URL: { Data: 'google.com' },
  IP: {
    Hostname: 'google-public-dns-a.google.com',
    RecordedFuture: { FirstSeen: '2010-04-27T12:46:51.000Z', Criticality: 'None', LastSeen: '2019-02-06T11:13:38.139Z' },
    Address: '8.8.8.8',
    Geo: { Country: 'United States', Location: '37.751, -97.822' },
    ASN: 15169,
  },
  DBotScore: [
    { Vendor: 'urlscan.io', Indicator: 'google.com', Score: 0, Type: 'url' },
    { Vendor: 'ipinfo', Indicator: '8.8.8.8', Score: 0, Type: 'ip' },
    { Vendor: 'Recorded Future', Indicator: '8.8.8.8', Score: 0, Type: 'ip' },
    { Vendor: 'VirusTotal', Indicator: '8.8.8.8', Score: 1, Type: 'ip' },
  ],
  URLScan: {
    URL: 'google.com',
    Country: ['IE'],
    Certificates: [
      { SubjectName: 'www.google.com', ValidFrom: '2018-12-19 08:16:00', ValidTo: '2019-03-13 08:16:00' },
      { SubjectName: '*.google.com', ValidFrom: '2018-12-19 08:17:39', ValidTo: '2019-03-13 08:17:00' },
      { SubjectName: 'www.google.de', ValidFrom: '2018-12-19 08:16:00', ValidTo: '2019-03-13 08:16:00' },
      { SubjectName: '*.g.doubleclick.net', ValidFrom: '2018-12-19 08:17:00', ValidTo: '2019-03-13 08:17:00' },
      { SubjectName: '*.apis.google.com', ValidFrom: '2018-12-19 08:16:00', ValidTo: '2019-03-13 08:16:00' },
    ],
    ASN: 'AS15169',
  },
  MaxMind: { Address: '8.8.8.8', ISP: 'Google', Organization: 'Google LLC', Geo: { Continent: 'North America', Accuracy: 1000 } },
};

void test('the DT documentation examples give the documented results', () => {
  const cases: [string, unknown][] = [
    ['MaxMind.Geo.Continent', 'North America'],
    ['IP.Hostname', 'google-public-dns-a.google.com'],
    ['IP.RecordedFuture.FirstSeen', '2010-04-27T12:46:51.000Z'],
    ['URLScan.Certificates.SubjectName', ['www.google.com', '*.google.com', 'www.google.de', '*.g.doubleclick.net', '*.apis.google.com']],
    ['URLScan.Certificates.[0].SubjectName', 'www.google.com'],
    ['URLScan.Certificates.[0:2].SubjectName', ['www.google.com', '*.google.com', 'www.google.de']],
    ["DBotScore.Vendor(val == 'urlscan.io')", 'urlscan.io'],
    ["URLScan.Certificates.SubjectName( val.indexOf('www') == 0)", ['www.google.com', 'www.google.de']],
    ["URLScan.Certificates.SubjectName( val.indexOf('doubleclick') >= 0)", '*.g.doubleclick.net'],
    ["URLScan.Country( val.toUpperCase().indexOf('IE') >= 0)", 'IE'],
    // The documentation writes `val.length`, which is undefined on a certificate object in JavaScript; this is the working form.
    ["URLScan.Certificates(val.SubjectName.indexOf('de') == val.SubjectName.length-2).ValidTo", '2019-03-13 08:16:00'],
    ["URLScan.Certificates(val.SubjectName.indexOf('de') == val.length-2).ValidTo", undefined],
    ['URLScan.Certificates(val.ValidFrom == val1---URLScan.Certificates.[0].ValidFrom).SubjectName', ['www.google.com', 'www.google.de', '*.apis.google.com']],
    ['URLScan.Certificates(val.SubjectName.indexOf("doubleclick") > -1).ValidFrom=foo(val);function foo(aa) { return aa + "Z"; }', '2018-12-19 08:17:00Z'],
    ['MaxMind.Organization=val.toLowerCase()', 'google llc'],
    ["DBotScore.Vendor(val.indexOf('Recorded')>=0)=val.toLowerCase()", 'recorded future'],
    ["DBotScore(val.Type == 'ip')=val.Type + ': ' + val.Vendor", ['ip: ipinfo', 'ip: Recorded Future', 'ip: VirusTotal']],
  ];
  for (const [path, expected] of cases) assert.deepEqual(dq(DOC, path), expected, path);
});

void test('paths from the sample playbooks', () => {
  const ctx = {
    modules: [
      { brand: 'VirusTotal', state: 'active', name: 'vt' },
      { brand: 'EWS v2', state: 'disabled', name: 'ews' },
    ],
    WildFire: { Report: [{ SHA256: 'a1', Status: 'Success' }, { SHA256: 'b2', Status: 'Pending' }] },
    CheckContextKey: [{ key: 'Endpoint.ID', exists: false }, { key: 'IP', exists: true }],
    lists: { Allowlist: 'a,b', 'Critical Users': 'x' },
    'Employee Status Report': [{ Answers: { '0': 'Alice', '1': 'Yes', '2': 'No' } }, { Answers: { '0': 'Bob', '1': 'No' } }],
    incident: { name: 'Phish', severity: 2, labels: [{ type: 'Email/from', value: 'a@b.c' }, { type: 'Indicator', value: '1.1.1.1' }, { type: 'Indicator', value: 'x.com' }] },
    playbookQuery: [{ value: '1.1.1.1', indicator_type: 'IP' }, { value: 'x.com', indicator_type: 'Domain' }],
  };
  assert.deepEqual(dq(ctx, "modules(val.brand == 'VirusTotal' && val.state == 'active')"), ctx.modules[0]);
  assert.equal(dq(ctx, "modules(val.brand == 'Nope' && val.state == 'active')"), undefined);
  assert.equal(dq(ctx, "WildFire.Report(val.Status!=='Success').SHA256"), 'b2');
  assert.equal(dq(ctx, "CheckContextKey(val.key=='Endpoint.ID' && val.exists==false).key"), 'Endpoint.ID');
  assert.deepEqual(dq(ctx, 'lists=Object.keys(val)'), ['Allowlist', 'Critical Users']);
  assert.deepEqual(dq(ctx.lists, '.=Object.keys(val)'), ['Allowlist', 'Critical Users']);
  assert.equal(dq(ctx, 'lists.Critical Users'), 'x');
  assert.deepEqual(dq(ctx, 'Employee Status Report.Answers.1'), ['Yes', 'No']);
  assert.equal(dq(ctx, 'Employee Status Report.[0].Answers.1'), 'Yes');
  assert.equal(dq(ctx, 'incident.labels.Email/from'), 'a@b.c');
  assert.deepEqual(dq(ctx, 'incident.labels.Indicator'), ['1.1.1.1', 'x.com']);
  assert.deepEqual(dq(ctx, 'incident.labels.type'), ['Email/from', 'Indicator', 'Indicator'], 'no label of that type: an ordinary key read');
  assert.equal(dq(ctx, 'incident.labels.Missing'), undefined);
  assert.equal(dq({ incident: {} }, 'incident.labels.Email/from'), undefined);
  assert.equal(dq(ctx.incident, 'labels.Email/from', { labelPaths: ['labels'] }), 'a@b.c');
  assert.deepEqual(
    dq(ctx, '.={"value": val.value, "indicator_type": val.indicator_type}'.replace('.=', 'playbookQuery=')),
    [{ value: '1.1.1.1', indicator_type: 'IP' }, { value: 'x.com', indicator_type: 'Domain' }],
  );
  assert.deepEqual(dq(ctx.playbookQuery[0], '.={"value": val.value}'), { value: '1.1.1.1' });
  assert.equal(dq({ Account: { Email: { Address: 'e@x' } } }, 'Account=val.DisplayName || val.Email.Address'), 'e@x');
});

void test('flattening across lists, and when a list is unwrapped', () => {
  assert.deepEqual(dq({ a: [1] }, 'a'), [1], 'a stored list comes back as stored');
  assert.equal(dq({ a: [{ b: 1 }] }, 'a.b'), 1, 'a produced single result is unwrapped');
  assert.deepEqual(dq({ a: { b: [1] } }, 'a.b'), [1]);
  assert.deepEqual(dq({ a: [{ b: [1, 2] }, { b: 3 }, {}, 'x', null] }, 'a.b'), [1, 2, 3]);
  assert.deepEqual(dq({ a: [{ b: [[1], [2]] }] }, 'a.b'), [[1], [2]], 'flattening is one level');
  assert.deepEqual(dq({ a: [[{ b: 1 }], [{ b: 2 }, [{ b: 3 }]]] }, 'a.b'), [1, 2, 3], 'lists of lists are walked through');
  assert.deepEqual(dq({ a: [{ b: { c: 1 } }, { b: { c: 2 } }] }, 'a.b.c'), [1, 2]);
  assert.equal(dq({ a: [] }, 'a.b'), undefined);
  assert.deepEqual(dq({ a: [] }, 'a'), []);
  assert.equal(dq({ a: null }, 'a'), null);
  assert.equal(dq({ a: null }, 'a.b'), undefined);
  assert.deepEqual(dq({ a: [{ b: null }, { b: 1 }] }, 'a.b'), [null, 1]);
  assert.equal(dq({ a: 0 }, 'a'), 0);
  assert.equal(dq({ a: '' }, 'a'), '');
  assert.equal(dq({ a: 'text' }, 'a.length'), undefined, 'strings have no keys');
  assert.equal(dq(undefined, 'a'), undefined);
  assert.equal(dq('scalar', '.'), 'scalar');
  assert.deepEqual(dq(DOC, ''), DOC);
});

void test('indexes, slices and selectors on single values and lists', () => {
  const ctx = { one: { id: 1 }, many: [{ id: 1 }, { id: 2 }, { id: 3 }], nums: [5, 6, 7, 8] };
  assert.deepEqual(dq(ctx, 'one(val.id == 1)'), { id: 1 });
  assert.equal(dq(ctx, 'one(val.id == 2)'), undefined);
  assert.deepEqual(dq(ctx, 'one.[0]'), { id: 1 });
  assert.equal(dq(ctx, 'one.[1]'), undefined);
  assert.deepEqual(dq(ctx, 'many(val.id > 1).[0]'), { id: 2 });
  assert.deepEqual(dq(ctx, 'many(val.id > 2).[0]'), { id: 3 });
  assert.equal(dq(ctx, 'many.[-1].id'), 3);
  assert.deepEqual(dq(ctx, 'nums.[1:]'), [6, 7, 8]);
  assert.deepEqual(dq(ctx, 'nums.[:1]'), [5, 6]);
  assert.deepEqual(dq(ctx, 'nums.[-2:]'), [7, 8]);
  assert.equal(dq(ctx, 'nums.[3:3]'), 8);
  assert.equal(dq(ctx, 'nums.[9:12]'), undefined);
  assert.deepEqual(dq(ctx, 'nums(val % 2 == 0)'), [6, 8]);
  assert.deepEqual(dq(ctx, 'nums.(val > 6)'), [7, 8]);
  assert.deepEqual(dq(ctx.nums, '(val > 6)'), [7, 8]);
  assert.deepEqual(dq(ctx.nums, '.=val * 2'), [10, 12, 14, 16]);
  assert.deepEqual(dq(ctx, 'many.id=val + 1'), [2, 3, 4]);
  assert.deepEqual(dq(ctx, 'many(val.id != 2).id'), [1, 3]);
  assert.equal(dq(ctx, 'nums.[0]=val.x'), undefined, 'an undefined mutation drops the element');
});

void test('a selector that throws for an element does not select it; a mutator that throws drops it', () => {
  const ctx = { X: [{ a: { b: 1 } }, { c: 1 }, { a: { b: 2 } }], Y: ['A', 5, 'b'] };
  assert.deepEqual(dq(ctx, 'X(val.a.b > 0).a.b'), [1, 2]);
  assert.deepEqual(dq(ctx, 'Y=val.toLowerCase()'), ['a', 'b']);
  assert.equal(dq(ctx, 'X(undefinedName == 1)'), undefined);
  // Syntax, forbidden and limit errors are not swallowed.
  assert.throws(() => dq(ctx, 'X(val.a.b >)'), (e: unknown) => e instanceof DtError && e.kind === 'syntax');
  assert.throws(() => dq(ctx, "X(val['constr' + 'uctor'])"), (e: unknown) => e instanceof DtError && e.kind === 'forbidden');
  assert.throws(() => dq(ctx, 'X(function f(){})'), (e: unknown) => e instanceof DtError && e.kind === 'forbidden');
});

void test('bindings: obj, val1--- from the top context or relative to val, and top for transformers', () => {
  const ctx = { inputs: { want: 'b' }, X: [{ id: 'a', alias: 'a' }, { id: 'b', alias: 'c' }] };
  assert.deepEqual(dq(ctx, 'X(val.id == obj.id)', { bindings: { obj: { id: 'b' } } }), { id: 'b', alias: 'c' });
  assert.deepEqual(dq(ctx, 'X(val.id == val1---inputs.want)'), { id: 'b', alias: 'c' });
  assert.deepEqual(dq(ctx, 'X(val.id == val1---.alias).id'), 'a');
  assert.deepEqual(dq(ctx.X, '(val.id == val2---inputs.want).alias', { top: ctx }), 'c');
  assert.throws(() => dq(ctx, 'X(val.id == val1---)'), DtError);
});

void test('unicode, spaces, slashes and dots in keys and values', () => {
  const ctx = { 'Ünïcödé': { 'キー': ['✓', 'ß'] }, 'a b': { 'c/d': { 'e-f': 1 } }, X: [{ host: 'a.b.com' }, { host: 'c.d' }] };
  assert.deepEqual(dq(ctx, 'Ünïcödé.キー'), ['✓', 'ß']);
  assert.deepEqual(dq(ctx, "Ünïcödé.キー(val == 'ß')=val.toUpperCase()"), 'SS');
  assert.equal(dq(ctx, 'a b.c/d.e-f'), 1);
  assert.equal(dq(ctx, "X(val.host == 'a.b.com').host"), 'a.b.com');
  assert.equal(dq(ctx, "X(val.host.split('.').length == 2).host"), 'c.d');
});

void test('hostile contexts and paths: prototype keys, deep lists, big lists', () => {
  const polluted = JSON.parse('{"__proto__": {"admin": true}, "constructor": {"name": "x"}}') as unknown;
  assert.deepEqual(dq(polluted, '__proto__'), { admin: true }, 'an own "__proto__" key is plain data');
  assert.equal(dq(polluted, 'admin'), undefined);
  assert.equal(dq(polluted, 'constructor.name'), 'x');
  assert.equal(dq({}, '__proto__'), undefined, 'never the prototype');
  assert.equal(dq({}, 'constructor'), undefined);
  assert.equal(dq({}, 'toString'), undefined);
  assert.equal(dq([], 'length'), undefined);
  const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { a: { b: 1 } });
  assert.equal(dq(nullProto, 'a.b'), 1);
  const withGetter = Object.defineProperty({}, 'g', { get: () => assert.fail('a getter must never run'), enumerable: true });
  assert.equal(dq(withGetter, 'g'), undefined);
  let deep: unknown = [{ k: 1 }];
  for (let n = 0; n < 1000; n++) deep = [deep];
  assert.throws(() => dq({ d: deep }, 'd.k'), (e: unknown) => e instanceof DtError && e.kind === 'limit');
  const big = { X: Array.from({ length: 200_000 }, (_, k) => ({ k })) };
  assert.equal((dq(big, 'X.k') as number[]).length, 200_000, 'plain reads of big lists are fine');
  assert.equal((dq({ X: [{ list: big.X }] }, 'X.list') as unknown[]).length, 200_000, 'and so is flattening one');
  assert.throws(() => dq(big, 'X(val.k < 0)'), (e: unknown) => e instanceof DtError && e.kind === 'limit', 'a selector over 200k elements exceeds the default budget');
  assert.equal(dq(big, 'X(val.k == 199999).k', { budget: new Budget(5_000_000) }), 199_999);
  const budget = new Budget(1000);
  dq(DOC, 'DBotScore(val.Score > 0).Vendor', { budget });
  assert.ok(budget.used > 0, 'work is charged to a shared budget');
});
