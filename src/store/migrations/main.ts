import type { Migration } from '../database.js';
import { auditTableSql, auditWitnessSql } from './audit.js';

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

// Users of three kinds: local (password here), directory (LDAP; access recomputed at every
// login from their groups) and customer (exactly one tenant; their login name is
// "<tenant>/<name>", so a tenant's usernames never collide with, or reveal, another's).
// Roles gain the tenant that defined them ('' for roles usable everywhere); names are unique
// per tenant, which needs the table rebuilt (nothing references roles by foreign key).
const v5 = `
  ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'local';
  ALTER TABLE users ADD COLUMN tenant TEXT;
  ALTER TABLE users ADD COLUMN directory_dn TEXT;
  ALTER TABLE users ADD COLUMN last_login BIGINT;
  ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'bearer';
  CREATE INDEX users_tenant ON users (tenant);
  CREATE TABLE roles_v5 (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    permissions TEXT NOT NULL,
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL,
    UNIQUE (tenant, name)
  );
  INSERT INTO roles_v5 (id, tenant, name, permissions, created, modified) SELECT id, '', name, permissions, created, modified FROM roles;
  DROP TABLE roles;
  ALTER TABLE roles_v5 RENAME TO roles;
  CREATE TABLE directory_groups (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    group_name TEXT NOT NULL,
    PRIMARY KEY (user_id, group_name)
  );
`;

// Failed logins per login name, so account locks survive restarts and hold across processes.
const v7 = `
  CREATE TABLE login_failures (
    login TEXT PRIMARY KEY,
    failures TEXT NOT NULL,
    locked_until BIGINT,
    updated BIGINT NOT NULL
  );
  CREATE INDEX login_failures_updated ON login_failures (updated);
`;

// The content library: one row per item (its current version, labels, pack), every version
// kept whole; each tenant's sync state; and background jobs (content syncs) that callers follow.
const v8 = `
  CREATE TABLE content_items (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    labels TEXT NOT NULL DEFAULT '[]',
    version INTEGER NOT NULL,
    hash TEXT NOT NULL,
    pack TEXT,
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL,
    deleted BIGINT,
    PRIMARY KEY (kind, id)
  );
  CREATE TABLE content_versions (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    hash TEXT NOT NULL,
    format TEXT NOT NULL,
    body TEXT NOT NULL,
    author TEXT NOT NULL,
    at BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, id, version)
  );
  CREATE TABLE content_sync (
    tenant TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    failures INTEGER NOT NULL DEFAULT 0,
    last_attempt BIGINT,
    last_success BIGINT,
    next_attempt BIGINT
  );
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    created BIGINT NOT NULL,
    finished BIGINT,
    created_by TEXT NOT NULL,
    progress TEXT NOT NULL DEFAULT '{}'
  );
`;

// Installed content packs and, per pack, each item's hash as installed: an upgrade tells the
// items edited on main since from the ones it may replace.
const v9 = `
  CREATE TABLE packs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    metadata TEXT NOT NULL,
    labels TEXT NOT NULL DEFAULT '[]',
    source TEXT NOT NULL,
    installed BIGINT NOT NULL,
    installed_by TEXT NOT NULL,
    updated BIGINT NOT NULL
  );
  CREATE TABLE pack_items (
    pack TEXT NOT NULL,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (pack, kind, id)
  );
`;

/** Main's own database: accounts, hosts, tenants. It never holds incident data. */
export const mainMigrations: Migration[] = [
  { version: 1, name: 'accounts-hosts-tenants', sql: { sqlite: v1, postgres: v1 } },
  { version: 2, name: 'roles-and-grants', sql: { sqlite: v2, postgres: v2 } },
  { version: 3, name: 'audit', sql: auditTableSql },
  { version: 4, name: 'api-keys', sql: { sqlite: v4, postgres: v4 } },
  { version: 5, name: 'user-kinds-tenant-roles', sql: { sqlite: v5, postgres: v5 } },
  { version: 6, name: 'audit-witness', sql: auditWitnessSql },
  { version: 7, name: 'login-failures', sql: { sqlite: v7, postgres: v7 } },
  { version: 8, name: 'content-library', sql: { sqlite: v8, postgres: v8 } },
  { version: 9, name: 'content-packs', sql: { sqlite: v9, postgres: v9 } },
];
