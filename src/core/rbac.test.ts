import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { AppError } from './errors.js';
import {
  ACTIONS, BUILTIN_ROLES, EMPTY, RESOURCES, allows, hasFlag, missingFrom, parsePermissions, permissionsOn, tenantsAllowing, union,
  type Grant, type Role,
} from './rbac.js';

const roles = new Map<string, Role>(BUILTIN_ROLES.map((r) => [r.id, r]));
const role = (id: string): Role => roles.get(id)!;
const acme = { id: 'acme', labels: ['finance', 'eu'] };
const globex = { id: 'globex', labels: ['retail'] };
const initech = { id: 'initech', labels: ['finance'] };

void describe('permissions', () => {
  void it('implies read from write and execute, and everything from admin', () => {
    const set = parsePermissions({ incidents: ['write'], scripts: ['execute'], users: ['admin'] });
    assert.equal(allows(set, 'incidents', 'read'), true);
    assert.equal(allows(set, 'incidents', 'execute'), false);
    assert.equal(allows(set, 'scripts', 'read'), true);
    assert.equal(allows(set, 'scripts', 'write'), false);
    for (const a of ACTIONS) assert.equal(allows(set, 'users', a), true);
    assert.equal(allows(set, 'roles', 'read'), false);
  });

  void it('reads flags and refuses unknown resources, actions and flag values by name', () => {
    const set = parsePermissions({ contentSync: true, accountManagement: false, incidents: [] });
    assert.deepEqual(set.flags, ['contentSync']);
    assert.equal(hasFlag(set, 'accountManagement'), false);
    assert.deepEqual(set.resources, {});
    const refuse = (input: unknown, mentions: RegExp) =>
      assert.throws(() => parsePermissions(input), (e: unknown) => e instanceof AppError && e.code === 'invalid_request' && mentions.test(e.message));
    refuse({ incidentz: ['read'] }, /incidentz/);
    refuse({ incidents: ['delete'] }, /incidents/);
    refuse({ incidents: 'read' }, /incidents/);
    refuse({ contentSync: 'yes' }, /contentSync/);
    refuse(['incidents'], /object/);
    refuse(null, /object/);
  });

  void it('unions sets with implied actions spelled out, in a stable order', () => {
    const u = union([parsePermissions({ incidents: ['execute'] }), parsePermissions({ incidents: ['write'], contentSync: true })]);
    assert.deepEqual(u.resources.incidents, ['read', 'write', 'execute']);
    assert.deepEqual(u.flags, ['contentSync']);
  });
});

void describe('built-in roles', () => {
  void it('gives the Administrator everything, including account management and content sync', () => {
    for (const r of RESOURCES) for (const a of ACTIONS) assert.equal(allows(role('administrator').permissions, r, a), true, `${r}:${a}`);
    assert.equal(hasFlag(role('administrator').permissions, 'accountManagement'), true);
    assert.equal(hasFlag(role('administrator').permissions, 'contentSync'), true);
  });

  void it('lets an Analyst work incidents and run playbooks, but not manage users, roles, tenants or audit', () => {
    const p = role('analyst').permissions;
    assert.equal(allows(p, 'incidents', 'write'), true);
    assert.equal(allows(p, 'playbooks', 'execute'), true);
    assert.equal(allows(p, 'playbooks', 'write'), false);
    for (const r of ['users', 'roles', 'tenants', 'hosts', 'audit'] as const) assert.equal(allows(p, r, 'read'), false, r);
    assert.equal(p.flags.length, 0);
  });

  void it('lets Read-Only read SOAR data and change nothing', () => {
    const p = role('read-only').permissions;
    assert.equal(allows(p, 'incidents', 'read'), true);
    for (const r of RESOURCES) for (const a of ['write', 'execute', 'admin'] as const) assert.equal(allows(p, r, a), false, `${r}:${a}`);
    assert.equal(allows(p, 'users', 'read'), false);
  });
});

void describe('grants per tenant, label and all tenants', () => {
  const grants: Grant[] = [
    { scope: { tenant: 'acme' }, role: 'administrator' },
    { scope: { label: 'finance' }, role: 'read-only' },
    { scope: { tenant: 'globex' }, role: 'no-such-role' },
  ];

  void it('applies a tenant grant to that tenant only and a label grant to every tenant with the label', () => {
    assert.equal(allows(permissionsOn(grants, roles, acme), 'incidents', 'write'), true);
    assert.equal(allows(permissionsOn(grants, roles, initech), 'incidents', 'read'), true);
    assert.equal(allows(permissionsOn(grants, roles, initech), 'incidents', 'write'), false);
    assert.deepEqual(permissionsOn(grants, roles, globex), { resources: {}, flags: [] }, 'an unknown role grants nothing');
  });

  void it('lists exactly the tenants a cross-tenant call may touch', () => {
    const all = [acme, globex, initech];
    assert.deepEqual(tenantsAllowing(grants, roles, all, 'incidents', 'read'), ['acme', 'initech']);
    assert.deepEqual(tenantsAllowing(grants, roles, all, 'incidents', 'write'), ['acme']);
    assert.deepEqual(tenantsAllowing([{ scope: { all: true }, role: 'analyst' }], roles, all, 'incidents', 'execute'), ['acme', 'globex', 'initech']);
    assert.deepEqual(tenantsAllowing([], roles, all, 'incidents', 'read'), []);
  });
});

void test('nobody hands out more than they hold', () => {
  const analyst = BUILTIN_ROLES.find((r) => r.id === 'analyst')!.permissions;
  const readOnly = BUILTIN_ROLES.find((r) => r.id === 'read-only')!.permissions;
  const admin = BUILTIN_ROLES.find((r) => r.id === 'administrator')!.permissions;
  assert.equal(missingFrom(admin, analyst), undefined);
  assert.equal(missingFrom(analyst, analyst), undefined);
  assert.equal(missingFrom(readOnly, analyst), 'write on incidents');
  assert.equal(missingFrom(analyst, admin), 'admin on incidents');
  assert.equal(missingFrom(analyst, { resources: {}, flags: ['contentSync'] }), 'contentSync');
  assert.equal(missingFrom(analyst, EMPTY), undefined);
});
