/** A collapsible tree of a JSON value (native details/summary: keyboard and screen reader friendly). */
import { isRecord, plainText } from './format';

const MAX_CHILDREN = 500;

interface Props {
  value: unknown;
  /** The key of this value in its parent; the root has none. */
  name?: string;
  /** Levels open from the start (0 = all closed). */
  openDepth?: number;
  depth?: number;
}

function Leaf({ value }: { value: unknown }) {
  if (value === null) return <span className="jt-null">null</span>;
  if (typeof value === 'string') return <span className="jt-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="jt-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="jt-bool">{String(value)}</span>;
  if (value === undefined) return <span className="jt-null">undefined</span>;
  return <span>{plainText(value)}</span>;
}

export function JsonTree({ value, name, openDepth = 1, depth = 0 }: Props) {
  const isArray = Array.isArray(value);
  if (!isArray && !isRecord(value)) {
    return (
      <div className="jt-row">
        {name !== undefined && <span className="jt-key">{name}: </span>}
        <Leaf value={value} />
      </div>
    );
  }
  const entries: [string, unknown][] = isArray ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value);
  const summary = isArray ? `[${entries.length}]` : `{${entries.length} ${entries.length === 1 ? 'key' : 'keys'}}`;
  if (entries.length === 0) {
    return (
      <div className="jt-row">
        {name !== undefined && <span className="jt-key">{name}: </span>}
        <span className="jt-null">{isArray ? '[]' : '{}'}</span>
      </div>
    );
  }
  const shown = entries.slice(0, MAX_CHILDREN);
  return (
    <details className="jt-node" open={depth < openDepth}>
      <summary>
        {name !== undefined && <span className="jt-key">{name}: </span>}
        <span className="jt-summary">{summary}</span>
      </summary>
      <div className="jt-children">
        {shown.map(([k, v]) => (
          <JsonTree key={k} name={k} value={v} openDepth={openDepth} depth={depth + 1} />
        ))}
        {entries.length > shown.length && <div className="jt-row muted">… {entries.length - shown.length} more</div>}
      </div>
    </details>
  );
}

/** A value as a tree, or a muted note when there is nothing. */
export function ValueView({ value, empty, openDepth = 2 }: { value: unknown; empty: string; openDepth?: number }) {
  const nothing = value === undefined || value === null || (isRecord(value) && Object.keys(value).length === 0) || (Array.isArray(value) && value.length === 0);
  if (nothing) return <p className="muted small">{empty}</p>;
  return (
    <div className="json-tree mono">
      {isRecord(value) ? (
        Object.entries(value).map(([k, v]) => <JsonTree key={k} name={k} value={v} openDepth={openDepth} />)
      ) : (
        <JsonTree value={value} openDepth={openDepth} />
      )}
    </div>
  );
}
