import { AppError } from '../../core/errors.js';

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
 * exists, so locking reveals nothing), and each source address gets a budget of attempts a
 * minute. State is in memory, per main process.
 */
export class LoginGuard {
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly o: LoginGuardOptions = DEFAULT_LOGIN_GUARD,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws when this attempt must not even be checked. */
  before(username: string, address: string): void {
    const now = this.now();
    const recent = (this.attempts.get(address) ?? []).filter((t) => t > now - 60_000);
    recent.push(now);
    this.attempts.set(address, recent);
    if (recent.length > this.o.perAddressPerMinute) throw new AppError('rate_limited', 'too many login attempts from this address: wait a minute');
    const until = this.lockedUntil.get(username.toLowerCase()) ?? 0;
    if (until > now) {
      throw new AppError('unauthorized', `too many failed logins: this account is locked for ${Math.ceil((until - now) / 60_000)} more minute(s)`);
    }
  }

  failed(username: string): void {
    const key = username.toLowerCase();
    const now = this.now();
    const recent = (this.failures.get(key) ?? []).filter((t) => t > now - this.o.windowMs);
    recent.push(now);
    this.failures.set(key, recent);
    if (recent.length >= this.o.maxFailures) {
      this.lockedUntil.set(key, now + this.o.lockMs);
      this.failures.delete(key);
    }
    this.sweep(now);
  }

  succeeded(username: string): void {
    this.failures.delete(username.toLowerCase());
  }

  /** Keeps memory bounded under a spray of usernames and addresses. */
  private sweep(now: number): void {
    if (this.failures.size + this.attempts.size < 10_000) return;
    for (const [k, ts] of this.failures) if (!ts.some((t) => t > now - this.o.windowMs)) this.failures.delete(k);
    for (const [k, ts] of this.attempts) if (!ts.some((t) => t > now - 60_000)) this.attempts.delete(k);
    for (const [k, until] of this.lockedUntil) if (until <= now) this.lockedUntil.delete(k);
  }
}
