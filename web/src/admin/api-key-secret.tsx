/**
 * A new key's secret, shown this once: main keeps only its hash. Copied with one click (or
 * selected by hand where the clipboard is refused); gone from the page once dismissed.
 */
import { useRef, useState } from 'react';
import type { CreatedApiKey } from '../api/admin-types';

export function ApiKeySecret({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const field = useRef<HTMLInputElement>(null);

  const copy = (): void => {
    field.current?.select();
    navigator.clipboard.writeText(created.key).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  };

  return (
    <div className="panel admin-form api-key-secret" role="region" aria-label="New API key">
      <h2>API key “{created.name}” created</h2>
      <p className="warning-banner" role="status">
        Copy the key now: it is shown only this once. Palisade keeps only a hash of it and cannot show it again.
      </p>
      <div className="secret-row">
        <input ref={field} className="mono secret-value" readOnly value={created.key} aria-label="API key secret" onFocus={(e) => e.target.select()} />
        <button type="button" className="btn primary" onClick={copy}>
          Copy
        </button>
      </div>
      <p className="muted small" aria-live="polite">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'The browser refused the clipboard: the key is selected, copy it by hand.' : 'Send it as the header Authorization: Bearer <key>.'}
      </p>
      <button type="button" className="btn" onClick={onDone}>
        I have copied the key
      </button>
    </div>
  );
}
