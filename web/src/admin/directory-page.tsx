/**
 * The LDAP directory main's network accounts log in against: its settings (the bind password
 * is write-only: never shown, kept when left empty), which groups give which roles where, and
 * a connection test with the saved settings.
 */
import { useState } from 'react';
import { getDirectory, testDirectory } from '../api/admin';
import type { DirectoryTest } from '../api/admin-types';
import { useAction } from '../common/use-action';
import { useLoad } from '../common/use-load';
import type { AdminContext } from './admin-context';
import { DirectoryForm } from './directory-form';
import { LoadError } from '../common/load-error';

export function DirectoryPage({ ctx }: { ctx: AdminContext }) {
  const settings = useLoad(getDirectory, []);
  const [result, setResult] = useState<DirectoryTest | null>(null);
  const [dirty, setDirty] = useState(false);
  const test = useAction();
  const configured = settings.data !== undefined && !('configured' in settings.data);

  const run = (): void => {
    setResult(null);
    test.act(testDirectory, setResult);
  };

  return (
    <section aria-label="Directory">
      <p className="muted admin-lead">
        Users not found among main's local accounts log in against this directory: found with the service account, then bound with their own password. Their groups give their access at every login.
      </p>
      {settings.loading && settings.data === undefined && <p className="muted" role="status">Loading the directory settings…</p>}
      {settings.error !== undefined && <LoadError error={settings.error} onRetry={() => settings.reload()} />}
      {settings.data !== undefined && (
        <div className="admin-columns">
          <DirectoryForm
            ctx={ctx}
            answer={settings.data}
            onDirty={setDirty}
            onSaved={() => {
              setResult(null);
              settings.reload(true);
            }}
          />
          <div className="admin-side">
            <div className="panel admin-panel" role="region" aria-label="Connection test">
              <h3>Connection test</h3>
              <p className="muted small">Binds with the saved service account and counts the entries under the user base.</p>
              {dirty && <p className="warning-banner small">The test uses the saved settings: save your changes first.</p>}
              <button type="button" className="btn" onClick={run} disabled={test.busy || !configured}>
                {test.busy ? 'Testing…' : 'Test connection'}
              </button>
              {!configured && <p className="muted small">Save a configuration to test it.</p>}
              {result !== null && (
                <p className="notice" role="status" data-testid="directory-test-result">
                  Connected: the service account sees {result.usersVisible} {result.usersVisible === 1 ? 'entry' : 'entries'} under the user base.
                </p>
              )}
              {test.error !== undefined && (
                <p className="error-banner" role="alert" data-testid="directory-test-result">
                  Connection failed: {test.error}
                </p>
              )}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
