import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { jwtVerify } from 'jose';
import { AppError } from '../core/errors.js';
import { parsePermissions } from '../core/rbac.js';
import { AssertionSigner, generateAssertionKeys } from './assertion-sign.js';
import { AssertionVerifier } from './assertion-verify.js';

const keys = generateAssertionKeys();
const permissions = parsePermissions({ incidents: ['write'], contentSync: true });
const claims = { subject: 'u-1', name: 'ana', tenant: 'acme', permissions };

void describe('identity assertions', () => {
  void it('are standard EdDSA JWTs that a JOSE library verifies', async () => {
    const token = await new AssertionSigner(keys.privatePem).sign(claims);
    const { payload, protectedHeader } = await jwtVerify(token, createPublicKey(keys.publicPem), { issuer: 'palisade-main', audience: 'acme' });
    assert.equal(protectedHeader.alg, 'EdDSA');
    assert.equal(payload.sub, 'u-1');
    assert.ok(payload.exp! - payload.iat! <= 60);
    assert.deepEqual(payload['perms'], { incidents: ['read', 'write'], contentSync: true });
  });

  void it('verify once for the right tenant, with the permissions they carry', async () => {
    const verifier = new AssertionVerifier('acme', keys.publicPem);
    const token = await new AssertionSigner(keys.privatePem).sign(claims);
    const asserted = verifier.verify(token);
    assert.deepEqual(asserted.permissions, permissions);
    assert.equal(asserted.name, 'ana');
    assert.throws(() => verifier.verify(token), (e: unknown) => e instanceof AppError && /replayed/.test(e.message));
    assert.throws(() => new AssertionVerifier('globex', keys.publicPem).verify(token), /not meant for this tenant/);
    assert.throws(() => new AssertionVerifier('acme', generateAssertionKeys().publicPem).verify(token), /bad signature/);
    assert.throws(() => new AssertionVerifier('acme', undefined).verify(token), /no key/);
  });

  void it("carry the client's address when main gives one", async () => {
    const verifier = new AssertionVerifier('acme', keys.publicPem);
    const signer = new AssertionSigner(keys.privatePem);
    assert.equal(verifier.verify(await signer.sign({ ...claims, address: '192.0.2.7' })).address, '192.0.2.7');
    assert.equal(verifier.verify(await signer.sign(claims)).address, undefined);
  });

  void it('expire: an assertion from two minutes ago is refused', async () => {
    const old = await new AssertionSigner(keys.privatePem, 30, () => Math.floor(Date.now() / 1000) - 120).sign(claims);
    assert.throws(() => new AssertionVerifier('acme', keys.publicPem).verify(old), /expired/);
  });
});
