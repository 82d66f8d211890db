import { spawn } from 'node:child_process';
import type { ApiClient } from '../src/cli/api-client.js';
import { startCluster, waitFor } from '../test/support/cluster.js';
import { MiB, fmt, latency, mark, mib, pool, printTable, procCpuSeconds, procMemory, round, since, sleep, type Latency, type Memory } from './util.js';

/**
 * Density: what an idle tenant costs in memory, how fast a paused one comes back, and what
 * 50 idle tenants on one host add up to; against an empty Node process measured alongside.
 */

const TARGET_RSS_MIB = 60;
const TARGET_START_MS = 500;
const CYCLES = 10;
const MANY = Array.from({ length: 50 }, (_, i) => `d${String(i + 1).padStart(2, '0')}`);

interface ProcessView {
  status: string;
  pid: number | null;
  rssBytes: number | null;
  pssBytes: number | null;
}
interface TenantView {
  state: string;
  process: ProcessView | null;
}

export interface DensityResult {
  idle: { api: { rssBytes: number | null; pssBytes: number | null }; proc: Memory | null; bareNode: Memory | null; ok: boolean };
  start: { resumeMs: Latency; firstReadMs: Latency; totalMs: Latency; ok: boolean };
  many: {
    tenants: number;
    sumRssBytes: number;
    sumPssBytes: number;
    meanRssBytes: number;
    meanPssBytes: number;
    apiSumRssBytes: number;
    hostRssBytes: number | null;
    mainRssBytes: number | null;
    bareNode: Memory | null;
    createSeconds: number;
    idleCpuPct: { host: number | null; main: number | null };
  };
  targets: { idleRssMiB: number; startMs: number };
  ok: boolean;
}

async function tenant(api: ApiClient, id: string): Promise<ProcessView> {
  const view = await api.ok<TenantView>('GET', `/api/v1/tenants/${id}`);
  if (!view.process) throw new Error(`tenant ${id} has no process status`);
  return view.process;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return since(t);
}

export async function runDensity(): Promise<DensityResult> {
  // The baseline lives through the whole benchmark, so it shares pages with the same processes.
  const bare = spawn(process.execPath, ['-e', 'setInterval(()=>{},1000)'], { stdio: 'ignore' });
  const bareMemory = () => (bare.pid === undefined ? null : procMemory(bare.pid));
  const cluster = await startCluster();
  try {
    const { api } = cluster;

    // (a) One idle tenant.
    await api.ok('POST', '/api/v1/tenants', { id: 'idle', name: 'Idle' });
    await sleep(3000);
    const idleView = await tenant(api, 'idle');
    const idleProc = idleView.pid === null ? null : procMemory(idleView.pid);
    const idleBare = bareMemory();
    const idleRss = idleProc?.rssBytes ?? idleView.rssBytes ?? Number.POSITIVE_INFINITY;
    const idle = { api: { rssBytes: idleView.rssBytes, pssBytes: idleView.pssBytes }, proc: idleProc, bareNode: idleBare, ok: idleRss <= TARGET_RSS_MIB * MiB };

    // (b) Pause then resume, 10 times; then the first read of an incident.
    const created = await api.ok<{ id: number }>('POST', '/api/v1/tenants/idle/incidents', { name: 'density probe' });
    const resumeMs: number[] = [];
    const firstReadMs: number[] = [];
    for (let i = 0; i < CYCLES; i++) {
      await api.ok('POST', '/api/v1/tenants/idle/pause');
      resumeMs.push(await timed(() => api.ok('POST', '/api/v1/tenants/idle/resume')));
      firstReadMs.push(await timed(() => api.ok('GET', `/api/v1/tenants/idle/incidents/${created.id}`)));
    }
    const resume = latency(resumeMs);
    const start = {
      resumeMs: resume,
      firstReadMs: latency(firstReadMs),
      totalMs: latency(resumeMs.map((ms, i) => ms + firstReadMs[i]!)),
      ok: resume.p95 <= TARGET_START_MS,
    };
    // Only the 50 of (c) run from here on.
    await api.ok('POST', '/api/v1/tenants/idle/pause');

    // (c) One host, 50 idle tenants.
    const t0 = performance.now();
    await pool(MANY, 5, (id) => api.ok('POST', '/api/v1/tenants', { id, name: `Density ${id}` }));
    await waitFor('50 tenants running', async () => (await Promise.all(MANY.map((id) => tenant(api, id)))).every((p) => p.status === 'running'), 120_000);
    const createSeconds = round(since(t0) / 1000, 1);
    const hostPid = cluster.host.child.pid;
    const mainPid = cluster.main.child.pid;
    // CPU while idle: the test cluster heartbeats every 500 ms (10× the default), reading /proc for each tenant.
    const cpu0 = { host: procCpuSeconds(hostPid), main: procCpuSeconds(mainPid), at: performance.now() };
    await sleep(5000);
    const idleSeconds = since(cpu0.at) / 1000;
    const idlePct = (pid: number | undefined, before: number | null) => {
      const now = procCpuSeconds(pid);
      return now === null || before === null ? null : round(((now - before) / idleSeconds) * 100, 1);
    };
    const idleCpuPct = { host: idlePct(hostPid, cpu0.host), main: idlePct(mainPid, cpu0.main) };
    const views = await Promise.all(MANY.map((id) => tenant(api, id)));
    const mems = views.map((v) => (v.pid === null ? null : procMemory(v.pid)));
    if (mems.some((m) => m === null)) throw new Error('a tenant process vanished before it was measured');
    const sumRss = mems.reduce((n, m) => n + m!.rssBytes, 0);
    const sumPss = mems.reduce((n, m) => n + (m!.pssBytes ?? 0), 0);
    const many = {
      tenants: MANY.length,
      sumRssBytes: sumRss,
      sumPssBytes: sumPss,
      meanRssBytes: Math.round(sumRss / MANY.length),
      meanPssBytes: Math.round(sumPss / MANY.length),
      apiSumRssBytes: views.reduce((n, v) => n + (v.rssBytes ?? 0), 0),
      hostRssBytes: hostPid === undefined ? null : (procMemory(hostPid)?.rssBytes ?? null),
      mainRssBytes: mainPid === undefined ? null : (procMemory(mainPid)?.rssBytes ?? null),
      bareNode: bareMemory(),
      createSeconds,
      idleCpuPct,
    };
    print(idle, start, many);
    return { idle, start, many, targets: { idleRssMiB: TARGET_RSS_MIB, startMs: TARGET_START_MS }, ok: idle.ok && start.ok };
  } finally {
    await cluster.stop();
    bare.kill('SIGKILL');
  }
}

