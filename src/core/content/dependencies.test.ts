import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { dependenciesOf, type Dependency } from './dependencies.js';
import { referenceNamesOf, type Kind } from './kinds.js';
import { parseContent, type ParsedItem } from './parse.js';

const FIXTURES = new URL('../../../../examples/marketplace/XsoarSamples/Playbooks/', import.meta.url);
const samples = new Map(
  readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.yml'))
    .map((f) => [f, parseContent(f, readFileSync(new URL(f, FIXTURES), 'utf8'))] as const),
);
const sample = (file: string): ParsedItem => {
  const found = samples.get(file);
  assert.ok(found, file);
  return found;
};
const refs = (deps: readonly Dependency[]): string[] => deps.map((d) => `${d.kind}:${d.ref}${d.alt === undefined ? '' : ` (or ${d.alt})`}`);
const playbook = (tasks: Record<string, unknown>, more: Record<string, unknown> = {}): Pick<ParsedItem, 'kind'> & { doc: unknown } => ({ kind: 'playbooks', doc: { tasks, ...more } });

/**
 * What each sample's YAML uses: `task.playbookName`/`playbookId`, `scriptName`, and
 * transformers/filters that are scripts (server built-ins and `Builtin|||…` / `|||send-mail` commands are not).
 */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'Calculate_Severity_By_Email_Authenticity.yml': ['scripts:Set'],
  'Process_Survey_Response.yml': ['scripts:ConvertToSingleElementArray', 'scripts:Set'],
  'playbook-Calculate_Severity_-_3rd-party_integrations.yml': ['scripts:Set'],
  'playbook-Calculate_Severity_-_Critical_Assets_v2.yml': ['scripts:PopulateCriticalAssets', 'scripts:Set'],
  'playbook-Calculate_Severity_-_Generic_v2.yml': [
    'playbooks:Calculate Severity - Critical Assets v2',
    'playbooks:Calculate Severity By Email Authenticity',
    'playbooks:Calculate Severity By Highest DBotScore',
    'scripts:Set',
  ],
  'playbook-Calculate_Severity_By_Highest_DBotScore_6_0.yml': ['scripts:GetIndicatorDBotScoreFromCache', 'scripts:Set'],
  'playbook-Context_Polling_-_Generic.yml': ['playbooks:GenericPolling'],
  'playbook-GenericPolling.yml': ['scripts:PrintErrorEntry', 'scripts:RunPollingCommand', 'scripts:ScheduleGenericPolling'],
  'playbook-JOB_-_Integrations_and_Playbooks_Health_Check_-_Lists_handling.yml': ['scripts:DT', 'scripts:Set'],
  'playbook-Phishing_Alerts_-_Check_Severity.yml': ['playbooks:Calculate Severity - Generic v2', 'scripts:AssignAnalystToIncident', 'scripts:IncreaseIncidentSeverity'],
  'playbook-TIM_-_Update_Indicators_Organizational_External_IP_Tag.yml': ['scripts:IPv4Blacklist', 'scripts:IPv4Whitelist'],
  'playbook-Wait_Until_Datetime.yml': ['scripts:CalculateTimeDifference', 'scripts:GetTime', 'scripts:Set', 'scripts:Sleep'],
};

void test('the dependencies of every sample playbook are what its YAML says', () => {
  assert.deepEqual([...samples.keys()].sort(), Object.keys(EXPECTED).sort());
  for (const [file, item] of samples) assert.deepEqual(refs(dependenciesOf(item)), EXPECTED[file], file);
});

