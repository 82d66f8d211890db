/**
 * The durable playbook engine of one tenant. Each run is driven by the pure reducer
 * (`core/playbook/graph`); every transition is appended to the run's event log and committed
 * — with the task's context changes, entries and writes — before the engine acts on it
 * (dispatching successors, waking a parent). After a crash, runs are rebuilt from their
 * snapshot plus the events after it, and carry on (see `recovery.ts` for the rule on tasks
 * that were running).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { isRecord } from '../../core/content/content-error.js';
import { AppError } from '../../core/errors.js';
import { createRun, reduce, type RunEffect, type RunEvent } from '../../core/playbook/graph/index.js';
import { ContentError } from '../../core/content/content-error.js';
import type { Database } from '../../store/database.js';
import type { PlaybookRunRepository } from '../../store/playbook-run-repo.js';
import type { TenantContentRepository } from '../../store/tenant-content-repo.js';
import type { NewEntry, WarRoomRepository } from '../../store/war-room-repo.js';
import { graphOf, SNAPSHOT_EVERY, type ActiveRun } from './active-run.js';
import type { ContextOp, StagedWrite, TenantWriter } from './builtins/types.js';
import { Committer } from './committer.js';
import { ContextStore } from './contexts.js';

/** What one commit writes besides the events. */
export interface CommitParts {
  readonly context?: readonly { readonly scope: string; readonly ops: readonly ContextOp[] }[];
  readonly entries?: readonly Omit<NewEntry, 'incidentId' | 'created'>[];
  readonly writes?: readonly StagedWrite[];
  readonly extra?: (tx: Database) => Promise<void>;
}

export interface Playbook {
  readonly id: string;
  readonly name: string;
  readonly document: Record<string, unknown>;
  /** The content hash of the document (its version). */
  readonly hash: string;
}

export interface EngineCore {
  readonly db: Database;
  readonly runs: PlaybookRunRepository;
  readonly warRoom: WarRoomRepository;
  readonly content: TenantContentRepository;
  readonly writer: (tx: Database, incidentId: number) => TenantWriter;
  readonly logger: Logger;
  readonly now: () => number;
  /**
   * Told latencies (ms), for benchmarks and metrics: `task` from dispatch to the task's committed
   * end (queueing behind other runs included), `commit` from a transition's submit to durable.
   */
  readonly observe?: (what: 'task' | 'commit', ms: number) => void;
}

/**
 * The part of the engine that owns runs in memory and their commits; `PlaybookEngine` adds
 * task execution, sub-playbooks and waits on top.
 */
export class RunBook {
  readonly active = new Map<string, ActiveRun>();
  readonly contexts: ContextStore;
  readonly committer: Committer;
  private readonly snapshots = new Set<ActiveRun>();

  constructor(readonly core: EngineCore) {
    this.contexts = new ContextStore(core.runs);
    this.committer = new Committer(core.db, core.logger);
    this.committer.onCut(() => this.contexts.cut());
    this.committer.onCut(() => this.cutSnapshots());
  }

  iso(): string {
    return new Date(this.core.now()).toISOString();
  }

  /** Loads a playbook of this tenant by id, else by name; a 404/400 names what is wrong. */
  async playbook(ref: string): Promise<Playbook> {
    const row = await this.core.content.find('playbooks', ref);
    if (!row) throw new AppError('not_found', `playbook "${ref}" not found in this tenant`);
    const document = JSON.parse(row.body) as unknown;
    if (!isRecord(document)) throw new AppError('invalid_request', `playbook "${ref}" is not a document`);
    return { id: row.id, name: row.name, document, hash: row.hash };
  }

