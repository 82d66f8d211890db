import type { Migration } from '../database.js';
import { auditTableSql, auditWitnessSql } from './audit.js';

// Both dialects index the same columns; lower() matches the query compiler's case-insensitive equality.
const INDEXES = `
  CREATE INDEX incidents_created ON incidents (created, id);
  CREATE INDEX incidents_modified ON incidents (modified, id);
  CREATE INDEX incidents_occurred ON incidents (occurred, id);
  CREATE INDEX incidents_status_severity ON incidents (status, severity);
  CREATE INDEX incidents_severity ON incidents (severity, id);
  CREATE INDEX incidents_owner ON incidents (lower(owner));
  CREATE INDEX incidents_type ON incidents (lower(type));`;

// The tenant's own copy of its API keys (their hashes only), so it checks a key itself.
const API_KEYS = `
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    permissions TEXT NOT NULL,
    created BIGINT NOT NULL,
    expires BIGINT,
    revoked BIGINT,
    last_used BIGINT
  );`;

// The tenant's content: copies main pushed (owner 'main', read-only here) beside its own.
const CONTENT = `
  CREATE TABLE content (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    owner TEXT NOT NULL,
    version INTEGER NOT NULL,
    hash TEXT NOT NULL,
    body TEXT NOT NULL,
    detached BIGINT,
    updated BIGINT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, id)
  );`;


// The playbook engine: runs with their event log (the source of truth) and a state snapshot,
// the playbook document each run froze at its start (stored once per version, by content hash),
// the incident context per scope, war room entries, waits with wake times, task inputs and
// outputs for the work plan; and what built-ins write: lists, indicators, links, evidence.
const playbooks = (serial: string): string => `
  CREATE TABLE playbook_runs (
    id TEXT PRIMARY KEY,
    incident_id BIGINT NOT NULL,
    root_run TEXT NOT NULL,
    parent_run TEXT,
    parent_task TEXT,
    iteration INTEGER NOT NULL DEFAULT 0,
    playbook_id TEXT NOT NULL,
    playbook_name TEXT NOT NULL,
    scope TEXT NOT NULL,
    status TEXT NOT NULL,
    doc_hash TEXT NOT NULL,
    inputs TEXT NOT NULL,
    state TEXT NOT NULL,
    snapshot_seq INTEGER NOT NULL,
    created BIGINT NOT NULL,
    updated BIGINT NOT NULL
  );
  CREATE INDEX playbook_runs_incident ON playbook_runs (incident_id, created);
  CREATE TABLE playbook_documents (
    hash TEXT PRIMARY KEY,
    body TEXT NOT NULL
  );
  CREATE INDEX playbook_runs_status ON playbook_runs (status);
  CREATE TABLE playbook_events (
    run_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    event TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
  );
  CREATE TABLE playbook_tasks (
    run_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    args TEXT NOT NULL DEFAULT '{}',
    outputs TEXT NOT NULL DEFAULT '{}',
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, task_id)
  );
  CREATE TABLE playbook_waits (
    run_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    wake_at BIGINT,
    data TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (run_id, task_id)
  );
  CREATE INDEX playbook_waits_wake ON playbook_waits (wake_at);
  CREATE TABLE contexts (
    incident_id BIGINT NOT NULL,
    scope TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (incident_id, scope)
  );
  CREATE TABLE entries (
    id ${serial},
    incident_id BIGINT NOT NULL,
    run_id TEXT,
    task_id TEXT,
    type INTEGER NOT NULL,
    format TEXT NOT NULL,
    contents TEXT NOT NULL,
    human TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    created BIGINT NOT NULL
  );
  CREATE INDEX entries_incident ON entries (incident_id, id);
  CREATE TABLE lists (
    name TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    updated BIGINT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
  );
  CREATE TABLE indicators (
    value TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    score INTEGER NOT NULL DEFAULT 0,
    fields TEXT NOT NULL DEFAULT '{}',
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL
  );
  CREATE TABLE incident_links (
    incident_id BIGINT NOT NULL,
    linked_id BIGINT NOT NULL,
    PRIMARY KEY (incident_id, linked_id)
  );
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE evidence (
    id ${serial},
    incident_id BIGINT NOT NULL,
    description TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    created BIGINT NOT NULL
  );`;

