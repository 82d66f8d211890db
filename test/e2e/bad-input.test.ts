import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createKeyAndCsr } from '../../src/net/pki.js';
import { startCluster, type Cluster } from '../support/cluster.js';

let c: Cluster;

type Err = { error: { code: string; message: string } };

async function expectError(method: string, path: string, body: unknown, status: number, code: string, mentions?: string): Promise<void> {
  const r = await c.api.call<Err>(method, path, body);
  assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`);
  assert.equal(r.body.error.code, code, JSON.stringify(r.body));
  assert.ok(r.body.error.message.length > 0);
  if (mentions) assert.match(r.body.error.message, new RegExp(mentions), r.body.error.message);
}

async function count(tenant: string): Promise<number> {
  const s = await c.api.ok<{ counts: { count: number }[] }>('GET', `/api/v1/tenants/${tenant}/incidents/stats`);
  return s.counts.reduce((n, x) => n + x.count, 0);
}

void describe('bad input gets a clear 4xx and changes nothing', () => {
  before(async () => {
    c = await startCluster({ bodyLimit: 256 * 1024 });
    await c.api.ok('POST', '/api/v1/tenants', { id: 'acme', name: 'Acme' });
    await c.api.ok('POST', '/api/v1/tenants/acme/incidents', [{ name: 'first' }, { name: 'second', severity: 2 }]);
  });
  after(async () => c?.stop());

  void it('refuses malformed JSON, unknown fields, wrong types and bad values', async () => {
    const path = '/api/v1/tenants/acme/incidents';
    await expectError('POST', path, '{"name": "x",', 400, 'invalid_json');
    await expectError('POST', path, '', 400, 'invalid_json');
    await expectError('POST', path, { name: 'x', colour: 'red' }, 400, 'invalid_request', 'colour');
    await expectError('POST', path, { name: 'x', severity: 'high' }, 400, 'invalid_request', 'severity');
    await expectError('POST', path, { name: 'x', severity: 9 }, 400, 'invalid_request', 'severity');
    await expectError('POST', path, { name: 'x', status: 'open' }, 400, 'invalid_request', 'status');
    await expectError('POST', path, { name: 'x', occurred: 'yesterday-ish' }, 400, 'invalid_request', 'occurred');
    await expectError('POST', path, { severity: 1 }, 400, 'invalid_request', 'name');
    await expectError('POST', path, [], 400, 'invalid_request');
    await expectError('POST', path, [{ name: 'ok' }, { name: 'bad', labels: 'x' }], 400, 'invalid_request');
    await expectError('POST', path, 42, 400, 'invalid_request');
    await expectError('PATCH', '/api/v1/tenants/acme/incidents/1', {}, 400, 'invalid_request');
    await expectError('PATCH', '/api/v1/tenants/acme/incidents/1', { id: 5 }, 400, 'invalid_request', 'id');
    const wrongType = await c.api.call<Err>('POST', path, 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(wrongType.status, 415);
    assert.equal(wrongType.body.error.code, 'unsupported_media_type');
    assert.equal(await count('acme'), 2);
  });

  void it('refuses bodies over the configured limit', async () => {
    const huge = Array.from({ length: 2000 }, (_, i) => ({ name: `n${i}`, details: 'x'.repeat(200) }));
    await expectError('POST', '/api/v1/tenants/acme/incidents', huge, 413, 'payload_too_large');
    assert.equal(await count('acme'), 2);
  });

  void it('answers unknown tenants, incidents and routes with 404', async () => {
    await expectError('GET', '/api/v1/tenants/nobody', undefined, 404, 'not_found', 'nobody');
    await expectError('GET', '/api/v1/tenants/nobody/incidents/1', undefined, 404, 'not_found');
    await expectError('GET', '/api/v1/tenants/acme/incidents/999999', undefined, 404, 'not_found', '999999');
    await expectError('GET', '/api/v1/tenants/acme/incidents/abc', undefined, 400, 'invalid_request');
    await expectError('GET', '/api/v1/tenants/ACME!', undefined, 400, 'invalid_request');
    await expectError('GET', '/api/v1/nothing-here', undefined, 404, 'not_found');
    await expectError('POST', '/api/v1/tenants/acme/incidents/999999/close', {}, 404, 'not_found');
  });

  void it('names the position and token of a query syntax error', async () => {
    await expectError('POST', '/api/v1/incidents/search', { query: 'severity:>=3 and (type:Phishing' }, 400, 'invalid_query', 'position');
    await expectError('POST', '/api/v1/incidents/search', { query: 'severity:extreme' }, 400, 'invalid_query', 'extreme');
    await expectError('POST', '/api/v1/tenants/acme/incidents/search', { query: 'status:active )' }, 400, 'invalid_query', 'position 15');
    await expectError('POST', '/api/v1/incidents/search', { query: 'created:>="not a date"' }, 400, 'invalid_query');
    await expectError('POST', '/api/v1/incidents/search', { sort: { field: 'colour' } }, 400, 'invalid_request');
    await expectError('POST', '/api/v1/incidents/search', { size: 0 }, 400, 'invalid_request');
  });

  void it('refuses forged or mismatched cursors', async () => {
    await expectError('POST', '/api/v1/incidents/search', { cursor: 'not-a-cursor' }, 400, 'invalid_cursor');
    const forged = Buffer.from(JSON.stringify({ v: 1, t: 'acme', id: 1, d: 'x' })).toString('base64url');
    await expectError('POST', '/api/v1/incidents/search', { cursor: forged }, 400, 'invalid_cursor');
    const page = await c.api.ok<{ cursor: string }>('POST', '/api/v1/incidents/search', { size: 1 });
    await expectError('POST', '/api/v1/incidents/search', { size: 1, query: 'severity:2', cursor: page.cursor }, 400, 'invalid_cursor');
  });

  void it('refuses calls without a valid token, and bad logins', async () => {
    const token = c.api.token;
    c.api.token = 'pls_forged';
    try {
      await expectError('GET', '/api/v1/tenants', undefined, 401, 'unauthorized');
    } finally {
      c.api.token = token;
    }
    await expectError('POST', '/api/v1/auth/login', { username: 'admin', password: 'wrong' }, 401, 'unauthorized');
    await expectError('POST', '/api/v1/auth/login', { username: 'admin' }, 400, 'invalid_request', 'password');
  });

  void it('refuses bad tenant definitions and deletion without confirmation', async () => {
    await expectError('POST', '/api/v1/tenants', { name: 'Acme' }, 409, 'conflict');
    await expectError('POST', '/api/v1/tenants', { name: 'X', id: 'Bad Id' }, 400, 'invalid_request');
    await expectError('POST', '/api/v1/tenants', { name: 'Yankee', host: 'no-such-host' }, 404, 'not_found');
    await expectError('DELETE', '/api/v1/tenants/acme', undefined, 400, 'invalid_request', 'confirm');
    await expectError('DELETE', '/api/v1/tenants/acme?confirm=acme', undefined, 400, 'invalid_request');
    assert.equal(await count('acme'), 2);
  });

  void it('refuses used, unknown and expired enrollment tokens', async () => {
    await expectError('POST', '/api/v1/hosts', { token: 'pse_nope', csr: 'x', address: '127.0.0.1' }, 400, 'invalid_request', 'csr');
    const { csrPem } = await createKeyAndCsr('intruder');
    await expectError('POST', '/api/v1/hosts', { token: 'pse_nope', csr: csrPem, address: '127.0.0.1' }, 401, 'unauthorized');
    await expectError('POST', '/api/v1/hosts', { token: c.enrollmentToken, csr: csrPem, address: '127.0.0.1' }, 401, 'unauthorized', 'used');
    await expectError('POST', '/api/v1/hosts', { token: c.enrollmentToken, csr: csrPem, address: 'bad address!' }, 400, 'invalid_request', 'address');
    const hosts = await c.api.ok<{ items: unknown[] }>('GET', '/api/v1/hosts');
    assert.equal(hosts.items.length, 1);
    await expectError('POST', '/api/v1/hosts/enrollments', { name: 'host-1' }, 409, 'conflict');
    await expectError('POST', '/api/v1/hosts/enrollments', { name: 'bad name!' }, 400, 'invalid_request');
  });
});
