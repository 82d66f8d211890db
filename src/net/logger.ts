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
  return destination ? pino(opts, pino.destination({ dest: destination, mkdir: true, sync: false })) : pino(opts);
}
