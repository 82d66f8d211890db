/**
 * One storage contract, run against every engine (test/store/sqlite.test.ts and
 * postgres.test.ts). Whatever a repository or the query compiler relies on is asserted here
 * once, so SQLite and PostgreSQL cannot drift apart without a test failing on one of them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQuery } from '../../src/core/query/index.js';
import { compileIncidentQuery } from '../../src/store/incident-query.js';
import { defineCoreContract, withDb, type OpenStore } from './contract-core.js';
import { byteCompare, defineIncidentContract, NOW, sampleRecords, seed, type Stored } from './contract-incidents.js';
import { defineMainContract } from './contract-main.js';
import { defineContentContract } from './contract-content.js';

export type { OpenStore } from './contract-core.js';

const DAY = 86_400_000;
const day = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const lc = (s: string): string => s.toLowerCase();
/** Words as both full-text engines split plain prose: runs of letters and digits. */
const words = (i: Stored): string[] => lc(`${i.name} ${i.details}`).split(/[^\p{L}\p{N}]+/u);
const field = (i: Stored, key: string): unknown => i.customFields[key];
const text = (i: Stored, key: string): string => {
  const v = field(i, key);
  return typeof v === 'string' || typeof v === 'number' ? lc(String(v)) : '';
};
const num = (i: Stored, key: string): number => {
  const v = field(i, key);
  return typeof v === 'number' ? v : NaN;
};
const label = (i: Stored, value: string, type?: string): boolean =>
  i.labels.some((l) => lc(l.value) === lc(value) && (type === undefined || lc(l.type) === lc(type)));

/**
 * Each query next to what it means, written in plain TypeScript over the stored records.
 * `trivial` marks a query allowed to match nothing or everything in the fixture.
 */
interface OracleQuery {
  q: string;
  expect: (i: Stored) => boolean;
  trivial?: true;
}

