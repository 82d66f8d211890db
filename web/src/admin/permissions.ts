/**
 * A role's permissions as the matrix edits them: per resource, the actions ticked on purpose.
 * What they imply (admin covers write and execute, each of which covers read) is shown, not
 * stored: the API spells implied actions out itself.
 */
import { ACTIONS, FLAGS, RESOURCES, type Action, type Flag, type PermissionInput, type RolePermissions } from '../api/admin-types';

export type Explicit = Readonly<Partial<Record<string, readonly Action[]>>>;

export interface MatrixValue {
  resources: Explicit;
  flags: readonly Flag[];
}

const IMPLIES: Readonly<Record<Action, readonly Action[]>> = {
  read: ['read'],
  write: ['write', 'read'],
  execute: ['execute', 'read'],
  admin: ['admin', 'write', 'execute', 'read'],
};

const isAction = (a: string): a is Action => (ACTIONS as readonly string[]).includes(a);
const isFlag = (f: string): f is Flag => (FLAGS as readonly string[]).includes(f);

/** Everything the ticked actions grant. */
export function effective(explicit: readonly Action[] | undefined): Set<Action> {
  return new Set((explicit ?? []).flatMap((a) => IMPLIES[a]));
}

/** The fewest actions granting the same: admin alone, or write/execute without read. */
export function minimal(actions: readonly string[]): Action[] {
  const held = actions.filter(isAction);
  if (held.includes('admin')) return ['admin'];
  const strong = held.filter((a) => a === 'write' || a === 'execute');
  return strong.length > 0 ? strong : held.includes('read') ? ['read'] : [];
}

/** Which ticked action makes `action` implied on this resource, if any. */
export function impliedBy(explicit: readonly Action[] | undefined, action: Action): Action | undefined {
  return (explicit ?? []).find((a) => a !== action && IMPLIES[a].includes(action));
}

export function fromRole(p: RolePermissions): MatrixValue {
  const resources: Partial<Record<string, Action[]>> = {};
  for (const r of RESOURCES) {
    const m = minimal(p.resources[r] ?? []);
    if (m.length > 0) resources[r] = m;
  }
  return { resources, flags: p.flags.filter(isFlag) };
}

/** Ticks or unticks one action on one resource, keeping the set minimal. */
export function toggle(value: MatrixValue, resource: string, action: Action, on: boolean): MatrixValue {
  const current = value.resources[resource] ?? [];
  const next = on ? minimal([...current, action]) : current.filter((a) => a !== action);
  return { ...value, resources: { ...value.resources, [resource]: next } };
}

/** What stays when `action` goes: every action implying it goes too, the rest they covered stays. */
function without(explicit: readonly Action[] | undefined, action: Action): Action[] {
  return minimal([...effective(explicit)].filter((a) => !IMPLIES[a].includes(action)));
}

/** Ticks or unticks one action on every resource (a column header). */
export function toggleColumn(value: MatrixValue, action: Action, on: boolean): MatrixValue {
  const resources: Partial<Record<string, readonly Action[]>> = { ...value.resources };
  for (const r of RESOURCES) resources[r] = on ? minimal([...(resources[r] ?? []), action]) : without(resources[r], action);
  return { ...value, resources };
}

export function setFlag(value: MatrixValue, flag: Flag, on: boolean): MatrixValue {
  return { ...value, flags: on ? [...new Set([...value.flags, flag])] : value.flags.filter((f) => f !== flag) };
}

/** The API's input form; flags only where they mean something (main's roles). */
export function toInput(value: MatrixValue, withFlags: boolean): PermissionInput {
  const out: PermissionInput = {};
  for (const r of RESOURCES) {
    const held = value.resources[r] ?? [];
    if (held.length > 0) out[r] = [...held];
  }
  if (withFlags) for (const f of FLAGS) out[f] = value.flags.includes(f);
  return out;
}

export function isEmptyValue(value: MatrixValue): boolean {
  return RESOURCES.every((r) => (value.resources[r] ?? []).length === 0) && value.flags.length === 0;
}

/** `admin on 16 resources`, `read on incidents, write on lists…`: a role in one line. */
export function summary(p: RolePermissions): string {
  const m = fromRole(p);
  const held = RESOURCES.filter((r) => (m.resources[r] ?? []).length > 0);
  if (held.length === 0) return m.flags.length > 0 ? 'Flags only' : 'Nothing';
  const allAdmin = held.length === RESOURCES.length && held.every((r) => m.resources[r]?.includes('admin'));
  if (allAdmin) return 'Admin on every resource';
  const parts = held.map((r) => `${r}: ${(m.resources[r] ?? []).join('+')}`);
  return parts.length > 4 ? `${parts.slice(0, 4).join(', ')} and ${parts.length - 4} more` : parts.join(', ');
}
