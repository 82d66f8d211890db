/**
 * Editing an incident's fields and closing it with a reason, each in a dialog. The change is
 * sent to the incident's own tenant; its refusal (a closed incident, a bad value) is shown in
 * the dialog and nothing changes.
 */
import { useState, type FormEvent } from 'react';
import { api, type IncidentPatch } from '../api/client';
import type { Incident, IncidentStatus, Severity } from '../api/types';
import { CLOSE_REASONS, SEVERITY_NAMES, STATUS_NAMES } from '../common/format';
import { FormActions } from '../common/form-actions';
import { Modal } from '../common/modal';
import { useAction } from '../common/use-action';

interface Props {
  tenant: string;
  incident: Incident;
  onDone: (updated: Incident) => void;
  onCancel: () => void;
}

const SEVERITIES: readonly Severity[] = [0, 1, 2, 3, 4];
const STATUSES: readonly IncidentStatus[] = ['pending', 'active', 'done', 'archive'];

export function EditIncidentDialog({ tenant, incident: i, onDone, onCancel }: Props) {
  const [name, setName] = useState(i.name);
  const [type, setType] = useState(i.type);
  const [severity, setSeverity] = useState<Severity>(i.severity);
  const [status, setStatus] = useState<IncidentStatus>(i.status);
  const [owner, setOwner] = useState(i.owner);
  const [details, setDetails] = useState(i.details);
  const action = useAction();

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (name.trim() === '') return action.fail('The name cannot be empty.');
    // Only what changed is sent: an edit never overwrites a field someone else just set.
    const patch: IncidentPatch = {
      ...(name.trim() !== i.name ? { name: name.trim() } : {}),
      ...(type.trim() !== i.type ? { type: type.trim() } : {}),
      ...(severity !== i.severity ? { severity } : {}),
      ...(status !== i.status ? { status } : {}),
      ...(owner.trim() !== i.owner ? { owner: owner.trim() } : {}),
      ...(details !== i.details ? { details } : {}),
    };
    if (Object.keys(patch).length === 0) return onCancel();
    action.act(() => api.updateIncident(tenant, i.id, patch), onDone);
  };

  return (
    <Modal title={`Edit incident #${i.id}`} onClose={onCancel} wide>
      <form onSubmit={submit} aria-label="Edit incident">
        <label className="field">
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={500} autoFocus aria-required="true" />
        </label>
        <div className="form-row">
          <label className="field">
            <span>Type</span>
            <input value={type} onChange={(e) => setType(e.target.value)} maxLength={200} />
          </label>
          <label className="field">
            <span>Severity</span>
            <select value={severity} onChange={(e) => setSeverity(Number(e.target.value) as Severity)}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {SEVERITY_NAMES[s]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Status</span>
            <select value={status} onChange={(e) => setStatus(e.target.value as IncidentStatus)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_NAMES[s]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="field">
          <span>Owner</span>
          <input value={owner} onChange={(e) => setOwner(e.target.value)} maxLength={200} placeholder="unassigned" />
        </label>
        <label className="field">
          <span>Details</span>
          <textarea value={details} onChange={(e) => setDetails(e.target.value)} maxLength={100_000} />
        </label>
        <FormActions busy={action.busy} error={action.error} label="Save" busyLabel="Saving…" onCancel={onCancel} cancelFirst />
      </form>
    </Modal>
  );
}

export function CloseIncidentDialog({ tenant, incident: i, onDone, onCancel }: Props) {
  const [reason, setReason] = useState<string>(CLOSE_REASONS[0]);
  const [notes, setNotes] = useState('');
  const action = useAction();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    action.act(() => api.closeIncident(tenant, i.id, { reason, notes: notes.trim() }), onDone);
  };
  return (
    <Modal title={`Close incident #${i.id}`} onClose={onCancel}>
      <form onSubmit={submit} aria-label="Close incident">
        <label className="field">
          <span>Close reason</span>
          <select value={reason} onChange={(e) => setReason(e.target.value)} autoFocus>
            {CLOSE_REASONS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Close notes</span>
          <textarea value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={20_000} placeholder="What was found, what was done" />
        </label>
        <FormActions busy={action.busy} error={action.error} label="Close incident" busyLabel="Closing…" onCancel={onCancel} cancelFirst />
      </form>
    </Modal>
  );
}
