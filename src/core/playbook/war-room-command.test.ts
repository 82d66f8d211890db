import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommandLineError, parseCommandLine } from './war-room-command.js';

void test('reads a name and bare, double-quoted and backquoted values', () => {
  assert.deepEqual(parseCommandLine('!Set key=Verdict value="very bad" note=`a "quoted" ${x}`'), {
    name: 'Set',
    args: { key: 'Verdict', value: 'very bad', note: 'a "quoted" ${x}' },
  });
  assert.deepEqual(parseCommandLine('  !Builtin|||setIncident severity=3  '), { name: 'Builtin|||setIncident', args: { severity: '3' } });
  assert.deepEqual(parseCommandLine('!Print value="line\\nnext \\"q\\""'), { name: 'Print', args: { value: 'line\nnext "q"' } });
  assert.deepEqual(parseCommandLine('!Print value='), { name: 'Print', args: { value: '' } });
});

void test('refuses what is not a command, naming where', () => {
  for (const [line, why] of [
    ['Print value=x', /starts with "!"/],
    ['!', /command name/],
    ['!Print value', /name=value at character 8/],
    ['!Print value="open', /not closed/],
    ['!Print a=1 a=2', /given twice/],
    [`!Print value=${'x'.repeat(70_000)}`, /at most/],
  ] as const) {
    assert.throws(() => parseCommandLine(line), (e: unknown) => e instanceof CommandLineError && why.test(e.message), line.slice(0, 40));
  }
});
