/**
 * An item back to an XSOAR file: YAML kinds as YAML, the others as JSON, named as XSOAR names
 * them (`playbook-<id>.yml`, `incidenttype-<id>.json`) under their pack folder. YAML is written
 * so that YAML 1.1 and 1.2 readers agree on it: `yes`/`no`/`on`/`off` and numbers-as-text
 * are quoted, so XSOAR's own tools read the branch labels as text too. It is written with the
 * 1.2 core schema and 1.1 as `compat`, which quotes text either reader would take for
 * something else: writing as 1.1 alone left `0o17` (a 1.2 number) and `<<` (a 1.1 merge) bare.
 */
import { stringify } from 'yaml';
import { KIND_SPECS, type Kind } from './kinds.js';

export interface ContentFile {
  /** Path inside a pack: `Playbooks/playbook-Foo.yml`. */
  readonly path: string;
  readonly text: string;
}

/** A file-name-safe form of an id: letters, digits, `_ . -` kept, anything else `_`. */
export function safeFileName(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^\.+/, '_');
  return safe.slice(0, 150) || '_';
}

export function serializeItem(kind: Kind, doc: unknown): string {
  return KIND_SPECS[kind].format === 'yaml' ? stringify(doc, { version: '1.2', schema: 'core', compat: 'yaml-1.1', lineWidth: 0 }) : `${JSON.stringify(doc, null, 2)}\n`;
}

export function contentFile(kind: Kind, id: string, doc: unknown): ContentFile {
  const spec = KIND_SPECS[kind];
  const ext = spec.format === 'yaml' ? 'yml' : 'json';
  const prefix = kind === 'dashboards' ? 'dashboard-' : (spec.prefixes[0] ?? '');
  return { path: `${spec.folders[0] ?? kind}/${prefix}${safeFileName(id)}.${ext}`, text: serializeItem(kind, doc) };
}
