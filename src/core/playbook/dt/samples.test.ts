import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { dq } from './dt.js';
import { parseDtPath } from './path.js';
import { findPlaceholders, interpolate } from './template.js';

const FIXTURES = new URL('../../../../../examples/marketplace/XsoarSamples/Playbooks/', import.meta.url);
const samples = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yml'))
  .sort()
  .map((f) => ({ file: f, doc: parse(readFileSync(new URL(f, FIXTURES), 'utf8')) as unknown }));

/** Every string in a document, with the key it was found under. */
function* strings(node: unknown, key = ''): Generator<[string, string]> {
  if (typeof node === 'string') yield [key, node];
  else if (Array.isArray(node)) for (const item of node as unknown[]) yield* strings(item, key);
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) yield* strings(v, k);
}

/** `complex` values: their root, accessor and DT transformer paths. */
function* complexPaths(node: unknown): Generator<string> {
  if (Array.isArray(node)) for (const item of node as unknown[]) yield* complexPaths(item);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    const complex = record['complex'] as Record<string, unknown> | undefined;
    if (complex && typeof complex === 'object') {
      for (const k of ['root', 'accessor']) if (typeof complex[k] === 'string') yield complex[k];
      for (const t of (complex['transformers'] as Record<string, unknown>[] | undefined) ?? []) {
        const dt = (t['args'] as Record<string, { value?: { simple?: unknown } }> | undefined)?.['dt']?.value?.simple;
        if (t['operator'] === 'DT' && typeof dt === 'string') yield dt;
      }
    }
    for (const v of Object.values(record)) yield* complexPaths(v);
  }
}

void test('every ${…} placeholder and complex path in the 12 sample playbooks parses', () => {
  assert.equal(samples.length, 12);
  let placeholders = 0;
  let paths = 0;
  for (const { file, doc } of samples) {
    for (const [key, text] of strings(doc)) {
      if (key === 'description' || !text.includes('${')) continue;
      for (const p of findPlaceholders(text)) {
        assert.doesNotThrow(() => parseDtPath(p.inner.replace(/\$\{[^}]*\}/g, 'x')), `${file}: ${p.inner}`);
        placeholders++;
      }
    }
    for (const path of complexPaths(doc)) {
      assert.doesNotThrow(() => parseDtPath(path.replace(/\$\{[^}]*\}/g, 'x')), `${file}: ${path}`);
      paths++;
    }
  }
  assert.ok(placeholders >= 20, `only ${placeholders} placeholders found`);
  assert.ok(paths >= 150, `only ${paths} complex paths found`);
});

void test('the sample playbooks\' own DT strings evaluate on a matching context', () => {
  const ctx = {
    inputs: { key: 'Endpoint.ID', Ids: ['r1', 'r2'], PollingCommandName: 'wildfire-report', PollingCommandArgName: 'sha256' },
    CheckContextKey: [{ key: 'Endpoint.ID', exists: false }],
    lists: { 'Critical Users': 'alice', Allowlist: '1.1.1.1' },
    currentPlaybookID: 'pb-1',
  };
  // Context Polling - Generic: the `dt` input of its sub-playbook is a DT with a nested placeholder.
  const dt = interpolate("CheckContextKey(val.key=='${inputs.key}' && val.exists==false).key", ctx);
  assert.equal(dt, "CheckContextKey(val.key=='Endpoint.ID' && val.exists==false).key");
  assert.equal(dq(ctx, dt as string), 'Endpoint.ID');
  // JOB - Integrations and Playbooks Health Check - Lists handling: root `lists`, transformer DT `.=Object.keys(val)`.
  assert.deepEqual(dq(ctx.lists, '.=Object.keys(val)'), ['Critical Users', 'Allowlist']);
  // GenericPolling: `${inputs.PollingCommandArgName}=${inputs.Ids}` style text.
  assert.equal(interpolate('${inputs.PollingCommandArgName}=${inputs.Ids}', ctx), 'sha256=r1,r2');
  assert.equal(interpolate('id=${currentPlaybookID}', ctx), 'id=pb-1');
});
