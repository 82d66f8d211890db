import type { Grant, PermissionSet, Role } from '../core/rbac.js';
import type { Database } from './database.js';
import { jsonColumn } from './database.js';

interface RoleRow {
  id: string;
  tenant: string;
  name: string;
  permissions: unknown;
}

interface GrantRow {
  scopeKind: 'tenant' | 'label' | 'all';
  scopeValue: string;
  roleId: string;
}

/** Custom roles (built-in roles are code) and the grants that give users roles where. */
export class AccessRepository {
  constructor(private readonly db: Database) {}

  /** Every custom role: main's (usable on any tenant) and those tenants defined for themselves. */
  async roles(): Promise<Role[]> {
    const rows = await this.db.all<RoleRow>('SELECT id, tenant, name, permissions FROM roles ORDER BY tenant, name');
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      builtin: false,
      tenant: r.tenant === '' ? null : r.tenant,
      permissions: jsonColumn<PermissionSet>(r.permissions, { resources: {}, flags: [] }),
    }));
  }

  async createRole(role: Role, now: number): Promise<void> {
    await this.db.run('INSERT INTO roles (id, tenant, name, permissions, created, modified) VALUES (?, ?, ?, ?, ?, ?)', [
      role.id, role.tenant ?? '', role.name, JSON.stringify(role.permissions), now, now,
    ]);
  }

  async updateRole(role: Role, now: number): Promise<void> {
    await this.db.run('UPDATE roles SET name = ?, permissions = ?, modified = ? WHERE id = ?', [role.name, JSON.stringify(role.permissions), now, role.id]);
  }

  async deleteRole(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM roles WHERE id = ?', [id])) === 1;
  }

  /** Drops the roles a tenant defined, and every grant of them (the tenant is going away). */
  async deleteTenantRoles(tenant: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM user_grants WHERE role_id IN (SELECT id FROM roles WHERE tenant = ?)', [tenant]);
      await tx.run("DELETE FROM user_grants WHERE scope_kind = 'tenant' AND scope_value = ?", [tenant]);
      await tx.run('DELETE FROM roles WHERE tenant = ?', [tenant]);
    });
  }

  /** How many users hold a role anywhere. */
  async holders(roleId: string): Promise<number> {
    const r = await this.db.get<{ n: number | string }>('SELECT COUNT(DISTINCT user_id) AS n FROM user_grants WHERE role_id = ?', [roleId]);
    return Number(r?.n ?? 0);
  }

  async grants(userId: string): Promise<Grant[]> {
    const rows = await this.db.all<GrantRow>(
      'SELECT scope_kind AS "scopeKind", scope_value AS "scopeValue", role_id AS "roleId" FROM user_grants WHERE user_id = ? ORDER BY scope_kind, scope_value',
      [userId],
    );
    return rows.map(grantOf);
  }

  /** Every user's grants in one query (a list of users with their access), in `grants`' order. */
  async grantsByUser(): Promise<Map<string, Grant[]>> {
    const rows = await this.db.all<GrantRow & { userId: string }>(
      'SELECT user_id AS "userId", scope_kind AS "scopeKind", scope_value AS "scopeValue", role_id AS "roleId" FROM user_grants ORDER BY user_id, scope_kind, scope_value',
    );
    const byUser = new Map<string, Grant[]>();
    for (const r of rows) {
      const held = byUser.get(r.userId);
      if (held === undefined) byUser.set(r.userId, [grantOf(r)]);
      else held.push(grantOf(r));
    }
    return byUser;
  }

  /** Replaces all of a user's grants at once. */
  async setGrants(userId: string, grants: readonly Grant[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM user_grants WHERE user_id = ?', [userId]);
      for (const g of grants) {
        const [kind, value] = 'all' in g.scope ? ['all', '*'] : 'tenant' in g.scope ? ['tenant', g.scope.tenant] : ['label', g.scope.label];
        await tx.run('INSERT INTO user_grants (user_id, scope_kind, scope_value, role_id) VALUES (?, ?, ?, ?)', [userId, kind, value, g.role]);
      }
    });
  }
}

function grantOf(r: GrantRow): Grant {
  return { role: r.roleId, scope: r.scopeKind === 'all' ? { all: true } : r.scopeKind === 'tenant' ? { tenant: r.scopeValue } : { label: r.scopeValue } };
}
