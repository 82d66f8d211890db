import { mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';

/** JSON logs on stdout (or a file), each line carrying the process role and, where known, the tenant. */
export function createLogger(role: 'main' | 'host' | 'tenant' | 'cli', base: Record<string, unknown> = {}, destination?: string): Logger {
  const level = process.env['PALISADE_LOG_LEVEL'] ?? 'info';
  const opts = {
    level,
    base: { role, pid: process.pid, ...base },
    // Secrets must never reach a log line, whatever a caller passes.
    redact: { paths: ['password', '*.password', 'token', '*.token', 'key', '*.keyPem', 'req.headers.authorization', 'pgUrl', '*.pgUrl'], censor: '[redacted]' },
  };
  if (!destination) return pino(opts);
  // Opened here, synchronously: an asynchronously opened stream throws if the process exits first.
  mkdirSync(dirname(destination), { recursive: true, mode: 0o700 });
  return pino(opts, pino.destination({ dest: openSync(destination, 'a', 0o600), sync: false }));
}
