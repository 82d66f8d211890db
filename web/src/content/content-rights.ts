/** What this user may do in the content area, from `/me`: main's library, and one tenant's content. */
import type { Session } from '../shell/session';
import { can, hasFlag } from '../shell/section';

export interface ContentRights {
  read: boolean;
  write: boolean;
  admin: boolean;
  sync: boolean;
}

export function contentRights(session: Session): ContentRights {
  const main = session.me.main;
  const onMain = session.fixedTenant === null;
  return {
    read: onMain && can(main, 'content', 'read'),
    write: onMain && can(main, 'content', 'write'),
    admin: onMain && can(main, 'content', 'admin'),
    sync: onMain && hasFlag(main, 'contentSync'),
  };
}

export function tenantContentRights(session: Session, tenant: string | null): { read: boolean; admin: boolean } {
  const perms = tenant === null ? undefined : session.me.tenants.find((t) => t.id === tenant)?.permissions;
  return { read: perms !== undefined && can(perms, 'content', 'read'), admin: perms !== undefined && can(perms, 'content', 'admin') };
}
