/**
 * `extractIndicators` (a server built-in in XSOAR): finds indicators in text and returns them by
 * type, as XSOAR does — a JSON entry whose `Contents` is the JSON text of
 * `{"<Type>": [values…]}` (scripts `json.loads(res[0]['Contents'])`), and the same object
 * merged into the context under `ExtractedIndicators` (so `${ExtractedIndicators.IP}` lists the
 * IPs; a second run appends a second object, as XSOAR's EntryContext merge does).
 *
 * Types (keys sorted, as the Go server writes a map): `CVE`, `Domain`, `Email`, `File` (MD5,
 * SHA-1, SHA-256 and SHA-512 hashes, as XSOAR's `File` type), `IP` (IPv4), `IPv6`, `URL`. Each
 * list is de-duplicated (exact text) and in order of first appearance; types with nothing found
 * are left out, and when nothing at all is found the context is not touched.
 *
 * Rules where XSOAR's server regexes are not public (ours):
 * - Defanged text is refanged first: `[.]` `(.)` `{.}` `[dot]` → `.`, `[@]` `[at]` → `@`,
 *   `[:]` → `:`, `[://]` → `://`, `hxxp` → `http`; values are reported refanged.
 * - URL: `http(s)`, `ftp(s)`, `sftp` with `://`, up to whitespace or `"'<>` and similar; trailing
 *   punctuation (and an unbalanced closing bracket) is dropped; the host must be a domain (as
 *   below), an IPv4 address, `localhost` or a bracketed IPv6 address. Scheme-less `www.…`
 *   texts are domains, not URLs.
 * - Domain: dot-separated labels (letters, digits, inner hyphens, ≤ 63 each, ≤ 253 in all) whose
 *   last label is a known TLD (all country codes, the classic and the common new generic
 *   TLDs, `xn--…`). Hosts of URLs and e-mail addresses are domains too; a name directly before
 *   `@` (an e-mail's local part), after a single `/` or a `\` (a path), or touching `_` is not.
 *   So `invoice.zip` or `setup.py` are domains, as `.zip` and `.py` are TLDs.
 * - Email: `local@domain` with a local part of letters, digits and `._%+-` (≤ 64) and a domain
 *   as above.
 * - IP: four dot-separated numbers 0–255 not inside a longer dotted number (`1.2.3.4.5` is a
 *   version, not an IP). IPv6: full, compressed (`::`) or IPv4-tailed forms with at least two
 *   non-empty groups, not touching letters, digits or `_`.
 * - File: a run of 32, 40, 64 or 128 hexadecimal digits standing alone as a word.
 * - CVE: `CVE-YYYY-NNNN…` (4–7 digits), reported upper-case.
 *
 * ReDoS: every pattern here is a constant whose matching is linear in the text (fixed or
 * bounded repetitions, or a single greedy class with nothing after it); the finer checks are
 * code. The text is capped at `MAX_TEXT_LENGTH` characters: beyond it only the first part is
 * scanned, cut at the last whitespace before the cap so that no indicator is cut in two, and a
 * second note entry says so (the first entry stays the JSON one).
 */
import { ENTRY_TYPES, type Entry, FORMATS, errorEntry } from '../../../core/playbook/entries.js';
import { toText } from '../../../core/playbook/dt/index.js';
import type { BuiltinCall, BuiltinResult } from './types.js';

/** Characters of text scanned (1 MiB of UTF-16 code units). */
export const MAX_TEXT_LENGTH = 1 << 20;
/** How far back from the cap a whitespace is looked for to cut the text cleanly. */
const CUT_WINDOW = 4096;

export type IndicatorType = 'CVE' | 'Domain' | 'Email' | 'File' | 'IP' | 'IPv6' | 'URL';
export type ExtractedIndicators = Partial<Record<IndicatorType, string[]>>;

const TYPES: readonly IndicatorType[] = ['CVE', 'Domain', 'Email', 'File', 'IP', 'IPv6', 'URL'];

const CC_TLDS =
  'ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz ca cc cd cf cg ch ci ck cl ' +
  'cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt ' +
  'gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ' +
  'ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm ' +
  'pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to ' +
  'tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw';
const GENERIC_TLDS =
  'com net org edu gov mil int arpa info biz name pro aero asia cat coop jobs mobi museum post tel travel xxx ' +
  'academy agency app art bar best bid bio blog blue bond buzz cafe capital care center cfd chat city click cloud club codes ' +
  'college company consulting cool credit cyou date dating design dev digital download email energy engineering estate events ' +
  'exchange expert faith finance fit fun fund games gdn global gold group guru health help host icu inc institute investments ' +
  'kim land law life link live loan lol ltd management market marketing media men money monster network news ninja one online ' +
  'page party photo pics pink plus press pw quest racing red rest review rocks run sbs school science services shop site social ' +
  'software solutions space store stream studio support systems team tech today top trade training tube uno vip webcam website ' +
  'wiki win work works world wtf xyz zip zone mov foo google microsoft amazon apple';
