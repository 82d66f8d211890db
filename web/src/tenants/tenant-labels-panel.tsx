/** A tenant's propagation labels, edited in place by who may manage accounts. */
import { useState } from 'react';
import { tenantsApi } from '../api/tenants';
import type { TenantView } from '../api/tenants-types';
import { useAction } from '../common/use-action';
import { LabelsInput } from './labels-input';
import { LabelChips } from './tenant-table';

interface Props {
  tenant: TenantView;
  mayManage: boolean;
  onSaved: (t: TenantView) => void;
}

export function TenantLabelsPanel({ tenant, mayManage, onSaved }: Props) {
  const [draft, setDraft] = useState<string[] | null>(null);
  const [pending, setPending] = useState('');
  const save = useAction();

  const submit = (): void => {
    if (draft === null) return;
    if (pending !== '') {
      save.fail(`Add the label "${pending}" (Enter) or clear it before saving.`);
      return;
    }
    save.act(
      () => tenantsApi.setLabels(tenant.id, draft),
      (t) => {
        setDraft(null);
        onSaved(t);
      },
    );
  };

  return (
    <section className="panel tn-panel" aria-labelledby="labels-title">
      <div className="tn-panel-head">
        <h2 id="labels-title" className="panel-title">
          Labels
        </h2>
        {mayManage && draft === null && (
          <button type="button" className="btn small" onClick={() => setDraft([...tenant.labels])}>
            Edit labels
          </button>
        )}
      </div>
      {draft === null ? (
        <div className="tn-panel-body" data-testid="tenant-labels">
          <LabelChips labels={tenant.labels} />
        </div>
      ) : (
        <form
          className="tn-panel-body"
          aria-label="Edit labels"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <LabelsInput labels={draft} onChange={setDraft} onPending={setPending} disabled={save.busy} label="Labels of this tenant" />
          {save.error !== undefined && (
            <p className="error-text" role="alert">
              {save.error}
            </p>
          )}
          <div className="row-actions">
            <button type="submit" className="btn primary small" disabled={save.busy}>
              {save.busy ? 'Saving…' : 'Save labels'}
            </button>
            <button type="button" className="btn small" disabled={save.busy} onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
