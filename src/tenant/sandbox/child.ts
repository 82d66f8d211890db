/**
 * Entry of a sandbox child process (one per script run). Started by ScriptSandbox with the
 * permission model (it may read this file only; no writes, child processes, workers or addons),
 * `--disallow-code-generation-from-strings` and a heap limit. It imports only node builtins, and
 * only types from this folder, so nothing else has to be readable.
 *
 * executeCommand is synchronous in XSOAR's JS API. Instead of a worker thread blocking on
 * Atomics.wait (which would need --allow-worker), the child writes a request line to stdout and
 * blocks in readSync on stdin until the parent answers: the same effect with one thread and no
 * extra permission. libuv hands fds 0-2 to a child in blocking mode, so readSync really waits.
 */
import { readSync, writeSync } from 'node:fs';
import vm from 'node:vm';
import type { ChildInit, ChildMessage, ChildReply } from './protocol.js';

const exit = process.exit.bind(process);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
let pending = Buffer.alloc(0);

function retrying<T>(op: () => T): T {
  for (;;) {
    try {
      return op();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(sleeper, 0, 0, 1);
    }
  }
}

function readLine(): string {
  const chunk = Buffer.alloc(64 * 1024);
  for (;;) {
    const nl = pending.indexOf(10);
    if (nl >= 0) {
      const line = pending.subarray(0, nl).toString('utf8');
      pending = pending.subarray(nl + 1);
      return line;
    }
    const n = retrying(() => readSync(0, chunk, 0, chunk.length, null));
    if (n === 0) exit(70); // the parent is gone: nobody is waiting for this run any more
    pending = Buffer.concat([pending, chunk.subarray(0, n)]);
  }
}

function send(msg: ChildMessage): void {
  const data = Buffer.from(`${JSON.stringify(msg)}\n`);
  let off = 0;
  while (off < data.length) off += retrying(() => writeSync(1, data, off));
}

/**
 * Called from the script's realm with JSON strings only, and it never throws, so no object of
 * this realm (whose Function constructor is the real one) ever reaches the script.
 */
function bridge(op: string, payload: string): string {
  try {
    const value: unknown = JSON.parse(payload);
    switch (op) {
      case 'cmd': {
        const { name, args } = value as { name: string; args: Record<string, unknown> };
        send({ t: 'cmd', name, args });
        return readLine();
      }
      case 'http':
        send({ t: 'http', request: value as Extract<ChildMessage, { t: 'http' }>['request'] });
        return readLine();
      case 'log': {
        const { level, message } = value as { level: 'debug' | 'info' | 'error'; message: string };
        send({ t: 'log', level, message });
        return '{"ok":true}';
      }
      case 'setContext': {
        const { path, value: v } = value as { path: string; value: unknown };
        send({ t: 'setContext', path, value: v });
        return '{"ok":true}';
      }
      default:
        return JSON.stringify({ ok: false, error: `unknown bridge operation ${op}` } satisfies ChildReply);
    }
  } catch (err) {
    return JSON.stringify({ ok: false, error: String(err) } satisfies ChildReply);
  }
}

/**
 * Runs in the script's realm: builds XSOAR's globals from JSON and returns a runner. Everything
 * the script can touch is created here, so prototypes chains lead to this realm's builtins only.
 */
