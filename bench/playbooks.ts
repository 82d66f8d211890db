import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { contentHash, parseContent, throwFirstIssue, validateItem } from '../src/core/content/index.js';
import { IncidentRepository } from '../src/store/incident-repo.js';
import { migrate } from '../src/store/migrate.js';
import { tenantMigrations } from '../src/store/migrations/tenant.js';
import { SqliteDatabase } from '../src/store/sqlite.js';
import { TenantContentRepository } from '../src/store/tenant-content-repo.js';
import { IncidentService } from '../src/tenant/incidents/service.js';
import type { Committer } from '../src/tenant/playbooks/committer.js';
import type { PlaybookEngine } from '../src/tenant/playbooks/engine.js';
import { createPlaybooks } from '../src/tenant/playbooks/wiring.js';
import { playbookDoc, type TaskSpec } from '../test/support/playbooks.js';
import { fmt, latency, mark, openBare, printTable, round, since, sleep, type Latency } from './util.js';

/**
 * The playbook engine of one tenant, in process, on a real SQLite file (WAL, the tenant's
 * schema and pragmas): a playbook of 50 tasks alternating `Set` and built-in conditions, 100
 * runs started at once, every task transition committed before the engine acts on it. Against
 * two baselines measured in the same run: the bare cost of one SQLite transaction per task on
 * the same kind of file, and n8n running a webhook-started chain of 50 Set nodes (when its
 * baseline script can install it).
 */

const TASKS = 50;
const RUNS = 100;
const WARMUP_RUNS = 10;
/** Runs started one after another once the measured round is over: the latency of a task with nothing else in flight. */
const ALONE_RUNS = 10;
const TARGET_PER_CORE = 2000;
const TARGET_P99_MS = 5;
const PLAYBOOK_ID = 'bench-chain-50';
const SEVERITY = 3;
/** Events a run commits: its start, then each task's start and end. */
const EVENTS_PER_RUN = 1 + 2 * TASKS;
const ROUND_TIMEOUT_MS = 300_000;
const N8N_SCRIPT = fileURLToPath(new URL('../../../shared/baselines/n8n-bench.sh', import.meta.url));
const N8N_SECONDS = 20;
/** Installing n8n (first use on a machine) may take minutes; a run after that ~30 s. */
const N8N_TIMEOUT_MS = 20 * 60_000;

export interface RoundResult {
  runs: number;
  tasks: number;
  /** Reducer events committed (`playbook_events` rows of these runs): start + 2 per task. */
  transitions: number;
  seconds: number;
  cpuSeconds: number;
  runsPerSec: number;
  tasksPerSec: number;
  transitionsPerSec: number;
  /** Transitions per CPU-second of this process: the engine is single-threaded, so per core. */
  transitionsPerCpuSec: number;
  /** Dispatch → committed end of each task, as the engine's `observe` reports it (ms). */
  taskMs: Latency;
  /** A transition's submit → durable (ms): what one commit costs a task, queueing for the batch included. */
  commitMs: Latency;
  /** `engine.start` called → the run left the engine (ms; polled every ms). */
  runMs: Latency;
  committer: { transactions: number; commits: number; commitsPerTransaction: number };
}

export interface BareResult {
  transactions: number;
  rows: number;
  seconds: number;
  cpuSeconds: number;
  transactionsPerSec: number;
  rowsPerSec: number;
}

export type N8nResult =
  | { available: true; version: string; nodes: number; seconds: number; execPerSec: number; nodeExecPerSec: number; p50ms: number; p97_5ms: number; errors: number }
  | { available: false; reason: string };

export interface PlaybooksResult {
  playbook: { id: string; tasks: number; sets: number; conditions: number };
  warmup: RoundResult;
  measured: RoundResult;
  /** The same playbook with one run at a time: task latency without 99 other runs sharing each commit. */
  alone: { runs: number; taskMs: Latency; runMs: Latency; transactionsPerRun: number };
  bare: { perTask: BareResult; grouped: BareResult };
  ratioToBare: { perTask: number; grouped: number };
  n8n: N8nResult;
  ratioToN8n: { runs: number; nodes: number } | null;
  targets: { transitionsPerCore: number; p99Ms: number };
  ok: boolean;
}

