/**
 * Sessions end at a fixed time main names at login (not after idling). Five minutes before,
 * a banner says so; at that time the console ends the session itself, as a refused request
 * would, so nobody types into a page that can no longer save. The address is kept: logging
 * in again comes back to the same page.
 */
import { useEffect, useState } from 'react';
import { sessionExpiresAt } from '../api/client';

const WARN_MS = 5 * 60 * 1000;
// setTimeout fires at once beyond 2^31-1 ms: far expiries are re-armed in steps.
const MAX_DELAY = 2 ** 31 - 1;

export function useSessionExpiry(active: boolean, onExpired: () => void): number | null {
  const [warnAt, setWarnAt] = useState<number | null>(null);
  useEffect(() => {
    if (!active) return undefined;
    const expires = sessionExpiresAt();
    if (expires === null) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      const left = expires - Date.now();
      if (left <= 0) {
        onExpired();
        return;
      }
      setWarnAt(left <= WARN_MS ? expires : null);
      const next = left > WARN_MS ? left - WARN_MS : left;
      timer = setTimeout(arm, Math.min(next, MAX_DELAY));
    };
    arm();
    return () => clearTimeout(timer);
  }, [active, onExpired]);
  return warnAt;
}

export function ExpiryBanner({ expiresAt, onRenew }: { expiresAt: number; onRenew: () => void }) {
  const time = new Date(expiresAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return (
    <div className="warning-banner expiry-banner" role="status" data-testid="session-expiry">
      <span>Your session ends at {time}. Log in again to keep working without interruption.</span>
      <button type="button" className="btn small" onClick={onRenew}>
        Log in again
      </button>
    </div>
  );
}
