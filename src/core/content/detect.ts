/**
 * Which kind a content file is. In order: a kind the caller names; the file-name prefix XSOAR
 * uses (`playbook-`, `script-`, …); the pack folder (`Playbooks/`, `Integrations/<Name>/`);
 * the shape of the document. Content Palisade does not support (indicator fields, classifiers
 * and mappers, pre-6.0 layouts, multi-type `reputations` bundles) is refused by name.
 */
import { ContentError, isRecord, nonEmptyString } from './content-error.js';
import { KIND_SPECS, kindOfFileName, kindOfFolder, KINDS, type Kind } from './kinds.js';

export const SCRIPT_LANGUAGES = ['javascript', 'python', 'powershell'] as const;
export type ScriptLanguage = (typeof SCRIPT_LANGUAGES)[number];

export const LIST_TYPES = ['plain_text', 'json', 'markdown', 'html', 'css', 'csv'] as const;

export function isScriptLanguage(value: unknown): value is ScriptLanguage {
  return typeof value === 'string' && (SCRIPT_LANGUAGES as readonly string[]).includes(value);
}

/** `Packs/P/Playbooks/playbook-X.yml` → `['Packs', 'P', 'Playbooks', 'playbook-X.yml']`. */
export function pathParts(fileName: string): string[] {
  return fileName.split(/[\\/]/).filter((p) => p !== '');
}

const INDICATOR_FIELDS = 'indicator fields are not a supported kind (only incident fields are)';
const UNSUPPORTED_PREFIXES: readonly (readonly [string, string])[] = [
  ['incidentfield-indicatorfield-', INDICATOR_FIELDS],
  ['indicatorfield-', INDICATOR_FIELDS],
  ['classifier-', 'classifiers and mappers are not a supported kind'],
  ['mapper-', 'classifiers and mappers are not a supported kind'],
  ['layout-', 'layouts from before XSOAR 6.0 (layout-*.json) are not supported; use a layouts container (layoutscontainer-*.json)'],
];
const UNSUPPORTED_FOLDERS: Readonly<Record<string, string>> = {
  IndicatorFields: INDICATOR_FIELDS,
  Classifiers: 'classifiers and mappers are not a supported kind',
};

export function detectKind(fileName: string, doc: Record<string, unknown>, hint?: Kind): Kind {
  const refuse = (reason: string): never => {
    throw new ContentError({ file: fileName, field: '', reason });
  };
  const parts = pathParts(fileName);
  const base = (parts[parts.length - 1] ?? '').toLowerCase();
  // Refused whatever the caller or the name says.
  if (isIndicatorField(doc)) refuse(INDICATOR_FIELDS);
  if (Array.isArray(doc['reputations'])) refuse('a reputations bundle (several indicator types in one file) is not supported; give each indicator type its own reputation-*.json');

  if (hint !== undefined) return hint;

  const unsupported = UNSUPPORTED_PREFIXES.find(([prefix]) => base.startsWith(prefix));
  if (unsupported) refuse(unsupported[1]);
  const byName = kindOfFileName(base);
  if (byName) return byName;

  // The nearest two folders: `Scripts/x.yml` and `Scripts/<Name>/<Name>.yml`.
  for (const folder of parts.slice(-3, -1).reverse()) {
    const reason = UNSUPPORTED_FOLDERS[folder];
    if (reason !== undefined) refuse(reason);
    const byFolder = kindOfFolder(folder);
    if (byFolder) return byFolder;
  }

  const byContent = kindFromContent(doc);
  if (byContent) return byContent;
  const type = doc['type'];
  if (type === 'classification' || type === 'mapping-incoming' || type === 'mapping-outgoing') refuse('classifiers and mappers are not a supported kind');
  if (doc['typeId'] !== undefined && isRecord(doc['layout'])) refuse('layouts from before XSOAR 6.0 are not supported; use a layouts container');
  return refuse(
    `cannot tell which kind of content this is (one of ${KINDS.join(', ')}); ` +
      `name the file with its XSOAR prefix (${KINDS.flatMap((k) => KIND_SPECS[k].prefixes).join(', ')}) or say the kind`,
  );
}

/** An indicator field: shaped as an incident field, in group 2 or with an `indicator_` id. */
export function isIndicatorField(doc: Record<string, unknown>): boolean {
  if (doc['cliName'] === undefined) return false;
  const id = nonEmptyString(doc['id']);
  return doc['group'] === 2 || (id !== undefined && id.startsWith('indicator_'));
}

const has = (doc: Record<string, unknown>, ...keys: string[]): boolean => keys.some((k) => doc[k] !== undefined && doc[k] !== null);

/** The kind a document's shape says, or undefined. */
export function kindFromContent(doc: Record<string, unknown>): Kind | undefined {
  if (has(doc, 'tasks') && has(doc, 'starttaskid')) return 'playbooks';
  const script = doc['script'];
  if (isRecord(doc['commonfields'])) {
    if (has(doc, 'configuration') || (isRecord(script) && has(script, 'commands'))) return 'integrations';
    if (typeof script === 'string' || isScriptLanguage(doc['type'])) return 'scripts';
    if (isRecord(script)) return 'integrations';
    return undefined;
  }
  if (has(doc, 'cliName')) {
    const id = nonEmptyString(doc['id']);
    return doc['group'] === 0 || (id !== undefined && id.startsWith('incident_')) ? 'incidentfields' : undefined;
  }
  if (has(doc, 'playbookId') && has(doc, 'scheduled', 'recurrent', 'humanCron', 'cronView', 'startDate', 'isFeed', 'selectedFeeds', 'isAllFeeds', 'shouldTriggerNew')) return 'jobs';
  if (has(doc, 'id') && has(doc, 'playbookId', 'color') && !has(doc, 'tasks')) return 'incidenttypes';
  if (has(doc, 'detailsV2') || ((doc['group'] === 'incident' || doc['group'] === 'indicator') && has(doc, 'details', 'quickView', 'close', 'edit', 'mobile'))) return 'layouts';
  if (typeof doc['data'] === 'string' && ((LIST_TYPES as readonly unknown[]).includes(doc['type']) || has(doc, 'allRead', 'allReadWrite', 'nameLocked'))) return 'lists';
  if (has(doc, 'details') && has(doc, 'regex', 'reputationCommand', 'reputationScriptName', 'enhancementScriptNames', 'contextPath', 'formatScript')) return 'indicatortypes';
  if ((has(doc, 'widgetType') && has(doc, 'dataType')) || (Array.isArray(doc['layout']) && has(doc, 'period', 'fromDate', 'toDate', 'fromDateLicense'))) return 'dashboards';
  if (isRecord(doc['permissions'])) return 'roles';
  return undefined;
}
