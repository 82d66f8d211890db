import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OperatorError } from '../operators/index.js';
import { inRange, parseIp, parseRange } from './ip-ranges.js';

void test('parseIp: dotted-quad IPv4 and IPv6 text; anything else is not an address', () => {
  assert.deepEqual(parseIp('10.0.0.1'), { version: 4, value: 0x0a000001n });
  assert.deepEqual(parseIp(' 255.255.255.255 '), { version: 4, value: 0xffffffffn });
  assert.deepEqual(parseIp('0.0.0.0'), { version: 4, value: 0n });
  for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.-4', 'a.b.c.d', '1.2.3.4/8', '10.1']) {
    assert.equal(parseIp(bad), undefined, bad);
  }
  assert.deepEqual(parseIp('::'), { version: 6, value: 0n });
  assert.deepEqual(parseIp('::1'), { version: 6, value: 1n });
  assert.deepEqual(parseIp('2001:db8::1'), { version: 6, value: (0x20010db8n << 96n) | 1n });
  assert.deepEqual(parseIp('2001:DB8:0:0:0:0:0:1'), parseIp('2001:db8::1'));
  assert.deepEqual(parseIp('fe80::'), { version: 6, value: 0xfe80n << 112n });
  assert.deepEqual(parseIp('::ffff:1.2.3.4'), { version: 6, value: (0xffffn << 32n) | 0x01020304n });
  assert.deepEqual(parseIp('0:0:0:0:0:ffff:1.2.3.4'), parseIp('::ffff:1.2.3.4'));
  for (const bad of [':', ':::', '1::2::3', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1', '1.2.3.4::', '::1.2.3', 'fe80::1%eth0', ':1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8::']) {
    assert.equal(parseIp(bad), undefined, bad);
  }
});

void test('parseRange and inRange: prefix ranges, bare addresses, host bits ignored', () => {
  const r = parseRange('op', '192.168.10.77/16');
  assert.deepEqual(r, { version: 4, network: 0xc0a80000n, prefix: 16 });
  const has = (range: string, ip: string): boolean => {
    const a = parseIp(ip);
    assert.ok(a, ip);
    return inRange(a, parseRange('op', range));
  };
  assert.equal(has('192.168.0.0/16', '192.168.255.255'), true);
  assert.equal(has('192.168.0.0/16', '192.169.0.0'), false);
  assert.equal(has('10.0.0.0/31', '10.0.0.1'), true);
  assert.equal(has('10.0.0.0/31', '10.0.0.2'), false);
  assert.equal(has('8.8.8.8', '8.8.8.8'), true);
  assert.equal(has('8.8.8.8/32', '8.8.8.9'), false);
  assert.equal(has('0.0.0.0/0', '203.0.113.9'), true);
  assert.equal(has('::/0', '203.0.113.9'), false, 'an IPv4 address is never in an IPv6 range');
  assert.equal(has('0.0.0.0/0', '::1'), false, 'nor the reverse');
  assert.equal(has('2001:db8::/32', '2001:db8:ffff::1'), true);
  assert.equal(has('2001:db8::/32', '2001:db9::'), false);
  assert.equal(has('::1', '::1'), true);
  for (const bad of ['10.0.0.0/', '10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/8/8', '10.0.0.0/255.0.0.0', '2001:db8::/129', 'x/8', '']) {
    assert.throws(() => parseRange('IPv4Whitelist', bad), (e: unknown) => e instanceof OperatorError && /^IPv4Whitelist: invalid CIDR range/.test(e.message), bad);
  }
});

void test('IPv4-mapped IPv6 addresses are IPv6, as in netaddr: not inside IPv4 ranges', () => {
  const mapped = parseIp('::ffff:10.0.0.1');
  assert.ok(mapped);
  assert.equal(mapped.version, 6);
  assert.equal(inRange(mapped, parseRange('op', '10.0.0.0/8')), false);
  assert.equal(inRange(mapped, parseRange('op', '::ffff:0:0/96')), true);
  assert.equal(inRange(mapped, parseRange('op', '::/0')), true);
});
