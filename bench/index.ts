import { loadavg } from 'node:os';
import { runConsole } from './console.js';
import { runContent } from './content.js';
import { runDensity } from './density.js';
import { runIngest } from './ingest.js';
import { runPlaybooks } from './playbooks.js';
import { runSearch } from './search.js';
import { machine, round, since } from './util.js';

/**
 * `npm run bench [ingest] [search] [density] [content] [playbooks] [console]`: runs the named benchmarks (all by default),
 * prints a table per benchmark and, last, one JSON line with every figure. Benchmarks never
 * fail on speed: a missed target is a ✗ in the table and `"ok": false` in the JSON. The exit
 * code is non-zero only when a benchmark could not run.
 */

const BENCHES = { ingest: runIngest, search: runSearch, density: runDensity, content: runContent, playbooks: runPlaybooks, console: runConsole } as const;
type Name = keyof typeof BENCHES;
const isName = (s: string): s is Name => Object.hasOwn(BENCHES, s);

// startCluster passes this on to main, host and tenants.
process.env['PALISADE_LOG_LEVEL'] ??= 'warn';

const args = process.argv.slice(2);
const unknown = args.filter((a) => !isName(a));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
const selected: Name[] = args.length > 0 ? [...new Set(args.filter(isName))] : (Object.keys(BENCHES) as Name[]);

const m = machine();
const report: Record<string, unknown> = { bench: 'palisade', date: new Date().toISOString(), machine: m };
const started = performance.now();
const load = () => loadavg().map((x) => round(x, 2));
const loadAtStart = load();
console.log(`machine: ${m.cpus} CPUs, ${m.memGiB} GiB, node ${m.node}; load average ${loadAtStart.join(' ')}`);
if ((loadAtStart[0] ?? 0) > m.cpus / 2) console.log('note: the machine is already busy; latencies and rates will be noisy');
for (const name of selected) {
  console.log(`\n=== ${name} ===`);
  const t = performance.now();
  try {
    const result = await BENCHES[name]();
    report[name] = { ...result, seconds: round(since(t) / 1000, 1) };
  } catch (err) {
    console.error(`${name} failed:`, err);
    report[name] = { error: err instanceof Error ? err.message : String(err), seconds: round(since(t) / 1000, 1) };
    process.exitCode = 1;
  }
  console.log(`(${name} took ${(since(t) / 1000).toFixed(1)} s)`);
}
report['seconds'] = round(since(started) / 1000, 1);
report['loadAvg'] = { start: loadAtStart, end: load() };
console.log(`\n${JSON.stringify(report)}`);
