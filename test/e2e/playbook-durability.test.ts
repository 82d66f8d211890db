/**
 * Crash and resume: the tenant process is killed with SIGKILL at many points of a running
 * playbook (between commits, while a script runs in the sandbox, while a task sleeps); the
 * host restarts it and the run carries on. Each task appends its id to a list in the same
 * transaction as its completion, so a task that ran twice would show twice.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';
import { playbookYaml, type TaskSpec, type WorkPlan } from '../support/playbooks.js';

let c: Cluster;
const T = 'dura';
const base = `/api/v1/tenants/${T}`;
type TenantView = { process?: { pid?: number; status: string; restarts: number } };

async function pid(): Promise<number> {
  return waitFor('the tenant running', async () => {
    const v = await c.api.ok<TenantView>('GET', `/api/v1/tenants/${T}`);
    return v.process?.status === 'running' ? v.process.pid : undefined;
  }, 60_000);
}
async function kill(): Promise<void> {
  const before = await pid();
  process.kill(before, 'SIGKILL');
  await waitFor('the tenant restarted', async () => (await pid()) !== before, 60_000);
}
async function plan(id: number): Promise<WorkPlan> {
  return waitFor('the work plan', () => c.api.ok<WorkPlan>('GET', `${base}/incidents/${id}/workplan`));
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A script busy for `ms` (without network: re-run after a crash) or one allowed the network. */
function script(name: string, ms: number, allowNetwork = false): Record<string, unknown> {
  return {
    commonfields: { id: name, version: -1 }, name, type: 'javascript', args: [], ...(allowNetwork ? { allowNetwork: true } : {}),
    script: `var t = Date.now(); while (Date.now() - t < ${ms}) {} setContext('Ran.${name}', args.step || 'x'); return 'done ' + (args.step || '');`,
  };
}

void describe('playbook runs survive SIGKILL of their tenant', () => {
  before(async () => {
    c = await startCluster();
    await c.api.ok('POST', '/api/v1/tenants', { id: T, name: 'Durable Co' });
    await c.api.ok('POST', `${base}/content/scripts`, { doc: script('Slow', 120) });
    await c.api.ok('POST', `${base}/content/scripts`, { doc: script('Outbound', 4000, true) });
    // Twelve steps: trace, slow script, trace, slow script, …, a sleep in the middle, a manual task at the end.
    const tasks: TaskSpec[] = [];
    for (let i = 1; i <= 12; i++) {
      const id = String(i * 10);
      const next = i === 6 ? `${id}5` : String((i + 1) * 10);
      tasks.push({ id, script: 'Builtin|||addToList', args: { listName: 'trace', listData: id }, next: [`${id}1`] });
      tasks.push({ id: `${id}1`, script: 'Slow', args: { step: id }, next: [i === 12 ? '999' : next] });
      if (i === 6) tasks.push({ id: `${id}5`, script: 'Sleep', args: { seconds: '2' }, next: [String((i + 1) * 10)] });
    }
    tasks.push({ id: '999', name: 'Confirm' });
    await c.api.ok('POST', `${base}/content/playbooks`, { text: playbookYaml('durable', tasks), fileName: 'durable.yml' });
    await c.api.ok('POST', `${base}/content/playbooks`, {
      text: playbookYaml('outbound', [
        { id: '1', script: 'Outbound', args: { step: 'out' }, next: ['2'] },
        { id: '2', script: 'Set', args: { key: 'After', value: 'yes' } },
      ]),
      fileName: 'outbound.yml',
    });
  });
  after(async () => {
    await c?.stop();
  });

  void it('carries a run on after kills at many points; no completed task runs again', async () => {
    await c.api.ok('PUT', `${base}/lists/trace`, { data: 'start' });
    const id = (await c.api.ok<{ id: number }>('POST', `${base}/incidents`, { name: 'durable' })).id;
    await c.api.ok('POST', `${base}/incidents/${id}/playbook/run`, { playbookId: 'durable' });
    let kills = 0;
    const seen = new Set<string>();
    for (let round = 0; round < 6; round++) {
      await sleep(150 + ((round * 137) % 500));
      const p = await plan(id);
      if (task(p, '999').state === 'waiting') break;
      // Where the run was when it was killed: running scripts, ready tasks, a sleep.
      for (const t of p.tasks) if (t.state !== 'completed' && t.state !== 'pending') seen.add(`${t.taskId}:${t.state}`);
      await kill();
      kills++;
    }
    assert.ok(kills >= 3, `killed ${kills} times before the run reached its end`);
    const waiting = await waitFor('the run to reach the manual task', async () => {
      const p = await plan(id);
      return task(p, '999').state === 'waiting' ? p : undefined;
    }, 60_000);
    assert.ok([...seen].some((s) => s.endsWith(':running')), `a kill landed while a task ran (${[...seen].join(', ')})`);
    await c.api.ok('POST', `${base}/incidents/${id}/workplan/tasks/999/complete`, {});
    const done = await waitFor('the run to complete', async () => {
      const p = await plan(id);
      return p.state === 'completed' ? p : undefined;
    });
    assert.equal(waiting.runId, done.runId, 'the same run carried on');
    assert.ok(done.tasks.every((t) => t.state === 'completed'), 'every task completed');
    const trace = (await c.api.ok<{ data: string }>('GET', `${base}/lists/trace`)).data.split(',');
    assert.deepEqual(trace, ['start', ...Array.from({ length: 12 }, (_, i) => String((i + 1) * 10))], 'each step recorded exactly once, in order');
    const ctx = (await c.api.ok<{ context: { Ran: { Slow: unknown } } }>('GET', `${base}/incidents/${id}/context`)).context;
    assert.equal(ctx.Ran.Slow, '120', 'the last script step wrote the context');
  });

  void it('marks a task that may have reached outside failed after a crash, and a retry carries on', async () => {
    const id = (await c.api.ok<{ id: number }>('POST', `${base}/incidents`, { name: 'outbound' })).id;
    await c.api.ok('POST', `${base}/incidents/${id}/playbook/run`, { playbookId: 'outbound' });
    await waitFor('the outbound script to run', async () => task(await plan(id), '1').state === 'running');
    await kill();
    const failed = await waitFor('the interrupted task marked failed', async () => {
      const p = await plan(id);
      return task(p, '1').state === 'error' ? p : undefined;
    });
    assert.match(task(failed, '1').error ?? '', /interrupted by a restart/);
    assert.equal(failed.state, 'failed');
    await c.api.ok('POST', `${base}/incidents/${id}/workplan/tasks/1/retry`, {});
    const done = await waitFor('the retried run', async () => {
      const p = await plan(id);
      return p.state === 'completed' ? p : undefined;
    }, 30_000);
    assert.equal(task(done, '1').attempts, 2);
    assert.equal(task(done, '2').state, 'completed');
  });
});

function task(p: WorkPlan, id: string): WorkPlan['tasks'][number] {
  const t = p.tasks.find((x) => x.id === id);
  assert.ok(t, `task ${id}`);
  return t;
}