const PRELUDE = `(function (bridge, initJson) {
  const init = JSON.parse(initJson);
  const g = globalThis;
  const call = (op, value) => {
    const reply = JSON.parse(bridge(op, JSON.stringify(value === undefined ? null : value)));
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  const text = (parts) => parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  const setPath = (obj, path, value) => {
    const keys = String(path).split('.');
    let cur = obj;
    for (const k of keys.slice(0, -1)) {
      if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
      cur = cur[k];
    }
    cur[keys[keys.length - 1]] = value;
  };
  const dq = (obj, path) => {
    let cur = obj;
    for (const k of String(path).split('.')) {
      if (cur === undefined || cur === null) return null;
      cur = Array.isArray(cur) ? cur.map((x) => (x == null ? undefined : x[k])).filter((x) => x !== undefined).flat() : cur[k];
    }
    return cur === undefined ? null : cur;
  };
  g.args = init.args;
  g.invContext = init.context;
  g.incidents = [init.incident];
  g.params = {};
  g.entryTypes = { note: 1, file: 3, error: 4, image: 7, entryInfoFile: 9, map: 15, widget: 17 };
  g.formats = { text: 'text', json: 'json', markdown: 'markdown', html: 'html', table: 'table', dbotResponse: 'dbotCommandResponse' };
  g.executeCommand = function executeCommand(name, args) { return call('cmd', { name: String(name), args: args || {} }); };
  g.setContext = function setContext(path, value) { setPath(g.invContext, path, value); call('setContext', { path: String(path), value }); return true; };
  g.dq = dq;
  g.log = function log(...a) { call('log', { level: 'info', message: text(a) }); };
  g.logInfo = g.log;
  g.logDebug = function logDebug(...a) { call('log', { level: 'debug', message: text(a) }); };
  g.logError = function logError(...a) { call('log', { level: 'error', message: text(a) }); };
  g.console = { log: g.log, info: g.log, debug: g.logDebug, warn: g.logError, error: g.logError };
  g.wait = function wait(seconds) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, Number(seconds) * 1000)); };
  g.http = function http(url, opts) {
    if (!init.allowNetwork) throw new Error('network access is not allowed for this script');
    const o = opts || {};
    return call('http', { url: String(url), method: String(o.Method || 'GET'), headers: o.Headers || {}, body: o.Body === undefined ? undefined : String(o.Body) });
  };
  return (fn) => {
    try {
      const value = fn();
      if (value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function') {
        return JSON.stringify({ t: 'error', message: 'the script returned a Promise: scripts are synchronous (import() and async code are not available)' });
      }
      return JSON.stringify({ t: 'done', value });
    } catch (e) {
      return JSON.stringify({ t: 'error', message: e instanceof Error ? e.name + ': ' + e.message : 'thrown: ' + String(e) });
    }
  };
})`;

/**
 * Defence in depth for this realm, should a script ever reach it: these are the ways to the
 * network (the permission model of Node 20 does not cover it) or to native bindings.
 */
function stripHostRealm(): void {
  const g = globalThis as unknown as Record<string, unknown>;
  for (const name of ['fetch', 'WebSocket', 'EventSource', 'Request', 'Response', 'Headers', 'FormData']) delete g[name];
  const proc = process as unknown as Record<string, unknown>;
  for (const name of ['binding', '_linkedBinding', 'getBuiltinModule', 'dlopen', 'mainModule']) delete proc[name];
  process.env = {};
}

function main(): void {
  const initLine = readLine();
  const init = JSON.parse(initLine) as ChildInit;
  stripHostRealm();
  // The child process is the security boundary; vm only scopes the globals the script sees.
  // No require, no import callback (dynamic import() rejects), no eval or new Function.
  const context = vm.createContext(Object.create(null) as object, {
    name: 'script',
    codeGeneration: { strings: false, wasm: false },
  });
  const makeRunner = vm.runInContext(PRELUDE, context) as (b: typeof bridge, init: string) => (fn: unknown) => string;
  const runner = makeRunner(bridge, JSON.stringify({ ...init, code: undefined }));
  let fn: unknown;
  try {
    fn = vm.compileFunction(init.code, [], { parsingContext: context, filename: 'script.js' });
  } catch (err) {
    send({ t: 'error', message: `script does not compile: ${String(err)}` });
    return exit(0);
  }
  const out = runner(fn);
  // Written as produced by the script's realm; the parent parses and validates it.
  const line = Buffer.from(`${out}\n`);
  let off = 0;
  while (off < line.length) off += retrying(() => writeSync(1, line, off));
  exit(0);
}

main();
