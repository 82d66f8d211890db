/**
 * Server built-ins and CommonScripts that change incidents: `setIncident`,
 * `closeInvestigation`, `AssignAnalystToIncident`, `IncreaseIncidentSeverity`, `linkIncidents`,
 * `AddEvidence`. Their writes are staged and commit with the task.
 */
import { toText } from '../../../core/playbook/dt/index.js';
import { SEVERITIES_BY_NAME } from './severity.js';
import type { IncidentPatch, Label, Severity } from '../../../core/incident.js';
import { ArgError, guarded, list, number, required, text } from './args.js';
import type { BuiltinCall, BuiltinDef, BuiltinResult } from './types.js';

/** setIncident arguments that are incident fields; every other argument is a custom field (cliName). */
const FIELD_ARGS = new Set(['id', 'name', 'type', 'severity', 'owner', 'details', 'labels', 'occurred', 'customFields', 'addLabels', 'status']);

export function severityOf(value: unknown): Severity {
  const s = String(value).trim().toLowerCase();
  const named = SEVERITIES_BY_NAME[s];
  if (named !== undefined) return named;
  const n = Number(s);
  if (Number.isFinite(n) && n >= 0 && n <= 4) return Math.round(n) as Severity;
  if (n === 0.5) return 0;
  throw new ArgError(`severity ${JSON.stringify(String(value).slice(0, 40))} is not 0–4 or Unknown/Informational/Low/Medium/High/Critical`);
}

function targetId(call: BuiltinCall): number {
  const id = number(call.args, 'id') ?? number(call.args, 'incidentId');
  if (id === undefined) return call.incident.id;
  if (!Number.isInteger(id) || id <= 0) throw new ArgError('argument "id" must be an incident id');
  return id;
}

function labelsOf(value: unknown): Label[] {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (!Array.isArray(parsed)) throw new ArgError('argument "labels" must be a list of {type, value}');
  return parsed.map((l) => {
    const o = l as { type?: unknown; value?: unknown };
    return { type: toText(o.type ?? ''), value: toText(o.value ?? '') };
  });
}

async function setIncident(call: BuiltinCall): Promise<BuiltinResult> {
  return guarded('setIncident', async () => {
    const id = targetId(call);
    if (id !== call.incident.id && !(await call.services.getIncident(id))) throw new ArgError(`incident ${id} not found`);
    const a = call.args;
    const patch: IncidentPatch = {};
    if (text(a, 'name') !== undefined) patch.name = required(a, 'name');
    if (text(a, 'type') !== undefined) patch.type = text(a, 'type') ?? '';
    if (a['severity'] !== undefined && a['severity'] !== '') patch.severity = severityOf(a['severity']);
    if (text(a, 'owner') !== undefined) patch.owner = text(a, 'owner') ?? '';
    if (text(a, 'details') !== undefined) patch.details = text(a, 'details') ?? '';
    if (a['labels'] !== undefined) patch.labels = labelsOf(a['labels']);
    if (a['addLabels'] !== undefined) patch.labels = [...(patch.labels ?? call.incident.labels), ...labelsOf(a['addLabels'])];
    const custom: Record<string, unknown> = {};
    if (a['customFields'] !== undefined) Object.assign(custom, typeof a['customFields'] === 'string' ? (JSON.parse(a['customFields']) as object) : a['customFields']);
    for (const [k, v] of Object.entries(a)) if (!FIELD_ARGS.has(k) && v !== undefined) custom[k] = v;
    return { writes: [(w) => w.patchIncident(id, patch, custom).then(() => undefined)] };
  });
}

async function closeInvestigation(call: BuiltinCall): Promise<BuiltinResult> {
  return guarded('closeInvestigation', () => {
    const id = targetId(call);
    const reason = text(call.args, 'closeReason') ?? text(call.args, 'close_reason') ?? '';
    const notes = text(call.args, 'closeNotes') ?? text(call.args, 'close_notes') ?? '';
    return { writes: [(w) => w.closeIncident(id, reason, notes)], entries: [{ Type: 1, ContentsFormat: 'text', Contents: `Incident ${id} closed${reason ? `: ${reason}` : ''}` }] };
  });
}