/**
 * Task i (1-based): odd ones `Set K<i>` (the incident's severity or a literal), even ones a
 * built-in condition on the key set just before; it answers `yes` into the next Set, while its
 * `#default#` branch would skip that Set and go straight to the next condition: that edge dies,
 * and each condition joins the edge from its Set with the dead one from the condition before.
 */
function chain(): Record<string, unknown> {
  const tasks: TaskSpec[] = [];
  const ctx = (key: string) => ({ value: { simple: key }, iscontext: true });
  const lit = (v: string) => ({ value: { simple: v } });
  for (let i = 1; i <= TASKS; i++) {
    const id = String(i);
    const next = i < TASKS ? String(i + 1) : undefined;
    if (i % 2 === 1) {
      tasks.push({ id, name: `Set K${i}`, script: 'Set', args: { key: `K${i}`, value: setValue(i) }, ...(next ? { next: [next] } : {}) });
      continue;
    }
    const key = `K${i - 1}`;
    const test = i % 4 === 2
      ? { operator: 'greaterThan', left: ctx(key), right: lit('1') }
      : { operator: 'isEqualString', left: ctx(key), right: lit(`v${i - 1}`) };
    tasks.push({
      id,
      type: 'condition',
      name: `Check ${key}`,
      conditions: [{ label: 'yes', condition: [[test]] }],
      // The last one ends the run either way (an empty branch: nothing follows it).
      next: next ? { yes: [next], '#default#': [String(Math.min(i + 2, TASKS))] } : { yes: [] },
    });
  }
  return playbookDoc(PLAYBOOK_ID, tasks, { name: 'Bench chain of 50', description: 'Set / condition chain for the playbook benchmark' });
}
/** What `Set K<i>` writes: the severity for i = 1, 5, 9, …, a literal otherwise. */
const setValue = (i: number): string => (i % 4 === 1 ? '${incident.severity}' : `v${i}`);
const expectedValue = (i: number): unknown => (i % 4 === 1 ? SEVERITY : `v${i}`);

/** Protected in the engine; the benchmark reads its committer's counters. */
const committerOf = (engine: PlaybookEngine): Committer => engine['book'].committer;