const TLDS = new Set(`${CC_TLDS} ${GENERIC_TLDS}`.split(' '));

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const ALPHA_TLD = /^[A-Za-z]{2,63}$/;
const PUNY_TLD = /^xn--[A-Za-z0-9-]{1,59}$/;

/** A host name with a known top-level domain. */
export function isDomain(name: string): boolean {
  if (name.length > 253) return false;
  const labels = name.split('.');
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1] ?? '';
  if (!(ALPHA_TLD.test(tld) && TLDS.has(tld.toLowerCase())) && !PUNY_TLD.test(tld)) return false;
  return labels.every((l) => LABEL.test(l));
}

function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

function isIPv6(text: string): boolean {
  if (text.length > 45 || !text.includes(':')) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  let count = groups.length;
  for (const [i, g] of groups.entries()) {
    if (HEX_GROUP.test(g)) continue;
    // An IPv4 address may end the address, standing for two groups.
    if (i !== groups.length - 1 || !isIPv4(g) || !text.endsWith(g)) return false;
    count++;
  }
  if (groups.length < 2) return false;
  return halves.length === 1 ? count === 8 : count <= 7;
}

// ---------------------------------------------------------------------------------------------

const REFANG = /\[\.\]|\(\.\)|\{\.\}|\[dot\]|\[@\]|\[at\]|\[:\/\/\]|\[:\]|\bhxxp/gi;

function refang(text: string): string {
  return text.replace(REFANG, (m) => {
    const t = m.toLowerCase();
    if (t === 'hxxp') return 'http';
    if (t === '[@]' || t === '[at]') return '@';
    if (t === '[://]') return '://';
    if (t === '[:]') return ':';
    return '.';
  });
}

