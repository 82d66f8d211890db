import { AppError } from '../../core/errors.js';
import type { LoginFailureRepository } from '../../store/login-failure-repo.js';

export interface LoginGuardOptions {
  /** Failed logins of one account within `windowMs` that lock it. */
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  /** Login attempts from one address per minute. */
  perAddressPerMinute: number;
}

export const DEFAULT_LOGIN_GUARD: LoginGuardOptions = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000, perAddressPerMinute: 30 };

/**
 * Slows password guessing: an account locks after repeated failures (whether or not it
 * exists, so locking reveals nothing; kept in the database, so a restart does not lift it),
 * and each source address gets a budget of attempts a minute (in memory: a rate, not a state
 * worth keeping).
 */
export class LoginGuard {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly failures: LoginFailureRepository,
    private readonly o: LoginGuardOptions = DEFAULT_LOGIN_GUARD,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws when this attempt must not even be checked. */
  async before(username: string, address: string): Promise<void> {
    const now = this.now();
    const recent = (this.attempts.get(address) ?? []).filter((t) => t > now - 60_000);
    recent.push(now);
    this.attempts.set(address, recent);
    if (this.attempts.size > 10_000) this.sweep(now);
    if (recent.length > this.o.perAddressPerMinute) throw new AppError('rate_limited', 'too many login attempts from this address: wait a minute');
    const until = await this.failures.lockedUntil(username.toLowerCase(), now);
    if (until > now) throw locked(until - now);
  }

  async failed(username: string): Promise<void> {
    await this.failures.failed(username.toLowerCase(), this.now(), { windowMs: this.o.windowMs, max: this.o.maxFailures, lockMs: this.o.lockMs });
  }

  async succeeded(username: string): Promise<void> {
    await this.failures.succeeded(username.toLowerCase());
  }

  /** Forgets old failures in the database; main runs it now and then. */
  async sweepStored(): Promise<number> {
    return this.failures.sweep(this.now() - Math.max(this.o.windowMs, this.o.lockMs));
  }

  /** Keeps memory bounded under a spray of addresses. */
  private sweep(now: number): void {
    for (const [k, ts] of this.attempts) if (!ts.some((t) => t > now - 60_000)) this.attempts.delete(k);
  }
}

const locked = (ms: number): AppError =>
  new AppError('unauthorized', `too many failed logins: this account is locked for ${Math.ceil(ms / 60_000)} more minute(s)`);
