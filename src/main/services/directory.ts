import { Client, EqualityFilter, InvalidCredentialsError } from 'ldapts';
import { AppError } from '../../core/errors.js';
import type { SecretBox } from '../../core/secret-box.js';
import type { SettingsRepository } from '../../store/main-repos.js';

/** Which directory group gives which role where (a tenant, a propagation label, or "*" for all). */
export interface GroupMapping {
  group: string;
  tenant?: string;
  label?: string;
  role: string;
}

/** The directory (LDAP) configuration as the API shows it: never the bind password. */
export interface DirectorySettings {
  enabled: boolean;
  /** ldap:// (with startTls) or ldaps:// */
  url: string;
  startTls: boolean;
  /** PEM of the CA that signed the directory's certificate, when it is not a public one. */
  caPem?: string;
  bindDn: string;
  userBase: string;
  /** `{username}` is replaced by the escaped login name, e.g. `(&(objectClass=inetOrgPerson)(uid={username}))`. */
  userFilter: string;
  /** Attribute of the user entry listing their groups' DNs (`memberOf`). */
  groupAttribute: string;
  /** Optional group search for directories without memberOf: groups under groupBase with member=<user DN>. */
  groupBase?: string;
  groupMemberAttribute?: string;
  mappings: GroupMapping[];
}

interface Stored extends DirectorySettings {
  sealedBindPassword: string;
}

const KEY = 'directory';
const CONTEXT = 'settings.directory.bindPassword';
const TIMEOUT_MS = 5000;

/** The groups a user is in, by full DN and by the value of its first RDN (its cn): mappings may name either. */
export function groupNames(dns: readonly string[]): string[] {
  const out = new Set<string>();
  for (const dn of dns) {
    out.add(dn.toLowerCase());
    const first = /^[^=]+=((?:\\.|[^,])*)/.exec(dn)?.[1];
    if (first) out.add(first.replace(/\\(.)/g, '$1').toLowerCase());
  }
  return [...out];
}

/**
 * Directory logins: find the user with the service account, then bind as the user with
 * their password (the directory checks it; main never stores it), then read their groups.
 */
export class DirectoryService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly box: SecretBox,
  ) {}

  async get(): Promise<DirectorySettings | undefined> {
    const stored = await this.stored();
    if (!stored) return undefined;
    const { sealedBindPassword: _, ...shown } = stored;
    return shown;
  }

  /** Replaces the configuration; the bind password is kept sealed, and kept as is when not given. */
  async set(input: DirectorySettings & { bindPassword?: string }): Promise<DirectorySettings> {
    const { bindPassword, ...rest } = input;
    if (!/^ldaps?:\/\/[^\s/]+\/?$/i.test(rest.url)) throw new AppError('invalid_request', 'url must be ldap://host[:port] or ldaps://host[:port]');
    if (rest.startTls && rest.url.toLowerCase().startsWith('ldaps:')) throw new AppError('invalid_request', 'startTls applies to ldap:// URLs, not ldaps://');
    if (!rest.userFilter.includes('{username}')) throw new AppError('invalid_request', 'userFilter must contain {username}');
    const previous = await this.stored();
    if (bindPassword === undefined && !previous) throw new AppError('invalid_request', 'bindPassword is required the first time');
    const sealed = bindPassword === undefined ? previous!.sealedBindPassword : this.box.seal(bindPassword, CONTEXT);
    await this.settings.set(KEY, JSON.stringify({ ...rest, sealedBindPassword: sealed } satisfies Stored));
    return rest;
  }

  /**
   * Checks a login against the directory: the user's DN and group names, or undefined when
   * the directory is off, the user is not found or the password is wrong. A directory that
   * cannot be reached is a 503, not a wrong password.
   */
  async authenticate(username: string, password: string): Promise<{ dn: string; groups: string[] } | undefined> {
    const cfg = await this.stored();
    // An empty password would be an unauthenticated bind, which directories accept.
    if (!cfg?.enabled || password === '') return undefined;
    const service = await this.connect(cfg);
    let dn: string;
    let groupDns: string[];
    try {
      const filter = cfg.userFilter.split('{username}').join(EqualityFilter.escape(username));
      const { searchEntries } = await service.search(cfg.userBase, { scope: 'sub', filter, attributes: [cfg.groupAttribute], sizeLimit: 2 });
      const entry = searchEntries.length === 1 ? searchEntries[0] : undefined;
      if (!entry) return undefined;
      dn = entry.dn;
      const attr = entry[cfg.groupAttribute] ?? [];
      groupDns = (Array.isArray(attr) ? attr : [attr]).map((v) => v.toString());
      if (cfg.groupBase) {
        const member = cfg.groupMemberAttribute ?? 'member';
        const groups = await service.search(cfg.groupBase, { scope: 'sub', filter: new EqualityFilter({ attribute: member, value: dn }), attributes: ['1.1'] });
        groupDns.push(...groups.searchEntries.map((g) => g.dn));
      }
    } catch (err) {
      throw this.unavailable(err);
    } finally {
      await service.unbind().catch(() => undefined);
    }
    const asUser = await this.connect(cfg, false);
    try {
      await asUser.bind(dn, password);
    } catch (err) {
      if (err instanceof InvalidCredentialsError) return undefined;
      throw this.unavailable(err);
    } finally {
      await asUser.unbind().catch(() => undefined);
    }
    return { dn, groups: groupNames(groupDns) };
  }

  /** Binds with the service account and reads the user base: what an administrator runs after a change. */
  async test(): Promise<{ ok: true; usersVisible: number }> {
    const cfg = await this.stored();
    if (!cfg) throw new AppError('not_found', 'no directory is configured');
    const client = await this.connect(cfg);
    try {
      const { searchEntries } = await client.search(cfg.userBase, { scope: 'sub', filter: '(objectClass=*)', attributes: ['1.1'], sizeLimit: 1000 });
      return { ok: true, usersVisible: searchEntries.length };
    } catch (err) {
      throw this.unavailable(err);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  private async stored(): Promise<Stored | undefined> {
    const raw = await this.settings.get(KEY);
    return raw === undefined ? undefined : (JSON.parse(raw) as Stored);
  }

  private async connect(cfg: Stored, asService = true): Promise<Client> {
    const tlsOptions = { ...(cfg.caPem ? { ca: cfg.caPem } : {}), minVersion: 'TLSv1.2' as const };
    // ldapts speaks TLS from the first byte whenever it is given TLS options: only for ldaps://.
    const ldaps = cfg.url.toLowerCase().startsWith('ldaps:');
    const client = new Client({ url: cfg.url, timeout: TIMEOUT_MS, connectTimeout: TIMEOUT_MS, ...(ldaps ? { tlsOptions } : {}) });
    try {
      if (cfg.startTls) await client.startTLS(tlsOptions);
      if (asService) await client.bind(cfg.bindDn, this.box.open(cfg.sealedBindPassword, CONTEXT));
      return client;
    } catch (err) {
      await client.unbind().catch(() => undefined);
      throw this.unavailable(err);
    }
  }

  private unavailable(err: unknown): AppError {
    if (err instanceof AppError) return err;
    // The directory's own words may help an administrator; they never carry the password.
    const why = err instanceof Error ? err.message.slice(0, 200) : 'unknown error';
    return new AppError('directory_unavailable', `the directory could not be used: ${why}`);
  }
}
