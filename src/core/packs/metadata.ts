/**
 * `pack_metadata.json` (XSOAR-FORMATS §4.1): what Palisade needs from it — name, version,
 * dependencies — checked with messages that name the file and the field. A pack's id is its
 * folder name in `Packs/<id>/`, as in XSOAR.
 */
import { AppError } from '../errors.js';
import { isRecord, nonEmptyString } from '../content/content-error.js';

export interface PackDependency {
  readonly mandatory: boolean;
  readonly displayName?: string;
  /** Palisade's addition: the lowest version that will do (`x.y.z`). */
  readonly minVersion?: string;
}

export interface PackMetadata {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly author: string;
  readonly support: string;
  readonly dependencies: Readonly<Record<string, PackDependency>>;
  /** Every field of the file, kept for export. */
  readonly raw: Record<string, unknown>;
}

export const PACK_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const SEMVER = /^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/;

export function isVersion(v: unknown): v is string {
  return typeof v === 'string' && SEMVER.test(v);
}

/** Negative, zero or positive as `a` is lower than, equal to or higher than `b` (both `x.y.z`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function refuse(file: string, field: string, reason: string): never {
  throw new AppError('invalid_request', `${file}: ${field === '' ? '' : `${field}: `}${reason}`);
}

/** Reads and checks a pack's metadata; `id` is the pack's folder name. */
export function parsePackMetadata(id: string, file: string, text: string): PackMetadata {
  if (!PACK_ID.test(id)) refuse(file, '', `"${id.slice(0, 100)}" is not a usable pack id (letters, digits, _ . -; the pack's folder name)`);
  let raw: unknown;
  try {
    raw = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) as unknown;
  } catch (err) {
    return refuse(file, '', `invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isRecord(raw)) return refuse(file, '', 'must be a JSON object');
  const name = nonEmptyString(raw['name']) ?? refuse(file, 'name', 'a pack needs a non-empty name');
  const version = raw['currentVersion'];
  if (!isVersion(version)) refuse(file, 'currentVersion', `must be a version x.y.z, not ${JSON.stringify(version) ?? 'nothing'}`);
  const deps: Record<string, PackDependency> = {};
  const given = raw['dependencies'];
  if (given !== undefined && given !== null) {
    if (!isRecord(given)) refuse(file, 'dependencies', 'must be an object {PackID: {mandatory, display_name}}');
    for (const [dep, spec] of Object.entries(given)) {
      if (!PACK_ID.test(dep)) refuse(file, `dependencies.${dep.slice(0, 100)}`, 'is not a pack id');
      if (dep === id) refuse(file, `dependencies.${dep}`, 'a pack cannot depend on itself');
      if (!isRecord(spec)) refuse(file, `dependencies.${dep}`, 'must be an object {mandatory, display_name}');
      const min = spec['minVersion'];
      if (min !== undefined && !isVersion(min)) refuse(file, `dependencies.${dep}.minVersion`, 'must be a version x.y.z');
      const displayName = nonEmptyString(spec['display_name']);
      deps[dep] = { mandatory: spec['mandatory'] === true, ...(displayName ? { displayName } : {}), ...(min !== undefined ? { minVersion: min } : {}) };
    }
  }
  const text_ = (k: string): string => (typeof raw[k] === 'string' ? raw[k] : '');
  return { id, name, version, description: text_('description'), author: text_('author'), support: text_('support'), dependencies: deps, raw };
}
