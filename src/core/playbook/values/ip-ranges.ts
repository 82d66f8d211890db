/**
 * IP addresses and CIDR ranges for the `IPv4Whitelist` / `IPv4Blacklist` transformers, which
 * are netaddr in XSOAR (`IPAddress(ip) in IPNetwork(cidr)`). What is kept from netaddr:
 * - an address is IPv4 dotted-quad or IPv6 text; an IPv6 address is never inside an IPv4 range
 *   (nor the reverse), it is not an error;
 * - a range is `address/prefix` or a bare address (a range of one); host bits after the prefix
 *   are ignored (`10.1.2.3/8` is `10.0.0.0/8`), as netaddr does.
 * Stricter than netaddr, on purpose: IPv4 must be four decimal parts without leading zeros
 * (netaddr's older `inet_aton` reading of `010.1` as octal or `10.1` as `10.0.0.1` depends on
 * its version), and netmask forms (`10.0.0.0/255.0.0.0`) are refused. Anything else that does
 * not parse is an error, as `AddrFormatError` fails the script.
 */
import { OperatorError } from '../operators/index.js';

export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

export interface IpRange {
  readonly version: 4 | 6;
  /** The network address: the first address, host bits cleared. */
  readonly network: bigint;
  readonly prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEXTET = /^[0-9A-Fa-f]{1,4}$/;

function parseIPv4(text: string): bigint | undefined {
  const m = IPV4.exec(text);
  if (!m) return undefined;
  return m.slice(1).reduce((acc, part) => (acc << 8n) | BigInt(part), 0n);
}

/** The 8 hextets of an IPv6 address (one `::` at most, an IPv4 tail allowed); no zone ids. */
function parseIPv6(text: string): bigint | undefined {
  if (text.length > 45 || !text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  // An IPv4 tail (`::ffff:1.2.3.4`) stands for the last two hextets.
  const ending = halves.length === 2 ? tail : head;
  let v4: bigint | undefined;
  if (ending.at(-1)?.includes('.') === true) {
    v4 = parseIPv4(ending.pop() ?? '');
    if (v4 === undefined) return undefined;
  }
  const width = v4 === undefined ? 8 : 6;
  const count = head.length + tail.length;
  if (halves.length === 1 ? count !== width : count >= width) return undefined;
  const hextets = [...head, ...Array<string>(width - count).fill('0'), ...tail];
  if (!hextets.every((g) => HEXTET.test(g))) return undefined;
  const value = hextets.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  return v4 === undefined ? value : (value << 32n) | v4;
}

/** An IPv4 or IPv6 address, or undefined when `text` is neither. */
export function parseIp(text: string): IpAddress | undefined {
  const t = text.trim();
  const v4 = parseIPv4(t);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIPv6(t);
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

/** A CIDR range, or an `OperatorError` naming `operator` when it does not parse. */
export function parseRange(operator: string, text: string): IpRange {
  const t = text.trim();
  const slash = t.indexOf('/');
  const ip = parseIp(slash < 0 ? t : t.slice(0, slash));
  const prefixText = slash < 0 ? undefined : t.slice(slash + 1);
  const bits = ip === undefined ? 0 : BITS[ip.version];
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (ip === undefined || !(prefix >= 0 && prefix <= bits)) {
    throw new OperatorError(operator, `invalid CIDR range ${JSON.stringify(t.length > 60 ? `${t.slice(0, 57)}...` : t)}`);
  }
  return { version: ip.version, network: network(ip.value, bits, prefix), prefix };
}

function network(value: bigint, bits: number, prefix: number): bigint {
  const host = BigInt(bits - prefix);
  return (value >> host) << host;
}

export function inRange(ip: IpAddress, range: IpRange): boolean {
  return ip.version === range.version && network(ip.value, BITS[ip.version], range.prefix) === range.network;
}
