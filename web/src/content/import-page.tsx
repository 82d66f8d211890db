/**
 * Importing XSOAR content into main's library: YAML/JSON files chosen or pasted, or one archive
 * (zip, tar.gz, tar: a pack's items or every content file in it). All or none: the server
 * saves nothing when one file is wrong, and names it (file, field, reason) as a row below.
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { contentApi } from '../api/content';
import { isKind, type ContentIssue, type ImportResult } from '../api/content-types';
import { useAction } from '../common/use-action';
import { sectionHref } from '../shell/route';
import { ARCHIVE_FILE, issueFromMessage, precheck } from './import-issues';
import { parseLabels } from './labels';
import { LabelsInput } from './labels';

type Mode = 'files' | 'paste';
type Chosen = { kind: 'texts'; files: { fileName: string; text: string }[] } | { kind: 'archive'; file: File } | { kind: 'none' };

export function ImportPage({ canWrite }: { canWrite: boolean }) {
  const [mode, setMode] = useState<Mode>('files');
  const [chosen, setChosen] = useState<Chosen>({ kind: 'none' });
  const [pasteName, setPasteName] = useState('');
  const [pasteText, setPasteText] = useState('');
  const [labels, setLabels] = useState('');
  const [issues, setIssues] = useState<ContentIssue[]>([]);
  const [result, setResult] = useState<ImportResult | null>(null);
  const action = useAction();

  if (!canWrite) return <p className="panel empty-state muted">Importing content needs permission to write content.</p>;

  const choose = (list: FileList | null): void => {
    setIssues([]);
    setResult(null);
    const files = [...(list ?? [])];
    if (files.length === 0) return setChosen({ kind: 'none' });
    const archives = files.filter((f) => ARCHIVE_FILE.test(f.name));
    if (archives.length > 0) {
      if (files.length > 1) return setIssues([{ file: archives[0]?.name ?? '', field: '', reason: 'send an archive on its own, not with other files' }]);
      if (archives[0] !== undefined) setChosen({ kind: 'archive', file: archives[0] });
      return;
    }
    void Promise.all(files.map(async (f) => ({ fileName: f.name, text: await f.text() }))).then(
      (texts) => setChosen({ kind: 'texts', files: texts }),
      () => setIssues([{ file: '', field: '', reason: 'the files could not be read' }]),
    );
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setResult(null);
    setIssues([]);
    const { labels: list, bad } = parseLabels(labels);
    if (bad.length > 0) return action.fail('Fix the labels first.');
    const texts = mode === 'paste' ? [{ fileName: pasteName.trim(), text: pasteText }] : chosen.kind === 'texts' ? chosen.files : [];
    if (mode === 'files' && chosen.kind === 'none') return action.fail('Choose files to import first.');
    const found = mode === 'files' && chosen.kind === 'archive' ? [] : precheck(texts);
    if (found.length > 0) {
      setIssues(found);
      return action.fail(`${found.length === 1 ? 'One problem' : `${found.length} problems`} to fix before importing.`);
    }
    const names = texts.map((t) => t.fileName);
    action.act(
      () =>
        (mode === 'files' && chosen.kind === 'archive' ? contentApi.importArchive(chosen.file, chosen.file.name, list) : contentApi.importFiles(texts, list)).catch((err: unknown) => {
          if (err instanceof ApiError && err.status === 400) setIssues([issueFromMessage(err.message, names)]);
          throw err;
        }),
      setResult,
    );
  };

  return (
    <div className="import-page">
      <div className="page-head">
        <h1>Import content</h1>
        <span className="muted">XSOAR files into main’s library, all or none</span>
      </div>
      <form className="panel import-form" onSubmit={submit} aria-label="Import content">
        <div className="tabs" role="tablist" aria-label="Import from">
          {(['files', 'paste'] as const).map((m) => (
            <button key={m} type="button" role="tab" aria-selected={mode === m} className={`tab${mode === m ? ' active' : ''}`} onClick={() => {
                setMode(m);
                setChosen({ kind: 'none' });
                setIssues([]);
              }}>
              {m === 'files' ? 'Upload files' : 'Paste text'}
            </button>
          ))}
        </div>
        <div className="import-body">
          {mode === 'files' ? (
            <label className="field">
              <span>Files: YAML or JSON content files, or one archive (.zip, .tar.gz, .tar)</span>
              <input type="file" multiple accept=".yml,.yaml,.json,.zip,.tar,.gz,.tgz" onChange={(e) => choose(e.target.files)} disabled={action.busy} />
              <small className="muted">
                {chosen.kind === 'texts' && `${chosen.files.length} file${chosen.files.length === 1 ? '' : 's'}: ${chosen.files.map((f) => f.fileName).join(', ')}`}
                {chosen.kind === 'archive' && `Archive ${chosen.file.name} (${Math.ceil(chosen.file.size / 1024)} KiB)`}
              </small>
            </label>
          ) : (
            <>
              <label className="field">
                <span>File name (says the kind and format)</span>
                <input type="text" value={pasteName} onChange={(e) => setPasteName(e.target.value)} placeholder="playbook-Triage.yml" autoComplete="off" spellCheck={false} />
              </label>
              <label className="field">
                <span>File content</span>
                <textarea className="doc-textarea mono" value={pasteText} onChange={(e) => setPasteText(e.target.value)} spellCheck={false} placeholder={'id: Triage\nname: Triage\nstarttaskid: "0"\ntasks: …'} />
              </label>
            </>
          )}
          <LabelsInput value={labels} onChange={setLabels} label="Propagation labels for every item (optional)" disabled={action.busy} />
          <div className="row-actions">
            <button type="submit" className="btn primary" disabled={action.busy}>
              {action.busy ? 'Importing…' : 'Import'}
            </button>
            <a className="btn ghost" href={sectionHref('content')}>
              Back to the library
            </a>
          </div>
          {action.error !== undefined && (
            <p className="error-text" role="alert">
              {action.error}
            </p>
          )}
        </div>
      </form>
      {issues.length > 0 && <IssueTable issues={issues} />}
      {result !== null && <ImportOutcome result={result} />}
    </div>
  );
}

function IssueTable({ issues }: { issues: readonly ContentIssue[] }) {
  return (
    <div className="panel table-panel import-issues">
      <h2 className="panel-title">Nothing was imported: fix these and try again</h2>
      <table className="data-table" aria-label="Import problems">
        <thead>
          <tr>
            <th>File</th>
            <th>Field</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((i, n) => (
            <tr key={n} data-testid="import-issue">
              <td className="mono">{i.file === '' ? '—' : i.file}</td>
              <td className="mono">{i.field === '' ? <span className="muted">(whole file)</span> : i.field}</td>
              <td className="wrap">{i.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ImportOutcome({ result }: { result: ImportResult }) {
  const changed = result.items.filter((i) => i.changed).length;
  return (
    <div className="panel table-panel import-result" role="status" data-testid="import-result">
      <h2 className="panel-title">
        Imported {result.items.length} item{result.items.length === 1 ? '' : 's'}: {changed} new or changed, {result.items.length - changed} unchanged
      </h2>
      <table className="data-table" aria-label="Imported items">
        <thead>
          <tr>
            <th>Kind</th>
            <th className="col-name">Name</th>
            <th>Version</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {result.items.map((i) => (
            <tr key={`${i.kind}/${i.id}`}>
              <td>{i.kind}</td>
              <td className="col-name">{isKind(i.kind) ? <a href={sectionHref('content', [i.kind, i.id])}>{i.name}</a> : i.name}</td>
              <td>v{i.version}</td>
              <td>{i.changed ? <span className="badge state state-ok">saved</span> : <span className="badge state state-idle">unchanged</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.skipped !== undefined && result.skipped.length > 0 && (
        <div className="pad">
          <strong>Skipped in the archive:</strong>
          <ul className="plain-list">
            {result.skipped.map((s) => (
              <li key={s.path}>
                <span className="mono">{s.path}</span> — {s.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
