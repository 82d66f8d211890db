/**
 * Issuing a one-time enrollment token for a new host (hosts admin): its name and how long the
 * token stays valid. The token, and the command that enrolls a host with it, are shown once:
 * main keeps only their hash.
 */
import { useState, type FormEvent } from 'react';
import { tenantsApi } from '../api/tenants';
import type { Enrollment } from '../api/tenants-types';
import { formatTime } from '../common/format';
import { useAction } from '../common/use-action';
import { HOST_NAME_PATTERN } from './tenant-format';

const MAX_TTL = 10_080;

/** The host command (src/cli: `palisade host --main URL --enroll TOKEN`): the token pins main's CA, so no `--ca`. */
export function enrollCommand(token: string, main: string = window.location.origin): string {
  return `palisade host --home /var/lib/palisade/host --main ${main} --enroll ${token} --address HOST_ADDRESS`;
}

export function EnrollmentPanel({ onIssued }: { onIssued: () => void }) {
  const [name, setName] = useState('');
  const [ttl, setTtl] = useState('60');
  const [issued, setIssued] = useState<Enrollment | null>(null);
  const issue = useAction(onIssued);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const minutes = Number(ttl);
    if (!HOST_NAME_PATTERN.test(name.trim())) {
      issue.fail('The host name must be 1–63 letters, digits, dots, dashes or underscores, starting with a letter or digit.');
      return;
    }
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_TTL) {
      issue.fail(`The token's lifetime is a whole number of minutes from 1 to ${MAX_TTL} (a week).`);
      return;
    }
    issue.act(
      () => tenantsApi.enroll(name.trim(), minutes),
      (r) => {
        setIssued(r);
        setName('');
      },
    );
  };

  return (
    <section className="panel tn-panel tn-enroll" aria-labelledby="enroll-title">
      <h2 id="enroll-title" className="panel-title">
        Enroll a host
      </h2>
      <div className="tn-panel-body">
        {issued === null ? (
          <form className="tn-enroll-form" onSubmit={submit} aria-label="Issue an enrollment token" noValidate>
            <label className="field">
              <span>Host name</span>
              <input value={name} onChange={(e) => setName(e.target.value)} placeholder="host-2" maxLength={63} disabled={issue.busy} spellCheck={false} />
            </label>
            <label className="field tn-ttl">
              <span>Valid for (minutes)</span>
              <input type="number" min={1} max={MAX_TTL} step={1} value={ttl} onChange={(e) => setTtl(e.target.value)} disabled={issue.busy} />
            </label>
            <button type="submit" className="btn primary" disabled={issue.busy}>
              {issue.busy ? 'Issuing…' : 'Issue token'}
            </button>
          </form>
        ) : (
          <div className="tn-token" data-testid="enrollment-token">
            <p className="warning-banner" role="status">
              This token is shown only once and enrolls one host named <strong>{issued.name}</strong> until {formatTime(issued.expiresAt)}. Copy it now: it will not be
              shown again.
            </p>
            <div className="field">
              <label htmlFor="enrollment-token">Enrollment token</label>
              <span className="tn-copy-row">
                <input id="enrollment-token" className="mono" readOnly value={issued.token} onFocus={(e) => e.target.select()} />
                <CopyButton text={issued.token} what="token" />
              </span>
            </div>
            <div className="field">
              <span>On the new host, run</span>
              <span className="tn-copy-row">
                <code className="tn-command" aria-label="Enrollment command">
                  {enrollCommand(issued.token)}
                </code>
                <CopyButton text={enrollCommand(issued.token)} what="command" />
              </span>
              <span className="muted small">
                Replace <span className="mono">HOST_ADDRESS</span> with the address (IP or name) main reaches the new host at; the token carries main&apos;s CA fingerprint, so no <span className="mono">--ca</span> is needed.
              </span>
            </div>
            <button type="button" className="btn" onClick={() => setIssued(null)}>
              Done
            </button>
          </div>
        )}
        {issue.error !== undefined && (
          <p className="error-text" role="alert">
            {issue.error}
          </p>
        )}
      </div>
    </section>
  );
}

/** Copies a text to the clipboard and says so; where the browser refuses, asks to copy by hand. */
function CopyButton({ text, what }: { text: string; what: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = (): void => {
    // The clipboard exists only in secure contexts (main serves HTTPS) and may still be refused.
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (clipboard === undefined) {
      setState('failed');
      return;
    }
    clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <>
      <button type="button" className="btn small" onClick={copy} aria-label={`Copy ${what}`}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      {state === 'failed' && (
        <span className="field-error" role="alert">
          The browser refused the clipboard: select the {what} and copy it by hand.
        </span>
      )}
    </>
  );
}
