import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { SecretBox } from './secret-box.js';

void test('a sealed secret opens with the same key and context only, and never shows the plain text', () => {
  const box = new SecretBox(randomBytes(32));
  const sealed = box.seal('bind-pass-123', 'directory.bindPassword');
  assert.doesNotMatch(sealed, /bind-pass/);
  assert.notEqual(sealed, box.seal('bind-pass-123', 'directory.bindPassword'), 'a fresh nonce each time');
  assert.equal(box.open(sealed, 'directory.bindPassword'), 'bind-pass-123');
  assert.throws(() => box.open(sealed, 'other.setting'), 'the context is authenticated');
  assert.throws(() => new SecretBox(randomBytes(32)).open(sealed, 'directory.bindPassword'), 'another key fails');
  const [v, iv, tag, body] = sealed.split('.');
  const flipped = Buffer.from(body!, 'base64url');
  flipped[0] = flipped[0]! ^ 1;
  assert.throws(() => box.open([v, iv, tag, flipped.toString('base64url')].join('.'), 'directory.bindPassword'), 'tampering fails');
  assert.throws(() => box.open('garbage', 'directory.bindPassword'));
  assert.throws(() => new SecretBox(randomBytes(16)));
});
