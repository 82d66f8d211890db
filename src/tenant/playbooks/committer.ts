/**
 * Group commit for the playbook engine. Each task transition is a `Commit`: its events, the
 * state snapshot, context changes, entries and staged writes, which must be durable before the
 * engine acts on them. Commits queue while a transaction is open and the next transaction takes
 * all of them, so a hundred runs in parallel cost a few transactions, not a hundred; each
 * caller still waits for the transaction holding its commit.
 *
 * Contexts are written once per transaction, as they stood when the batch was cut: the engine
 * changes its in-memory copy when it submits a commit, so at the cut the copy holds exactly the
 * changes of the commits in the batch.
 */
import type { Logger } from 'pino';
import type { Database } from '../../store/database.js';

export type CommitWork = (tx: Database) => Promise<void>;

interface Pending {
  readonly work: CommitWork;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Serialises what must be written at the cut (contexts, snapshots) into work for the batch. */
export type CutHook = () => CommitWork | undefined;

export class Committer {
  private queue: Pending[] = [];
  private flushing = false;
  private readonly cutHooks: CutHook[] = [];
  /** Transactions and commits so far, for the benchmark and the logs. */
  readonly stats = { transactions: 0, commits: 0 };

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  onCut(hook: CutHook): void {
    this.cutHooks.push(hook);
  }

  submit(work: CommitWork): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ work, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Let every transition produced in this turn of the event loop join the batch.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const atCut = this.cutHooks.map((hook) => hook()).filter((w): w is CommitWork => w !== undefined);
      try {
        await this.db.transaction(async (tx) => {
          for (const p of batch) await p.work(tx);
          for (const w of atCut) await w(tx);
        });
        this.stats.transactions++;
        this.stats.commits += batch.length;
        for (const p of batch) p.resolve();
      } catch (error) {
        // One bad commit must not sink the others: retry each alone, then the cut's writes.
        this.logger.warn({ err: error, size: batch.length }, 'playbook batch commit failed; committing one by one');
        for (const p of batch) {
          try {
            await this.db.transaction((tx) => p.work(tx));
            p.resolve();
          } catch (e) {
            p.reject(e);
          }
        }
        try {
          await this.db.transaction(async (tx) => {
            for (const w of atCut) await w(tx);
          });
        } catch (e) {
          this.logger.error({ err: e }, 'playbook context/snapshot write failed');
        }
      }
    }
    this.flushing = false;
  }

  /** Resolves once everything submitted so far is committed. */
  async drain(): Promise<void> {
    await this.submit(() => Promise.resolve());
  }
}
