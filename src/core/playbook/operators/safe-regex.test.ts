import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OperatorError } from './operator-error.js';
import { compileRegex, MAX_PATTERN_LENGTH, replaceAllMatches, type ContentRegex } from './safe-regex.js';

const re = (pattern: string, ignoreCase = false): ContentRegex => compileRegex('match', pattern, { ignoreCase });
const refused = (pattern: unknown, why: RegExp): void => {
  assert.throws(() => compileRegex('match', pattern), (e: unknown) => e instanceof OperatorError && e.operator === 'match' && why.test(e.message), String(pattern));
};

void test('Go syntax is translated: leading flags, named groups, \\A \\z, \\Q…\\E, POSIX classes, ] first in a class', () => {
  assert.equal(re('(?i)abc').flags, 'i');
  assert.equal(re('(?is)a.c').test('A\nC'), true);
  assert.equal(re('(?m)^b$').test('a\nb\nc'), true);
  assert.equal(re('(?P<user>\\w+)@').matchAll('jo@x')[0]?.groups?.['user'], 'jo');
  assert.equal(re('(?<user>\\w+)@').matchAll('jo@x')[0]?.groups?.['user'], 'jo');
  assert.equal(re('\\Aab').test('ab'), true);
  assert.equal(re('\\Ab').test('ab'), false);
  assert.equal(re('b\\z').test('ab'), true);
  assert.equal(re('b\\z').test('ab\n'), false);
  assert.equal(re('\\Qa.b*\\E$').test('xa.b*'), true);
  assert.equal(re('\\Qa.b').test('axb'), false);
  assert.equal(re('^[[:alpha:]]+[[:digit:]]$').test('abc1'), true);
  assert.equal(re('^[[:alpha:]]+$').test('ab1'), false);
  assert.equal(re('^[]a]+$').test(']a]'), true);
  assert.equal(re('^[^]a]$').test('b'), true);
  assert.equal(re('[a[]').test('['), true);
  assert.equal(re('abc', true).test('ABC'), true);
  assert.equal(compileRegex('replaceMatch', 'a', { global: true }).global, true);
});

void test('constructs RE2 does not have are refused, and so are long patterns and syntax errors', () => {
  refused('(a)\\1', /backreferences/);
  refused('(?<n>a)\\k<n>', /backreferences/);
  refused('a(?=b)', /lookahead and lookbehind/);
  refused('a(?!b)', /lookahead and lookbehind/);
  refused('(?<=a)b', /lookahead and lookbehind/);
  refused('(?<!a)b', /lookahead and lookbehind/);
  refused('a(?i)b', /inline flags are supported only at the start/);
  refused('(?i:a)b', /inline flags/);
  refused('(?U)a+', /flag U is not supported/);
  refused('\\pL+', /Unicode classes/);
  refused('[[:nope:]]', /POSIX class/);
  refused('x'.repeat(MAX_PATTERN_LENGTH + 1), new RegExp(`at most ${MAX_PATTERN_LENGTH}`));
  refused('(abc', /invalid regex "\(abc"/);
  refused('a{2,1}', /invalid regex/);
  refused(42, /must be text/);
  refused('(?m)\\Ab', /together with \(\?m\)/);
  assert.equal(re('x'.repeat(MAX_PATTERN_LENGTH)).test('x'.repeat(MAX_PATTERN_LENGTH)), true);
});

void test('replacement templates expand as Go does', () => {
  const g = (p: string): ContentRegex => compileRegex('replaceMatch', p, { global: true });
  assert.equal(replaceAllMatches('a1b22', g('\\d+'), '<$0>'), 'a<1>b<22>');
  assert.equal(replaceAllMatches('ab', g('(a)(b)'), '$2$1'), 'ba');
  assert.equal(replaceAllMatches('ab', g('(a)(b)'), '${1}x'), 'ax');
  assert.equal(replaceAllMatches('ab', g('(a)(b)'), '$1x'), '', '$1x names the group "1x", which does not exist');
  assert.equal(replaceAllMatches('ab', g('(?P<first>a)b'), '[$first]'), '[a]');
  assert.equal(replaceAllMatches('ab', g('a'), '$$'), '$b');
  assert.equal(replaceAllMatches('ab', g('a'), '$-'), '$-b');
  assert.equal(replaceAllMatches('ab', g('(x)?a'), '[$1]'), '[]b');
  assert.equal(replaceAllMatches('abc', g('x*'), '-'), '-a-b-c-');
  assert.equal(replaceAllMatches('baaac', g('a*'), '-'), '-b-c-', 'an empty match right after a match is skipped');
  assert.equal(replaceAllMatches('abc', compileRegex('replaceMatch', 'b'), 'X'), 'aXc', 'a non-global regex still replaces all');
});

void test('catastrophic patterns match in linear time, and a huge input runs out of steps instead of blocking', () => {
  assert.equal(re('(a+)+$').test(`${'a'.repeat(20_000)}b`), false);
  assert.equal(re('^(a|aa)*c$').test('a'.repeat(5000)), false);
  assert.equal(re('(x+x+)+y').test('x'.repeat(3000)), false);
  assert.throws(() => re('(.*,){20}z').test(`${'a,'.repeat(300_000)}`), (e: unknown) => e instanceof OperatorError && /steps/.test(e.message));
});
