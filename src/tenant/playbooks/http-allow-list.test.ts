import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../core/errors.js';
import { HttpAllowList } from './http-allow-list.js';

const refused = (fn: () => unknown, code: string): void => assert.throws(fn, (e: unknown) => e instanceof AppError && e.code === code);

void test('nothing goes out while the list is empty', () => {
  refused(() => new HttpAllowList().check('https://api.example.com/'), 'forbidden');
});

void test('a URL prefix admits whole path segments of its origin only', () => {
  const l = new HttpAllowList();
  l.set(['https://api.example.com/v1']);
  assert.equal(l.check('https://api.example.com/v1/items?x=1').pathname, '/v1/items');
  assert.ok(l.check('https://api.example.com/v1'));
  refused(() => l.check('https://api.example.com/v10/items'), 'forbidden');
  refused(() => l.check('http://api.example.com/v1/items'), 'forbidden');
  refused(() => l.check('https://api.example.com:8443/v1/items'), 'forbidden');
  refused(() => l.check('https://api.example.com.evil.test/v1/items'), 'forbidden');
});

void test('a host pattern admits the host or its subdomains, on a port when one is named', () => {
  const l = new HttpAllowList();
  l.set(['*.example.com', 'feeds.example.org:8443']);
  assert.ok(l.check('https://a.b.example.com/x'));
  refused(() => l.check('https://example.com/x'), 'forbidden');
  refused(() => l.check('https://badexample.com/x'), 'forbidden');
  assert.ok(l.check('https://feeds.example.org:8443/'));
  refused(() => l.check('https://feeds.example.org/'), 'forbidden');
});

void test('refuses entries that would admit too much, and URLs that are not http(s) or carry credentials', () => {
  const l = new HttpAllowList();
  for (const bad of ['*', '', 'https://user:pw@example.com/', '*.', 'exa mple.com', 'x'.repeat(600)]) refused(() => l.set([bad]), 'invalid_request');
  l.set(['example.com']);
  refused(() => l.check('file:///etc/passwd'), 'invalid_request');
  refused(() => l.check('https://u:p@example.com/'), 'invalid_request');
  refused(() => l.check('not a url'), 'invalid_request');
});