/**
 * A tenant's own database. Timestamps are epoch milliseconds; JSON columns hold labels and custom fields.
 * PostgreSQL's text parser keeps `1.2.3.4`, `j.doe`, `a@b.net` and `-00002` (from `ACME-00002`)
 * as single tokens, where SQLite's FTS5 and the query parser see runs of letters and digits;
 * punctuation becomes a space before parsing, so a search for an IP address finds it on both.
 */
export const tenantMigrations: Migration[] = [
  {
    version: 1,
    name: 'incidents',
    sql: {
      sqlite: `
        CREATE TABLE incidents (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          name TEXT NOT NULL,
          type TEXT NOT NULL DEFAULT '',
          severity INTEGER NOT NULL DEFAULT 0,
          status TEXT NOT NULL DEFAULT 'pending',
          owner TEXT NOT NULL DEFAULT '',
          created INTEGER NOT NULL,
          modified INTEGER NOT NULL,
          occurred INTEGER NOT NULL,
          closed INTEGER,
          close_reason TEXT NOT NULL DEFAULT '',
          close_notes TEXT NOT NULL DEFAULT '',
          labels TEXT NOT NULL DEFAULT '[]',
          details TEXT NOT NULL DEFAULT '',
          custom_fields TEXT NOT NULL DEFAULT '{}'
        );
        ${INDEXES}
        CREATE VIRTUAL TABLE incidents_fts USING fts5(name, details, content='incidents', content_rowid='id');
        CREATE TRIGGER incidents_fts_delete AFTER DELETE ON incidents BEGIN
          INSERT INTO incidents_fts(incidents_fts, rowid, name, details) VALUES ('delete', old.id, old.name, old.details);
        END;
        CREATE TRIGGER incidents_fts_update AFTER UPDATE OF name, details ON incidents BEGIN
          INSERT INTO incidents_fts(incidents_fts, rowid, name, details) VALUES ('delete', old.id, old.name, old.details);
          INSERT INTO incidents_fts(rowid, name, details) VALUES (new.id, new.name, new.details);
        END;`,
      postgres: `
        CREATE TABLE incidents (
          id BIGSERIAL PRIMARY KEY,
          name TEXT NOT NULL,
          type TEXT NOT NULL DEFAULT '',
          severity INTEGER NOT NULL DEFAULT 0,
          status TEXT NOT NULL DEFAULT 'pending',
          owner TEXT NOT NULL DEFAULT '',
          created BIGINT NOT NULL,
          modified BIGINT NOT NULL,
          occurred BIGINT NOT NULL,
          closed BIGINT,
          close_reason TEXT NOT NULL DEFAULT '',
          close_notes TEXT NOT NULL DEFAULT '',
          labels JSONB NOT NULL DEFAULT '[]',
          details TEXT NOT NULL DEFAULT '',
          custom_fields JSONB NOT NULL DEFAULT '{}',
          search TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(name || ' ' || details, '[[:punct:][:space:]]+', ' ', 'g'))) STORED
        );
        ${INDEXES}
        CREATE INDEX incidents_search ON incidents USING GIN (search);`,
    },
  },
  // The tenant's own audit trail: every change made in it, as the tenant saw it.
  { version: 2, name: 'audit', sql: auditTableSql },
  { version: 3, name: 'api-keys', sql: { sqlite: API_KEYS, postgres: API_KEYS } },
  { version: 4, name: 'audit-witness', sql: auditWitnessSql },
  { version: 5, name: 'content', sql: { sqlite: CONTENT, postgres: CONTENT } },
  { version: 6, name: 'playbooks', sql: { sqlite: playbooks('INTEGER PRIMARY KEY AUTOINCREMENT'), postgres: playbooks('BIGSERIAL PRIMARY KEY') } },
];
