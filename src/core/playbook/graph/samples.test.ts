import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseContent } from '../../content/index.js';
import { compilePlaybook, type CompiledGraph, type CompiledTask } from './compile.js';
import { ERROR, isActive } from './run-state.js';
import { firstLabel, simulate, type SimulateOptions, type Simulation } from './simulate.js';

const FIXTURES = new URL('../../../../../examples/marketplace/XsoarSamples/Playbooks/', import.meta.url);
const samples = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yml'))
  .sort()
  .map((f) => parseContent(f, readFileSync(new URL(f, FIXTURES), 'utf8')));
const graphs = samples.map((item) => compilePlaybook(item.doc, item.file));

/** Every task decided, none run twice, each dispatched task ran exactly once. */
function assertEnded(graph: CompiledGraph, sim: Simulation, what: string): void {
  assert.equal(sim.state.status, 'completed', what);
  for (const [id, run] of Object.entries(sim.state.tasks)) {
    assert.ok(run.state === 'completed' || run.state === 'skipped', `${what}: task ${id} is ${run.state}`);
    assert.ok(!isActive(run) && run.attempts <= 1, `${what}: task ${id}`);
  }
  assert.equal(new Set(sim.dispatched).size, sim.dispatched.length, `${what}: a task was dispatched twice`);
  assert.equal(Object.keys(sim.state.tasks).length, graph.tasks.size);
}

const labelsOf = (task: CompiledTask): string[] => [...task.next.keys()].filter((l) => l !== ERROR);

/** A small deterministic generator (mulberry32), so failures reproduce from the seed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

void test('the 12 sample playbooks compile with every task reachable', () => {
  assert.equal(graphs.length, 12);
  for (const graph of graphs) {
    assert.ok(graph.tasks.size > 2, graph.id);
    assert.deepEqual(graph.unreachable, [], graph.id);
  }
});

void test('every sample runs to completion taking the first label everywhere', () => {
  for (const graph of graphs) assertEnded(graph, simulate(graph), graph.id);
});

void test('every sample completes whichever label each condition answers', () => {
  let runs = 0;
  for (const graph of graphs) {
    for (const condition of [...graph.tasks.values()].filter((t) => t.type === 'condition')) {
      for (const label of [...labelsOf(condition), 'no such label']) {
        const choose: SimulateOptions['choose'] = (t) => (t.id === condition.id ? label : firstLabel(t));
        assertEnded(graph, simulate(graph, { choose }), `${graph.id}: ${condition.id} → ${label}`);
        runs++;
      }
    }
  }
  assert.ok(runs > 100, `${runs} runs`);
});

void test('every sample completes under random labels and random finishing orders', () => {
  for (const graph of graphs) {
    for (let seed = 1; seed <= 40; seed++) {
      const random = prng(seed);
      const choose: SimulateOptions['choose'] = (t) => {
        const labels = labelsOf(t);
        return t.type === 'condition' ? labels[Math.floor(random() * labels.length)] : undefined;
      };
      const sim = simulate(graph, { choose, pick: (inFlight) => Math.floor(random() * inFlight.length) });
      assertEnded(graph, sim, `${graph.id} seed ${seed}`);
    }
  }
});

void test('Calculate Severity - Generic v2: task 15 waits for every live parent (§1.4)', () => {
  const graph = graphs.find((g) => g.tasks.get('15')?.name === 'Determine incident severity');
  assert.ok(graph);
  assert.deepEqual([...(graph.tasks.get('15')?.incoming ?? [])].sort(), ['16', '18', '19', '24', '26', '27']);
  for (const label of ['yes', '#default#']) {
    for (let seed = 1; seed <= 10; seed++) {
      const random = prng(seed);
      const sim = simulate(graph, {
        choose: (t) => (t.id === '27' ? label : firstLabel(t)),
        pick: (inFlight) => Math.floor(random() * inFlight.length),
      });
      const at = (id: string): number => sim.dispatched.indexOf(id);
      const parents = label === 'yes' ? ['16', '18', '19', '24', '26'] : ['16', '18', '19', '24', '27'];
      for (const parent of parents) assert.ok(at(parent) >= 0 && at(parent) < at('15'), `${label}: ${parent} before 15`);
      assert.equal(sim.state.tasks['26']?.state, label === 'yes' ? 'completed' : 'skipped');
    }
  }
});
