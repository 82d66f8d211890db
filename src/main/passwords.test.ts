import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { hashPassword, needsRehash, verifyPassword } from './passwords.js';

void describe('password hashing', () => {
  void it('hashes with argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    assert.match(stored, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.notEqual(stored, await hashPassword('correct horse battery staple'), 'salted');
    assert.equal(await verifyPassword('correct horse battery staple', stored), true);
    assert.equal(await verifyPassword('correct horse battery stapler', stored), false);
    assert.equal(needsRehash(stored), false);
  });

  void it('still verifies scrypt hashes written before argon2id, and asks for a rehash', async () => {
    const salt = randomBytes(16);
    const key = scryptSync('old secret', salt, 32, { N: 16384, r: 8, p: 1 });
    const legacy = `scrypt$16384$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    assert.equal(await verifyPassword('old secret', legacy), true);
    assert.equal(await verifyPassword('new secret', legacy), false);
    assert.equal(needsRehash(legacy), true);
  });

  void it('refuses malformed stored hashes instead of throwing', async () => {
    for (const stored of ['', 'plain', 'scrypt$', '$argon2id$garbage', 'scrypt$1$1$1$x$y']) {
      assert.equal(await verifyPassword('x', stored), false, stored);
    }
  });
});
