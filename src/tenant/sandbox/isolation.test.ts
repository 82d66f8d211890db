import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { ScriptSandbox, sandboxNodeFlags, type RunRequest, type RunResult } from './script-sandbox.js';

const sandbox = new ScriptSandbox({ defaultTimeoutMs: 5000, defaultMemoryMb: 64 });
const run = (code: string, extra: Partial<RunRequest> = {}): Promise<RunResult> => sandbox.run({ code, ...extra });

let server: Server;
let url = '';
let hits = 0;
before(async () => {
  server = createServer((_req, res) => {
    hits++;
    res.end('reached');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function refused(code: string, pattern?: RegExp): Promise<void> {
  const r = await run(code);
  assert.equal(r.ok, false, `${code} should fail, got ${JSON.stringify(r.entries)}`);
  if (r.ok) return;
  assert.equal(r.error.kind, 'script', r.error.message);
  if (pattern) assert.match(r.error.message, pattern);
}

void test('require, process and module tricks are not available', async () => {
  await refused("return require('fs').readFileSync('/etc/passwd', 'utf8');", /require is not defined/);
  await refused("return process.binding('fs');", /process is not defined/);
  await refused('return globalThis.process.mainModule;');
  await refused("return module.require('fs');");
});

void test('dynamic import is refused', async () => {
  await refused("return import('fs');", /Promise/);
  await refused("return import('/etc/passwd');", /Promise/);
});

void test('eval and new Function are refused', async () => {
  await refused("return eval('1 + 1');", /EvalError/);
  await refused("return new Function('return 1')();", /EvalError/);
  await refused("return (0, eval)('this');", /EvalError/);
});

void test('constructor.constructor escapes are refused', async () => {
  await refused("return constructor.constructor('return process')();", /EvalError/);
  await refused("return executeCommand.constructor.constructor('return process')();", /EvalError/);
  await refused("return args.constructor.constructor('return process')();", /EvalError/);
  await refused("return (function*(){}).constructor('return process')().next();", /EvalError/);
  // A host-realm error surfacing through the bridge still leads to a Function that cannot compile.
  await refused(`
    let err;
    try { executeCommand({ toString() { throw new RangeError('x'); } }, {}); } catch (e) { err = e; }
    return err.constructor.constructor('return process')();
  `);
});

void test('no file can be read through any path', async () => {
  const r = await run(`
    const out = [];
    for (const name of ['require', 'process', 'Buffer', 'fs', 'Deno', 'Bun', 'fetch', 'WebAssembly']) {
      out.push(name + ':' + typeof globalThis[name]);
    }
    return out.join(',');
  `);
  assert.equal(r.entries[0]?.Contents, 'require:undefined,process:undefined,Buffer:undefined,fs:undefined,Deno:undefined,Bun:undefined,fetch:undefined,WebAssembly:object');
  const wasm = await run('return WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));');
  assert.equal(wasm.ok, false);
});

void test('the child process itself may not read files, spawn or start workers', () => {
  const attempts = {
    fs: "import('node:fs').then((f) => f.readFileSync('/etc/hostname'))",
    spawn: "import('node:child_process').then((c) => c.execSync('true'))",
    worker: "import('node:worker_threads').then((w) => new w.Worker('1', { eval: true }))",
  };
  for (const [name, code] of Object.entries(attempts)) {
    const p = spawnSync(process.execPath, [...sandboxNodeFlags(32), '--input-type=module', '-e', code], { encoding: 'utf8', env: {} });
    assert.notEqual(p.status, 0, `${name} was allowed`);
    assert.match(p.stderr, /ERR_ACCESS_DENIED/, name);
  }
});

void test('fetch and http() do not reach a local server without the network permission', async () => {
  await refused(`return fetch('${url}');`, /fetch is not defined/);
  await refused(`return http('${url}').Body;`, /network access is not allowed/);
  await refused(`return new WebSocket('${url.replace('http', 'ws')}');`);
  assert.equal(hits, 0);
});

void test('http() reaches the server when the manifest allows network', async () => {
  const r = await run(`const res = http('${url}', { Method: 'GET' }); return res.StatusCode + ' ' + res.Body;`, { allowNetwork: true });
  assert.equal(r.entries[0]?.Contents, '200 reached');
  assert.equal(hits, 1);
  assert.equal((await run("return typeof fetch + typeof require;", { allowNetwork: true })).entries[0]?.Contents, 'undefinedundefined');
});

void test('the parent survives every failure and keeps serving runs', async () => {
  const results = await Promise.all([
    run('while (true) {}', { timeoutMs: 300 }),
    run('const a = []; for (;;) a.push({ x: new Array(1000).fill(0) });', { memoryMb: 32 }),
    run('throw 42;'),
    run("return 'fine';"),
  ]);
  assert.deepEqual(
    results.map((r) => (r.ok ? 'ok' : r.error.kind)),
    ['timeout', 'memory', 'script', 'ok'],
  );
});