/**
 * Who gets the incident: `username`/`email` when given; otherwise one of the analysts this
 * tenant knows (who acted on it, who owns incidents; the tenant keeps no user directory, so
 * `roles` and `onCall` cannot narrow them): `random` (the default), `less-busy-user` (fewest
 * open incidents), `top-user` (most). `machine-learning` and `online` need data the tenant
 * does not have and fall back to `random`, saying so.
 */
async function assignAnalyst(call: BuiltinCall): Promise<BuiltinResult> {
  return guarded('AssignAnalystToIncident', async () => {
    const named = text(call.args, 'username') ?? text(call.args, 'email');
    let owner = named?.trim() ?? '';
    let how = 'as named';
    if (owner === '') {
      const candidates = (await call.services.analysts());
      if (candidates.length === 0) throw new ArgError('no analyst has worked on this tenant yet; pass "username"');
      const by = (text(call.args, 'assignBy') ?? 'random').toLowerCase();
      const sorted = [...candidates].sort((a, b) => a.open - b.open || a.name.localeCompare(b.name));
      // Random, but reproducible for one incident: a run re-executed after a crash picks the same analyst.
      const pick = by === 'less-busy-user' ? sorted[0] : by === 'top-user' ? sorted.at(-1) : candidates[(call.incident.id * 7919) % candidates.length];
      owner = pick?.name ?? '';
      how = by === 'less-busy-user' || by === 'top-user' ? `by ${by}` : by === 'random' ? 'at random' : `at random ("${by}" needs data this tenant does not keep)`;
    }
    return {
      writes: [(w) => w.patchIncident(call.incident.id, { owner }).then(() => undefined)],
      entries: [{ Type: 1, ContentsFormat: 'text', Contents: `Assigned to ${owner} ${how}` }],
    };
  });
}

/** Raises the severity to `severity` when higher, or by one level (to critical at most). */
async function increaseSeverity(call: BuiltinCall): Promise<BuiltinResult> {
  return guarded('IncreaseIncidentSeverity', () => {
    const current = call.incident.severity;
    const wanted = call.args['severity'] === undefined || call.args['severity'] === '' ? Math.min(4, current + 1) : severityOf(call.args['severity']);
    if (wanted <= current) return { entries: [{ Type: 1, ContentsFormat: 'text', Contents: `Severity stays ${current}` }] };
    return {
      writes: [(w) => w.patchIncident(call.incident.id, { severity: wanted as Severity }).then(() => undefined)],
      entries: [{ Type: 1, ContentsFormat: 'text', Contents: `Severity raised from ${current} to ${wanted}` }],
    };
  });
}

async function linkIncidents(call: BuiltinCall): Promise<BuiltinResult> {
  return guarded('linkIncidents', async () => {
    const id = targetId(call);
    const others = list(call.args['linkedIncidentIDs'] ?? call.args['linkedIncidentIds']).map(Number);
    if (others.length === 0 || others.some((n) => !Number.isInteger(n) || n <= 0)) throw new ArgError('argument "linkedIncidentIDs" must list incident ids');
    for (const other of others) if (!(await call.services.getIncident(other))) throw new ArgError(`incident ${other} not found`);
    const unlink = (text(call.args, 'action') ?? 'link').toLowerCase() === 'unlink';
    return { writes: [(w) => w.linkIncidents(id, others, unlink)], entries: [{ Type: 1, ContentsFormat: 'text', Contents: `${unlink ? 'Unlinked' : 'Linked'} ${others.join(', ')}` }] };
  });
}

async function addEvidence(call: BuiltinCall): Promise<BuiltinResult> {
  return guarded('AddEvidence', () => {
    const description = text(call.args, 'description') ?? '';
    const tags = list(call.args['tags']);
    return { writes: [(w) => w.markEvidence(description, tags)], entries: [{ Type: 1, ContentsFormat: 'text', Contents: 'Evidence added' }] };
  });
}

export const incidentBuiltins: Record<string, BuiltinDef> = {
  setIncident: { run: setIncident, local: true },
  setAlert: { run: setIncident, local: true },
  closeInvestigation: { run: closeInvestigation, local: true },
  AssignAnalystToIncident: { run: assignAnalyst, local: true },
  IncreaseIncidentSeverity: { run: increaseSeverity, local: true },
  linkIncidents: { run: linkIncidents, local: true },
  AddEvidence: { run: addEvidence, local: true },
};
