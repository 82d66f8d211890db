/**
 * The directory settings form. Saved whole (the API replaces the configuration); the bind
 * password goes only when typed, and is never filled back in.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { saveDirectory } from '../api/admin';
import type { DirectoryAnswer, DirectoryInput, DirectorySettings } from '../api/admin-types';
import { useAction } from '../common/use-action';
import type { AdminContext } from './admin-context';
import { GrantEditor } from './grant-editor';
import { rowsFromMappings, toMappings, type GrantRow } from './grant-rows';
import { useRoleCatalog } from './use-role-catalog';

type Fields = Omit<DirectorySettings, 'mappings' | 'caPem' | 'groupBase' | 'groupMemberAttribute'> & { caPem: string; groupBase: string; groupMemberAttribute: string };

const DEFAULTS: Fields = {
  enabled: true, url: '', startTls: false, caPem: '', bindDn: '', userBase: '',
  userFilter: '(&(objectClass=inetOrgPerson)(uid={username}))', groupAttribute: 'memberOf', groupBase: '', groupMemberAttribute: '',
};

const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;

function problem(f: Fields, passwordSet: boolean, password: string): string | undefined {
  if (!/^ldaps?:\/\/[^\s/]+\/?$/i.test(f.url.trim())) return 'The URL is ldap://host[:port] or ldaps://host[:port].';
  if (f.startTls && f.url.trim().toLowerCase().startsWith('ldaps:')) return 'StartTLS applies to ldap:// URLs; ldaps:// is TLS already.';
  if (f.caPem.trim() !== '' && !f.caPem.includes('-----BEGIN CERTIFICATE-----')) return 'The CA certificate must be PEM (-----BEGIN CERTIFICATE-----).';
  if (f.bindDn.trim() === '') return 'Give the bind DN of the service account.';
  if (!passwordSet && password === '') return "Give the service account's password: it is needed the first time.";
  if (f.userBase.trim() === '') return 'Give the base DN under which users are searched.';
  if (!f.userFilter.includes('{username}')) return 'The user filter must contain {username}.';
  if (!ATTRIBUTE.test(f.groupAttribute)) return 'The group attribute is an attribute name, such as memberOf.';
  if (f.groupMemberAttribute !== '' && !ATTRIBUTE.test(f.groupMemberAttribute)) return 'The group member attribute is an attribute name, such as member.';
  return undefined;
}

interface Props {
  ctx: AdminContext;
  answer: DirectoryAnswer;
  onDirty: (dirty: boolean) => void;
  onSaved: () => void;
}

export function DirectoryForm({ ctx, answer, onDirty, onSaved }: Props) {
  const configured = !('configured' in answer);
  const [fields, setFields] = useState<Fields>(() =>
    'configured' in answer ? DEFAULTS : { ...DEFAULTS, ...answer, caPem: answer.caPem ?? '', groupBase: answer.groupBase ?? '', groupMemberAttribute: answer.groupMemberAttribute ?? '' },
  );
  const [rows, setRows] = useState<GrantRow[]>(() => ('configured' in answer ? [] : rowsFromMappings(answer.mappings)));
  const [password, setPassword] = useState('');
  const [saved, setSaved] = useState(false);
  const catalog = useRoleCatalog(rows.filter((r) => r.kind === 'tenant').map((r) => r.value));
  const { busy, error, act, fail } = useAction(onSaved);

  const set = <K extends keyof Fields>(key: K, value: Fields[K]): void => {
    setFields((f) => ({ ...f, [key]: value }));
    setSaved(false);
    onDirty(true);
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const bad = problem(fields, configured, password);
    if (bad !== undefined) return fail(bad);
    const checked = toMappings(rows);
    if ('error' in checked) return fail(checked.error);
    const body: DirectoryInput = {
      enabled: fields.enabled, url: fields.url.trim(), startTls: fields.startTls, bindDn: fields.bindDn.trim(), userBase: fields.userBase.trim(),
      userFilter: fields.userFilter.trim(), groupAttribute: fields.groupAttribute, mappings: checked.mappings,
      ...(fields.caPem.trim() === '' ? {} : { caPem: fields.caPem.trim() }),
      ...(fields.groupBase.trim() === '' ? {} : { groupBase: fields.groupBase.trim() }),
      ...(fields.groupMemberAttribute === '' ? {} : { groupMemberAttribute: fields.groupMemberAttribute }),
      ...(password === '' ? {} : { bindPassword: password }),
    };
    act(() => saveDirectory(body), () => {
      setPassword('');
      setSaved(true);
      onDirty(false);
    });
  };

  const text = (key: 'url' | 'bindDn' | 'userBase' | 'userFilter' | 'groupAttribute' | 'groupBase' | 'groupMemberAttribute', label: ReactNode, placeholder: string) => (
    <label className="field">
      <span>{label}</span>
      <input value={fields[key]} onChange={(e) => set(key, e.target.value)} disabled={busy} placeholder={placeholder} spellCheck={false} className="mono" />
    </label>
  );

  return (
    <form className="panel admin-form admin-main-panel" onSubmit={submit} aria-label="Directory settings" noValidate>
      <label className="check">
        <input type="checkbox" checked={fields.enabled} onChange={(e) => set('enabled', e.target.checked)} disabled={busy} />
        Directory logins enabled
      </label>
      <h3>Server</h3>
      {text('url', 'URL', 'ldaps://ldap.example.com:636')}
      <label className="check">
        <input type="checkbox" checked={fields.startTls} onChange={(e) => set('startTls', e.target.checked)} disabled={busy} />
        StartTLS (for ldap:// URLs)
      </label>
      <label className="field">
        <span>CA certificate (PEM, when the directory's certificate is not from a public CA)</span>
        <textarea rows={3} value={fields.caPem} onChange={(e) => set('caPem', e.target.value)} disabled={busy} className="mono" placeholder="-----BEGIN CERTIFICATE-----" spellCheck={false} />
      </label>
      <h3>Service account</h3>
      <div className="admin-form-row">
        {text('bindDn', 'Bind DN', 'cn=palisade,ou=services,dc=example,dc=com')}
        <label className="field">
          <span>Bind password</span>
          <input type="password" autoComplete="new-password" value={password} onChange={(e) => { setPassword(e.target.value); setSaved(false); onDirty(true); }} disabled={busy} placeholder={configured ? 'Saved — leave empty to keep it' : 'Required'} />
        </label>
      </div>
      <h3>Users and groups</h3>
      <div className="admin-form-row">
        {text('userBase', 'User base DN', 'ou=people,dc=example,dc=com')}
        {text('userFilter', <>User filter ({'{username}'} is the login name)</>, '(uid={username})')}
      </div>
      <div className="admin-form-row">
        {text('groupAttribute', 'Group attribute of a user', 'memberOf')}
        {text('groupBase', 'Group base DN (optional, without memberOf)', 'ou=groups,dc=example,dc=com')}
        {text('groupMemberAttribute', 'Group member attribute (optional)', 'member')}
      </div>
      <h3>Group mappings</h3>
      <p className="muted small">A group is named by its full DN or by its cn. A user's access is recomputed from their groups at every login.</p>
      <GrantEditor rows={rows} onChange={(r) => { setRows(r); setSaved(false); onDirty(true); }} tenants={ctx.session.tenants} catalog={catalog} disabled={busy} withGroup noun="mapping" />
      {error !== undefined && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p className="notice" role="status">
          Directory settings saved.
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}
