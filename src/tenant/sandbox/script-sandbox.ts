import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Entry, errorEntry, toEntries } from '../../core/playbook/entries.js';
import type { ChildInit, ChildMessage, ChildReply, HttpResponse } from './protocol.js';
import { httpForScript } from './script-http.js';

export const CHILD_ENTRY = fileURLToPath(new URL('./child.js', import.meta.url));

/** The tenant's implementation of `executeCommand`; its result is what the script receives. */
export type CommandHandler = (name: string, args: Record<string, unknown>) => Promise<unknown>;

export interface RunRequest {
  code: string;
  args?: Record<string, unknown>;
  context?: Record<string, unknown>;
  incident?: Record<string, unknown>;
  /** Wall clock for the whole run: process start (~50 ms), script, and time awaiting commands. */
  timeoutMs?: number;
  /** V8 heap limit; the resident set is also capped at memoryMb + RSS_OVERHEAD_MB. */
  memoryMb?: number;
  /** From the script's manifest; enables `http()`, which the parent performs for the script. */
  allowNetwork?: boolean;
  executeCommand?: CommandHandler;
}

export type ErrorKind = 'timeout' | 'memory' | 'script' | 'crash' | 'output';
export interface ContextUpdate {
  path: string;
  value: unknown;
}
export interface CommandCall {
  name: string;
  args: Record<string, unknown>;
  ok: boolean;
}
export interface LogLine {
  level: 'debug' | 'info' | 'error';
  message: string;
}

interface RunBase {
  /** On failure a single error entry (Type 4), ready for the war room. */
  entries: Entry[];
  contextUpdates: ContextUpdate[];
  commands: CommandCall[];
  logs: LogLine[];
  /** Tail of the child's stderr (node's own messages, e.g. the out-of-memory report). */
  stderr: string;
  durationMs: number;
}
export type RunResult = (RunBase & { ok: true }) | (RunBase & { ok: false; error: { kind: ErrorKind; message: string } });

export interface SandboxOptions {
  executeCommand?: CommandHandler;
  defaultTimeoutMs?: number;
  defaultMemoryMb?: number;
  /** Largest single protocol line (a result, a command's arguments). */
  maxMessageBytes?: number;
  maxLogBytes?: number;
  maxStderrBytes?: number;
  /** Judges each URL a script's `http()` asks for: a refusal message, or undefined to allow. */
  checkUrl?: (url: string) => string | undefined;
}

/** Node itself needs ~40-60 MB resident besides the heap the script gets. */
export const RSS_OVERHEAD_MB = 96;
const RSS_POLL_MS = 25;
const PAGE_SIZE = 4096;

/**
 * Node 20's permission model: with no --allow-fs-write, --allow-child-process, --allow-worker
 * (and addons, which it refuses outright) the child may read its own entry file and nothing else.
 * It has no network switch; see script-http.ts for how the network is kept out instead.
 */
export function sandboxNodeFlags(memoryMb: number): string[] {
  return [
    '--experimental-permission',
    `--allow-fs-read=${CHILD_ENTRY}`,
    '--disallow-code-generation-from-strings',
    `--max-old-space-size=${memoryMb}`,
    '--disable-warning=ExperimentalWarning',
  ];
}

function residentBytes(pid: number): number | undefined {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return Number.isFinite(pages) ? pages * PAGE_SIZE : undefined;
  } catch {
    return undefined; // not Linux, or the process is gone
  }
}

/**
 * Runs XSOAR JavaScript automations, each in a fresh child process (see child.ts for what the
 * child may do). A run never rejects: timeouts, memory exhaustion, crashes and script errors
 * come back as `{ ok: false, error }` with an error entry.
 */
export class ScriptSandbox {
  private readonly running = new Set<ReturnType<typeof spawn>>();

  constructor(private readonly options: SandboxOptions = {}) {}

  /** Kills every script still running (the tenant is stopping; its runs resume later). */
  killAll(): void {
    for (const child of this.running) child.kill('SIGKILL');
    this.running.clear();
  }

  run(req: RunRequest): Promise<RunResult> {
    const timeoutMs = req.timeoutMs ?? this.options.defaultTimeoutMs ?? 10_000;
    const memoryMb = Math.max(16, Math.floor(req.memoryMb ?? this.options.defaultMemoryMb ?? 128));
    const maxMessage = this.options.maxMessageBytes ?? 16 * 1024 * 1024;
    const maxLog = this.options.maxLogBytes ?? 64 * 1024;
    const maxStderr = this.options.maxStderrBytes ?? 16 * 1024;
    const onCommand = req.executeCommand ?? this.options.executeCommand;
    const started = performance.now();

    // env is empty so no tenant secret is even present in the child's memory.
    const child = spawn(process.execPath, [...sandboxNodeFlags(memoryMb), CHILD_ENTRY], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {},
      cwd: '/',
    });
    this.running.add(child);
    child.once('exit', () => this.running.delete(child));