async function runRound(engine: PlaybookEngine, db: SqliteDatabase, incidents: readonly number[], sink: { taskMs: number[]; commitMs: number[] }): Promise<RoundResult & { runIds: string[] }> {
  const committer = committerOf(engine);
  const stats0 = { ...committer.stats };
  sink.taskMs = [];
  sink.commitMs = [];
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const started = await Promise.all(incidents.map(async (incident) => {
    const at = performance.now();
    const summary = await engine.start(incident, PLAYBOOK_ID);
    return { runId: summary.runId, at };
  }));
  const active = engine.activeRuns();
  const ended = new Map<string, number>();
  while (ended.size < started.length) {
    for (const s of started) {
      if (ended.has(s.runId)) continue;
      const run = active.get(s.runId);
      if (run === undefined) ended.set(s.runId, performance.now());
      else if (run.state.status === 'failed') throw new Error(`run ${s.runId} failed: ${JSON.stringify(Object.entries(run.state.tasks).filter(([, t]) => t.state === 'error'))}`);
    }
    if (since(t0) > ROUND_TIMEOUT_MS) throw new Error(`after ${ROUND_TIMEOUT_MS / 1000} s, ${started.length - ended.size} of ${started.length} runs are still running`);
    if (ended.size < started.length) await sleep(1);
  }
  const seconds = (Math.max(...ended.values()) - t0) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const runIds = started.map((s) => s.runId);
  const row = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM playbook_events WHERE run_id IN (${runIds.map(() => '?').join(', ')})`, runIds);
  const transitions = row?.n ?? 0;
  const transactions = committer.stats.transactions - stats0.transactions;
  const commits = committer.stats.commits - stats0.commits;
  const tasks = started.length * TASKS;
  return {
    runIds,
    runs: started.length,
    tasks,
    transitions,
    seconds: round(seconds, 3),
    cpuSeconds: round(cpuSeconds, 3),
    runsPerSec: round(started.length / seconds, 1),
    tasksPerSec: Math.round(tasks / seconds),
    transitionsPerSec: Math.round(transitions / seconds),
    transitionsPerCpuSec: Math.round(transitions / cpuSeconds),
    taskMs: latency(sink.taskMs),
    commitMs: latency(sink.commitMs),
    runMs: latency(started.map((s) => ended.get(s.runId)! - s.at)),
    committer: { transactions, commits, commitsPerTransaction: round(commits / Math.max(1, transactions), 1) },
  };
}

/** Every run completed with 101 events, each condition answered `yes`, and the contexts hold the 25 keys. */
async function verify(db: SqliteDatabase, runIds: readonly string[], incidents: readonly number[], observed: number): Promise<void> {
  const marks = runIds.map(() => '?').join(', ');
  const statuses = await db.all<{ status: string; n: number }>(`SELECT status, COUNT(*) AS n FROM playbook_runs WHERE id IN (${marks}) GROUP BY status`, runIds);
  if (statuses.length !== 1 || statuses[0]?.status !== 'completed' || statuses[0].n !== runIds.length) throw new Error(`runs stored as ${JSON.stringify(statuses)}, not ${runIds.length} completed`);
  const counts = await db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM playbook_events WHERE run_id IN (${marks}) GROUP BY run_id`, runIds);
  if (counts.length !== runIds.length || counts.some((c) => c.n !== EVENTS_PER_RUN)) throw new Error(`event counts per run: ${[...new Set(counts.map((c) => c.n))].join(', ')} (expected ${EVENTS_PER_RUN} for each of ${runIds.length})`);
  if (observed < runIds.length * TASKS) throw new Error(`the engine observed ${observed} tasks, expected ${runIds.length * TASKS}`);
  for (const runId of [runIds[0]!, runIds.at(-1)!]) {
    const row = await db.get<{ state: string }>('SELECT state FROM playbook_runs WHERE id = ?', [runId]);
    const state = JSON.parse(row?.state ?? '{}') as { tasks?: Record<string, { state: string; outcome?: { label?: string; branch: string | null } }> };
    for (let i = 1; i <= TASKS; i++) {
      const t = state.tasks?.[String(i)];
      if (t?.state !== 'completed' || (i % 2 === 0 && (t.outcome?.label !== 'yes' || t.outcome.branch !== 'yes'))) throw new Error(`run ${runId}: task ${i} is ${JSON.stringify(t)}`);
    }
  }
  for (const incident of [incidents[0]!, incidents.at(-1)!]) {
    const row = await db.get<{ body: string }>("SELECT body FROM contexts WHERE incident_id = ? AND scope = ''", [incident]);
    const context = JSON.parse(row?.body ?? '{}') as Record<string, unknown>;
    const keys = Object.keys(context).filter((k) => /^K\d+$/.test(k));
    const wrong = Array.from({ length: TASKS / 2 }, (_, j) => 2 * j + 1).filter((i) => context[`K${i}`] !== expectedValue(i));
    if (keys.length !== TASKS / 2 || wrong.length > 0) throw new Error(`incident ${incident}'s stored context holds ${keys.length} keys; wrong: ${wrong.slice(0, 5).map((i) => `K${i}=${JSON.stringify(context[`K${i}`])}`).join(', ')}`);
  }
}