void test('the Calculate Severity sub-playbooks are called by name, and every sub-playbook a sample calls is a sample', () => {
  const generic = sample('playbook-Calculate_Severity_-_Generic_v2.yml');
  const tasks = generic.doc['tasks'] as Record<string, { type?: unknown; task?: { playbookName?: unknown } }>;
  const named = Object.values(tasks).filter((t) => t.type === 'playbook').map((t) => t.task?.playbookName);
  assert.deepEqual(named.sort(), ['Calculate Severity - Critical Assets v2', 'Calculate Severity By Email Authenticity', 'Calculate Severity By Highest DBotScore']);
  const known = new Set([...samples.values()].flatMap((s) => referenceNamesOf(s.kind, s.doc)));
  for (const [file, item] of samples) {
    for (const dep of dependenciesOf(item).filter((d) => d.kind === 'playbooks')) assert.ok(known.has(dep.ref), `${file} → ${dep.ref}`);
  }
});

void test('server built-ins and brand-less commands are no dependency; built-in operators are none either', () => {
  const deps = dependenciesOf(sample('playbook-Phishing_Alerts_-_Check_Severity.yml'));
  assert.ok(!deps.some((d) => d.kind === 'integrations'), 'Builtin|||setIncident and |||send-mail need no integration');
  // 3rd-party integrations filters with general./number./string. spellings, all built-in.
  assert.deepEqual(refs(dependenciesOf(sample('playbook-Calculate_Severity_-_3rd-party_integrations.yml'))), ['scripts:Set']);
  assert.deepEqual(refs(dependenciesOf(sample('playbook-JOB_-_Integrations_and_Playbooks_Health_Check_-_Lists_handling.yml'))).includes('scripts:join'), false);
});

void test('sub-playbooks by id with the name as a fallback, by name alone, or by id alone', () => {
  const deps = dependenciesOf(
    playbook({
      '1': { type: 'playbook', task: { playbookId: 'uuid-1', playbookName: 'Sub' } },
      '2': { type: 'playbook', task: { playbookName: 'ByName' } },
      '3': { type: 'playbook', task: { playbookId: 'OnlyId' } },
      '4': { type: 'playbook', task: { playbookId: 'Same', playbookName: 'Same' } },
      '5': { type: 'playbook', task: { playbookId: '', playbookName: 'EmptyId' } },
      '6': { type: 'regular', task: { playbookName: 'NotAPlaybookTask' } },
    }),
  );
  assert.deepEqual(refs(deps), ['playbooks:ByName', 'playbooks:EmptyId', 'playbooks:OnlyId', 'playbooks:Same', 'playbooks:uuid-1 (or Sub)']);
  assert.deepEqual(deps.find((d) => d.ref === 'Same'), { kind: 'playbooks', ref: 'Same' }, 'no alt equal to the ref');
});

void test('scripts: scriptName, a script without |||, loop scripts, and operators that are scripts', () => {
  const deps = dependenciesOf(
    playbook(
      {
        '1': { type: 'regular', task: { scriptName: 'Print' } },
        '2': { type: 'regular', task: { script: 'Set' } },
        '3': { type: 'regular', task: { script: 'VirusTotal - Private API|||file' } },
        '4': { type: 'regular', task: { script: 'Builtin|||setIncident' } },
        '5': { type: 'regular', task: { script: '|||send-mail' } },
        '6': { type: 'playbook', task: { playbookName: 'Loop' }, loop: { scriptId: 'LoopUntil', builtincondition: [[{ operator: 'InRange' }, { operator: 'isExists' }]] } },
        '7': {
          type: 'condition',
          task: {},
          conditions: [{ label: 'x', condition: [[{ operator: 'StringContainsArray', left: { value: { complex: { root: 'a', transformers: [{ operator: 'FirstArrayElement', args: { v: { value: { complex: { root: 'b', filters: [[{ operator: 'IsInCidrRanges' }]] } } } } }, { operator: 'uniq' }] } } } }]] }],
        },
        '8': { type: 'regular', task: { scriptName: 'Print' }, scriptarguments: { x: { complex: { root: 'y', transformers: [{ operator: 'general.join' }, { operator: 'd8d43bef-0000-4000-8000-000000000000' }] } } } },
      },
      { inputs: [{ key: 'k', value: { complex: { root: 'r', transformers: [{ operator: 'ParseJSON' }], filters: [[{ operator: 'string.isEqual' }]] } } }] },
    ),
  );
  assert.deepEqual(refs(deps), [
    'playbooks:Loop',
    'scripts:FirstArrayElement',
    'scripts:InRange',
    'scripts:IsInCidrRanges',
    'scripts:LoopUntil',
    'scripts:ParseJSON',
    'scripts:Print',
    'scripts:Set',
    'scripts:StringContainsArray',
    'scripts:d8d43bef-0000-4000-8000-000000000000',
    'integrations:VirusTotal - Private API',
  ]);
});

