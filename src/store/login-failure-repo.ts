import type { Database } from './database.js';
import { jsonColumn } from './database.js';

/**
 * Failed logins per login name (whether or not such an account exists, so a lock reveals
 * nothing), kept in main's database: a lock holds across restarts and across main processes.
 */
export class LoginFailureRepository {
  constructor(private readonly db: Database) {}

  /** Until when the login is locked (0 when it is not). */
  async lockedUntil(login: string, now: number): Promise<number> {
    const row = await this.db.get<{ until: number | string | null }>('SELECT locked_until AS until FROM login_failures WHERE login = ?', [login]);
    const until = Number(row?.until ?? 0);
    return until > now ? until : 0;
  }

  /**
   * Counts one failure within the window, atomically; at `max` failures the login locks for
   * `lockMs` and the count starts again. Returns until when it is locked (0 when not).
   */
  failed(login: string, now: number, o: { windowMs: number; max: number; lockMs: number }): Promise<number> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get<{ failures: unknown }>('SELECT failures FROM login_failures WHERE login = ?', [login]);
      const recent = jsonColumn<number[]>(row?.failures, []).filter((t) => t > now - o.windowMs);
      recent.push(now);
      const locked = recent.length >= o.max ? now + o.lockMs : null;
      await tx.run(
        `INSERT INTO login_failures (login, failures, locked_until, updated) VALUES (?, ?, ?, ?)
         ON CONFLICT (login) DO UPDATE SET failures = excluded.failures, locked_until = COALESCE(excluded.locked_until, login_failures.locked_until), updated = excluded.updated`,
        [login, JSON.stringify(locked ? [] : recent), locked, now],
      );
      return locked ?? 0;
    });
  }

  async succeeded(login: string): Promise<void> {
    await this.db.run('UPDATE login_failures SET failures = ? WHERE login = ?', ['[]', login]);
  }

  /** Forgets names with no lock and no failure since `before`: a spray of names does not pile up. */
  async sweep(before: number): Promise<number> {
    return this.db.run('DELETE FROM login_failures WHERE updated < ? AND (locked_until IS NULL OR locked_until < ?)', [before, before]);
  }
}