  /**
   * Creates a run and commits its `start` together with `parts`; returns it once durable, with
   * the effects to carry out.
   */
  async create(spec: {
    id?: string;
    incidentId: number;
    playbook: Playbook;
    inputs: Record<string, unknown>;
    parent?: { run: ActiveRun; task: string; iteration: number; separate: boolean };
    parentEvents?: RunEvent[];
    parts?: CommitParts;
  }): Promise<{ run: ActiveRun; effects: RunEffect[]; parentEffects: RunEffect[] }> {
    let graph;
    try {
      graph = graphOf(spec.playbook.hash, spec.playbook.document, spec.playbook.id);
    } catch (e) {
      if (e instanceof ContentError) throw new AppError('invalid_request', `playbook "${spec.playbook.name}" cannot run: ${e.message}`);
      throw e;
    }
    const id = spec.id ?? randomUUID();
    const parent = spec.parent;
    const scope = parent ? (parent.separate ? id : parent.run.scope) : '';
    await this.contexts.load(spec.incidentId, scope);
    const run: ActiveRun = {
      id,
      incidentId: spec.incidentId,
      rootRun: parent ? parent.run.rootRun : id,
      parentRun: parent ? parent.run.id : null,
      parentTask: parent ? parent.task : null,
      iteration: parent?.iteration ?? 0,
      playbookId: spec.playbook.id,
      playbookName: spec.playbook.name,
      scope,
      document: spec.playbook.document,
      graph,
      inputs: spec.inputs,
      state: createRun(graph),
      sinceSnapshot: 0,
      snapshotDue: true,
      created: this.core.now(),
    };
    this.active.set(id, run);
    const initial = run.state;
    const row = { ...run, docHash: spec.playbook.hash, status: 'created', state: initial, snapshotSeq: 0, updated: run.created };
    const parentEffects = parent && spec.parentEvents ? this.apply(parent.run, spec.parentEvents) : { events: [], effects: [] };
    const own = this.apply(run, [{ type: 'start', at: this.iso() }]);
    await this.submit(
      [{ run, events: own.events }, ...(parent ? [{ run: parent.run, events: parentEffects.events }] : [])],
      spec.parts ?? {},
      async (tx) => this.core.runs.insertRun(tx, row),
    );
    return { run, effects: own.effects, parentEffects: parentEffects.effects };
  }

  /** Applies events to a run in memory; the ones the reducer ignores are dropped. */
  apply(run: ActiveRun, events: readonly RunEvent[]): { events: { seq: number; event: RunEvent }[]; effects: RunEffect[] } {
    const applied: { seq: number; event: RunEvent }[] = [];
    const effects: RunEffect[] = [];
    for (const event of events) {
      const result = reduce(run.graph, run.state, event);
      if (result.ignored !== undefined) {
        this.core.logger.debug({ run: run.id, event: event.type, why: result.ignored }, 'playbook event ignored');
        continue;
      }
      const before = run.state.status;
      run.state = result.state;
      applied.push({ seq: run.state.seq, event });
      effects.push(...result.effects);
      run.sinceSnapshot++;
      if (run.state.status !== before || event.type === 'taskWaiting' || run.sinceSnapshot >= SNAPSHOT_EVERY) run.snapshotDue = true;
    }
    if (run.snapshotDue) this.snapshots.add(run);
    return { events: applied, effects };
  }

  /**
   * Submits events already applied in memory, with the rest of a task's effect, and waits
   * until they are durable. Context changes are applied to the held copies now, in submit
   * order, so the batch cut writes exactly what was submitted.
   */
  async submit(
    batches: readonly { run: ActiveRun; events: readonly { seq: number; event: RunEvent }[] }[],
    parts: CommitParts,
    first?: (tx: Database) => Promise<void>,
    incident?: number,
  ): Promise<void> {
    const incidentId = incident ?? batches[0]?.run.incidentId ?? 0;
    for (const c of parts.context ?? []) this.contexts.apply(incidentId, c.scope, c.ops);
    const at = this.core.now();
    const submitted = performance.now();
    await this.committer.submit(async (tx) => {
      if (first) await first(tx);
      for (const b of batches) for (const e of b.events) await this.core.runs.appendEvent(tx, b.run.id, e.seq, e.event);
      if (parts.entries && parts.entries.length > 0) {
        await this.core.warRoom.addEntries(tx, parts.entries.map((e) => ({ ...e, incidentId, created: at })));
      }
      if (parts.writes && parts.writes.length > 0) {
        const writer = this.core.writer(tx, incidentId);
        for (const w of parts.writes) await w(writer);
      }
      if (parts.extra) await parts.extra(tx);
    });
    this.core.observe?.('commit', performance.now() - submitted);
  }

  /** Marks a run for a snapshot at the next cut (it settled, or is set aside). */
  snapshotSoon(run: ActiveRun): void {
    run.snapshotDue = true;
    this.snapshots.add(run);
  }

  private cutSnapshots(): ((tx: Database) => Promise<void>) | undefined {
    if (this.snapshots.size === 0) return undefined;
    const due = [...this.snapshots].map((run) => {
      run.snapshotDue = false;
      run.sinceSnapshot = 0;
      return { id: run.id, status: run.state.status, state: run.state, seq: run.state.seq };
    });
    this.snapshots.clear();
    const at = this.core.now();
    return async (tx) => {
      for (const s of due) await this.core.runs.snapshot(tx, s.id, s.status, s.state, s.seq, at);
    };
  }
}
