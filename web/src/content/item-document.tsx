/**
 * An item's XSOAR text (the file export gives: YAML for playbooks, scripts and integrations,
 * JSON for the rest), read-only; a user who may write content edits it and saves a new version.
 * The server validates the text whole (a playbook's next tasks must exist…) and names the
 * field when it refuses it.
 */
import { useState, type FormEvent } from 'react';
import { contentApi } from '../api/content';
import type { Kind, SavedItem } from '../api/content-types';
import { useAction } from '../common/use-action';
import { useLoad } from '../common/use-load';
import { isYamlKind } from './kinds';
import { LoadError } from '../common/load-error';

interface Props {
  kind: Kind;
  id: string;
  /** The current version: the text reloads when it changes. */
  version: number;
  canWrite: boolean;
  onSaved: () => void;
}

export function ItemDocument({ kind, id, version, canWrite, onSaved }: Props) {
  const text = useLoad(() => contentApi.text(kind, id), [kind, id, version]);
  const [editing, setEditing] = useState(false);
  const [result, setResult] = useState<SavedItem | null>(null);

  return (
    <div className="item-document">
      <div className="tab-toolbar">
        <span className="muted">
          {text.data?.fileName ?? (isYamlKind(kind) ? 'YAML' : 'JSON')}
          {editing ? ' — editing: saving makes a new version' : ` — version ${version}, read-only`}
        </span>
        {canWrite && !editing && (
          <button
            type="button"
            className="btn small"
            disabled={text.data === undefined}
            onClick={() => {
              setResult(null);
              setEditing(true);
            }}
          >
            Edit
          </button>
        )}
      </div>
      {result !== null && (
        <p className="notice item-saved" role="status">
          {result.changed ? `Saved as version ${result.version}. Tenants get it at the next sync.` : `Nothing changed: this is version ${result.version} already.`}
        </p>
      )}
      {text.error !== undefined && <LoadError error={text.error} onRetry={() => text.reload()} />}
      {text.loading && text.data === undefined && <p className="muted pad" role="status">Loading the document…</p>}
      {!editing && text.data !== undefined && (
        <pre className="doc-text mono" tabIndex={0} aria-label="Document text">
          {text.data.text}
        </pre>
      )}
      {editing && text.data !== undefined && (
        <DocEditor
          kind={kind}
          id={id}
          initial={text.data.text}
          fileName={text.data.fileName}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            setResult(saved);
            setEditing(false);
            onSaved();
          }}
        />
      )}
    </div>
  );
}

interface EditorProps {
  kind: Kind;
  id: string;
  initial: string;
  fileName: string;
  onCancel: () => void;
  onSaved: (saved: SavedItem) => void;
}

/** The editor, new each time it opens: no error of an earlier attempt stays on it. */
function DocEditor({ kind, id, initial, fileName, onCancel, onSaved }: EditorProps) {
  const [draft, setDraft] = useState(initial);
  const action = useAction();

  const save = (e: FormEvent): void => {
    e.preventDefault();
    if (draft.trim() === '') return action.fail('The document is empty.');
    if (!isYamlKind(kind)) {
      try {
        JSON.parse(draft);
      } catch (err) {
        return action.fail(`This is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    action.act(() => contentApi.save(kind, id, draft, fileName), onSaved);
  };

  return (
    <form className="doc-editor" onSubmit={save} aria-label="Edit the document">
      <textarea
        className="doc-textarea mono"
        aria-label="Document editor"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        spellCheck={false}
        autoFocus
        disabled={action.busy}
      />
      {action.error !== undefined && (
        <p className="error-text" role="alert">
          {action.error}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="btn primary" disabled={action.busy || draft === initial}>
          {action.busy ? 'Saving…' : 'Save new version'}
        </button>
        <button type="button" className="btn" disabled={action.busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