const QUERIES: OracleQuery[] = [
  { q: 'type:Phishing', expect: (i) => i.type === 'Phishing' },
  { q: 'type:phishing and severity:>=3', expect: (i) => i.type === 'Phishing' && i.severity >= 3 },
  { q: '-type:Malware', expect: (i) => i.type !== 'Malware' },
  { q: 'type:"Brute Force" or type:"data exfiltration"', expect: (i) => i.type === 'Brute Force' || i.type === 'Data Exfiltration' },
  { q: '(type:Malware or type:Phishing) and not status:done', expect: (i) => (i.type === 'Malware' || i.type === 'Phishing') && i.status !== 'done' },
  { q: 'severity:high', expect: (i) => i.severity === 3 },
  { q: 'severity:>=high', expect: (i) => i.severity >= 3 },
  { q: 'severity:<medium', expect: (i) => i.severity < 2 },
  { q: 'severity:critical or severity:unknown', expect: (i) => i.severity === 4 || i.severity === 0 },
  { q: 'status:active', expect: (i) => i.status === 'active' },
  { q: 'status:closed', expect: (i) => i.status === 'done' },
  { q: 'status:3 or status:Pending', expect: (i) => i.status === 'archive' || i.status === 'pending' },
  { q: 'owner:analyst1 or owner:SOC-LEAD', expect: (i) => i.owner === 'analyst1' || i.owner === 'soc-lead' },
  { q: 'owner:""', expect: (i) => i.owner === '' },
  { q: 'owner:<s -owner:""', expect: (i) => i.owner !== '' && byteCompare(i.owner, 's') < 0 },
  { q: 'id:>100 and id:<=200', expect: (i) => i.id > 100 && i.id <= 200 },
  { q: 'created:>=2026-02-01', expect: (i) => i.created >= day('2026-02-01') },
  { q: 'created:2026-02-10 or created:2026-02-11', expect: (i) => i.created >= day('2026-02-10') && i.created < day('2026-02-12') },
  { q: 'created:>2026-03-01', expect: (i) => i.created >= day('2026-03-02') },
  { q: 'created:<=2026-01-15', expect: (i) => i.created < day('2026-01-16') },
  { q: 'occurred:<2026-01-01', expect: (i) => i.occurred < day('2026-01-01') },
  { q: 'modified:>"7 days ago"', expect: (i) => i.modified > NOW - 7 * DAY },
  { q: 'occurred:>="30 days ago" and occurred:<"2 weeks ago"', expect: (i) => i.occurred >= NOW - 30 * DAY && i.occurred < NOW - 14 * DAY },
  { q: 'created:>=yesterday', expect: (i) => i.created >= day('2026-03-14') },
  { q: 'closed:*', expect: (i) => i.closed !== null },
  { q: '-closed:* and severity:4', expect: (i) => i.closed === null && i.severity === 4 },
  { q: 'closed:>=2026-03-01T00:00:00Z', expect: (i) => i.closed !== null && i.closed >= day('2026-03-01') },
  { q: 'closeReason:"false positive"', expect: (i) => i.closeReason === 'False Positive' },
  { q: 'name:*exfiltration*', expect: (i) => lc(i.name).includes('exfiltration') },
  { q: 'name:malware*', expect: (i) => lc(i.name).startsWith('malware') },
  { q: 'name:>Malware', expect: (i) => byteCompare(i.name, 'Malware') > 0 },
  { q: 'details:*gateway*', expect: (i) => lc(i.details).includes('gateway') },
  { q: 'phishing', expect: (i) => words(i).includes('phishing') },
  { q: 'phish*', expect: (i) => words(i).some((w) => w.startsWith('phish')) },
  { q: 'beacon or emotet', expect: (i) => words(i).includes('beacon') || words(i).includes('emotet') },
  { q: 'vpn gateway', expect: (i) => words(i).includes('vpn') && words(i).includes('gateway') },
  // Words joined by punctuation are separate words on both engines (PostgreSQL's parser alone would keep `k.muller` whole).
  { q: 'k.muller', expect: (i) => words(i).includes('k') && words(i).includes('muller') },
  { q: 'acme-00042 or "ACME-00100"', expect: (i) => i.name.endsWith('[ACME-00042]') || i.name.endsWith('[ACME-00100]') },
  { q: 'harvesting severity:4', expect: (i) => words(i).includes('harvesting') && i.severity === 4 },
  { q: 'label:edr', expect: (i) => label(i, 'edr') },
  { q: 'label.Instance:vpn', expect: (i) => label(i, 'vpn', 'Instance') },
  { q: 'label.brand:"palo alto" -label:dlp', expect: (i) => label(i, 'Palo Alto', 'Brand') && !label(i, 'dlp') },
  { q: 'customFields.failedlogins:>1000', expect: (i) => num(i, 'failedlogins') > 1000 },
  { q: 'failedlogins:<=100 or customFields.bytesout:>10000000000', expect: (i) => num(i, 'failedlogins') <= 100 || num(i, 'bytesout') > 1e10 },
  { q: 'malwarefamily:EMOTET', expect: (i) => text(i, 'malwarefamily') === 'emotet' },
  { q: 'customFields.malwarefamily:*strike*', expect: (i) => text(i, 'malwarefamily').includes('strike') },
  { q: 'devicename:"srv-db-02"', expect: (i) => text(i, 'devicename') === 'srv-db-02' },
  { q: '-sourceip:*', expect: (i) => text(i, 'sourceip') === '' },
  { q: 'emailsubject:"Invoice overdue" or emailsubject:"payroll update"', expect: (i) => ['invoice overdue', 'payroll update'].includes(text(i, 'emailsubject')) },
  { q: 'customFields.missing:x', expect: () => false, trivial: true },
  { q: 'not (status:done or status:archive) and (label:vpn or label:edr) and severity:>low', expect: (i) => !['done', 'archive'].includes(i.status) && (label(i, 'vpn') || label(i, 'edr')) && i.severity > 1 },
];

/** Runs every query on this engine and compares the ids it returns with the oracle's. */
function defineQueryContract(open: OpenStore): void {
  void describe('query compiler on this engine', () => {
    void it(`returns exactly the oracle's incidents for ${QUERIES.length + 1} queries`, (t) =>
      withDb(open, async (db) => {
        const { repo, stored } = await seed(db, sampleRecords(300));
        // An IP address of the fixture, searched as free text: its numbers are words of their own.
        const ip = stored.map((i) => i.customFields['sourceip']).find((v): v is string => typeof v === 'string') ?? '';
        const ipQuery: OracleQuery = { q: ip, expect: (i: Stored) => ip.split('.').every((part) => words(i).includes(part)) };
        for (const { q, expect, trivial } of [...QUERIES, ipQuery]) {
          await t.test(q, async () => {
            const expected = stored.filter(expect).map((i) => i.id);
            // A query matching nothing or everything would prove little about its semantics.
            if (!trivial) assert.ok(expected.length > 0 && expected.length < stored.length, `oracle matches ${expected.length}`);
            const where = compileIncidentQuery(parseQuery(q), db.dialect, new Date(NOW));
            const found = await repo.search({ where, sort: { field: 'id', order: 'asc' }, limit: 10_000 });
            assert.deepEqual(found.map((i) => i.id), expected);
            assert.equal(await repo.count(where), expected.length);
          });
        }
      }));
  });
}

/**
 * Registers the whole contract for one engine. `open` must return a new, empty database
 * each time: every test opens its own and cleans it up.
 */
export function defineStoreContract(name: string, open: OpenStore): void {
  void describe(`storage contract: ${name}`, () => {
    defineCoreContract(open);
    defineIncidentContract(open);
    defineQueryContract(open);
    defineMainContract(open);
    defineContentContract(open);
  });
}
