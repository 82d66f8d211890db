/** The incident's context (what playbooks and commands stored), as a collapsible tree. */
import { useState } from 'react';
import { api } from '../api/client';
import { isRecord } from '../common/format';
import { JsonTree } from '../common/json-tree';
import { useLoad } from '../common/use-load';

export function ContextTab({ tenant, id }: { tenant: string; id: number }) {
  const context = useLoad(() => api.context(tenant, id), [tenant, id]);
  // Expanding or collapsing everything draws the tree anew with that many levels open.
  const [openDepth, setOpenDepth] = useState(1);
  const [generation, setGeneration] = useState(0);
  const expand = (depth: number): void => {
    setOpenDepth(depth);
    setGeneration((g) => g + 1);
  };
  const value = context.data;
  const keys = isRecord(value) ? Object.keys(value).length : Array.isArray(value) ? value.length : 0;

  return (
    <div className="context-tab">
      <div className="tab-toolbar">
        <span className="muted">{context.data === undefined ? '' : `${keys} top-level ${keys === 1 ? 'key' : 'keys'}`}</span>
        <div className="row-actions">
          <button type="button" className="btn small" onClick={() => expand(64)} disabled={keys === 0}>
            Expand all
          </button>
          <button type="button" className="btn small" onClick={() => expand(0)} disabled={keys === 0}>
            Collapse all
          </button>
          <button type="button" className="btn small" onClick={() => context.reload(true)} disabled={context.loading}>
            Refresh
          </button>
        </div>
      </div>
      {context.error !== undefined && (
        <p className="error-banner" role="alert">
          {context.error}
        </p>
      )}
      {context.loading && context.data === undefined && <p className="muted pad">Loading context…</p>}
      {context.data !== undefined &&
        (keys === 0 ? (
          <p className="muted pad">The context is empty: nothing has been stored on this incident yet.</p>
        ) : (
          <div className="json-tree mono context-tree" key={generation}>
            {isRecord(value) ? (
              Object.entries(value).map(([k, v]) => <JsonTree key={k} name={k} value={v} openDepth={openDepth} depth={0} />)
            ) : (
              <JsonTree value={value} openDepth={openDepth} />
            )}
          </div>
        ))}
    </div>
  );
}
