import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const CLI_PATH = fileURLToPath(new URL('./index.js', import.meta.url));

export interface Spawned {
  child: ChildProcess;
  /** The `listening` event the process prints once it serves. */
  ready: Promise<{ url: string; hostId?: string }>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `palisade <args>` as a child process whose output goes to `logFile`. */
export function spawnPalisade(args: string[], logFile: string, env: NodeJS.ProcessEnv = process.env): Spawned {
  mkdirSync(dirname(logFile), { recursive: true, mode: 0o700 });
  const log = createWriteStream(logFile, { flags: 'a', mode: 0o600 });
  // stdin stays open as a lifeline: when this process dies, the child sees it close and stops.
  const child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...env, PALISADE_LIFELINE: '1' } });
  child.stderr.pipe(log, { end: false });
  const ready = new Promise<{ url: string; hostId?: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      if (!line.startsWith('{"event"')) return;
      try {
        const ev = JSON.parse(line) as { event: string; url: string; hostId?: string };
        if (ev.event === 'listening') resolve(ev);
      } catch {
        // an ordinary log line
      }
    });
    child.once('exit', (code) => reject(new Error(`palisade ${args[0] ?? ''} exited with ${code}: ${stderr.trim()}`)));
  });
  ready.catch(() => undefined);
  const stop = (graceMs = 10_000): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        log.end();
        resolve();
      });
      child.kill('SIGTERM');
    });
  return { child, ready, stop };
}
