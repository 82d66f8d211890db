import type { Migration } from '../database.js';

// The same DDL serves both dialects here: plain TEXT/BIGINT columns, JSON kept as text.
const v1 = `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created BIGINT NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created BIGINT NOT NULL,
    expires BIGINT NOT NULL
  );
  CREATE INDEX sessions_expires ON sessions (expires);
  CREATE TABLE hosts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    address TEXT NOT NULL,
    url TEXT,
    cert_fingerprint TEXT NOT NULL UNIQUE,
    cert_pem TEXT NOT NULL,
    version TEXT,
    created BIGINT NOT NULL,
    last_seen BIGINT
  );
  CREATE TABLE host_enrollments (
    token_hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created BIGINT NOT NULL,
    expires BIGINT NOT NULL,
    used_at BIGINT,
    host_id TEXT
  );
  CREATE TABLE tenants (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    host_id TEXT NOT NULL REFERENCES hosts(id),
    labels TEXT NOT NULL DEFAULT '[]',
    state TEXT NOT NULL DEFAULT 'active',
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL
  );
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

// Custom roles (built-in ones live in code) and who holds which role where. Every account
// that existed before roles was an administrator: it keeps that power on every tenant.
const v2 = `
  CREATE TABLE roles (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    permissions TEXT NOT NULL,
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL
  );
  CREATE TABLE user_grants (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scope_kind TEXT NOT NULL,
    scope_value TEXT NOT NULL,
    role_id TEXT NOT NULL,
    PRIMARY KEY (user_id, scope_kind, scope_value)
  );
  INSERT INTO user_grants (user_id, scope_kind, scope_value, role_id) SELECT id, 'all', '*', 'administrator' FROM users;
`;

// Append-only audit trail; each record carries the hash of the one before it.
const v3 = (serial: string) => `
  CREATE TABLE audit (
    seq ${serial} PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    address TEXT NOT NULL,
    action TEXT NOT NULL,
    tenant TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    result INTEGER NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX audit_at ON audit (at);
  CREATE INDEX audit_actor ON audit (actor, seq);
  CREATE INDEX audit_tenant ON audit (tenant, seq);
`;

// API keys act as a user (user_id) or for one tenant with one role (tenant, role); only their hash is kept.
const v4 = `
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    tenant TEXT,
    role TEXT,
    created_by TEXT NOT NULL,
    created BIGINT NOT NULL,
    expires BIGINT,
    last_used BIGINT,
    revoked BIGINT
  );
`;

/** Main's own database: accounts, hosts, tenants. It never holds incident data. */
export const mainMigrations: Migration[] = [
  { version: 1, name: 'accounts-hosts-tenants', sql: { sqlite: v1, postgres: v1 } },
  { version: 2, name: 'roles-and-grants', sql: { sqlite: v2, postgres: v2 } },
  { version: 3, name: 'audit', sql: { sqlite: v3('INTEGER'), postgres: v3('BIGSERIAL') } },
  { version: 4, name: 'api-keys', sql: { sqlite: v4, postgres: v4 } },
];
