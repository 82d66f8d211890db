import { createLogger } from '../net/logger.js';
import type { HostToTenant, TenantToHost } from '../net/tenant-protocol.js';
import { startTenant, type RunningTenant } from './server.js';

/**
 * Entry of a tenant process. The host spawns it with an IPC channel, sends its config, and
 * waits for `ready`. Losing the channel means the host is gone: the tenant stops too, so
 * no orphan keeps a database open.
 */
const started = Date.now();
let running: RunningTenant | undefined;
/** A key that arrived while the tenant was still starting. */
let pendingKey: string | undefined;

function send(msg: TenantToHost): void {
  if (process.send) process.send(msg);
}

async function stop(code: number): Promise<never> {
  try {
    await running?.close();
  } finally {
    process.exit(code);
  }
}

process.on('message', (raw: unknown) => {
  const msg = raw as HostToTenant;
  if (msg.type === 'stop') {
    void stop(0);
    return;
  }
  if (msg.type === 'assertion-key') {
    if (running) running.verifier.setKey(msg.pem);
    else pendingKey = msg.pem;
    return;
  }
  if (msg.type !== 'start' || running) return;
  const logger = createLogger('tenant', { tenant: msg.config.id }, msg.config.logFile);
  startTenant(msg.config, logger).then(
    (t) => {
      running = t;
      if (pendingKey) t.verifier.setKey(pendingKey);
      logger.info({ ms: Date.now() - started }, 'tenant ready');
      send({ type: 'ready', ms: Date.now() - started });
    },
    (err: unknown) => {
      logger.error({ err }, 'tenant failed to start');
      send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
      setTimeout(() => process.exit(1), 50);
    },
  );
});

process.on('disconnect', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