    const base: Omit<RunBase, 'entries' | 'durationMs'> = { contextUpdates: [], commands: [], logs: [], stderr: '' };
    let logBytes = 0;
    let outcome: { ok: true; value: unknown } | { ok: false; kind: ErrorKind; message: string } | undefined;
    const fail = (kind: ErrorKind, message: string): void => {
      outcome ??= { ok: false, kind, message };
      child.kill('SIGKILL');
    };

    const timer = setTimeout(() => fail('timeout', `script exceeded its time limit of ${timeoutMs} ms and was killed`), timeoutMs);
    const rssLimit = (memoryMb + RSS_OVERHEAD_MB) * 1024 * 1024;
    const watchdog = setInterval(() => {
      const rss = child.pid === undefined ? undefined : residentBytes(child.pid);
      if (rss !== undefined && rss > rssLimit) fail('memory', `script exceeded its memory limit of ${memoryMb} MB and was killed`);
    }, RSS_POLL_MS);

    child.stderr.on('data', (d: Buffer) => {
      base.stderr = (base.stderr + d.toString('utf8')).slice(-maxStderr);
    });
    child.stdin.on('error', () => undefined); // the child may die before reading what we wrote

    const reply = (r: ChildReply): void => {
      if (child.exitCode === null && child.signalCode === null) child.stdin.write(`${JSON.stringify(r)}\n`);
    };
    const answer = async (msg: Extract<ChildMessage, { t: 'cmd' | 'http' }>): Promise<void> => {
      if (msg.t === 'http') {
        const remaining = Math.max(1, Math.floor(timeoutMs - (performance.now() - started)));
        const res: HttpResponse | string = req.allowNetwork
          ? (this.options.checkUrl?.(msg.request.url) ?? (await httpForScript(msg.request, remaining)))
          : 'network access is not allowed for this script';
        reply(typeof res === 'string' ? { ok: false, error: res } : { ok: true, value: res });
        return;
      }
      const call: CommandCall = { name: msg.name, args: msg.args, ok: false };
      base.commands.push(call);
      if (!onCommand) return reply({ ok: true, value: [errorEntry(`command ${msg.name} is not available`)] });
      try {
        const value = await onCommand(msg.name, msg.args);
        call.ok = true;
        reply({ ok: true, value: value ?? [] });
      } catch (err) {
        // XSOAR hands a failed command back to the script as an error entry; it does not throw.
        reply({ ok: true, value: [errorEntry(err instanceof Error ? err.message : String(err))] });
      }
    };

    const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
    lines.on('line', (line) => {
      if (outcome) return;
      if (line.length > maxMessage) return fail('output', `script output exceeds ${maxMessage} bytes`);
      let msg: ChildMessage;
      try {
        msg = JSON.parse(line) as ChildMessage;
      } catch {
        return fail('crash', 'sandbox protocol violated');
      }
      switch (msg.t) {
        case 'cmd':
        case 'http':
          void answer(msg);
          return;
        case 'log':
          logBytes += msg.message.length;
          if (logBytes <= maxLog) base.logs.push({ level: msg.level, message: String(msg.message) });
          return;
        case 'setContext':
          base.contextUpdates.push({ path: msg.path, value: msg.value });
          return;
        case 'done':
          outcome = { ok: true, value: msg.value };
          return;
        case 'error':
          outcome = { ok: false, kind: 'script', message: String(msg.message) };
          return;
        default:
          return fail('crash', 'sandbox protocol violated');
      }
    });

    const init: ChildInit = {
      code: req.code,
      args: req.args ?? {},
      context: req.context ?? {},
      incident: req.incident ?? {},
      allowNetwork: req.allowNetwork === true,
    };
    child.stdin.write(`${JSON.stringify(init)}\n`);

    return new Promise<RunResult>((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
        clearTimeout(timer);
        clearInterval(watchdog);
        const durationMs = Math.round(performance.now() - started);
        if (!outcome) {
          const oom = /heap out of memory|Reached heap limit|allocation failed/i.test(base.stderr);
          outcome = oom
            ? { ok: false, kind: 'memory', message: `script exceeded its memory limit of ${memoryMb} MB` }
            : { ok: false, kind: 'crash', message: `sandbox process ended (${signal ?? `exit code ${code}`}) without a result` };
        }
        if (outcome.ok) {
          try {
            return resolve({ ...base, ok: true, entries: toEntries(outcome.value), durationMs });
          } catch (err) {
            outcome = { ok: false, kind: 'script', message: `unusable result: ${String(err)}` };
          }
        }
        const error = { kind: outcome.kind, message: outcome.message };
        resolve({ ...base, ok: false, error, entries: [errorEntry(`Script error (${error.kind}): ${error.message}`)], durationMs });
      };
      // 'close' comes after stdout is drained, so a last 'done' line is never lost.
      child.once('close', finish);
      child.once('error', (err) => {
        outcome ??= { ok: false, kind: 'crash', message: `cannot start the sandbox: ${err.message}` };
      });
    });
  }
}
