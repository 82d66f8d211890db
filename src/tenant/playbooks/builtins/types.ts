/**
 * The contract between the playbook engine and the scripts and commands it provides natively
 * (XSOAR-FORMATS §6). A built-in gets its arguments already resolved and a read-only view of
 * the context; it returns what should happen — entries, context changes, incident writes — and
 * the engine commits all of it together with the task's completion, in one transaction. So a
 * built-in that touches only the tenant database is atomic with its task: after a crash it
 * either happened with the completion or not at all, and re-running it is safe.
 *
 * Script conditions answer with the text of their last entry (`yes`/`no`), as XSOAR's JS
 * scripts do; an error entry (Type 4) among the entries fails the task.
 */
import type { Entry } from '../../../core/playbook/entries.js';
import type { Incident, IncidentInput, IncidentPatch } from '../../../core/incident.js';

/** A change to the context a run writes to; applied in order when the task commits. */
export type ContextOp =
  /** EntryContext semantics (§2.3): append with de-duplication, DT selector keys upsert. */
  | { readonly op: 'merge'; readonly entryContext: Readonly<Record<string, unknown>>; readonly dedupe?: boolean }
  /** Overwrites the value at a dotted path (`setContext`, `Set` with `append=false`). */
  | { readonly op: 'set'; readonly path: string; readonly value: unknown }
  /** Removes the value at a dotted path. */
  | { readonly op: 'delete'; readonly path: string }
  /** Removes every key (DeleteContext `all=yes`) except those kept. */
  | { readonly op: 'clear'; readonly keep?: readonly string[] };

/** Why a task waits, and when the engine should wake it by itself. */
export interface TaskWait {
  /** `sleep`, `poll`, `manual`, … shown in the work plan. */
  readonly reason: string;
  /** Epoch ms; absent: only something outside (an analyst, a sub-run) ends the wait. */
  readonly wakeAt?: number;
  /** Kept with the wait and handed back when it ends (e.g. a polling schedule). */
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface BuiltinResult {
  readonly entries?: readonly Entry[];
  readonly context?: readonly ContextOp[];
  /** Ends the task waiting instead of completed. */
  readonly wait?: TaskWait;
  /** Writes for the commit transaction, run in order on it. */
  readonly writes?: readonly StagedWrite[];
  /** A polling schedule (`ScheduleGenericPolling`), kept by the engine until done or timed out. */
  readonly poll?: PollSchedule;
}

/**
 * GenericPolling: every `intervalMs` run `command` with `args`, then evaluate the DT `dt`
 * over the context; once it gives nothing (every id is done) the waiting condition task tagged
 * `polling` completes with `YES`, and at `deadline` it completes with no label (`#default#`).
 */
export interface PollSchedule {
  readonly command: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly dt: string;
  readonly intervalMs: number;
  readonly deadline: number;
}

/** A write to the tenant database performed when the task commits, on the commit transaction. */
export type StagedWrite = (tx: TenantWriter) => Promise<void>;

/** What staged writes can do; implemented by the engine over the tenant's repositories. */
export interface TenantWriter {
  patchIncident(id: number, patch: IncidentPatch, customFields?: Readonly<Record<string, unknown>>): Promise<Incident>;
  closeIncident(id: number, reason: string, notes: string): Promise<void>;
  linkIncidents(id: number, others: readonly number[], unlink: boolean): Promise<void>;
  setList(name: string, data: string, create: 'create' | 'set' | 'append'): Promise<void>;
  upsertIndicator(value: string, type: string, fields: Readonly<Record<string, unknown>>, mode: 'create' | 'set' | 'append' | 'remove'): Promise<void>;
  markEvidence(description: string, entryTags: readonly string[]): Promise<void>;
}

/** Reads a built-in may make while it runs (before the commit). */
export interface BuiltinServices {
  getList(name: string): Promise<string | undefined>;
  /** Names of every list this tenant has (its own and its content's). */
  listNames(): Promise<string[]>;
  /**
   * Analysts known to this tenant: who acted on it (its audit trail) and who owns incidents,
   * with how many open incidents each owns. The tenant keeps no user directory; main does.
   */
  analysts(): Promise<{ name: string; open: number }[]>;
  searchIncidents(query: string, size: number): Promise<Incident[]>;
  getIncident(id: number): Promise<Incident | undefined>;
  getIndicator(value: string): Promise<Readonly<Record<string, unknown>> | undefined>;
  /** Indicators matching an XSOAR indicator query (`type:IP tags:x`), as `playbookQuery` shows them. */
  searchIndicators(query: string, limit: number): Promise<Record<string, unknown>[]>;
  /**
   * Creates an incident at once, outside the task's transaction (its id is an output), and
   * starts its type's playbook; built-ins using it are not `local`.
   */
  createIncident(input: IncidentInput): Promise<number>;
  /** Runs another script or command of this tenant (`executeCommand`), giving its entries. */
  executeCommand(name: string, args: Readonly<Record<string, unknown>>): Promise<readonly Entry[]>;
  /** Outbound HTTP, refused unless the tenant's allow-list admits the URL. */
  http(request: { url: string; method: string; headers: Record<string, string>; body?: string; timeoutMs?: number }): Promise<{ status: number; headers: Record<string, string>; body: string }>;
}

export interface BuiltinCall {
  /** The name the task used (`Set`, `Builtin|||setIncident` is passed as `setIncident`). */
  readonly name: string;
  /** Resolved arguments; unset ones are absent. Literals arrive as strings, as XSOAR passes them. */
  readonly args: Readonly<Record<string, unknown>>;
  /** The context as DT reads it: the run's context with `incident`, `inputs`, `lists` roots. */
  readonly context: Readonly<Record<string, unknown>>;
  readonly incident: Incident;
  /** Epoch ms of the task's start: built-ins read no clock of their own. */
  readonly now: number;
  /** The playbook run and task, for built-ins that schedule (`ScheduleGenericPolling`). */
  readonly runId: string;
  readonly taskId: string;
  readonly playbookId: string;
  /** Data a waiting task was woken with (the `data` of its `TaskWait`), on the re-run. */
  readonly resumed?: Readonly<Record<string, unknown>>;
  readonly services: BuiltinServices;
}

export type Builtin = (call: BuiltinCall) => BuiltinResult | Promise<BuiltinResult>;

/** A registry entry: the function and whether its effects stay inside the tenant database. */
export interface BuiltinDef {
  readonly run: Builtin;
  /**
   * True when everything it does is in the result (entries, context, staged writes), so a
   * re-run after a crash repeats nothing outside. False for `http` and anything reaching out.
   */
  readonly local: boolean;
}
