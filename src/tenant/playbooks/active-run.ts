/**
 * A run the engine holds in memory: its stored identity, the compiled graph of the playbook
 * document frozen when it started (so a content update never changes a run under way), and the
 * current state, which is ahead of the database only between a submit and its commit.
 */
import { isRecord } from '../../core/content/content-error.js';
import { compilePlaybook, replay, type CompiledGraph, type RunEvent, type RunState } from '../../core/playbook/graph/index.js';
import type { RunRow } from '../../store/playbook-run-repo.js';

export interface ActiveRun {
  readonly id: string;
  readonly incidentId: number;
  readonly rootRun: string;
  readonly parentRun: string | null;
  readonly parentTask: string | null;
  readonly iteration: number;
  readonly playbookId: string;
  readonly playbookName: string;
  readonly scope: string;
  readonly document: Record<string, unknown>;
  readonly graph: CompiledGraph;
  readonly inputs: Record<string, unknown>;
  state: RunState;
  /** Events committed since the last snapshot; a snapshot is written every few. */
  sinceSnapshot: number;
  snapshotDue: boolean;
  readonly created: number;
}

export const SNAPSHOT_EVERY = 32;

const COMPILED_CACHE = 64;
const compiled = new Map<string, CompiledGraph>();

/**
 * A playbook version compiled once: runs of the same document (by content hash) share its
 * graph, which is immutable. Most recently used first out when the cache is full.
 */
export function graphOf(hash: string, document: Record<string, unknown>, id: string): CompiledGraph {
  const hit = compiled.get(hash);
  if (hit) {
    compiled.delete(hash);
    compiled.set(hash, hit);
    return hit;
  }
  const graph = compilePlaybook(document, id);
  if (compiled.size >= COMPILED_CACHE) {
    const oldest = compiled.keys().next().value;
    if (oldest !== undefined) compiled.delete(oldest);
  }
  compiled.set(hash, graph);
  return graph;
}

/** The playbook-level quiet mode (`quiet: true`): task results stay out of the war room. */
export function isQuiet(run: ActiveRun, taskQuietMode: unknown): boolean {
  // Task quietmode: 0 inherit, 1 quiet, 2 loud (XSOAR's editor values).
  if (taskQuietMode === 1) return true;
  if (taskQuietMode === 2) return false;
  return run.document['quiet'] === true;
}

/** A stored run brought back: the snapshot, then the events after it replayed by the reducer. */
export function revive(row: RunRow, eventsAfter: readonly unknown[]): ActiveRun {
  const graph = graphOf(row.docHash, row.document, row.playbookId);
  const base = isRecord(row.state) ? (row.state as unknown as RunState) : undefined;
  const state = base ? replay(graph, eventsAfter as RunEvent[], base) : replay(graph, eventsAfter as RunEvent[]);
  return {
    id: row.id,
    incidentId: row.incidentId,
    rootRun: row.rootRun,
    parentRun: row.parentRun,
    parentTask: row.parentTask,
    iteration: row.iteration,
    playbookId: row.playbookId,
    playbookName: row.playbookName,
    scope: row.scope,
    document: row.document,
    graph,
    inputs: row.inputs,
    state,
    sinceSnapshot: eventsAfter.length,
    snapshotDue: eventsAfter.length > 0,
    created: row.created,
  };
}
