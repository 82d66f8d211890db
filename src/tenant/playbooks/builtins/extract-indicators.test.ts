import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Incident } from '../../../core/incident.js';
import { type Context, dq, mergeEntryContext } from '../../../core/playbook/dt/index.js';
import { MAX_TEXT_LENGTH, extractIndicators, extractIndicatorsScript, isDomain } from './extract-indicators.js';
import type { BuiltinCall, BuiltinResult, BuiltinServices } from './types.js';

const incident: Incident = {
  id: 1, name: 'Test', type: 'Phishing', severity: 2, status: 'active', owner: '', created: '2023-01-18T00:00:00Z',
  modified: '2023-01-18T00:00:00Z', occurred: '2023-01-18T00:00:00Z', closed: null, closeReason: '', closeNotes: '',
  labels: [], details: '', customFields: {},
};

/** extractIndicators uses no services: each fails the test if called. */
const services = new Proxy({}, {
  get: () => (): never => {
    throw new Error('extractIndicators uses no services');
  },
}) as BuiltinServices;

function call(args: Record<string, unknown>): BuiltinCall {
  return { name: 'extractIndicators', args, context: {}, incident, now: 0, runId: 'run', taskId: '1', playbookId: 'pb', services };
}

function apply(context: Context, result: BuiltinResult): Context {
  let out = context;
  for (const op of result.context ?? []) {
    assert.equal(op.op, 'merge');
    if (op.op === 'merge') out = mergeEntryContext(out, op.entryContext);
  }
  return out;
}

const MAIL = `From: billing@evil-corp.com
Please pay at hxxps://pay[.]evil-corp[.]com/invoice?id=42). Mirror: http://203.0.113.7:8080/x.exe,
or write to support[@]evil-corp.com. C2 at 198.51.100.23 and 2001:db8::8a2e:370:7334.
Payload d41d8cd98f00b204e9800998ecf8427e, SHA1 da39a3ee5e6b4b0d3255bfef95601890afd80709,
SHA256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, exploits cve-2021-44228.
Again: 198.51.100.23, www.example.co.uk.`;

