/** Logging in: main's users with a username and password; customer users also name their tenant. */
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api/client';
import { TENANT_ID } from './route';

export function LoginPage({ notice, onLoggedIn }: { notice: string | undefined; onLoggedIn: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [tenant, setTenant] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const t = tenant.trim();
    if (username.trim() === '' || password === '') {
      setError('Enter your username and password.');
      return;
    }
    if (t !== '' && !TENANT_ID.test(t)) {
      setError('A tenant id is 2–40 lower-case letters, digits and dashes, starting with a letter.');
      return;
    }
    setBusy(true);
    setError(undefined);
    api.login({ username: username.trim(), password, ...(t === '' ? {} : { tenant: t }) }).then(
      () => {
        setBusy(false);
        setPassword('');
        onLoggedIn();
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
      },
    );
  };

  return (
    <div className="login-screen">
      <form className="login-card" onSubmit={submit} noValidate aria-labelledby="login-title">
        <div className="brand brand-large">
          <Shield />
          <span>Palisade</span>
        </div>
        <h1 id="login-title">Sign in to the console</h1>
        {notice !== undefined && error === undefined && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {error !== undefined && (
          <p className="error-banner" role="alert">
            {error}
          </p>
        )}
        <label className="field">
          <span>Username</span>
          <input name="username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} disabled={busy} required />
        </label>
        <label className="field">
          <span>Password</span>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} disabled={busy} required />
        </label>
        <label className="field">
          <span>
            Tenant <small className="muted">(customers only)</small>
          </span>
          <input name="tenant" autoComplete="organization" spellCheck={false} value={tenant} onChange={(e) => setTenant(e.target.value)} disabled={busy} placeholder="e.g. acme" />
        </label>
        <button type="submit" className="btn primary block" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </div>
  );
}

export function Shield() {
  return (
    <svg className="shield" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <path d="M16 2 4 6v9c0 7.2 5.1 13.2 12 15 6.9-1.8 12-7.8 12-15V6z" />
      <path className="bars" d="M11 9v14M16 9v14M21 9v14" />
    </svg>
  );
}
