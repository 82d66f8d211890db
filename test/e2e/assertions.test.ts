import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { request, type Agent } from 'undici';
import { mtlsAgent } from '../../src/net/mtls.js';
import { startCluster, type Cluster } from '../support/cluster.js';

let c: Cluster;
let asMain: Agent;
let mainKey: KeyObject;
const ADMIN = { incidents: ['admin'] };

interface Claims {
  aud?: string;
  iss?: string;
  iat?: number;
  exp?: number;
  jti?: string;
  perms?: unknown;
}

async function assertion(o: Claims = {}, key: KeyObject = mainKey): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ name: 'tester', perms: o.perms ?? ADMIN })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer(o.iss ?? 'palisade-main')
    .setSubject('user-1')
    .setAudience(o.aud ?? 'asr')
    .setIssuedAt(o.iat ?? now)
    .setExpirationTime(o.exp ?? now + 30)
    .setJti(o.jti ?? randomBytes(18).toString('base64url'))
    .sign(key);
}

/** Straight at the tenant through its host, as main would call it, with the given assertion. */
async function direct(method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: { error?: { code: string; message: string } } & Record<string, unknown> }> {
  const res = await request(`${c.hostUrl}/tenants/asr${path}`, {
    method: method as 'GET',
    dispatcher: asMain,
    headers: { ...(token ? { 'x-palisade-assertion': token } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.statusCode, body: (await res.body.json()) as { error?: { code: string; message: string } } };
}

async function refused(token: string | undefined, why: RegExp): Promise<void> {
  const r = await direct('GET', '/api/v1/incidents/1', token);
  assert.equal(r.status, 401, JSON.stringify(r.body));
  assert.equal(r.body.error?.code, 'unauthorized');
  assert.match(r.body.error?.message ?? '', why);
}

void describe("tenants trust only main's identity assertions", () => {
  before(async () => {
    c = await startCluster();
    for (const id of ['asr', 'other']) await c.api.ok('POST', '/api/v1/tenants', { id, name: `Tenant ${id}` });
    await c.api.ok('POST', '/api/v1/tenants/asr/incidents', { name: 'guarded incident' });
    const pki = (f: string) => readFileSync(join(c.mainHome, 'pki', f), 'utf8');
    asMain = mtlsAgent({ caPem: c.caPem, certPem: pki('main-client.pem'), keyPem: pki('main-client.key') });
    mainKey = createPrivateKey(pki('assertion.key'));
  });
  after(async () => {
    await asMain?.close();
    await c?.stop();
  });

  void it('answers a request carrying a valid assertion, once', async () => {
    const token = await assertion();
    const ok = await direct('GET', '/api/v1/incidents/1', token);
    assert.equal(ok.status, 200);
    assert.equal(ok.body['name'], 'guarded incident');
    await refused(token, /replayed/);
  });

  void it('refuses a request without an assertion, even from a peer holding main’s certificate', async () => {
    await refused(undefined, /missing/);
    await refused('not.a.jwt', /malformed/);
  });

  void it('refuses tampered assertions: wrong audience, issuer, expired, too long-lived, foreign key, altered payload', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refused(await assertion({ aud: 'other' }), /not meant for this tenant/);
    await refused(await assertion({ iss: 'someone-else' }), /issuer/);
    await refused(await assertion({ iat: now - 600, exp: now - 540 }), /expired/);
    await refused(await assertion({ iat: now, exp: now + 3600 }), /lifetime/);
    const foreign = generateKeyPairSync('ed25519').privateKey;
    await refused(await assertion({}, foreign), /bad signature/);
    const [h, , s] = (await assertion()).split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ iss: 'palisade-main', aud: 'asr', sub: 'x', iat: now, exp: now + 30, jti: 'a'.repeat(24), perms: ADMIN })).toString('base64url');
    await refused(`${h}.${forgedPayload}.${s}`, /bad signature/);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${forgedPayload}.`;
    await refused(none, /algorithm/);
  });

  void it('enforces the permissions the assertion carries', async () => {
    const readOnly = { incidents: ['read'] };
    const read = await direct('GET', '/api/v1/incidents/1', await assertion({ perms: readOnly }));
    assert.equal(read.status, 200);
    const write = await direct('POST', '/api/v1/incidents', await assertion({ perms: readOnly }), { name: 'should not exist' });
    assert.equal(write.status, 403);
    assert.equal(write.body.error?.code, 'forbidden');
    const none = await direct('GET', '/api/v1/incidents/1', await assertion({ perms: { playbooks: ['admin'] } }));
    assert.equal(none.status, 403);
    const stats = await c.api.ok<{ counts: { count: number }[] }>('GET', '/api/v1/tenants/asr/incidents/stats');
    assert.equal(stats.counts.reduce((n, x) => n + x.count, 0), 1, 'nothing was written');
  });
});
