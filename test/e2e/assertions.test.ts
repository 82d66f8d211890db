import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AsMain, type Claims, type DirectReply } from '../support/as-main.js';
import { startCluster, type Cluster } from '../support/cluster.js';

let c: Cluster;
let asMain: AsMain;
const ADMIN = { incidents: ['admin'] };

/** An assertion for tenant asr with administrator rights on incidents, unless told otherwise. */
const assertion = (o: Partial<Claims> = {}): Promise<string> => asMain.assertion({ aud: 'asr', perms: ADMIN, ...o });

/** Straight at tenant asr through its host, as main would call it, with the given assertion. */
const direct = (method: string, path: string, token: string | undefined, body?: unknown): Promise<DirectReply> => asMain.call('asr', method, path, { token, body });

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
    asMain = new AsMain(c);
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
    await refused(await assertion({ key: foreign }), /bad signature/);
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
