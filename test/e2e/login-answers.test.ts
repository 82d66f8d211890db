import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { startCluster, type Cluster } from '../support/cluster.js';

let c: Cluster;
const PASSWORD = 'a long enough passphrase';
type Err = { error: { code: string; message: string } };

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * A failed login must not tell whether the account exists: not in its status, its body, nor
 * in how long it takes (both paths verify an argon2id hash). The bound is loose on purpose:
 * it separates "hashed" from "answered at once" (a 50–100× gap), not one run from another.
 */
void describe('failed logins tell nothing', () => {
  before(async () => {
    c = await startCluster();
    for (let i = 0; i < 4; i++) await c.api.ok('POST', '/api/v1/users', { username: `real${i}`, password: PASSWORD });
  });
  after(async () => c?.stop());

  void it('answers an unknown user and a wrong password alike, in the same time class', async () => {
    const attempt = async (username: string) => {
      const t = performance.now();
      const r = await c.api.call<Err>('POST', '/api/v1/auth/login', { username, password: 'not the password at all' });
      return { ms: performance.now() - t, status: r.status, body: JSON.stringify(r.body) };
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, two per account (the lock needs five), so load on the machine hits both alike.
    for (let i = 0; i < 8; i++) {
      const k = await attempt(`real${i % 4}`);
      const u = await attempt(`ghost${i}`);
      assert.deepEqual([k.status, k.body], [u.status, u.body]);
      assert.equal(k.status, 401);
      known.push(k.ms);
      unknown.push(u.ms);
    }
    const ratio = median(known) / median(unknown);
    assert.ok(ratio > 0.33 && ratio < 3, `median ${median(known).toFixed(1)} ms for a wrong password, ${median(unknown).toFixed(1)} ms for nobody`);
  });

  void it('answers a malformed token 401 and a missing permission 403 naming it', async () => {
    for (const authorization of ['Bearer', 'Basic YWRtaW46YWRtaW4=', 'Bearer pls_nottoken', 'Bearer pak_nokey', 'bearer  ']) {
      const r = await c.api.call<Err>('GET', '/api/v1/me', undefined, { authorization });
      assert.equal(r.status, 401, authorization);
      assert.equal(r.body.error.code, 'unauthorized');
    }
    const { token } = await c.api.ok<{ token: string }>('POST', '/api/v1/auth/login', { username: 'real0', password: PASSWORD });
    const r = await c.api.call<Err>('GET', '/api/v1/users', undefined, { authorization: `Bearer ${token}` });
    assert.equal(r.status, 403);
    assert.equal(r.body.error.message, 'read on users is not permitted');
  });
});
