/**
 * The tenant's allow-list for outbound HTTP from playbooks (`http`) and scripts allowed the
 * network. An entry is a URL prefix with scheme and host (`https://api.example.com/v1/`), or
 * a host pattern (`*.example.com`, `api.example.com:8443`) admitting every http(s) URL on it.
 * Empty by default: nothing goes out until an administrator says where it may.
 */
import { AppError } from '../../core/errors.js';

/** Where the tenant keeps its allow-list (its `settings` table). */
export const ALLOW_LIST_KEY = 'http-allow-list';

export class HttpAllowList {
  private entries: readonly string[] = [];

  set(entries: readonly string[]): void {
    for (const e of entries) HttpAllowList.validate(e);
    this.entries = [...new Set(entries.map((e) => e.trim()))];
  }

  list(): readonly string[] {
    return this.entries;
  }

  /** Refuses an entry that could admit more than its author meant (a bare `*`, no host). */
  static validate(entry: string): void {
    const e = entry.trim();
    if (e === '' || e.length > 512) throw new AppError('invalid_request', `allow-list entry ${JSON.stringify(entry.slice(0, 80))} must be 1–512 characters`);
    if (/^https?:\/\//i.test(e)) {
      let url: URL;
      try {
        url = new URL(e);
      } catch {
        throw new AppError('invalid_request', `allow-list entry ${JSON.stringify(e.slice(0, 80))} is not a URL`);
      }
      if (url.username !== '' || url.password !== '') throw new AppError('invalid_request', `allow-list entry ${JSON.stringify(e.slice(0, 80))} must not carry credentials`);
      return;
    }
    if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i.test(e)) {
      throw new AppError('invalid_request', `allow-list entry ${JSON.stringify(e.slice(0, 80))} must be a URL prefix (https://host/path) or a host pattern (*.example.com)`);
    }
  }

  /** The parsed URL when an entry admits it; a 403 naming the URL otherwise. */
  check(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new AppError('invalid_request', `invalid URL ${JSON.stringify(raw.slice(0, 200))}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('invalid_request', `unsupported URL scheme ${url.protocol}`);
    if (url.username !== '' || url.password !== '') throw new AppError('invalid_request', 'URLs with credentials are refused; send them in a header');
    if (!this.entries.some((e) => admits(e, url))) {
      throw new AppError('forbidden', `${url.origin}${url.pathname} is not on this tenant's HTTP allow-list`);
    }
    return url;
  }
}

function admits(entry: string, url: URL): boolean {
  if (/^https?:\/\//i.test(entry)) {
    const prefix = new URL(entry);
    if (prefix.origin !== url.origin) return false;
    // A prefix ending without '/' still only admits whole path segments.
    const path = prefix.pathname;
    return path === '/' || url.pathname === path || url.pathname.startsWith(path.endsWith('/') ? path : `${path}/`);
  }
  const [host, port] = entry.toLowerCase().split(':');
  if (port !== undefined && url.port !== port) return false;
  const h = url.hostname.toLowerCase();
  if (host?.startsWith('*.')) return h.endsWith(host.slice(1)) && h.length > host.length - 1;
  return h === host;
}

/** The stored allow-list, into `list`. */
export async function loadAllowList(repo: { setting(key: string): Promise<unknown> }, list: HttpAllowList): Promise<void> {
  const saved = await repo.setting(ALLOW_LIST_KEY);
  if (Array.isArray(saved)) list.set(saved.map((e) => String(e)));
}