const URL_RE = /\b(?:https?|ftps?|sftp):\/\/[^\s"'<>`{}|\\^]+/gi;
const TRAILING = '.,;:!?\'")]>';

function count(text: string, c: string): number {
  let n = 0;
  for (let i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) n++;
  return n;
}

/** `url` without trailing punctuation; a closing bracket stays when it closes one in the URL. */
function trimUrl(url: string): string {
  const opens: Record<string, number> = { ')': count(url, '('), ']': count(url, '[') };
  const closes: Record<string, number> = { ')': count(url, ')'), ']': count(url, ']') };
  let end = url.length;
  while (end > 0) {
    const c = url[end - 1] ?? '';
    if (!TRAILING.includes(c)) break;
    const open = opens[c];
    const close = closes[c];
    if (open !== undefined && close !== undefined) {
      if (open >= close) break;
      closes[c] = close - 1;
    }
    end--;
  }
  return url.slice(0, end);
}

function urlHostOk(url: string): boolean {
  const rest = url.slice(url.indexOf('://') + 3);
  let authority = rest.split(/[/?#]/, 1)[0] ?? '';
  authority = authority.slice(authority.lastIndexOf('@') + 1);
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    return close > 0 && isIPv6(authority.slice(1, close)) && /^(?::\d{1,5})?$/.test(authority.slice(close + 1));
  }
  const host = authority.replace(/:\d{1,5}$/, '');
  return host.toLowerCase() === 'localhost' || isIPv4(host) || isDomain(host);
}

const NAME_RUN = /[A-Za-z0-9.-]+/g;
const IPV4_RE = /(?<![0-9.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9]|\.[0-9])/g;
const IPV6_RUN = /[0-9A-Fa-f:.]+/g;
const WORD_RUN = /[0-9A-Za-z_]+/g;
const CVE_RE = /\bCVE-\d{4}-\d{4,7}\b/gi;
const HASH_LENGTHS = new Set([32, 40, 64, 128]);
const HEX = /^[0-9a-fA-F]+$/;
const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;
const WORD_CHAR = /[A-Za-z0-9_]/;

function domains(text: string, add: (v: string) => void): void {
  for (const m of text.matchAll(NAME_RUN)) {
    let start = m.index;
    let end = start + m[0].length;
    while (start < end && (text[start] === '.' || text[start] === '-')) start++;
    while (end > start && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    if (start === end) continue;
    const before = m.index > 0 ? (text[m.index - 1] ?? '') : '';
    const after = text[m.index + m[0].length] ?? '';
    if (after === '@' && end === m.index + m[0].length) continue;
    if (before === '_' || after === '_' || before === '\\') continue;
    if (before === '/' && text[m.index - 2] !== '/') continue;
    const name = text.slice(start, end);
    if (isDomain(name)) add(name);
  }
}

function emails(text: string, add: (v: string) => void): void {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let i = at;
    while (i > 0 && at - i < 64 && LOCAL_CHAR.test(text[i - 1] ?? '')) i--;
    if (i > 0 && LOCAL_CHAR.test(text[i - 1] ?? '')) continue;
    if (text[i - 1] === '/') continue;
    while (i < at && text[i] === '.') i++;
    const local = text.slice(i, at);
    if (local === '' || local.endsWith('.')) continue;
    let j = at + 1;
    while (j < text.length && j - at <= 253 && DOMAIN_CHAR.test(text[j] ?? '')) j++;
    if (DOMAIN_CHAR.test(text[j] ?? '')) continue;
    let domain = text.slice(at + 1, j);
    domain = domain.replace(/[.-]+$/, '');
    if (isDomain(domain)) add(`${local}@${domain}`);
  }
}

function ipv6s(text: string, add: (v: string) => void): void {
  for (const m of text.matchAll(IPV6_RUN)) {
    const run = m[0].replace(/\.+$/, '');
    if (!run.includes(':') || run.length > 45) continue;
    const before = m.index > 0 ? (text[m.index - 1] ?? '') : '';
    const after = text[m.index + m[0].length] ?? '';
    if (WORD_CHAR.test(before) || WORD_CHAR.test(after)) continue;
    if (isIPv6(run)) add(run);
  }
}

/** The indicators in `text` (which should be at most `MAX_TEXT_LENGTH` long), by type. */
export function extractIndicators(input: string): ExtractedIndicators {
  const text = refang(input);
  const found = new Map<IndicatorType, Set<string>>(TYPES.map((t) => [t, new Set<string>()]));
  const adder = (type: IndicatorType) => (value: string): void => {
    found.get(type)?.add(value);
  };
  for (const m of text.matchAll(CVE_RE)) adder('CVE')(m[0].toUpperCase());
  domains(text, adder('Domain'));
  emails(text, adder('Email'));
  for (const m of text.matchAll(WORD_RUN)) if (HASH_LENGTHS.has(m[0].length) && HEX.test(m[0])) adder('File')(m[0]);
  for (const m of text.matchAll(IPV4_RE)) if (isIPv4(m[0])) adder('IP')(m[0]);
  ipv6s(text, adder('IPv6'));
  for (const m of text.matchAll(URL_RE)) {
    const url = trimUrl(m[0]);
    if (urlHostOk(url)) adder('URL')(url);
  }
  const out: ExtractedIndicators = {};
  for (const type of TYPES) {
    const values = found.get(type);
    if (values && values.size > 0) out[type] = [...values];
  }
  return out;
}

/** `text` cut to the cap, at the last whitespace before it when there is one near. */
function capped(text: string): string {
  if (text.length <= MAX_TEXT_LENGTH) return text;
  // The character at the cap belongs to the text too: cutting before a non-space there could
  // cut an indicator in two.
  for (let i = MAX_TEXT_LENGTH; i >= MAX_TEXT_LENGTH - CUT_WINDOW; i--) {
    if (/\s/.test(text[i] ?? '')) return text.slice(0, i);
  }
  return text.slice(0, MAX_TEXT_LENGTH);
}

function textOf(value: unknown): string {
  if (Array.isArray(value)) return (value as unknown[]).map((v) => toText(v)).join('\n');
  return toText(value);
}

/** `extractIndicators text=…`. */
export function extractIndicatorsScript(call: BuiltinCall): BuiltinResult {
  const value = Object.hasOwn(call.args, 'text') ? call.args['text'] : undefined;
  if (value === undefined || value === null || value === '') {
    return { entries: [errorEntry('extractIndicators: the "text" argument is required')] };
  }
  const text = textOf(value);
  const scanned = capped(text);
  const indicators = extractIndicators(scanned);
  const entries: Entry[] = [{ Type: ENTRY_TYPES.note, ContentsFormat: FORMATS.json, Contents: JSON.stringify(indicators) }];
  if (scanned.length < text.length) {
    entries.push({
      Type: ENTRY_TYPES.note,
      ContentsFormat: FORMATS.text,
      Contents: `extractIndicators: the text has ${text.length} characters; only the first ${scanned.length} were scanned.`,
    });
  }
  if (Object.keys(indicators).length === 0) return { entries };
  return { entries, context: [{ op: 'merge', entryContext: { ExtractedIndicators: indicators } }] };
}
