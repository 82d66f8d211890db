/**
 * Marketplace-suffixed keys (XSOAR-FORMATS §1.1): almost any key may appear as `key:xsoar`,
 * `key:marketplacev2`, … and playbook task keys as `"12:xsoar"`. Palisade reads content as the
 * `xsoar` marketplace does: `key:xsoar` wins over `key`, entries suffixed for another
 * marketplace are not ours. Nothing here rewrites a document; callers read through it.
 */
import { isRecord } from './content-error.js';

export const MARKETPLACES = ['xsoar', 'marketplacev2', 'xpanse', 'xsoar_saas', 'xsoar_on_prem', 'platform'] as const;
export type Marketplace = (typeof MARKETPLACES)[number];

/** The marketplace Palisade reads content as. */
export const PALISADE_MARKETPLACE: Marketplace = 'xsoar';

/** `"12:xsoar"` → `{base: "12", marketplace: "xsoar"}`; a key without a known suffix is its own base. */
export function splitMarketplaceKey(key: string): { base: string; marketplace?: Marketplace } {
  const colon = key.lastIndexOf(':');
  if (colon > 0) {
    const suffix = key.slice(colon + 1);
    if ((MARKETPLACES as readonly string[]).includes(suffix)) return { base: key.slice(0, colon), marketplace: suffix as Marketplace };
  }
  return { base: key };
}

/** True for `key:marketplacev2` and the like: an entry meant for another marketplace. */
export function isOtherMarketplaceKey(key: string): boolean {
  const { marketplace } = splitMarketplaceKey(key);
  return marketplace !== undefined && marketplace !== PALISADE_MARKETPLACE;
}

/** `obj["key:xsoar"]` when present, else `obj.key`. */
export function preferMarketplace(obj: Record<string, unknown>, key: string): unknown {
  const own = Object.hasOwn(obj, `${key}:${PALISADE_MARKETPLACE}`) ? obj[`${key}:${PALISADE_MARKETPLACE}`] : undefined;
  return own !== undefined ? own : Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** The same as `preferMarketplace` but for anything: undefined unless `obj` is an object. */
export function field(obj: unknown, key: string): unknown {
  return isRecord(obj) ? preferMarketplace(obj, key) : undefined;
}
