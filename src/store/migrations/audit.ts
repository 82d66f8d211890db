import type { Migration } from '../database.js';

// Append-only audit trail; each record carries the hash of the one before it. Main's
// database and every tenant's create the same table, read by the same AuditRepository.
const table = (serial: string) => `
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

export const auditTableSql: Migration['sql'] = { sqlite: table('INTEGER'), postgres: table('BIGSERIAL') };

// What the other side had last written when this record was made: a tenant's record keeps the
// head of main's trail (from main's assertion), main's record the head of the tenant's (from
// the tenant's answer). Deleting the newest records of one trail is then caught by the other.
const witness = `ALTER TABLE audit ADD COLUMN witness TEXT NOT NULL DEFAULT '';`;
export const auditWitnessSql: Migration['sql'] = { sqlite: witness, postgres: witness };
