import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScriptSandbox, type RunRequest, type RunResult } from './script-sandbox.js';

const sandbox = new ScriptSandbox({ defaultTimeoutMs: 5000, defaultMemoryMb: 64 });
const run = (code: string, extra: Partial<RunRequest> = {}): Promise<RunResult> => sandbox.run({ code, ...extra });

function failed(r: RunResult): { kind: string; message: string } {
  assert.equal(r.ok, false, `expected a failure, got ${JSON.stringify(r.entries)}`);
  if (r.ok) throw new Error('unreachable');
  assert.equal(r.entries[0]?.Type, 4);
  return r.error;
}

void test('a returned string becomes a note entry', async () => {
  const r = await run("return 'yes';");
  assert.equal(r.ok, true);
  assert.deepEqual(r.entries, [{ Type: 1, ContentsFormat: 'text', Contents: 'yes' }]);
});

void test('a returned entry and a list of entries', async () => {
  const one = await run("return { Type: entryTypes.note, ContentsFormat: formats.markdown, Contents: '# hi', HumanReadable: '# hi' };");
  assert.deepEqual(one.entries, [{ Type: 1, ContentsFormat: 'markdown', Contents: '# hi', HumanReadable: '# hi' }]);
  const list = await run("return [{ Type: 1, Contents: 'a' }, { Type: entryTypes.error, Contents: 'b' }];");
  assert.deepEqual(
    list.entries.map((e) => [e.Type, e.Contents]),
    [
      [1, 'a'],
      [4, 'b'],
    ],
  );
});

void test('args, invContext, incidents and dq are visible', async () => {
  const r = await run('return [args.key, invContext.Account.Name, incidents[0].id, dq(invContext, "Hosts.ip").join(",")].join("|");', {
    args: { key: 'K' },
    context: { Account: { Name: 'alice' }, Hosts: [{ ip: '1.1.1.1' }, { ip: '2.2.2.2' }] },
    incident: { id: '42' },
  });
  assert.equal(r.entries[0]?.Contents, 'K|alice|42|1.1.1.1,2.2.2.2');
});

void test('setContext updates are returned and visible to the script', async () => {
  const r = await run("setContext('A.b', 5); setContext('C', [1]); return String(invContext.A.b);");
  assert.equal(r.ok, true);
  assert.deepEqual(r.contextUpdates, [
    { path: 'A.b', value: 5 },
    { path: 'C', value: [1] },
  ]);
  assert.equal(r.entries[0]?.Contents, '5');
});

void test('executeCommand round-trips to the callback synchronously', async () => {
  const seen: unknown[] = [];
  const r = await run("const res = executeCommand('getList', { listName: args.l }); log('got', res.length); return res[0].Contents + '!';", {
    args: { l: 'blocked' },
    executeCommand: async (name, args) => {
      seen.push([name, args]);
      await new Promise((res) => setTimeout(res, 20)); // the script must wait for a slow command
      return [{ Type: 1, ContentsFormat: 'text', Contents: 'a,b' }];
    },
  });
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.deepEqual(seen, [['getList', { listName: 'blocked' }]]);
  assert.equal(r.entries[0]?.Contents, 'a,b!');
  assert.deepEqual(r.commands, [{ name: 'getList', args: { listName: 'blocked' }, ok: true }]);
  assert.deepEqual(r.logs, [{ level: 'info', message: 'got 1' }]);
});

void test('a failing command comes back to the script as an error entry', async () => {
  const r = await run("const res = executeCommand('x', {}); return res[0].Type === entryTypes.error ? res[0].Contents : 'no';", {
    executeCommand: () => Promise.reject(new Error('no such command')),
  });
  assert.equal(r.entries[0]?.Contents, 'no such command');
  assert.equal(r.commands[0]?.ok, false);
});

void test('a thrown error and a syntax error are script errors', async () => {
  assert.match(failed(await run("throw new Error('bad input');")).message, /Error: bad input/);
  assert.equal(failed(await run('return (;')).kind, 'script');
});

void test('while(true) is killed at the time limit', async () => {
  const t0 = Date.now();
  const err = failed(await run('while (true) {}', { timeoutMs: 600 }));
  assert.equal(err.kind, 'timeout');
  assert.match(err.message, /time limit of 600 ms/);
  assert.ok(Date.now() - t0 < 3000);
});

void test('a heap allocation bomb is stopped by the memory limit', async () => {
  const err = failed(await run('const a = []; for (;;) a.push(new Array(1e6).fill(1.5));', { memoryMb: 48 }));
  assert.equal(err.kind, 'memory');
});

void test('an off-heap (ArrayBuffer) bomb is stopped by the resident-set cap', async () => {
  const err = failed(await run('const a = []; for (;;) a.push(new Uint8Array(16 * 1024 * 1024).fill(1));', { memoryMb: 48 }));
  assert.equal(err.kind, 'memory');
});

void test('output and logs are bounded', async () => {
  const small = new ScriptSandbox({ maxMessageBytes: 100_000, maxLogBytes: 1000 });
  assert.equal(failed(await small.run({ code: "return 'x'.repeat(200000);" })).kind, 'output');
  const r = await small.run({ code: "for (let i = 0; i < 100; i++) log('y'.repeat(100)); return 'ok';" });
  assert.equal(r.ok, true);
  assert.ok(r.logs.length <= 10);
});

void test('runs are independent and can be concurrent', async () => {
  const rs = await Promise.all([1, 2, 3].map((n) => run('globalThis.n = (globalThis.n || 0) + args.n; return String(n);', { args: { n } })));
  assert.deepEqual(
    rs.map((r) => r.entries[0]?.Contents),
    ['1', '2', '3'],
  );
});
