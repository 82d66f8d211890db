import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleIncidents } from '../src/core/sample-incidents.js';
import { startCluster } from '../test/support/cluster.js';
import { INSERT_COLUMNS, bareInserter, fmt, latency, mark, openBare, pool, postBatch, printTable, procCpuSeconds, round, since, toRow, type Latency } from './util.js';

/**
 * Ingest: 50,000 incidents in batches of 1,000 through main → host → tenant, with 1 and with
 * 4 requests in flight, against the same rows inserted into a bare SQLite file with the
 * tenant's schema (one transaction per 1,000 rows, as the tenant does per request).
 */

const TOTAL = 50_000;
const BATCH = 1_000;
const TARGET_RATE = 20_000;
const TARGET_RATIO = 0.3;

interface ApiRun {
  inFlight: number;
  incidentsPerSec: number;
  seconds: number;
  ratioToBare: number;
  batchMs: Latency;
  stored: number;
  /** CPU seconds each process used during the run: where the time goes. */
  cpuSeconds: { main: number | null; host: number | null; tenant: number | null };
  ok: boolean;
}

export interface IngestResult {
  incidents: number;
  batch: number;
  bare: { rowsPerSec: number; seconds: number; cpuSeconds: number; batchMs: Latency };
  api: ApiRun[];
  targets: { incidentsPerSec: number; ratioToBare: number };
  ok: boolean;
}

/** The same rows, inserted with a prepared INSERT, one transaction per batch; conversion is timed too. */
function bareIngest(batches: Parameters<typeof toRow>[0][][]): IngestResult['bare'] {
  const dir = mkdtempSync(join(tmpdir(), 'palisade-bench-ingest-'));
  try {
    const db = openBare(join(dir, 'tenant.db'));
    const many = bareInserter(db, INSERT_COLUMNS);
    const perBatch: number[] = [];
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (const batch of batches) {
      const t = performance.now();
      const now = Date.now();
      many(batch.map((input) => toRow(input, now)));
      perBatch.push(since(t));
    }
    const seconds = since(start) / 1000;
    const used = process.cpuUsage(cpu);
    const stored = (db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n;
    if (stored !== TOTAL) throw new Error(`bare database holds ${stored} rows, expected ${TOTAL}`);
    db.close();
    return { rowsPerSec: Math.round(TOTAL / seconds), seconds: round(seconds, 2), cpuSeconds: round((used.user + used.system) / 1e6, 2), batchMs: latency(perBatch) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runIngest(): Promise<IngestResult> {
  // Outside every timing: generation and serialization.
  const incidents = sampleIncidents('bench', TOTAL, Date.now());
  const batches = Array.from({ length: TOTAL / BATCH }, (_, i) => incidents.slice(i * BATCH, (i + 1) * BATCH));
  const bodies = batches.map((b) => JSON.stringify(b));
  const mb = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0) / 1024 / 1024;
  console.log(`ingest: ${TOTAL.toLocaleString('en-US')} incidents in ${bodies.length} bodies of ${BATCH} (${mb.toFixed(1)} MiB of JSON)`);

  const bare = bareIngest(batches);

  const cluster = await startCluster();
  const api: ApiRun[] = [];
  try {
    // Warms main's validation and relay paths (not the measured tenants, which start cold as in production).
    await cluster.api.ok('POST', '/api/v1/tenants', { id: 'ingest-warm', name: 'Ingest warm-up' });
    for (const body of bodies.slice(0, 3)) await postBatch(cluster.api, 'ingest-warm', body, BATCH);

    for (const inFlight of [1, 4]) {
      // A fresh tenant per run, so each starts from an empty database like the bare baseline.
      const tenant = `ingest-c${inFlight}`;
      const view = await cluster.api.ok<{ process: { pid: number | null } | null }>('POST', '/api/v1/tenants', { id: tenant, name: `Ingest ${inFlight} in flight` });
      const pids = { main: cluster.main.child.pid, host: cluster.host.child.pid, tenant: view.process?.pid };
      const cpu = () => ({ main: procCpuSeconds(pids.main), host: procCpuSeconds(pids.host), tenant: procCpuSeconds(pids.tenant) });
      const before = cpu();
      const perBatch: number[] = [];
      const start = performance.now();
      await pool(bodies, inFlight, async (body) => {
        const t = performance.now();
        await postBatch(cluster.api, tenant, body, BATCH);
        perBatch.push(since(t));
      });
      const seconds = since(start) / 1000;
      const after = cpu();
      const used = (k: keyof typeof after) => {
        const [a, b] = [after[k], before[k]];
        return a === null || b === null ? null : round(a - b, 2);
      };
      const page = await cluster.api.ok<{ total: number }>('POST', `/api/v1/tenants/${tenant}/incidents/search`, { size: 1 });
      const rate = TOTAL / seconds;
      const ratio = rate / bare.rowsPerSec;
      api.push({
        inFlight,
        incidentsPerSec: Math.round(rate),
        seconds: round(seconds, 2),
        ratioToBare: round(ratio, 3),
        batchMs: latency(perBatch),
        stored: page.total,
        cpuSeconds: { main: used('main'), host: used('host'), tenant: used('tenant') },
        ok: rate >= TARGET_RATE && ratio >= TARGET_RATIO,
      });
    }
  } finally {
    await cluster.stop();
  }

  const cpuCell = (c: ApiRun['cpuSeconds']) => [c.main, c.host, c.tenant].map((x) => (x === null ? 'n/a' : fmt(x, 2))).join(' / ');
  printTable(
    `Ingest: ${fmt(TOTAL, 0)} incidents, batches of ${BATCH} (targets: ≥ ${fmt(TARGET_RATE, 0)}/s through the API, ≥ ${TARGET_RATIO * 100} % of bare)`,
    ['path', 'in flight', 'seconds', 'rows/s', 'batch p50 ms', 'batch p95 ms', 'vs bare', 'stored', 'CPU s main / host / tenant'],
    [
      ['bare better-sqlite3 (baseline)', '1', fmt(bare.seconds, 2), fmt(bare.rowsPerSec, 0), fmt(bare.batchMs.p50), fmt(bare.batchMs.p95), '100 %', fmt(TOTAL, 0), `(bench process ${fmt(bare.cpuSeconds, 2)})`],
      ...api.map((r) => [
        'API main → host → tenant',
        String(r.inFlight),
        fmt(r.seconds, 2),
        `${fmt(r.incidentsPerSec, 0)} ${mark(r.incidentsPerSec >= TARGET_RATE)}`,
        fmt(r.batchMs.p50),
        fmt(r.batchMs.p95),
        `${fmt(r.ratioToBare * 100)} % ${mark(r.ratioToBare >= TARGET_RATIO)}`,
        fmt(r.stored, 0),
        cpuCell(r.cpuSeconds),
      ]),
    ],
  );
  return {
    incidents: TOTAL,
    batch: BATCH,
    bare,
    api,
    targets: { incidentsPerSec: TARGET_RATE, ratioToBare: TARGET_RATIO },
    ok: api.every((r) => r.ok),
  };
}
