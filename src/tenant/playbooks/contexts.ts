/**
 * The engine's in-memory copy of each context in use, keyed by incident and scope. Changes are
 * applied here when a commit is submitted and written by the committer at the batch cut, so
 * tasks read their predecessors' results without a database round trip.
 */
import { deleteContext, mergeEntryContext, setContext, type Context } from '../../core/playbook/dt/index.js';
import type { Database } from '../../store/database.js';
import type { PlaybookRunRepository } from '../../store/playbook-run-repo.js';
import type { ContextOp } from './builtins/types.js';
import type { CommitWork } from './committer.js';

interface Held {
  readonly incidentId: number;
  readonly scope: string;
  body: Context;
  dirty: boolean;
}

export function applyOps(body: Context, ops: readonly ContextOp[]): Context {
  let next = body;
  for (const op of ops) {
    switch (op.op) {
      case 'merge':
        next = mergeEntryContext(next, op.entryContext, op.dedupe === undefined ? {} : { dedupe: op.dedupe });
        break;
      case 'set':
        next = setContext(next, op.path, op.value);
        break;
      case 'delete':
        next = deleteContext(next, op.path);
        break;
      case 'clear': {
        const kept: Record<string, unknown> = {};
        for (const key of op.keep ?? []) if (Object.hasOwn(next, key)) kept[key] = next[key];
        next = kept;
        break;
      }
    }
  }
  return next;
}

export class ContextStore {
  private readonly held = new Map<string, Held>();

  constructor(private readonly repo: PlaybookRunRepository) {}

  private static key(incidentId: number, scope: string): string {
    return `${incidentId}\u0000${scope}`;
  }

  async load(incidentId: number, scope: string): Promise<Context> {
    const key = ContextStore.key(incidentId, scope);
    const found = this.held.get(key);
    if (found) return found.body;
    const body = await this.repo.context(incidentId, scope);
    // Another caller may have loaded it while this one awaited: keep the first copy.
    const again = this.held.get(key);
    if (again) return again.body;
    this.held.set(key, { incidentId, scope, body, dirty: false });
    return body;
  }


  apply(incidentId: number, scope: string, ops: readonly ContextOp[]): void {
    if (ops.length === 0) return;
    const key = ContextStore.key(incidentId, scope);
    const held = this.held.get(key) ?? { incidentId, scope, body: {}, dirty: false };
    held.body = applyOps(held.body, ops);
    held.dirty = true;
    this.held.set(key, held);
  }


  /** The writes of every changed context, serialised now (at the batch cut). */
  cut(): CommitWork | undefined {
    const dirty = [...this.held.values()].filter((h) => h.dirty);
    if (dirty.length === 0) return undefined;
    const bodies = dirty.map((h) => {
      h.dirty = false;
      return { incidentId: h.incidentId, scope: h.scope, body: h.body };
    });
    return async (tx: Database) => {
      for (const b of bodies) await this.repo.saveContext(tx, b.incidentId, b.scope, b.body);
    };
  }

  /** Forgets the copies of an incident's contexts (nothing of it runs any more). */
  release(incidentId: number, dirtyToo = false): void {
    for (const [key, h] of this.held) if (h.incidentId === incidentId && (dirtyToo || !h.dirty)) this.held.delete(key);
  }
}
