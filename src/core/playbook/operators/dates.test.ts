import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDate, readDate, RFC822 } from './dates.js';
import { formatGoLayout, parseGoLayout } from './go-time-layout.js';
import { OperatorError } from './operator-error.js';

const iso = (value: unknown): string | undefined => parseDate(value)?.toISOString();

void test('ISO 8601 / RFC 3339 text: offsets, fractions of any length, no offset is UTC, date only', () => {
  assert.equal(iso('2019-11-13T15:33:10.314406457Z'), '2019-11-13T15:33:10.314Z');
  assert.equal(iso('2019-11-13T15:33:10+02:00'), '2019-11-13T13:33:10.000Z');
  assert.equal(iso('2019-11-13T15:33:10-0530'), '2019-11-13T21:03:10.000Z');
  assert.equal(iso('2019-11-13 15:33:10'), '2019-11-13T15:33:10.000Z');
  assert.equal(iso('2019-11-13T15:33'), '2019-11-13T15:33:00.000Z');
  assert.equal(iso('2019-11-13'), '2019-11-13T00:00:00.000Z');
  assert.equal(iso(' 2019-11-13t15:33:10z '), '2019-11-13T15:33:10.000Z');
  assert.equal(iso('0001-01-01T00:00:00Z'), '0001-01-01T00:00:00.000Z', "Go's zero time stays in year 1");
  assert.equal(iso('2019-02-30'), undefined);
  assert.equal(iso('2019-13-01'), undefined);
  assert.equal(iso('2019-11-13T24:00:00Z'), undefined);
});

void test('epochs: seconds below 1e11, milliseconds above, as numbers or digits', () => {
  assert.equal(iso(1_525_006_939), '2018-04-29T13:02:19.000Z');
  assert.equal(iso('1525006939'), '2018-04-29T13:02:19.000Z');
  assert.equal(iso(1_525_006_939_500), '2018-04-29T13:02:19.500Z');
  assert.equal(iso('1525006939.25'), '2018-04-29T13:02:19.250Z');
  assert.equal(iso(0), '1970-01-01T00:00:00.000Z');
  assert.equal(iso(Number.NaN), undefined);
});

void test('Go standard layouts', () => {
  assert.equal(iso('Mon, 02 Jan 2006 15:04:05 MST'), '2006-01-02T22:04:05.000Z');
  assert.equal(iso('Mon, 02 Jan 2006 15:04:05 -0700'), '2006-01-02T22:04:05.000Z');
  assert.equal(iso('02 Jan 06 15:04 UTC'), '2006-01-02T15:04:00.000Z');
  assert.equal(iso('Monday, 02-Jan-06 15:04:05 GMT'), '2006-01-02T15:04:05.000Z');
  assert.equal(iso('Mon Jan  2 15:04:05 2006'), '2006-01-02T15:04:05.000Z');
  assert.equal(iso('Mon Jan 2 15:04:05 UTC 2006'), '2006-01-02T15:04:05.000Z');
  assert.equal(iso('Mon Jan 02 15:04:05 +0100 2006'), '2006-01-02T14:04:05.000Z');
  assert.equal(iso('2006-01-02 15:04:05.123456 +0000 UTC'), '2006-01-02T15:04:05.123Z');
  assert.equal(iso('Mon, 02 Jan 2006 15:04:05 XYZ'), '2006-01-02T15:04:05.000Z', 'an unknown zone abbreviation reads as UTC');
  for (const text of ['tomorrow', '02/01/2006', 'Jan 2 2006', '', 'Mon, 32 Jan 2006 15:04:05 MST']) assert.equal(iso(text), undefined, text);
  for (const value of [{}, [], true, null, undefined]) assert.equal(parseDate(value), undefined);
});

void test('readDate: missing is undefined, anything else that is not a date is an OperatorError', () => {
  assert.equal(readDate('isBefore', undefined), undefined);
  assert.equal(readDate('isBefore', ''), undefined);
  assert.equal(readDate('isBefore', new Date(5))?.getTime(), 5);
  assert.throws(() => readDate('isBefore', 'soon'), (e: unknown) => e instanceof OperatorError && e.message === 'isBefore: cannot read "soon" as a date');
  assert.throws(() => readDate('isBefore', { a: 1 }), /cannot read an object as a date/);
});

void test('formatGoLayout writes every layout element in UTC', () => {
  const d = new Date(Date.UTC(2021, 9, 6, 13, 4, 7, 50));
  assert.equal(formatGoLayout(d, RFC822), '06 Oct 21 13:04 UTC');
  assert.equal(formatGoLayout(d, 'Monday January 2 2006 03:04:05 PM'), 'Wednesday October 6 2021 01:04:07 PM');
  assert.equal(formatGoLayout(d, '1/_2/06 3:4:5 pm'), '10/ 6/21 1:4:7 pm');
  assert.equal(formatGoLayout(d, '2006-01-02T15:04:05.000Z07:00'), '2021-10-06T13:04:07.050Z');
  assert.equal(formatGoLayout(d, '2006-01-02T15:04:05.999999-07:00'), '2021-10-06T13:04:07.05+00:00');
  assert.equal(formatGoLayout(new Date(Date.UTC(2021, 0, 1)), '15:04:05.999 -0700 MST'), '00:00:00 +0000 UTC');
  assert.equal(formatGoLayout(d, '002 __2 Jan'), '279 279 Oct');
  assert.equal(formatGoLayout(d, 'year: 2006, _2006'), 'year: 2021, _2021');
});

void test('parseGoLayout reads a custom layout exactly', () => {
  assert.equal(parseGoLayout('06 Oct 21 01:44 PM', '02 Jan 06 03:04 PM')?.toISOString(), '2021-10-06T13:44:00.000Z');
  assert.equal(parseGoLayout('12:00 AM', '03:04 PM')?.toISOString(), '0001-01-01T00:00:00.000Z');
  assert.equal(parseGoLayout('2021-279', '2006-002')?.toISOString(), '2021-10-06T00:00:00.000Z');
  assert.equal(parseGoLayout('2021-10-06 13:44:07,5', '2006-01-02 15:04:05')?.toISOString(), '2021-10-06T13:44:07.500Z');
  assert.equal(parseGoLayout('2021-10-06T13:44:07+05:30', '2006-01-02T15:04:05Z07:00')?.toISOString(), '2021-10-06T08:14:07.000Z');
  assert.equal(parseGoLayout('2021-10-06 extra', '2006-01-02'), undefined);
  assert.equal(parseGoLayout('13:00 PM', '15:04 PM'), undefined);
  assert.equal(parseGoLayout('2021-10-06', '2006/01/02'), undefined);
});
