/**
 * The marketplace: the packs main's local marketplace folder offers, with their versions and
 * whether each is installed or can be upgraded; sources that could not be read and why. A
 * content administrator installs one (a chosen version, labels for its items) from its card.
 */
import { useState, type FormEvent } from 'react';
import { packsApi } from '../api/content';
import type { InstallResult, MarketPack } from '../api/content-types';
import { useAction } from '../common/use-action';
import { useLoad } from '../common/use-load';
import { sectionHref } from '../shell/route';
import type { ContentRights } from './content-rights';
import { InstallResultView } from './install-result';
import { parseLabels } from './labels';
import { LabelsInput } from './labels';
import { dependenciesOf } from './packs-page';

export function MarketplacePage({ rights }: { rights: ContentRights }) {
  const market = useLoad(() => packsApi.marketplace(), []);
  const [result, setResult] = useState<InstallResult | null>(null);
  const data = market.data;

  return (
    <div className="marketplace-page">
      <div className="page-head">
        <h1>Marketplace</h1>
        {data !== undefined && <span className="muted mono small">{data.folder}</span>}
        <div className="page-head-actions">
          <button type="button" className="btn" onClick={() => market.reload()} disabled={market.loading}>
            Refresh
          </button>
        </div>
      </div>
      {result !== null && <InstallResultView result={result} onDismiss={() => setResult(null)} />}
      {market.error !== undefined && (
        <div className="error-banner" role="alert">
          {market.error}
        </div>
      )}
      {market.loading && data === undefined && <p className="muted" role="status">Reading the marketplace…</p>}
      {data !== undefined && data.unreadable.length > 0 && (
        <div className="warning-banner" role="status" data-testid="unreadable">
          <strong>
            {data.unreadable.length} source{data.unreadable.length === 1 ? '' : 's'} could not be read:
          </strong>
          <ul className="plain-list">
            {data.unreadable.map((u) => (
              <li key={u.source}>
                <span className="mono">{u.source}</span> — {u.error}
              </li>
            ))}
          </ul>
        </div>
      )}
      {data !== undefined && data.packs.length === 0 && <p className="panel empty">The marketplace folder offers no packs. Put pack folders or archives in it.</p>}
      <div className="market-grid">
        {data?.packs.map((p) => (
          <MarketCard
            key={p.id}
            pack={p}
            canInstall={rights.admin}
            onInstalled={(r) => {
              setResult(r);
              market.reload(true);
            }}
          />
        ))}
      </div>
    </div>
  );
}

function MarketCard({ pack, canInstall, onInstalled }: { pack: MarketPack; canInstall: boolean; onInstalled: (r: InstallResult) => void }) {
  const [version, setVersion] = useState(pack.latest ?? '');
  const [labels, setLabels] = useState('');
  const [open, setOpen] = useState(false);
  const action = useAction();
  const deps = dependenciesOf({ dependencies: pack.dependencies });
  const verb = pack.installed === null ? 'Install' : pack.upgradable ? 'Upgrade' : 'Reinstall';

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const parsed = parseLabels(labels);
    if (parsed.bad.length > 0) return action.fail('Fix the labels first.');
    action.act(() => packsApi.install(pack.id, version === '' ? undefined : version, parsed.labels.length > 0 ? { labels: parsed.labels } : {}), (r) => {
      setOpen(false);
      onInstalled(r);
    });
  };

  return (
    <article className="panel market-card" aria-label={`Pack ${pack.name}`} data-testid="market-pack" data-pack={pack.id}>
      <header className="market-card-head">
        <h2>{pack.name}</h2>
        {pack.installed !== null && !pack.upgradable && <span className="badge state state-ok">installed {pack.installed}</span>}
        {pack.upgradable && <span className="badge state state-wait">upgrade {pack.installed} → {pack.latest}</span>}
      </header>
      <p className="muted small mono">{pack.id}</p>
      {pack.description !== '' && <p className="market-desc">{pack.description}</p>}
      <dl className="facts compact">
        <dt>Versions</dt>
        <dd>{pack.available.length === 0 ? <span className="muted">not in the folder any more</span> : pack.available.join(', ')}</dd>
        <dt>Items</dt>
        <dd>{pack.items}</dd>
        {pack.author !== '' && (
          <>
            <dt>Author</dt>
            <dd>{pack.author}</dd>
          </>
        )}
        <dt>Needs</dt>
        <dd>{deps.length === 0 ? <span className="muted">nothing</span> : deps.map((d) => `${d.id}${d.mandatory ? '' : ' (optional)'}`).join(', ')}</dd>
      </dl>
      <div className="row-actions">
        {pack.installed !== null && <a href={sectionHref('packs', [pack.id])}>Open installed pack</a>}
        {canInstall && pack.available.length > 0 && !open && (
          <button type="button" className={`btn small${pack.installed === null || pack.upgradable ? ' primary' : ''}`} onClick={() => setOpen(true)}>
            {verb}…
          </button>
        )}
      </div>
      {open && (
        <form className="market-install" onSubmit={submit} aria-label={`${verb} ${pack.name}`}>
          <label className="field">
            <span>Version</span>
            <select value={version} onChange={(e) => setVersion(e.target.value)} disabled={action.busy}>
              {pack.available.map((v) => (
                <option key={v} value={v}>
                  {v}
                  {v === pack.latest ? ' (latest)' : ''}
                </option>
              ))}
            </select>
          </label>
          <LabelsInput value={labels} onChange={setLabels} label="Labels for its items (optional)" disabled={action.busy} />
          <div className="row-actions">
            <button type="submit" className="btn primary small" disabled={action.busy}>
              {action.busy ? 'Installing…' : `${verb} ${version}`}
            </button>
            <button type="button" className="btn small" onClick={() => setOpen(false)} disabled={action.busy}>
              Cancel
            </button>
          </div>
          {action.error !== undefined && (
            <p className="error-text" role="alert">
              {action.error}
            </p>
          )}
        </form>
      )}
    </article>
  );
}
