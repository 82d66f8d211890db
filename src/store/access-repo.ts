import type { Grant, PermissionSet, Role } from '../core/rbac.js';
import type { Database } from './database.js';
import { jsonColumn } from './database.js';

interface RoleRow {
  id: string;
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

  async roles(): Promise<Role[]> {
    const rows = await this.db.all<RoleRow>('SELECT id, name, permissions FROM roles ORDER BY name');
    return rows.map((r) => ({ id: r.id, name: r.name, builtin: false, permissions: jsonColumn<PermissionSet>(r.permissions, { resources: {}, flags: [] }) }));
  }

  async createRole(role: Role, now: number): Promise<void> {
    await this.db.run('INSERT INTO roles (id, name, permissions, created, modified) VALUES (?, ?, ?, ?, ?)', [
      role.id, role.name, JSON.stringify(role.permissions), now, now,
    ]);
  }

  async grants(userId: string): Promise<Grant[]> {
    const rows = await this.db.all<GrantRow>(
      'SELECT scope_kind AS "scopeKind", scope_value AS "scopeValue", role_id AS "roleId" FROM user_grants WHERE user_id = ? ORDER BY scope_kind, scope_value',
      [userId],
    );
    return rows.map((r) => ({
      role: r.roleId,
      scope: r.scopeKind === 'all' ? { all: true } : r.scopeKind === 'tenant' ? { tenant: r.scopeValue } : { label: r.scopeValue },
    }));
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
