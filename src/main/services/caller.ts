import type { Grant } from '../../core/rbac.js';
import type { UserKind } from '../../store/user-repo.js';

/** Who made a request, as authentication established it. */
export interface Caller {
  userId: string;
  username: string;
  kind: UserKind | 'apikey';
  /** A customer user's one tenant. */
  tenant?: string;
  /** Set for a tenant-scoped API key: exactly these grants, instead of a user's. */
  grants?: Grant[];
  /** A tenant key itself, for this request only: the tenant is handed the key and checks it on its own. */
  key?: string;
  /** How the request was authenticated; a cookie needs a CSRF token on every change. */
  via: 'bearer' | 'cookie' | 'apikey';
}
