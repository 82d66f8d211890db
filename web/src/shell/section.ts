/**
 * What every area page (content, tenants and hosts, administration) receives from the shell:
 * its section and the rest of the address, the session, the tenant scope, and a way to reload
 * the session when the tenants it lists change (one created or deleted).
 */
import type { Session } from './session';
import type { Section } from './route';

export interface SectionProps {
  section: Section;
  /** The address's parts after the section, decoded; the area checks them. */
  rest: string[];
  /** The address's query parameters. */
  params: Record<string, string>;
  session: Session;
  /** The tenant the switcher names, or null for all tenants. */
  scope: string | null;
  tenantName: (id: string) => string;
  /** Reload who is logged in and the tenants they may see. */
  refreshSession: () => void;
}

/** What a permission set grants, as the API's `/me` reports it. */
export function can(set: { resources: Record<string, string[]>; flags: string[] }, resource: string, action: 'read' | 'write' | 'execute' | 'admin'): boolean {
  const held = set.resources[resource] ?? [];
  if (held.includes('admin')) return true;
  if (action === 'read') return held.length > 0;
  return held.includes(action);
}

export function hasFlag(set: { flags: string[] }, flag: 'accountManagement' | 'contentSync'): boolean {
  return set.flags.includes(flag);
}
