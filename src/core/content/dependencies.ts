/**
 * What a content item needs from the library to work: sub-playbooks, scripts (automations
 * run by tasks, and filter/transformer operators that are not server built-ins), integrations
 * named by a command's brand, an incident type's playbook and layout. A `ref` is an id or a
 * name as the content wrote it; resolving it (by id first, then by name) is the library's job.
 * Server built-ins (`Builtin|||setIncident`) and brand-less commands (`|||send-mail`, served
 * by any instance that has it) are no dependency.
 */
import { isRecord, nonEmptyString } from './content-error.js';
import { KINDS, type Kind } from './kinds.js';
import { field, isOtherMarketplaceKey } from './marketplace.js';
import { isBuiltinFilter, isBuiltinTransformer, operatorsIn } from './operators.js';
import type { ParsedItem } from './parse.js';

export interface Dependency {
  readonly kind: Kind;
  readonly ref: string;
  /** A second reference to try when `ref` does not resolve: a task's playbookName after its playbookId. */
  readonly alt?: string;
}

/** The item's dependencies, each once, ordered by kind (as in `KINDS`) then ref. */
export function dependenciesOf(item: Pick<ParsedItem, 'kind'> & { readonly doc: unknown }): Dependency[] {
  const found = new Map<string, Dependency>();
  const add = (kind: Kind, ref: unknown, alt?: unknown): void => {
    const r = nonEmptyString(ref);
    if (r === undefined) return;
    const a = nonEmptyString(alt);
    const key = `${kind}\u0000${r}`;
    if (!found.has(key)) found.set(key, a !== undefined && a !== r ? { kind, ref: r, alt: a } : { kind, ref: r });
  };
  const doc: unknown = isRecord(item) ? item.doc : undefined;
  if (!isRecord(doc)) return [];
  const get = (key: string): unknown => field(doc, key);

  switch (item.kind) {
    case 'playbooks':
      playbookDependencies(doc, add);
      break;
    case 'incidenttypes':
      add('playbooks', get('playbookId'));
      add('layouts', get('layout'));
      add('scripts', get('preProcessingScript'));
      add('scripts', get('closureScript'));
      break;
    case 'jobs':
      add('playbooks', get('playbookId'));
      break;
    case 'incidentfields':
      add('scripts', get('script'));
      add('scripts', get('fieldCalcScript'));
      break;
    case 'indicatortypes': {
      add('scripts', get('reputationScriptName'));
      add('scripts', get('formatScript'));
      const enhancers = get('enhancementScriptNames');
      if (Array.isArray(enhancers)) for (const name of enhancers) add('scripts', name);
      add('layouts', get('layout'));
      break;
    }
    default:
      break;
  }
  const order = (k: Kind): number => KINDS.indexOf(k);
  return [...found.values()].sort((a, b) => order(a.kind) - order(b.kind) || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}

type Add = (kind: Kind, ref: unknown, alt?: unknown) => void;

function playbookDependencies(doc: Record<string, unknown>, add: Add): void {
  const tasks = doc['tasks'];
  for (const [key, task] of Object.entries(isRecord(tasks) ? tasks : {})) {
    if (isOtherMarketplaceKey(key) || !isRecord(task)) continue;
    const inner = task['task'];
    if (isRecord(inner)) {
      if (field(task, 'type') === 'playbook') {
        const byId = field(inner, 'playbookId');
        const byName = field(inner, 'playbookName');
        if (nonEmptyString(byId) !== undefined) add('playbooks', byId, byName);
        else add('playbooks', byName);
      }
      add('scripts', field(inner, 'scriptName'));
      const script = field(inner, 'script');
      if (typeof script === 'string') {
        const bar = script.indexOf('|||');
        if (bar < 0) add('scripts', script);
        else {
          const brand = script.slice(0, bar).trim();
          if (brand !== '' && brand !== 'Builtin') add('integrations', brand);
        }
      }
    }
    const loop = field(task, 'loop');
    if (isRecord(loop)) add('scripts', field(loop, 'scriptId'));
    operatorScripts(task, add);
  }
  operatorScripts(doc['inputs'], add);
}

/** Filter and transformer operators that are scripts, not server built-ins. */
function operatorScripts(value: unknown, add: Add): void {
  for (const use of operatorsIn(value)) {
    const builtin = use.role === 'filter' ? isBuiltinFilter(use.operator) : isBuiltinTransformer(use.operator);
    if (!builtin) add('scripts', use.operator);
  }
}
