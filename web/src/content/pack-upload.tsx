/**
 * Installing (or upgrading) a pack from an archive on the user's machine: zip, tar.gz or tar,
 * sent as it is; labels for its items, and whether to overwrite items edited on main since.
 */
import { useState, type FormEvent } from 'react';
import { packsApi } from '../api/content';
import type { InstallResult } from '../api/content-types';
import { useAction } from '../common/use-action';
import { parseLabels } from './labels';
import { LabelsInput } from './labels';

const ARCHIVE = /\.(zip|tar\.gz|tgz|tar)$/i;
const MAX_BYTES = 64 * 1024 * 1024;

export function PackUpload({ onInstalled }: { onInstalled: (result: InstallResult) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [labels, setLabels] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const action = useAction();

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const parsed = parseLabels(labels);
    if (file === null) return action.fail('Choose an archive first.');
    if (!ARCHIVE.test(file.name)) return action.fail('A pack comes as a .zip, .tar.gz or .tar archive.');
    if (file.size > MAX_BYTES) return action.fail('The archive is larger than 64 MiB.');
    if (parsed.bad.length > 0) return action.fail('Fix the labels first.');
    action.act(
      () => packsApi.upload(file, file.name, { labels: parsed.labels, overwriteEdited: overwrite }),
      (result) => {
        setFile(null);
        setFormKey((k) => k + 1);
        onInstalled(result);
      },
    );
  };

  return (
    <form key={formKey} className="panel pack-upload" onSubmit={submit} aria-label="Upload a pack">
      <h2 className="panel-title">Upload a pack</h2>
      <div className="pack-upload-body">
        <label className="field">
          <span>Archive (.zip, .tar.gz, .tar; XSOAR pack layout)</span>
          <input type="file" accept=".zip,.tar,.gz,.tgz" onChange={(e) => setFile(e.target.files?.[0] ?? null)} disabled={action.busy} />
        </label>
        <LabelsInput value={labels} onChange={setLabels} label="Labels for its items (optional)" disabled={action.busy} />
        <label className="check-field">
          <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} disabled={action.busy} />
          <span>Overwrite items edited on main since the pack installed them (their edits stay in history)</span>
        </label>
        <div className="row-actions">
          <button type="submit" className="btn primary" disabled={action.busy || file === null}>
            {action.busy ? 'Installing…' : 'Install from archive'}
          </button>
        </div>
        {action.error !== undefined && (
          <p className="error-text" role="alert">
            {action.error}
          </p>
        )}
      </div>
    </form>
  );
}
