/**
 * An XSOAR content pack (XSOAR-FORMATS §4) from the files of a folder or an archive: its
 * metadata and its content items, with split-layout code put back in place (`Scripts/X/X.yml`
 * + `X.js` → one script holding its code) as XSOAR's unify step does. Folders Palisade does
 * not support (indicator fields, classifiers, reports, …) are reported as skipped, not fatal:
 * real packs carry them. Any supported item that does not parse refuses the whole pack.
 */
import { AppError } from '../errors.js';
import { ContentError, isRecord } from '../content/content-error.js';
import { isScriptLanguage } from '../content/detect.js';
import { kindOfFolder, type Kind } from '../content/kinds.js';
import { attachCode, formatOfFileName, languageOfFileName, needsCode, parseContent, type ParsedItem } from '../content/parse.js';
import type { ArchiveEntry } from './archive.js';
import { parsePackMetadata, type PackMetadata } from './metadata.js';

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface ParsedPack {
  readonly metadata: PackMetadata;
  readonly items: readonly ParsedItem[];
  readonly skipped: readonly SkippedFile[];
}

const ARCHIVE_NAME = /\.(zip|tar\.gz|tgz|tar)$/i;

/** `Phishing-1.2.0.zip` → `Phishing`: an archive's name without its extension and version. */
export function packIdFromFileName(name: string): string {
  return name.replace(ARCHIVE_NAME, '').replace(/[-_]v?\d+\.\d+\.\d+$/, '');
}

/** XSOAR content folders Palisade does not hold (its own kinds are in `kinds.ts`). */
const UNSUPPORTED_FOLDERS = new Set([
  'IndicatorFields', 'Classifiers', 'PreProcessRules', 'Reports', 'GenericFields', 'GenericTypes', 'GenericModules',
  'GenericDefinitions', 'Connections', 'Wizards', 'Triggers', 'ParsingRules', 'ModelingRules', 'CorrelationRules',
  'XSIAMDashboards', 'XSIAMReports', 'XDRCTemplates', 'LayoutRules', 'CaseFields', 'CaseLayouts', 'CaseLayoutRules',
  'Collections', 'AgentixActions', 'AgentixAgents', 'AgentixSkills',
]);

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(entry: ArchiveEntry): string {
  try {
    return utf8.decode(entry.data);
  } catch {
    throw new ContentError({ file: entry.path, field: '', reason: 'is not UTF-8 text' });
  }
}

const dirOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const baseOf = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** The folder holding `pack_metadata.json`: the shallowest one; two at that depth is two packs. */
function findRoot(entries: readonly ArchiveEntry[]): { root: string; meta: ArchiveEntry } {
  const metas = entries.filter((e) => baseOf(e.path) === 'pack_metadata.json');
  if (metas.length === 0) throw new AppError('invalid_request', 'not a content pack: no pack_metadata.json in it');
  const depth = (p: string) => p.split('/').length;
  const top = Math.min(...metas.map((m) => depth(m.path)));
  const shallow = metas.filter((m) => depth(m.path) === top);
  if (shallow.length > 1) throw new AppError('invalid_request', `holds several packs (${shallow.map((m) => dirOf(m.path) || '.').join(', ')}); upload one pack at a time`);
  const meta = shallow[0]!;
  return { root: dirOf(meta.path), meta };
}

/**
 * Reads a pack. `fallbackId` names it when `pack_metadata.json` sits at the top of an archive
 * (no `Packs/<id>/` folder to take the id from), e.g. the archive's file name.
 */