/** Measures the engine: a warm-up round, then the measured one, on a fresh tenant database. */
async function measureEngine(): Promise<Pick<PlaybooksResult, 'playbook' | 'warmup' | 'measured' | 'alone'>> {
  const dir = mkdtempSync(join(tmpdir(), 'palisade-bench-playbooks-'));
  const db = SqliteDatabase.open(join(dir, 'tenant.db'));
  try {
    await migrate(db, tenantMigrations);
    const incidents = new IncidentService(new IncidentRepository(db), db.dialect);
    const content = new TenantContentRepository(db);
    const sink = { taskMs: [] as number[], commitMs: [] as number[] };
    const logger = pino({ level: 'warn', base: { role: 'bench' } });
    const book = createPlaybooks(db, incidents, content, logger, { observe: (what, ms) => (what === 'task' ? sink.taskMs : sink.commitMs).push(ms) });
    await book.start();

    // The playbook as a tenant user saves it (parsed and validated as the content route does).
    const item = parseContent('playbook.json', JSON.stringify(chain()), 'playbooks');
    throwFirstIssue(validateItem(item));
    const saved = await content.saveOwn({ kind: 'playbooks', id: item.id, name: item.name, hash: contentHash(item.doc), body: JSON.stringify(item.doc) }, 'bench', Date.now());
    if (saved !== 'created') throw new Error(`saving the playbook: ${saved}`);

    const ids = await incidents.create(Array.from({ length: WARMUP_RUNS + RUNS + ALONE_RUNS }, (_, i) => ({ name: `Bench incident ${i + 1}`, type: 'Bench', severity: SEVERITY })));
    const warmIds = ids.slice(0, WARMUP_RUNS);
    const measuredIds = ids.slice(WARMUP_RUNS, WARMUP_RUNS + RUNS);

    const { runIds: _warmRuns, ...warmup } = await runRound(book.engine, db, warmIds, sink);
    const { runIds, ...measured } = await runRound(book.engine, db, measuredIds, sink);
    await verify(db, runIds, measuredIds, measured.taskMs.n);
    const taskMs: number[] = [];
    const runMs: number[] = [];
    let transactions = 0;
    for (const id of ids.slice(WARMUP_RUNS + RUNS)) {
      const one = await runRound(book.engine, db, [id], sink);
      taskMs.push(...sink.taskMs);
      runMs.push(one.runMs.p50);
      transactions += one.committer.transactions;
    }
    const alone = { runs: ALONE_RUNS, taskMs: latency(taskMs), runMs: latency(runMs), transactionsPerRun: round(transactions / ALONE_RUNS, 1) };
    await book.close();
    return { playbook: { id: PLAYBOOK_ID, tasks: TASKS, sets: TASKS / 2, conditions: TASKS / 2 }, warmup, measured, alone };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The floor: playbook events written by better-sqlite3 into the same kind of file (tenant
 * schema, WAL, the tenant's pragmas), `transactions` transactions holding `rows` rows in all.
 */
function bareEvents(transactions: number, rows: number): BareResult {
  const sql = tenantMigrations.find((m) => m.name === 'playbooks')?.sql.sqlite;
  if (!sql) throw new Error('the tenant migrations have no playbooks tables');
  const dir = mkdtempSync(join(tmpdir(), 'palisade-bench-playbooks-bare-'));
  try {
    const db = openBare(join(dir, 'bare.db'), sql);
    const insert = db.prepare('INSERT INTO playbook_events (run_id, seq, event) VALUES (?, ?, ?)');
    const at = new Date().toISOString();
    // Row k is event k ÷ RUNS of run k mod RUNS (random UUIDs, as the engine's): the runs advance
    // side by side, so each transaction touches every run's part of the key, as a group commit does.
    const write = db.transaction((runs: readonly string[], from: number, to: number) => {
      for (let k = from; k < to; k++) {
        const seq = Math.floor(k / RUNS);
        insert.run(runs[k % RUNS]!, seq, JSON.stringify({ type: seq % 2 === 0 ? 'taskCompleted' : 'taskStarted', task: String(seq >> 1), at }));
      }
    });
    const perTx = rows / transactions;
    const pass = (txs: number) => {
      const runs = Array.from({ length: RUNS }, () => randomUUID());
      for (let t = 0; t < txs; t++) write(runs, Math.floor(t * perTx), Math.floor((t + 1) * perTx));
      return runs;
    };
    pass(Math.min(200, transactions));
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const runs = pass(transactions);
    const seconds = since(t0) / 1000;
    const used = process.cpuUsage(cpu);
    const stored = (db.prepare(`SELECT COUNT(*) AS n FROM playbook_events WHERE run_id IN (${runs.map(() => '?').join(', ')})`).get(...runs) as { n: number }).n;
    db.close();
    if (stored !== rows) throw new Error(`the bare file holds ${stored} events, expected ${rows}`);
    return {
      transactions, rows, seconds: round(seconds, 3), cpuSeconds: round((used.user + used.system) / 1e6, 3),
      transactionsPerSec: Math.round(transactions / seconds), rowsPerSec: Math.round(rows / seconds),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** n8n through `shared/baselines/n8n-bench.sh` (installs once, outside the project); unavailable if it cannot. */
async function n8n(nodes: number, seconds: number): Promise<N8nResult> {
  if (process.env['PALISADE_BENCH_N8N'] === 'off') return { available: false, reason: 'skipped (PALISADE_BENCH_N8N=off)' };
  if (!existsSync(N8N_SCRIPT)) return { available: false, reason: `no baseline script at ${N8N_SCRIPT}` };
  const t0 = performance.now();
  const child = spawn('bash', [N8N_SCRIPT, String(nodes), String(seconds)], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const timer = setTimeout(() => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
  }, N8N_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('close', (c) => resolve(c));
  });
  clearTimeout(timer);
  const tail = err.trim().split('\n').slice(-3).join(' | ');
  const line = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !line.startsWith('{')) return { available: false, reason: `the baseline script exited ${code ?? 'without starting'}: ${tail || '(no output)'}` };
  const r = JSON.parse(line) as { version?: string; nodes?: number; execPerSec?: number; p50ms?: number; p97_5ms?: number; errors?: number };
  if (typeof r.execPerSec !== 'number' || !(r.execPerSec > 0)) return { available: false, reason: `the baseline script answered ${line.slice(0, 200)}` };
  return {
    available: true, version: r.version ?? '?', nodes: r.nodes ?? nodes, seconds: round(since(t0) / 1000, 1), execPerSec: r.execPerSec,
    nodeExecPerSec: Math.round(r.execPerSec * (r.nodes ?? nodes)), p50ms: r.p50ms ?? Number.NaN, p97_5ms: r.p97_5ms ?? Number.NaN, errors: r.errors ?? 0,
  };
}

export async function runPlaybooks(): Promise<PlaybooksResult> {
  console.log(`playbooks: one tenant (SQLite file, WAL), a playbook of ${TASKS} tasks (${TASKS / 2} Set, ${TASKS / 2} built-in conditions), ${RUNS} runs started at once after ${WARMUP_RUNS} warm-up runs`);
  const engine = await measureEngine();
  const m = engine.measured;
  console.log(`playbooks: ${m.runs} runs completed in ${fmt(m.seconds, 2)} s; ${m.transitions} events committed in ${m.committer.transactions} transactions; every run verified`);
  // The bare floor, after the engine (one process, the same file system): a transaction per
  // task, and the engine's own grouping (the same events in as many transactions as it used).
  const bare = { perTask: bareEvents(m.tasks, m.tasks), grouped: bareEvents(m.committer.transactions, m.transitions) };
  console.log(`playbooks: now n8n (${N8N_SECONDS} s of webhook calls to a chain of ${TASKS} Set nodes; the first use installs it outside the project)`);
  const n8nResult = await n8n(TASKS, N8N_SECONDS);
  const result: PlaybooksResult = {
    ...engine,
    bare,
    ratioToBare: { perTask: round(m.tasksPerSec / bare.perTask.transactionsPerSec, 3), grouped: round(m.transitionsPerSec / bare.grouped.rowsPerSec, 3) },
    n8n: n8nResult,
    ratioToN8n: n8nResult.available ? { runs: round(m.runsPerSec / n8nResult.execPerSec, 1), nodes: round(m.tasksPerSec / n8nResult.nodeExecPerSec, 1) } : null,
    targets: { transitionsPerCore: TARGET_PER_CORE, p99Ms: TARGET_P99_MS },
    ok: m.transitionsPerCpuSec >= TARGET_PER_CORE && m.taskMs.p99 < TARGET_P99_MS,
  };
  print(result);
  return result;
}

function print(r: PlaybooksResult): void {
  const { measured: m, warmup: w, bare } = r;
  const ms = (l: Latency) => `${fmt(l.p50, 2)} / ${fmt(l.p95, 2)} / ${fmt(l.p99, 2)} / ${fmt(l.max, 1)}`;
  const n = r.n8n;
  const perCoreOk = m.transitionsPerCpuSec >= TARGET_PER_CORE;
  const p99Ok = m.taskMs.p99 < TARGET_P99_MS;
  printTable(
    `Playbook engine: ${m.runs} runs × ${TASKS} tasks in parallel, one tenant, SQLite WAL (targets: ≥ ${fmt(TARGET_PER_CORE, 0)} transitions/s per core, task p99 < ${TARGET_P99_MS} ms)`,
    ['figure', 'value', 'baseline / ratio', 'target', 'ok'],
    [
      [`wall time, ${m.runs} runs (warm-up: ${w.runs} runs in ${fmt(w.seconds, 2)} s)`, `${fmt(m.seconds, 3)} s`, '', '', ''],
      ['runs/s (playbook executions of 50 tasks)', fmt(m.runsPerSec, 1), n.available ? `n8n ${fmt(n.execPerSec, 1)} exec/s → ${fmt(r.ratioToN8n?.runs ?? Number.NaN, 1)}×` : `n8n unavailable`, '', ''],
      ['tasks/s (wall)', fmt(m.tasksPerSec, 0), n.available ? `n8n ${fmt(n.nodeExecPerSec, 0)} node exec/s → ${fmt(r.ratioToN8n?.nodes ?? Number.NaN, 1)}×` : '', '', ''],
      [`transitions/s (wall; ${m.transitions} reducer events committed)`, fmt(m.transitionsPerSec, 0), '', '', ''],
      [`CPU seconds of this process (${fmt(m.cpuSeconds / m.seconds, 2)} cores busy)`, fmt(m.cpuSeconds, 3), '', '', ''],
      ['transitions per CPU-second (= per core: the engine is one thread)', fmt(m.transitionsPerCpuSec, 0), '', `≥ ${fmt(TARGET_PER_CORE, 0)}`, mark(perCoreOk)],
      ['task latency, dispatch → committed end, ms p50 / p95 / p99 / max', ms(m.taskMs), '', `p99 < ${TARGET_P99_MS} ms`, mark(p99Ok)],
      ['transition commit, submit → durable, ms p50 / p95 / p99 / max (info)', ms(m.commitMs), '', '', ''],
      ['run latency, start → done, ms p50 / p95 / p99 / max (info)', ms(m.runMs), n.available ? `n8n p50 ${fmt(n.p50ms, 0)} / p97.5 ${fmt(n.p97_5ms, 0)} ms (10 in flight)` : '', '', ''],
      [`one run at a time (${r.alone.runs} runs, info): task latency ms p50 / p95 / p99 / max`, ms(r.alone.taskMs), `run ${fmt(r.alone.runMs.p50, 1)} ms, ${fmt(r.alone.transactionsPerRun, 0)} transactions each`, `(p99 < ${TARGET_P99_MS} ms)`, mark(r.alone.taskMs.p99 < TARGET_P99_MS)],
      ['group commit: transactions / commits (commits per transaction)', `${m.committer.transactions} / ${m.committer.commits} (${fmt(m.committer.commitsPerTransaction, 1)})`, '', '', ''],
      [`bare: ${bare.perTask.transactions} transactions of 1 event row each (tx/s)`, fmt(bare.perTask.transactionsPerSec, 0), `engine tasks/s = ${fmt(r.ratioToBare.perTask * 100, 1)} % of it`, 'baseline', ''],
      [`bare: ${bare.grouped.rows} event rows in ${bare.grouped.transactions} transactions (rows/s)`, fmt(bare.grouped.rowsPerSec, 0), `engine transitions/s = ${fmt(r.ratioToBare.grouped * 100, 1)} % of it`, 'baseline', ''],
      ...(n.available
        ? [[`n8n ${n.version}: webhook → ${n.nodes} Set nodes, ${N8N_SECONDS} s, 10 in flight (exec/s)`, fmt(n.execPerSec, 1), `${n.errors} errors`, 'baseline', '']]
        : [['n8n', 'unavailable', n.reason.slice(0, 160), '', '']]),
    ],
  );
  console.log(
    `(per core: events ÷ CPU-seconds of this process, SQLite included. Bare rows: the same INSERT into playbook_events by better-sqlite3 with nothing else; the engine also writes task I/O, war room entries, contexts and snapshots. ` +
      'n8n runs over HTTP in its own processes and commits one execution record per run, not per node. ' +
      `With ${RUNS} runs in flight, each commit waits for the batch holding one task of every run, so the mean task latency is ${RUNS} ÷ tasks/s (Little's law): ` +
      `p99 < ${TARGET_P99_MS} ms at ${RUNS} in flight needs > ${fmt(RUNS / (TARGET_P99_MS / 1000), 0)} tasks/s.)`,
  );
}