const EXPECTED = {
  CVE: ['CVE-2021-44228'],
  Domain: ['evil-corp.com', 'pay.evil-corp.com', 'www.example.co.uk'],
  Email: ['billing@evil-corp.com', 'support@evil-corp.com'],
  File: [
    'd41d8cd98f00b204e9800998ecf8427e',
    'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  ],
  IP: ['203.0.113.7', '198.51.100.23'],
  IPv6: ['2001:db8::8a2e:370:7334'],
  URL: ['https://pay.evil-corp.com/invoice?id=42', 'http://203.0.113.7:8080/x.exe'],
};

void test('extractIndicators returns the JSON entry and ExtractedIndicators, as XSOAR does', () => {
  const result = extractIndicatorsScript(call({ text: MAIL }));
  assert.deepEqual(result, {
    entries: [{ Type: 1, ContentsFormat: 'json', Contents: JSON.stringify(EXPECTED) }],
    context: [{ op: 'merge', entryContext: { ExtractedIndicators: EXPECTED } }],
  });
  assert.deepEqual(Object.keys(JSON.parse(String(result.entries?.[0]?.Contents)) as object), ['CVE', 'Domain', 'Email', 'File', 'IP', 'IPv6', 'URL']);
  let ctx = apply({}, result);
  assert.deepEqual(dq(ctx, 'ExtractedIndicators.IP'), ['203.0.113.7', '198.51.100.23']);
  // A second run appends its own object, as the EntryContext merge does.
  ctx = apply(ctx, extractIndicatorsScript(call({ text: 'see 192.0.2.1' })));
  assert.deepEqual(dq(ctx, 'ExtractedIndicators.IP'), ['203.0.113.7', '198.51.100.23', '192.0.2.1']);
  ctx = apply(ctx, extractIndicatorsScript(call({ text: 'see 192.0.2.1' })));
  assert.equal((ctx['ExtractedIndicators'] as unknown[]).length, 2, 'an identical object is not appended twice');
});

void test('nothing found: an empty JSON object and no context change', () => {
  assert.deepEqual(extractIndicatorsScript(call({ text: 'nothing to see here.' })), {
    entries: [{ Type: 1, ContentsFormat: 'json', Contents: '{}' }],
  });
});

void test('look-alikes are not indicators', () => {
  const text = [
    'version 1.2.3.4.5 and 10.0.0.256 and 1.2.3', // versions, out-of-range octets
    'at 12:30:45 on 2023-01-18T12:30:45Z, MAC 00:1A:2B:3C:4D:5E, Note:: std::vector', // times, MACs, C++
    'files report.pdf setup.exe C:\\dir\\evil.com /var/www/site.org e.g. i.e. U.S.', // files, paths, abbreviations
    'hash-like 0123456789abcdef0123456789abcdeg and abcdef0123456789abcdef0123456789ab_x', // not hex, touching _
    'CVE-21-1234 mail@localhost user@host', // short CVE, host without TLD
  ].join('\n');
  assert.deepEqual(extractIndicators(text), {});
});

void test('kinds of each type', () => {
  assert.deepEqual(extractIndicators('hosts: xn--80ak6aa92e.com, a-b.example.io. and Sub.Example.COM'), {
    Domain: ['xn--80ak6aa92e.com', 'a-b.example.io', 'Sub.Example.COM'],
  });
  assert.deepEqual(extractIndicators('[1.2.3.4] ip=5.6.7.8; (9.9.9.9)'), { IP: ['1.2.3.4', '5.6.7.8', '9.9.9.9'] });
  assert.deepEqual(extractIndicators('fe80::1ff:fe23:4567:890a 1:2:3:4:5:6:7:8 ::ffff:192.0.2.128'), {
    IP: ['192.0.2.128'],
    IPv6: ['fe80::1ff:fe23:4567:890a', '1:2:3:4:5:6:7:8', '::ffff:192.0.2.128'],
  });
  assert.deepEqual(extractIndicators('see (https://en.wikipedia.org/wiki/Foo_(bar)) and <http://[2001:db8::1]:80/a>'), {
    Domain: ['en.wikipedia.org'],
    URL: ['https://en.wikipedia.org/wiki/Foo_(bar)', 'http://[2001:db8::1]:80/a'],
    IPv6: ['2001:db8::1'],
  });
  assert.deepEqual(extractIndicators('mailto:First.Last+tag@mail.example.org.'), {
    Domain: ['mail.example.org'],
    Email: ['First.Last+tag@mail.example.org'],
  });
  assert.equal(isDomain('invoice.zip'), true, '.zip is a TLD');
  assert.equal(isDomain('-a.com'), false);
  assert.equal(isDomain(`${'a'.repeat(64)}.com`), false);
});

void test('the text may be a list; a missing text is an error entry', () => {
  const result = extractIndicatorsScript(call({ text: ['1.1.1.1', 'evil.com'] }));
  assert.deepEqual(result.context, [{ op: 'merge', entryContext: { ExtractedIndicators: { Domain: ['evil.com'], IP: ['1.1.1.1'] } } }]);
  assert.deepEqual(extractIndicatorsScript(call({})), {
    entries: [{ Type: 4, ContentsFormat: 'text', Contents: 'extractIndicators: the "text" argument is required' }],
  });
});

void test('beyond 1 MiB only the first part is scanned, cut at whitespace, and a note says so', () => {
  const filler = 'x '.repeat(MAX_TEXT_LENGTH / 2 - 6);
  const text = `${filler}1.1.1.1 2.2.2.2 3.3.3.3`;
  assert.ok(text.length > MAX_TEXT_LENGTH);
  const result = extractIndicatorsScript(call({ text }));
  assert.equal(result.entries?.length, 2);
  assert.equal(result.entries?.[0]?.Contents, '{"IP":["1.1.1.1"]}', '2.2.2.2 crosses the cap and is not cut to 2.2.2');
  assert.deepEqual(result.entries?.[1], {
    Type: 1,
    ContentsFormat: 'text',
    Contents: `extractIndicators: the text has ${text.length} characters; only the first ${filler.length + 7} were scanned.`,
  });
});

void test('hostile input stays linear', () => {
  const n = MAX_TEXT_LENGTH;
  const inputs = ['1.'.repeat(n / 2), 'a@'.repeat(n / 2), 'a:'.repeat(n / 2), `http://x.com/${')'.repeat(n - 13)}`, '[.]'.repeat(n / 3), 'ab.cd-'.repeat(n / 6)];
  const started = Date.now();
  for (const text of inputs) extractIndicators(text);
  assert.ok(Date.now() - started < 10_000, 'well under a second each on a normal machine');
});
