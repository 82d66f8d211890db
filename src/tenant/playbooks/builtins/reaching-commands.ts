/**
 * Built-ins that do more than stage writes: `http` (outbound, allow-listed), `createNewIncident`
 * (creates at once, so its id can be an output), `SearchIncidentsV2` (this tenant only), and
 * GenericPolling's `ScheduleGenericPolling` / `RunPollingCommand`.
 */
import { toText } from '../../../core/playbook/dt/index.js';
import { errorEntry, type Entry } from '../../../core/playbook/entries.js';
import type { IncidentInput } from '../../../core/incident.js';
import { ArgError, guarded, list, number, required, text } from './args.js';
import { severityOf } from './incident-commands.js';
import type { BuiltinCall, BuiltinDef, BuiltinResult } from './types.js';

function headersOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  const s = toText(value).trim();
  if (s.startsWith('{')) return headersOf(JSON.parse(s) as unknown);
  // The Http script's other form: `Name: value` lines (or comma separated).
  const out: Record<string, string> = {};
  for (const line of s.split(/\r?\n|,(?=\s*[\w-]+\s*:)/)) {
    const at = line.indexOf(':');
    if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

async function http(call: BuiltinCall): Promise<BuiltinResult> {
  return guarded('http', async () => {
    const url = required(call.args, 'url');
    const method = (text(call.args, 'method') ?? 'GET').toUpperCase();
    const body = text(call.args, 'body');
    const timeout = number(call.args, 'timeout');
    const res = await call.services.http({ url, method, headers: headersOf(call.args['headers']), ...(body === undefined ? {} : { body }), ...(timeout === undefined ? {} : { timeoutMs: timeout * 1000 }) });
    let parsed: unknown = res.body;
    if ((res.headers['content-type'] ?? '').includes('json') || text(call.args, 'parse_response_as') === 'json') {
      try {
        parsed = JSON.parse(res.body) as unknown;
      } catch {
        parsed = res.body;
      }
    }
    const response = { StatusCode: res.status, Body: parsed, Headers: res.headers, URL: url };
    const entries: Entry[] = [{ Type: 1, ContentsFormat: 'json', Contents: response, HumanReadable: `${method} ${url}: ${res.status}`, EntryContext: { 'HttpRequest.Response': response } }];
    if (res.status >= 400 && text(call.args, 'unsecure') !== 'ignore-errors') entries.push(errorEntry(`http: ${method} ${url} answered ${res.status}`));
    return { entries };
  });
}

async function createNewIncident(call: BuiltinCall): Promise<BuiltinResult> {
  return guarded('createNewIncident', async () => {
    const a = call.args;
    const known = new Set(['name', 'type', 'severity', 'owner', 'details', 'labels', 'occurred']);
    const customFields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(a)) if (!known.has(k) && v !== undefined) customFields[k] = v;
    const input: IncidentInput = {
      name: text(a, 'name') ?? 'Incident created by a playbook',
      ...(text(a, 'type') === undefined ? {} : { type: text(a, 'type') ?? '' }),
      ...(a['severity'] === undefined || a['severity'] === '' ? {} : { severity: severityOf(a['severity']) }),
      ...(text(a, 'owner') === undefined ? {} : { owner: text(a, 'owner') ?? '' }),
      ...(text(a, 'details') === undefined ? {} : { details: text(a, 'details') ?? '' }),
      ...(Object.keys(customFields).length === 0 ? {} : { customFields }),
    };
    if (input.name.length > 1000) throw new ArgError('argument "name" is longer than 1000 characters');
    const id = await call.services.createIncident(input);
    return { entries: [{ Type: 1, ContentsFormat: 'json', Contents: { id: String(id) }, HumanReadable: `Incident ${id} created`, EntryContext: { CreatedIncidentID: String(id) } }] };
  });
}

/** Our query language takes `field:value`; values with spaces are quoted. */
function term(field: string, value: string): string {
  return `${field}:${/[\s"():]/.test(value) ? JSON.stringify(value) : value}`;
}

async function searchIncidents(call: BuiltinCall): Promise<BuiltinResult> {
  return guarded('SearchIncidentsV2', async () => {
    const a = call.args;
    const parts: string[] = [];
    const q = text(a, 'query');
    if (q !== undefined && q.trim() !== '') parts.push(`(${q})`);
    for (const field of ['id', 'name', 'status', 'type', 'owner'] as const) {
      const values = list(a[field]);
      if (values.length > 0) parts.push(`(${values.map((v) => term(field, v)).join(' OR ')})`);
    }
    const severities = list(a['severity']).map((s) => String(severityOf(s)));
    if (severities.length > 0) parts.push(`(${severities.map((s) => term('severity', s)).join(' OR ')})`);
    const from = text(a, 'fromdate');
    if (from) parts.push(term('created', `>=${from}`));
    const size = Math.min(Math.max(number(a, 'size') ?? 100, 1), 1000);
    const found = await call.services.searchIncidents(parts.join(' AND '), size);
    const items = found.map((i) => ({ id: String(i.id), name: i.name, type: i.type, severity: i.severity, status: i.status, owner: i.owner, created: i.created, CustomFields: i.customFields }));
    return {
      entries: [{
        Type: 1,
        ContentsFormat: 'json',
        Contents: items,
        HumanReadable: items.length === 0 ? 'Incidents not found.' : `Found ${items.length} incidents`,
        EntryContext: items.length === 0 ? {} : { foundIncidents: items },
      }],
    };
  });
}

function pollingArgs(call: BuiltinCall): { command: string; args: Record<string, unknown> } {
  const command = required(call.args, 'pollingCommand');
  const argName = text(call.args, 'pollingCommandArgName') ?? 'ids';
  const args: Record<string, unknown> = { [argName]: list(call.args['ids']).join(',') };
  const names = list(call.args['additionalPollingCommandArgNames']);
  const values = list(call.args['additionalPollingCommandArgValues']);
  names.forEach((n, i) => {
    if (values[i] !== undefined) args[n] = values[i];
  });
  return { command, args };
}

async function schedulePolling(call: BuiltinCall): Promise<BuiltinResult> {
  return guarded('ScheduleGenericPolling', () => {
    const { command, args } = pollingArgs(call);
    const dt = required(call.args, 'dt');
    // Minutes, as XSOAR takes them; fractions are allowed (down to one second) for short polls.
    const interval = Math.max(number(call.args, 'interval') ?? 1, 1 / 60);
    const timeout = Math.max(number(call.args, 'timeout') ?? 10, interval);
    return {
      poll: { command, args, dt, intervalMs: Math.round(interval * 60_000), deadline: call.now + Math.round(timeout * 60_000) },
      entries: [{ Type: 1, ContentsFormat: 'text', Contents: `Polling ${command} every ${interval} min for up to ${timeout} min` }],
    };
  });
}

async function runPollingCommand(call: BuiltinCall): Promise<BuiltinResult> {
  return guarded('RunPollingCommand', async () => {
    const { command, args } = pollingArgs(call);
    return { entries: [...(await call.services.executeCommand(command, args))] };
  });
}

export const reachingBuiltins: Record<string, BuiltinDef> = {
  http: { run: http, local: false },
  Http: { run: http, local: false },
  createNewIncident: { run: createNewIncident, local: false },
  createNewAlert: { run: createNewIncident, local: false },
  SearchIncidentsV2: { run: searchIncidents, local: true },
  ScheduleGenericPolling: { run: schedulePolling, local: true },
  // Local only when the polled command is: it is marked not local to be safe.
  RunPollingCommand: { run: runPollingCommand, local: false },
};
