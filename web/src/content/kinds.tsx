/**
 * How the console names each kind of content and refers to items (`kind/id`), and a count of
 * items that opens to the list of them (native details/summary: keyboard and screen reader
 * friendly), items main knows linking to the library.
 */
import { isKind, type ItemRef, type Kind } from '../api/content-types';
import { sectionHref } from '../shell/route';

export const KIND_LABELS: Readonly<Record<Kind, { one: string; many: string }>> = {
  playbooks: { one: 'playbook', many: 'Playbooks' },
  scripts: { one: 'script', many: 'Scripts' },
  integrations: { one: 'integration', many: 'Integrations' },
  incidenttypes: { one: 'incident type', many: 'Incident types' },
  incidentfields: { one: 'incident field', many: 'Incident fields' },
  layouts: { one: 'layout', many: 'Layouts' },
  lists: { one: 'list', many: 'Lists' },
  jobs: { one: 'job', many: 'Jobs' },
  dashboards: { one: 'dashboard', many: 'Dashboards' },
  indicatortypes: { one: 'indicator type', many: 'Indicator types' },
  roles: { one: 'role', many: 'Roles' },
};

/** Playbooks, scripts and integrations are YAML in XSOAR; the rest JSON. */
export function isYamlKind(kind: Kind): boolean {
  return kind === 'playbooks' || kind === 'scripts' || kind === 'integrations';
}

/** `kind/id` in a list of references, for keys and short text. */
export function refText(r: { kind: string; id: string }): string {
  return `${r.kind}/${r.id}`;
}

interface Props {
  refs: readonly (ItemRef & { reason?: string })[];
  /** What they are, for the summary's accessible name: "to add", "conflicts". */
  what: string;
  tone?: 'ok' | 'run' | 'wait' | 'err' | 'idle';
  /** Link each item to main's library (not for a tenant's own items). */
  link?: boolean;
}

export function RefList({ refs, what, tone = 'idle', link = true }: Props) {
  if (refs.length === 0) return <span className="muted ref-zero">0</span>;
  return (
    <details className="ref-list">
      <summary className={`ref-count tone-${tone}`} aria-label={`${refs.length} ${what}`}>
        {refs.length}
      </summary>
      <ul>
        {refs.map((r) => (
          <li key={refText(r)}>
            {link && isKind(r.kind) ? <a href={sectionHref('content', [r.kind, r.id])}>{refText(r)}</a> : <span className="mono">{refText(r)}</span>}
            {r.version !== undefined && <span className="muted"> v{r.version}</span>}
            {r.reason !== undefined && <span className="muted"> — {r.reason}</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}
