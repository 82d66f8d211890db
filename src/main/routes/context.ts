import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CrossTenantSearch } from '../services/search.js';
import type { AuthService } from '../services/auth.js';
import type { Caller } from '../services/caller.js';
import type { HostService } from '../services/hosts.js';
import type { TenantService } from '../services/tenants.js';
import type { HostClient } from '../host-client.js';
import type { UserRepository } from '../../store/user-repo.js';
import type { AuditRepository } from '../../store/audit-repo.js';
import type { ApiKeyRepository } from '../../store/api-key-repo.js';
import type { AccessContext, AccessService } from '../services/access.js';
import type { DirectoryService } from '../services/directory.js';
import type { ContentService } from '../services/content.js';
import type { ContentSync } from '../services/content-sync.js';
import type { JobRepository } from '../../store/job-repo.js';
import type { PackService } from '../services/packs.js';

export interface MainServices {
  auth: AuthService;
  hosts: HostService;
  tenants: TenantService;
  search: CrossTenantSearch;
  client: HostClient;
  access: AccessService;
  users: UserRepository;
  audit: AuditRepository;
  apiKeys: ApiKeyRepository;
  directory: DirectoryService;
  content: ContentService;
  sync: ContentSync;
  jobs: JobRepository;
  packs: PackService;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
    access?: AccessContext;
    /** The request body as received, relayed to tenants byte for byte after validation. */
    rawBody?: Buffer;
    /** The tenant's audit head after a relayed change: main's record of it keeps it as witness. */
    auditWitness?: string;
  }
  interface FastifySchema {
    /** One line for the OpenAPI document. */
    summary?: string;
    tags?: string[];
  }
  interface FastifyContextConfig {
    /** Routes reachable without a bearer token (login, enrollment, host heartbeat). */
    public?: boolean;
    /** A POST that changes nothing (a search): left out of the audit trail, like a GET. */
    readOnly?: boolean;
  }
}

export type RouteModule = (app: FastifyInstance, s: MainServices) => void;

export function callerOf(req: FastifyRequest): Caller {
  if (!req.caller) throw new Error('route reached without authentication');
  return req.caller;
}

export function accessOf(req: FastifyRequest): AccessContext {
  if (!req.access) throw new Error('route reached without authentication');
  return req.access;
}
