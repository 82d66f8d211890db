#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runHost } from '../host/index.js';
import { AuditRepository } from '../store/audit-repo.js';
import { initMain } from '../main/init.js';
import { runMain } from '../main/index.js';
import { VERSION } from '../net/version.js';
import { int, parse, str, untilSignal, type CommandSpec } from './args.js';
import { openMainTrail, openTenantTrail } from './audit-db.js';
import { runDemo } from './demo.js';

const defaultHome = (): string => resolve(process.env['PALISADE_HOME'] ?? '.palisade');

const COMMANDS: Record<string, { spec: CommandSpec; run: (v: Record<string, string | boolean | undefined>) => Promise<void> }> = {
  init: {
    spec: {
      name: 'init',
      usage: '[--home DIR] [--pg URL] [--san NAME]...',
      options: { home: { type: 'string' }, pg: { type: 'string' }, san: { type: 'string', multiple: true }, username: { type: 'string' } },
      help: {
        'home DIR': "Main's data folder (default $PALISADE_HOME or ./.palisade)",
        'pg URL': "Keep main's own database in PostgreSQL instead of SQLite",
        'san NAME': "A DNS name or IP main's certificate is valid for (repeatable; default localhost, 127.0.0.1, ::1)",
        'username NAME': 'Name of the first administrator (default admin)',
      },
    },
    run: async (v) => {
      const sans = (v as unknown as { san?: string[] }).san;
      const r = await initMain({ home: str(v['home']) ?? defaultHome(), ...(str(v['pg']) ? { pgUrl: str(v['pg'])! } : {}), ...(sans ? { sans } : {}), ...(str(v['username']) ? { username: str(v['username'])! } : {}) });
      process.stdout.write(`Initialized main.\nCA certificate: ${r.caCertPath}\nAdministrator:  ${r.username}\nPassword:       ${r.password}   (shown once)\n`);
    },
  },
  main: {
    spec: {
      name: 'main',
      usage: '[--home DIR] [--listen ADDR] [--port N] [--marketplace DIR]',
      options: { home: { type: 'string' }, listen: { type: 'string' }, port: { type: 'string' }, 'body-limit': { type: 'string' }, marketplace: { type: 'string' } },
      help: {
        'home DIR': 'Data folder made by init', 'listen ADDR': 'Address to bind (default 127.0.0.1)', 'port N': 'HTTPS port (default 8443; 0 picks one)',
        'body-limit BYTES': 'Largest request body (default 32 MiB)', 'marketplace DIR': 'Local marketplace folder of pack archives and folders (default HOME/marketplace)',
      },
    },
    run: async (v) => {
      const bodyLimit = int(v['body-limit'], 'body-limit');
      const marketplaceDir = str(v['marketplace']);
      const m = await runMain({ home: str(v['home']) ?? defaultHome(), host: str(v['listen']) ?? '127.0.0.1', port: int(v['port'], 'port') ?? 8443, ...(bodyLimit ? { bodyLimit } : {}), ...(marketplaceDir ? { marketplaceDir } : {}) });
      process.stdout.write(`${JSON.stringify({ event: 'listening', url: m.url })}\n`);
      await untilSignal();
      await m.stop();
    },
  },
  host: {
    spec: {
      name: 'host',
      usage: '--home DIR [--main URL --enroll TOKEN [--ca FILE]] [--address ADDR] [--port N] [--tenant-pg URL]',
      options: {
        home: { type: 'string' }, main: { type: 'string' }, enroll: { type: 'string' }, ca: { type: 'string' },
        address: { type: 'string' }, port: { type: 'string' }, 'tenant-pg': { type: 'string' }, logs: { type: 'string' }, 'heartbeat-ms': { type: 'string' },
      },
      help: {
        'home DIR': "The host's data folder (tenants' folders live under it)",
        'main URL': "Main's URL (first start only)",
        'enroll TOKEN': 'One-time token from POST /api/v1/hosts/enrollments (first start only)',
        'ca FILE': "Main's CA certificate (optional: by default it is fetched from main and checked against the token)",
        'address ADDR': 'Address to listen on and to be reached at (default 127.0.0.1)',
        'port N': 'Port for main to reach this host (default: any free one, kept across restarts)',
        'tenant-pg URL': "Admin URL of a PostgreSQL server: each tenant gets its own database and role there",
        'logs DIR': "Folder for tenants' logs (default HOME/logs)",
        'heartbeat-ms N': 'Interval of heartbeats to main (default 5000)',
      },
    },
    run: async (v) => {
      const home = str(v['home']) ?? resolve(defaultHome(), 'host');
      const ca = str(v['ca']);
      const h = await runHost({
        home,
        ...(str(v['main']) ? { mainUrl: str(v['main'])! } : {}),
        ...(str(v['enroll']) ? { token: str(v['enroll'])! } : {}),
        ...(ca ? { caPem: readFileSync(ca, 'utf8') } : {}),
        ...(str(v['address']) ? { address: str(v['address'])! } : {}),
        ...(int(v['port'], 'port') !== undefined ? { port: int(v['port'], 'port')! } : {}),
        ...(str(v['tenant-pg']) ? { tenantPgUrl: str(v['tenant-pg'])! } : {}),
        ...(str(v['logs']) ? { logsDir: str(v['logs'])! } : {}),
        ...(int(v['heartbeat-ms'], 'heartbeat-ms') ? { heartbeatMs: int(v['heartbeat-ms'], 'heartbeat-ms')! } : {}),
      });
      process.stdout.write(`${JSON.stringify({ event: 'listening', url: h.url, hostId: h.hostId })}\n`);
      await untilSignal();
      await h.stop();
    },
  },
  'audit verify': {
    spec: {
      name: 'audit verify',
      usage: '[--home DIR] [--tenant ID | --tenant-db FILE]',
      options: { home: { type: 'string' }, tenant: { type: 'string' }, 'tenant-db': { type: 'string' } },
      help: {
        'home DIR': "Main's data folder (default $PALISADE_HOME or ./.palisade); with --tenant, the host's (default $PALISADE_HOME/host)",
        'tenant ID': "Check that tenant's own trail instead of main's (SQLite or PostgreSQL, as the host keeps it)",
        'tenant-db FILE': "Check the trail in this tenant SQLite file (e.g. a copy or a backup)",
      },
    },
    run: async (v) => {
      const tenant = str(v['tenant']);
      const file = str(v['tenant-db']);
      if (tenant !== undefined && file !== undefined) throw new Error('give --tenant or --tenant-db, not both');
      const db = file !== undefined
        ? await openTenantTrail({ file })
        : tenant !== undefined
          ? await openTenantTrail({ hostHome: str(v['home']) ?? resolve(defaultHome(), 'host'), tenant })
          : await openMainTrail(str(v['home']) ?? defaultHome());
      try {
        const r = await new AuditRepository(db).verify();
        process.stdout.write(`${JSON.stringify(r)}\n`);
        if (r.broken) {
          process.stderr.write(`audit trail broken at record ${r.broken.seq}: ${r.broken.reason}\n`);
          process.exitCode = 1;
        }
      } finally {
        await db.close();
      }
    },
  },
  demo: {
    spec: {
      name: 'demo',
      usage: '[--home DIR] [--port N] [--pg URL]',
      options: { home: { type: 'string' }, port: { type: 'string' }, pg: { type: 'string' } },
      help: { 'home DIR': 'Data folder (default $PALISADE_HOME or ./.palisade)', 'port N': "Main's HTTPS port (default 8443)", 'pg URL': 'Use this PostgreSQL server (admin URL) for main and tenants instead of SQLite' },
    },
    run: async (v) => runDemo({ home: str(v['home']) ?? defaultHome(), port: int(v['port'], 'port') ?? 8443, ...(str(v['pg']) ? { pgUrl: str(v['pg'])! } : {}) }),
  },
};

function usage(): string {
  return `palisade ${VERSION}: multi-tenant SOAR\n\nUsage: palisade <command> [options]\n\nCommands:\n  demo    Start main, one host and three seeded tenants on this machine\n  init    Create a main deployment (CA, certificates, database, first administrator)\n  main    Run main (the MSSP console and API)\n  host    Run a host (enrolls once, then runs and serves tenants)\n  audit verify  Check the hash chain of main's (or one tenant's) audit trail\n\nRun 'palisade <command> --help' for its options.\n`;
}

const args = process.argv.slice(2);
// Two-word commands ("audit verify") first, then one-word ones.
const two = args.length >= 2 ? `${args[0]} ${args[1]}` : '';
const cmd = COMMANDS[two] ? two : args[0];
const rest = args.slice(COMMANDS[two] ? 2 : 1);
const command = cmd ? COMMANDS[cmd] : undefined;
if (!command) {
  (cmd && cmd !== '--help' && cmd !== '-h' ? process.stderr : process.stdout).write(usage());
  process.exit(cmd && cmd !== '--help' && cmd !== '-h' ? 2 : 0);
}
command.run(parse(command.spec, rest)).then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    process.stderr.write(`palisade ${cmd}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