function print(idle: DensityResult['idle'], start: DensityResult['start'], many: DensityResult['many']): void {
  const over = (bytes: number | null | undefined, base: number | null | undefined) =>
    bytes === null || bytes === undefined || base === null || base === undefined ? 'n/a' : `+${mib(bytes - base)}`;
  printTable(
    `Density (a): one idle tenant, 3 s after creation (target RSS ≤ ${TARGET_RSS_MIB} MiB)`,
    ['process', 'RSS MiB', 'PSS MiB', 'RSS over bare node', 'target', 'ok'],
    [
      ['bare node -e setInterval (baseline)', mib(idle.bareNode?.rssBytes), mib(idle.bareNode?.pssBytes), '', 'baseline', ''],
      ['tenant, as GET /tenants/{id} reports', mib(idle.api.rssBytes), mib(idle.api.pssBytes), over(idle.api.rssBytes, idle.bareNode?.rssBytes), '', ''],
      ['tenant, own /proc read', mib(idle.proc?.rssBytes), mib(idle.proc?.pssBytes), over(idle.proc?.rssBytes, idle.bareNode?.rssBytes), `≤ ${TARGET_RSS_MIB} MiB`, mark(idle.ok)],
    ],
  );
  const row = (what: string, l: Latency, target: string, ok: string) => [what, String(l.n), fmt(l.p50), fmt(l.p95), fmt(l.max), target, ok];
  printTable(
    `Density (b): pause → resume ×${CYCLES} (target resume p95 ≤ ${TARGET_START_MS} ms)`,
    ['step', 'runs', 'p50 ms', 'p95 ms', 'max ms', 'target', 'ok'],
    [
      row('POST …/resume (answers once the tenant serves)', start.resumeMs, `≤ ${TARGET_START_MS} ms`, mark(start.ok)),
      row('first GET of an incident after resume', start.firstReadMs, '', ''),
      row('resume + first read', start.totalMs, '', ''),
    ],
  );
  const perOver = (mean: number, base: number | null | undefined) => (base === null || base === undefined ? 'n/a' : `+${mib(mean - base)}`);
  printTable(
    `Density (c): one host, ${many.tenants} idle tenants (created and running in ${fmt(many.createSeconds)} s, measured 5 s later)`,
    ['measure', 'RSS MiB', 'PSS MiB', 'over bare node', 'target', 'ok'],
    [
      ['bare node -e setInterval (baseline, measured now)', mib(many.bareNode?.rssBytes), mib(many.bareNode?.pssBytes), '', 'baseline', ''],
      [`sum over ${many.tenants} tenant processes`, mib(many.sumRssBytes), mib(many.sumPssBytes), '', '', ''],
      ['mean per tenant', mib(many.meanRssBytes), mib(many.meanPssBytes), `RSS ${perOver(many.meanRssBytes, many.bareNode?.rssBytes)} / PSS ${perOver(many.meanPssBytes, many.bareNode?.pssBytes)}`, `≤ ${TARGET_RSS_MIB} MiB RSS (as a)`, mark(many.meanRssBytes <= TARGET_RSS_MIB * MiB)],
      ['sum as GET /tenants/{id} reports', mib(many.apiSumRssBytes), '', '', '', ''],
      [`host process itself (idle CPU ${many.idleCpuPct.host ?? 'n/a'} %)`, mib(many.hostRssBytes), '', '', '', ''],
      [`main process (info; idle CPU ${many.idleCpuPct.main ?? 'n/a'} %)`, mib(many.mainRssBytes), '', '', '', ''],
    ],
  );
}
