/**
 * Finds and runs what a task names: a native built-in, else one of the tenant's JavaScript
 * scripts (its own or main's pushed copy) in the sandbox. Names arrive as content writes them:
 * `Set`, `Builtin|||setIncident`, `|||closeInvestigation`, `Brand|||command`.
 */
import { toText } from '../../core/playbook/dt/index.js';
import { isRecord } from '../../core/content/content-error.js';
import { errorEntry } from '../../core/playbook/entries.js';
import { contextOfEntries } from './task-result.js';
import type { TenantContentRepository } from '../../store/tenant-content-repo.js';
import type { ScriptSandbox } from '../sandbox/script-sandbox.js';
import type { BuiltinCall, BuiltinDef, BuiltinResult, ContextOp } from './builtins/types.js';

/** `Builtin|||setIncident` → `setIncident`; the brand is not needed to pick a built-in. */
export function plainCommandName(name: string): string {
  const at = name.lastIndexOf('|||');
  return (at >= 0 ? name.slice(at + 3) : name).trim();
}

export interface CommandOutcome {
  readonly found: boolean;
  /** False when running it may have reached outside the tenant (network, another system). */
  readonly local: boolean;
  readonly result: BuiltinResult;
}

export interface ScriptDoc {
  readonly code: string;
  readonly allowNetwork: boolean;
  readonly timeoutMs?: number;
}

/** A script document → what the sandbox runs, or why it cannot. */
export function scriptOf(doc: Record<string, unknown>): ScriptDoc | string {
  const type = toText(doc['type'] ?? doc['subtype'] ?? '').toLowerCase();
  if (type !== 'javascript') return `script "${String(doc['name'] ?? doc['id'])}" is ${type === '' ? 'of no type' : type}; only JavaScript scripts run here`;
  const code = doc['script'];
  if (typeof code !== 'string' || code.trim() === '' || code.trim() === '-') return `script "${String(doc['name'] ?? doc['id'])}" has no code`;
  const timeout = Number(doc['timeout']);
  // `allowNetwork` is Palisade's manifest key: XSOAR scripts have none, so the default is off.
  return { code, allowNetwork: doc['allowNetwork'] === true, ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: Math.min(timeout, 300) * 1000 } : {}) };
}

export class CommandRunner {
  constructor(
    private readonly builtins: ReadonlyMap<string, BuiltinDef>,
    private readonly content: TenantContentRepository,
    private readonly sandbox: ScriptSandbox,
  ) {}

  builtinNames(): string[] {
    return [...this.builtins.keys()];
  }

  builtin(name: string): BuiltinDef | undefined {
    return this.builtins.get(plainCommandName(name));
  }

  /** Whether running `name` stays inside the tenant, without running it (for crash recovery). */
  async isLocal(name: string): Promise<boolean> {
    const def = this.builtin(name);
    if (def) return def.local;
    const script = await this.loadScript(name);
    return typeof script !== 'object' || !script.allowNetwork;
  }

  async run(outer: BuiltinCall, depth = 0): Promise<CommandOutcome> {
    // `executeCommand` from a built-in (RunPollingCommand) runs in the same call, one level deeper.
    const call: BuiltinCall = {
      ...outer,
      services: {
        ...outer.services,
        executeCommand: async (name, args) => {
          if (depth >= 4) return [errorEntry(`executeCommand("${name}"): commands nest deeper than 4`)];
          const inner = await this.run({ ...outer, name, args }, depth + 1);
          return inner.found ? (inner.result.entries ?? []) : [errorEntry(`Unsupported Command : ${name}`)];
        },
      },
    };
    const def = this.builtin(call.name);
    if (def) return { found: true, local: def.local, result: await def.run({ ...call, name: plainCommandName(call.name) }) };
    const script = await this.loadScript(call.name);
    if (script === undefined) return { found: false, local: true, result: {} };
    if (typeof script === 'string') return { found: true, local: true, result: { entries: [errorEntry(script)] } };
    return { found: true, local: !script.allowNetwork, result: await this.runScript(script, call, depth) };
  }

  private async loadScript(name: string): Promise<ScriptDoc | string | undefined> {
    const row = await this.content.find('scripts', plainCommandName(name));
    if (!row) return undefined;
    const doc = JSON.parse(row.body) as unknown;
    return isRecord(doc) ? scriptOf(doc) : `script "${name}" is not a document`;
  }

  private async runScript(script: ScriptDoc, call: BuiltinCall, depth: number): Promise<BuiltinResult> {
    const context: ContextOp[] = [];
    const writes: NonNullable<BuiltinResult['writes']>[number][] = [];
    const result = await this.sandbox.run({
      code: script.code,
      args: { ...call.args },
      context: call.context,
      incident: call.context['incident'] as Record<string, unknown>,
      allowNetwork: script.allowNetwork,
      ...(script.timeoutMs === undefined ? {} : { timeoutMs: script.timeoutMs }),
      executeCommand: async (name, args) => {
        // A script's executeCommand runs built-ins and other scripts; their context and writes
        // commit with this task. Scripts calling scripts is bounded, as recursion would be.
        if (depth >= 4) return [errorEntry(`executeCommand("${name}"): scripts nest deeper than 4`)];
        const inner = await this.run({ ...call, name, args }, depth + 1);
        if (!inner.found) return [errorEntry(`Unsupported Command : ${name}`)];
        // Outputs of commands the script ran enter the context as in XSOAR; their entries are the script's to show.
        const entries = [...(inner.result.entries ?? [])];
        context.push(...contextOfEntries(entries), ...(inner.result.context ?? []));
        writes.push(...(inner.result.writes ?? []));
        return entries;
      },
    });
    for (const u of result.contextUpdates) context.push({ op: 'set', path: u.path, value: u.value });
    return { entries: result.entries, context, writes };
  }
}
