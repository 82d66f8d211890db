import assert from 'node:assert/strict';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { request } from 'undici';
import { mtlsAgent } from '../../src/net/mtls.js';
import { prng, sampleIncidents } from '../../src/core/sample-incidents.js';
import { alive, startCluster, type Cluster } from '../support/cluster.js';

let c: Cluster;
const rnd = prng('fuzz-the-api');
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

const KEYS = ['name', 'severity', 'status', 'labels', 'customFields', 'query', 'sort', 'size', 'cursor', 'tenants', 'after', 'total', 'reason', 'id', '__proto__', 'constructor', 'owner', 'details', 'created', 'timeoutMs'];
const QUERY_BITS = ['status:', 'severity:>=', 'high', '(', ')', '"', '-', 'and', 'or', 'not', '*', 'created:>="7 days ago"', 'label.x:', 'customFields.a:', '\\', ':', ' ', 'phish*', '\u0000', '😀', '%', "'; DROP TABLE incidents; --"];

function value(depth: number): unknown {
  const r = rnd();
  if (depth > 4 || r < 0.2) return pick([null, true, false, 0, -1, 4, 5, 1e308, -0.5, Number.MAX_SAFE_INTEGER, '', 'x'.repeat(Math.floor(rnd() * 3000)), '2026-01-01T00:00:00Z', 'not a date', 'Ω≈ç√']);
  if (r < 0.45) return Array.from({ length: Math.floor(rnd() * 5) }, () => value(depth + 1));
  if (r < 0.7) return Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => pick(QUERY_BITS)).join('');
  return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 6) }, () => [pick(KEYS), value(depth + 1)]));
}

function body(): string {
  const r = rnd();
  if (r < 0.15) return pick(['{', '[1,', '{"name":', 'null', '"str"', '{"a":1}}', '\u0000', '{"name":"x","name":"y"}']);
  return JSON.stringify(value(0)) ?? 'null';
}

const ROUTES: [string, () => string][] = [
  ['POST', () => '/api/v1/tenants/fz/incidents'],
  ['PATCH', () => `/api/v1/tenants/fz/incidents/${pick(['1', '2', '0', '-1', '99999999999999999999', 'abc', '%2e%2e'])}`],
  ['POST', () => '/api/v1/tenants/fz/incidents/search'],
  ['POST', () => '/api/v1/incidents/search'],
  ['POST', () => `/api/v1/tenants/fz/incidents/${pick(['1', '3', 'x'])}/close`],
  ['POST', () => '/api/v1/tenants'],
  ['POST', () => '/api/v1/hosts/enrollments'],
  ['GET', () => `/api/v1/tenants/${encodeURIComponent(pick(['fz', '../fz', 'FZ', 'fz%00', 'a'.repeat(200), '😀']))}/incidents/1`],
];

async function count(): Promise<number> {
  const s = await c.api.ok<{ counts: { count: number }[] }>('GET', '/api/v1/tenants/fz/incidents/stats');
  return s.counts.reduce((n, x) => n + x.count, 0);
}

void describe('no input crashes a process or leaks a 5xx', () => {
  before(async () => {
    c = await startCluster();
    await c.api.ok('POST', '/api/v1/tenants', { id: 'fz', name: 'Fuzz' });
    await c.api.ok('POST', '/api/v1/tenants/fz/incidents', sampleIncidents('fz', 20, Date.now()));
  });
  after(async () => c?.stop());

  void it('answers 600 random requests through main and 300 straight to the tenant with 2xx/4xx JSON; every process keeps running', async () => {
    const before = await c.api.ok<{ process: { pid: number; restarts: number } }>('GET', '/api/v1/tenants/fz');
    const pki = (f: string) => readFileSync(join(c.mainHome, 'pki', f), 'utf8');
    let created = 0;
    for (let i = 0; i < 600; i++) {
      const [method, path] = pick(ROUTES);
      const p = path();
      const payload = method === 'GET' ? undefined : body();
      const r = await c.api.call<{ error?: { code: string; message: string }; created?: number; id?: number }>(method, p, payload);
      assert.ok(r.status < 500, `${method} ${p} ${payload?.slice(0, 200)} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      if (r.status >= 400) assert.equal(typeof r.body.error?.code, 'string', `${method} ${p} → ${JSON.stringify(r.body).slice(0, 200)}`);
      // A batch answers {created: n}; a single incident answers the incident itself.
      if (r.status === 201 && p === '/api/v1/tenants/fz/incidents') created += typeof r.body.created === 'number' ? r.body.created : 1;
    }
    const now = await c.api.ok<{ process: { pid: number; restarts: number } }>('GET', '/api/v1/tenants/fz');
    assert.equal(now.process.pid, before.process.pid, 'the tenant never restarted');
    assert.equal(now.process.restarts, 0);
    assert.ok(alive(c.main.child.pid!) && alive(c.host.child.pid!));
    // The same inputs straight at the tenant through its host (as main, with main's assertion,
    // bypassing main's own validation): the tenant must refuse them by itself.
    const key = createPrivateKey(pki('assertion.key'));
    const assertion = () =>
      new SignJWT({ name: 'fuzz', perms: { incidents: ['admin'] } })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setIssuer('palisade-main')
        .setSubject('fuzz')
        .setAudience('fz')
        .setIssuedAt()
        .setExpirationTime('30s')
        .setJti(randomBytes(18).toString('base64url'))
        .sign(key);
    const asMain = mtlsAgent({ caPem: c.caPem, certPem: pki('main-client.pem'), keyPem: pki('main-client.key') });
    try {
      for (let i = 0; i < 300; i++) {
        const [method, path] = pick(ROUTES.filter(([, p]) => p().startsWith('/api/v1/tenants/fz/')));
        const p = path().replace('/api/v1/tenants/fz', '/tenants/fz');
        const payload = method === 'GET' ? undefined : body();
        const res = await request(`${c.hostUrl}${p}`, { method: method as 'POST', dispatcher: asMain, headers: { 'content-type': 'application/json', 'x-palisade-assertion': await assertion() }, ...(payload ? { body: payload } : {}) });
        const text = await res.body.text();
        assert.ok(res.statusCode < 500, `tenant: ${method} ${p} ${payload?.slice(0, 200)} → ${res.statusCode} ${text.slice(0, 300)}`);
        if (res.statusCode === 201 && p === '/tenants/fz/api/v1/incidents') {
          const b = JSON.parse(text) as { created?: unknown };
          created += typeof b.created === 'number' ? b.created : 1;
        }
      }
    } finally {
      await asMain.close();
    }
    const stored = await count();
    assert.equal(stored, 20 + created, `only accepted creations changed data (${stored} stored, ${created} accepted)`);
  });
});