void test('marketplace suffixes: tasks and keys for another marketplace are skipped, key:xsoar wins', () => {
  const deps = dependenciesOf(
    playbook({
      '1:marketplacev2': { type: 'playbook', task: { playbookName: 'XsiamOnly' } },
      '1:xsoar': { type: 'playbook', task: { playbookName: 'XsoarSub' } },
      '2': { type: 'regular', task: { scriptName: 'Plain', 'scriptName:xsoar': 'Ours', 'scriptName:marketplacev2': 'Theirs' } },
      '3': { type: 'regular', task: {}, scriptarguments: { a: { complex: { root: 'x', 'transformers:marketplacev2': [{ operator: 'TheirTransformer' }] } } } },
      '4': { 'type:xsoar': 'playbook', task: { 'playbookName:xsoar': 'ViaSuffixedType' } },
    }),
  );
  assert.deepEqual(refs(deps), ['playbooks:ViaSuffixedType', 'playbooks:XsoarSub', 'scripts:Ours']);
});

void test('the other kinds: incident types, jobs, incident fields, indicator types', () => {
  const of = (kind: Kind, doc: unknown): string[] => refs(dependenciesOf({ kind, doc }));
  assert.deepEqual(of('incidenttypes', { playbookId: 'Phishing - Generic', layout: 'Phishing', preProcessingScript: 'Pre', closureScript: '' }), ['playbooks:Phishing - Generic', 'scripts:Pre', 'layouts:Phishing']);
  assert.deepEqual(of('jobs', { playbookId: 'Daily' }), ['playbooks:Daily']);
  assert.deepEqual(of('incidentfields', { script: 'FieldScript', fieldCalcScript: 'Calc' }), ['scripts:Calc', 'scripts:FieldScript']);
  assert.deepEqual(of('indicatortypes', { reputationScriptName: 'Rep', formatScript: 'Fmt', enhancementScriptNames: ['E2', 'E1', 5, 'Rep'], layout: 'IP' }), ['scripts:E1', 'scripts:E2', 'scripts:Fmt', 'scripts:Rep', 'layouts:IP']);
  for (const kind of ['scripts', 'integrations', 'lists', 'layouts', 'dashboards', 'roles'] as const) assert.deepEqual(of(kind, { playbookId: 'x', script: 'y', tasks: {} }), [], kind);
});

void test('each dependency once, ordered by kind then ref; garbage gives none', () => {
  const deps = dependenciesOf(playbook({ '1': { type: 'regular', task: { scriptName: 'b' } }, '2': { type: 'regular', task: { scriptName: 'a' } }, '3': { type: 'regular', task: { scriptName: 'b' } }, '4': { type: 'playbook', task: { playbookName: 'z' } } }));
  assert.deepEqual(refs(deps), ['playbooks:z', 'scripts:a', 'scripts:b']);
  for (const garbage of [null, 5, 'x', [], {}, { kind: 'playbooks' }, { kind: 'playbooks', doc: [] }, { kind: 'playbooks', doc: { tasks: [1, 2] } }, { kind: 'playbooks', doc: { tasks: { '1': null, '2': { task: 'x', loop: 3 } } } }]) {
    assert.deepEqual(dependenciesOf(garbage as unknown as ParsedItem), []);
  }
  assert.deepEqual(refs(dependenciesOf(playbook({ '1': { type: 'regular', task: { scriptName: '  ', script: 5 } } }))), []);
});
