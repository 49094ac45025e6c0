// redactSecrets: registered exact values and secret fields in forms, URLs and JSON are masked;
// Zoho's error codes are kept.
import assert from 'node:assert/strict';
import { forgetSecret, redactSecrets, registerSecret } from '../../src/zoho/redact';

describe('zoho/redact: registered secrets and secret fields', () => {
  it('masks registered exact values, form and JSON secret fields; keeps Zoho error codes', () => {
    const secret = 'a-client-secret-7c1d';
    assert.equal(redactSecrets(`x ${secret} y`), `x ${secret} y`);
    registerSecret(secret);
    registerSecret('abc'); // too short to register
    assert.equal(redactSecrets(`x ${secret} y ${secret}`), 'x [redacted] y [redacted]');
    assert.equal(redactSecrets('abc'), 'abc');
    assert.equal(
      redactSecrets('POST /oauth/v2/token?grant_type=refresh_token&client_secret=s3cr3t&refresh_token=r3fr3sh&code=c0de'),
      'POST /oauth/v2/token?grant_type=refresh_token&client_secret=[redacted]&refresh_token=[redacted]&code=[redacted]',
    );
    assert.equal(redactSecrets('token=abc123 sent'), 'token=[redacted] sent');
    assert.equal(
      redactSecrets('{"access_token":"zzz","refresh_token": "yyy","client_secret":"xxx","code":"INVALID_TOKEN"}'),
      '{"access_token":"[redacted]","refresh_token": "[redacted]","client_secret":"[redacted]","code":"INVALID_TOKEN"}',
    );
    assert.equal(redactSecrets('the INVALID_TOKEN code'), 'the INVALID_TOKEN code');
    forgetSecret(secret);
    assert.equal(redactSecrets(secret), secret);
  });
});