export function parsePack(entries: readonly ArchiveEntry[], fallbackId?: string): ParsedPack {
  const { root, meta } = findRoot(entries);
  const id = root === '' ? (fallbackId ?? '') : baseOf(root);
  const metadata = parsePackMetadata(id, meta.path, text(meta));
  const prefix = root === '' ? '' : `${root}/`;
  const skipped: SkippedFile[] = [];
  // Files of a split package (`Scripts/<Name>/…`), gathered by their folder.
  const packages = new Map<string, ArchiveEntry[]>();
  const items: ParsedItem[] = [];

  for (const entry of entries) {
    if (!entry.path.startsWith(prefix)) {
      skipped.push({ path: entry.path, reason: 'outside the pack folder' });
      continue;
    }
    const parts = entry.path.slice(prefix.length).split('/');
    const folder = parts[0] ?? '';
    const kind = parts.length > 1 ? kindOfFolder(folder) : undefined;
    if (!kind) {
      if (UNSUPPORTED_FOLDERS.has(folder)) skipped.push({ path: entry.path, reason: `${folder} are not a kind of content Palisade holds` });
      continue; // documentation, images, release notes, test playbooks: not content
    }
    if (parts.length === 2) {
      if (isContentFile(entry.path)) items.push(parseContent(entry.path, text(entry), kind));
    } else if (parts.length === 3) {
      const dir = dirOf(entry.path);
      packages.set(dir, [...(packages.get(dir) ?? []), entry]);
    }
    // Deeper files (test_data/, command_examples) are not content.
  }
  for (const [dir, files] of packages) {
    const item = splitPackage(dir, files, kindOfFolder(dir.slice(prefix.length).split('/')[0] ?? ''));
    if (item) items.push(item);
    else if (files.some((f) => isContentFile(f.path))) skipped.push({ path: dir, reason: `no main file: expected ${baseOf(dir)}.yml or ${baseOf(dir)}.json (or exactly one content file) in the folder` });
  }

  const seen = new Map<string, string>();
  for (const item of items) {
    const key = `${item.kind}/${item.id}`;
    const other = seen.get(key);
    if (other !== undefined) throw new ContentError({ file: item.file, field: '', reason: `${key} is also defined by ${other}` });
    seen.set(key, item.file);
  }
  return { metadata, items: items.sort((a, b) => (a.file < b.file ? -1 : 1)), skipped };
}

/** YAML or JSON that is content, not a pack's other files. */
function isContentFile(path: string): boolean {
  const base = baseOf(path).toLowerCase();
  return formatOfFileName(base) !== undefined && !base.endsWith('_unified.yml') && !base.startsWith('.') && base !== 'command_examples.json';
}

/**
 * `Folder/<Name>/<Name>.yml|json` with its siblings: the code (`<Name>.js|.py|.ps1`, never
 * `_test`), an integration's `<Name>_description.md`, a list's `<Name>_data.*`.
 */
function splitPackage(dir: string, files: readonly ArchiveEntry[], kind: Kind | undefined): ParsedItem | undefined {
  if (!kind) return undefined;
  const name = baseOf(dir);
  const main = files.find((f) => {
    const b = baseOf(f.path);
    return b === `${name}.yml` || b === `${name}.yaml` || b === `${name}.json`;
  }) ?? (files.filter((f) => isContentFile(f.path)).length === 1 ? files.find((f) => isContentFile(f.path)) : undefined);
  if (!main) return undefined;
  let item = parseContent(main.path, text(main), kind);
  if (needsCode(item)) {
    const code = files.find((f) => {
      const b = baseOf(f.path);
      const language = languageOfFileName(b);
      // `<Name>_test.py` and `<Name>.Tests.ps1` never match the name; a name ending in `_test` does.
      return language !== undefined && b.slice(0, b.lastIndexOf('.')) === name;
    });
    const language = code ? languageOfFileName(code.path) : undefined;
    if (code && language && isScriptLanguage(language)) item = attachCode(item, text(code), language);
  }
  if (item.kind === 'integrations' && (typeof item.doc['detaileddescription'] !== 'string' || item.doc['detaileddescription'] === '')) {
    const description = files.find((f) => baseOf(f.path) === `${name}_description.md`);
    if (description) item = { ...item, doc: { ...item.doc, detaileddescription: text(description) } };
  }
  if (item.kind === 'lists' && (typeof item.doc['data'] !== 'string' || item.doc['data'] === '')) {
    const data = files.find((f) => baseOf(f.path).startsWith(`${name}_data.`));
    if (data) item = { ...item, doc: { ...item.doc, data: text(data) } };
  }
  return isRecord(item.doc) ? item : undefined;
}

/**
 * The content files of an archive that is not a pack (no `pack_metadata.json`): every YAML or
 * JSON file, its kind told by its XSOAR file-name prefix, its folder or its shape. A file that
 * is not content Palisade holds refuses the whole import, naming it. A pack's archive gives
 * its items, as `parsePack` reads them.
 */
export function parseContentArchive(entries: readonly ArchiveEntry[], fallbackId?: string): { items: readonly ParsedItem[]; skipped: readonly SkippedFile[] } {
  if (entries.some((e) => baseOf(e.path) === 'pack_metadata.json')) return parsePack(entries, fallbackId ?? 'import');
  const items = entries.filter((e) => isContentFile(e.path)).map((e) => parseContent(e.path, text(e)));
  const skipped = entries.filter((e) => !isContentFile(e.path)).map((e) => ({ path: e.path, reason: 'not a YAML or JSON content file' }));
  return { items, skipped };
}
