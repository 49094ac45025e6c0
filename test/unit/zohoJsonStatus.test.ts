import assert from 'node:assert/strict';
import { parseLosslessJson, prettyJson } from '../../src/zoho/json';
import { normaliseStatus } from '../../src/zoho/status';
import { parseRetryAfter } from '../../src/zoho/retryAfter';
import { redactSecrets, redactValue } from '../../src/zoho/redact';

describe('zoho/json', () => {
  const text = '{"id":"4150868000005392002","file_id":4150868000005392999,"n":12,"f":1.5,"neg":-3,"e":2.5e-3,"long":1.2345678901234567890,"arr":[9007199254740993,1]}';

  it('keeps safe numbers as numbers and unsafe ones as exact strings', () => {
    const v = parseLosslessJson(text) as Record<string, unknown>;
    assert.equal(v.id, '4150868000005392002');
    assert.equal(v.file_id, '4150868000005392999');
    assert.equal(v.n, 12);
    assert.equal(v.f, 1.5);
    assert.equal(v.neg, -3);
    assert.equal(v.e, 0.0025);
    assert.equal(v.long, '1.2345678901234567890');
    assert.deepEqual(v.arr, ['9007199254740993', 1]);
  });

  it('pretty-prints with big numbers unquoted and exact', () => {
    const pretty = prettyJson(text);
    assert.match(pretty, /\n {2}"file_id": 4150868000005392999,\n/);
    assert.match(pretty, /"long": 1.2345678901234567890/);
    assert.match(pretty, /9007199254740993/);
    assert.match(pretty, /"id": "4150868000005392002"/);
  });

  it('throws on invalid or truncated JSON', () => {
    assert.throws(() => parseLosslessJson('{"a":'), SyntaxError);
    assert.throws(() => parseLosslessJson('<html>'));
    assert.throws(() => prettyJson(''));
  });
});

describe('zoho/status', () => {
  const cases: [string, string][] = [
    ['ADDED', 'added'],
    ['QUEUED', 'queued'],
    ['IN PROGRESS', 'in-progress'],
    ['INPROGRESS', 'in-progress'],
    ['in progress', 'in-progress'],
    ['  In  Progress ', 'in-progress'],
    ['IN_PROGRESS', 'in-progress'],
    ['COMPLETED', 'completed'],
    ['completed', 'completed'],
    ['FAILED', 'failed'],
    ['FAILURE', 'failed'],
    ['SKIPPED', 'skipped'],
    ['WEIRD', 'unknown'],
    ['', 'unknown'],
    ['constructor', 'unknown'],
    ['toString', 'unknown'],
  ];
  for (const [raw, status] of cases) {
    it(`${JSON.stringify(raw)} → ${status}, raw kept`, () => {
      assert.deepEqual(normaliseStatus(raw), { status, raw });
    });
  }
  it('non-strings become unknown', () => {
    assert.deepEqual(normaliseStatus(undefined), { status: 'unknown', raw: '' });
    assert.deepEqual(normaliseStatus(42), { status: 'unknown', raw: '42' });
  });
});

describe('zoho/retryAfter + redact', () => {
  it('parses seconds and HTTP dates', () => {
    const now = Date.parse('Thu, 13 May 2021 05:33:49 GMT');
    assert.equal(parseRetryAfter('3', now), 3000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('Thu, 13 May 2021 05:34:19 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Thu, 13 May 2021 05:00:00 GMT', now), 0);
    for (const bad of [null, undefined, '', '-1', '1.5', 'soon']) assert.equal(parseRetryAfter(bad, now), undefined, String(bad));
  });

  it('redacts token shapes', () => {
    const token = '1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210';
    assert.equal(redactSecrets(`bad header Zoho-oauthtoken ${token}`), 'bad header Zoho-oauthtoken [redacted]');
    assert.equal(redactSecrets(`token ${token} rejected`), 'token [redacted] rejected');
    assert.equal(redactSecrets('Authorization: Bearer abc.def'), 'Authorization: Bearer [redacted]');
    assert.deepEqual(redactValue({ a: [`x ${token}`], n: 1 }), { a: ['x [redacted]'], n: 1 });
    assert.equal(redactSecrets('job 4150868000005392002 at 1000.5'), 'job 4150868000005392002 at 1000.5');
  });
});
