/**
 * The kinds of XSOAR content Palisade stores, and for each: its file format, where its id and
 * display name live in the document, the pack folder(s) it lives in and the file-name prefixes
 * XSOAR gives it. Widgets are stored as `dashboards` (a dashboard is a set of widgets).
 */
import { idText, isRecord, nonEmptyString } from './content-error.js';
import { preferMarketplace } from './marketplace.js';

export const KINDS = [
  'playbooks',
  'scripts',
  'integrations',
  'incidenttypes',
  'incidentfields',
  'layouts',
  'lists',
  'jobs',
  'dashboards',
  'indicatortypes',
  'roles',
] as const;

export type Kind = (typeof KINDS)[number];
export type ContentFormat = 'yaml' | 'json';

export interface KindSpec {
  readonly kind: Kind;
  /** One item, in messages: "playbook", "incident field". */
  readonly label: string;
  readonly format: ContentFormat;
  /** Where the id is: a path of keys. */
  readonly idPath: readonly string[];
  /** Where the display name is: the first path that holds a non-empty string wins. */
  readonly namePaths: readonly (readonly string[])[];
  /** Other names other content uses to refer to an item (an incident field's `cliName`). */
  readonly refPaths: readonly (readonly string[])[];
  /** Folders of an XSOAR pack that hold this kind. */
  readonly folders: readonly string[];
  /** File-name prefixes XSOAR uses for this kind (lower case). */
  readonly prefixes: readonly string[];
}

const spec = (
  kind: Kind,
  label: string,
  format: ContentFormat,
  idPath: readonly string[],
  namePaths: readonly (readonly string[])[],
  folders: readonly string[],
  prefixes: readonly string[],
  refPaths: readonly (readonly string[])[] = [],
): KindSpec => ({ kind, label, format, idPath, namePaths, refPaths, folders, prefixes });

export const KIND_SPECS: Readonly<Record<Kind, KindSpec>> = {
  playbooks: spec('playbooks', 'playbook', 'yaml', ['id'], [['name']], ['Playbooks'], ['playbook-']),
  scripts: spec('scripts', 'script', 'yaml', ['commonfields', 'id'], [['name']], ['Scripts'], ['script-']),
  integrations: spec('integrations', 'integration', 'yaml', ['commonfields', 'id'], [['name'], ['display']], ['Integrations'], ['integration-']),
  incidenttypes: spec('incidenttypes', 'incident type', 'json', ['id'], [['name']], ['IncidentTypes'], ['incidenttype-']),
  incidentfields: spec('incidentfields', 'incident field', 'json', ['id'], [['name']], ['IncidentFields'], ['incidentfield-'], [['cliName']]),
  layouts: spec('layouts', 'layout', 'json', ['id'], [['name']], ['Layouts'], ['layoutscontainer-']),
  // XSOAR names a list by its name; an exported list's id equals it, and some omit the id.
  lists: spec('lists', 'list', 'json', ['id'], [['name']], ['Lists'], ['list-']),
  jobs: spec('jobs', 'job', 'json', ['id'], [['name']], ['Jobs'], ['job-']),
  dashboards: spec('dashboards', 'dashboard', 'json', ['id'], [['name']], ['Dashboards', 'Widgets'], ['dashboard-', 'widget-']),
  indicatortypes: spec('indicatortypes', 'indicator type', 'json', ['id'], [['details']], ['IndicatorTypes'], ['reputation-', 'reputations-']),
  roles: spec('roles', 'role', 'json', ['id'], [['name']], ['Roles'], []),
};

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
}

function at(doc: unknown, path: readonly string[]): unknown {
  let value = doc;
  for (const key of path) {
    if (!isRecord(value)) return undefined;
    value = preferMarketplace(value, key);
  }
  return value;
}

/** The item's id, or undefined when the document does not hold one. */
export function idOf(kind: Kind, doc: unknown): string | undefined {
  const id = idText(at(doc, KIND_SPECS[kind].idPath));
  return id ?? (kind === 'lists' ? nonEmptyString(at(doc, ['name'])) : undefined);
}

/** The item's display name, or undefined when the document does not hold one. */
export function nameOf(kind: Kind, doc: unknown): string | undefined {
  for (const path of KIND_SPECS[kind].namePaths) {
    const name = nonEmptyString(at(doc, path));
    if (name !== undefined) return name;
  }
  return undefined;
}

/** Every name other content may use for this item: id, display name, then the others. */
export function referenceNamesOf(kind: Kind, doc: unknown): string[] {
  const names = [idOf(kind, doc), nameOf(kind, doc), ...KIND_SPECS[kind].refPaths.map((p) => nonEmptyString(at(doc, p)))];
  return [...new Set(names.filter((n): n is string => n !== undefined))];
}

/** The kind a pack folder holds (`Playbooks` → playbooks), exact XSOAR spelling. */
export function kindOfFolder(folder: string): Kind | undefined {
  return KINDS.find((k) => KIND_SPECS[k].folders.includes(folder));
}

/** The kind a file-name prefix says (`playbook-X.yml` → playbooks), case-insensitive. */
export function kindOfFileName(baseName: string): Kind | undefined {
  const lower = baseName.toLowerCase();
  return KINDS.find((k) => KIND_SPECS[k].prefixes.some((p) => lower.startsWith(p)));
}
