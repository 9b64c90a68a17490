// Nothing that looks like a credential or a signed token may reach a report or stderr.
import { describe, expect, it } from 'vitest';
import { errorLine, redact } from '../../../src/redact.js';

// AWS's documented example credentials.
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const TEMP_KEY = 'ASIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6example';
const SIGNATURE = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';

describe('redact', () => {
  it.each([
    ['a long-term access key id', `The security token included in the request is invalid: ${ACCESS_KEY}`, ACCESS_KEY, 'AKIA…(redacted)'],
    ['a temporary access key id', `credential ${TEMP_KEY} expired`, TEMP_KEY, 'ASIA…(redacted)'],
    ['a key id as a parameter value', `key=${ACCESS_KEY}`, ACCESS_KEY, 'AKIA…(redacted)'],
  ])('masks %s', (_name, input, secret, marker) => {
    const out = redact(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(marker);
  });

  it('masks the security token, signature and credential of a presigned URL, keeping the other parameters', () => {
    const url =
      `https://ec2.us-east-1.amazonaws.com/?Action=DescribeSnapshots&X-Amz-Algorithm=AWS4-HMAC-SHA256` +
      `&X-Amz-Credential=${ACCESS_KEY}%2F20240301%2Fus-east-1%2Fec2%2Faws4_request&X-Amz-Date=20240301T100000Z` +
      `&X-Amz-Security-Token=${encodeURIComponent(SESSION_TOKEN)}&X-Amz-Signature=${SIGNATURE}`;
    const out = redact(url);
    expect(out).not.toContain(SIGNATURE);
    expect(out).not.toContain('IQoJb3JpZ2luX2VjEJr');
    expect(out).not.toContain('IOSFODNN7EXAMPLE');
    expect(out).toContain('X-Amz-Security-Token=(redacted)');
    expect(out).toContain('X-Amz-Signature=(redacted)');
    expect(out).toContain('Action=DescribeSnapshots');
    expect(out).toContain('X-Amz-Date=20240301T100000Z');
  });

  it('masks a bare Signature= (SigV4 header form and SAS) and access_token=', () => {
    expect(redact(`SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`)).toBe('SignedHeaders=host;x-amz-date, Signature=(redacted)');
    expect(redact('https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=abc%2Bdef%3D&se=2024')).toBe('https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=(redacted)&se=2024');
    expect(redact('callback?access_token=ya29.a0AfH6SM&state=1')).toBe('callback?access_token=(redacted)&state=1');
  });

  it('masks the rest of an Authorization header line, and only that line', () => {
    const headers = `Authorization: AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20240301/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=${SIGNATURE}\r\nHost: ec2.us-east-1.amazonaws.com`;
    expect(redact(headers)).toBe('Authorization: (redacted)\r\nHost: ec2.us-east-1.amazonaws.com');
  });

  it('masks a Bearer token', () => {
    expect(redact('request failed: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl was rejected')).toBe('request failed: Bearer (redacted) was rejected');
  });

  it.each([
    [`aws_secret_access_key = ${SECRET}`, 'aws_secret_access_key = (redacted)'],
    [`aws_secret_access_key=${SECRET}`, 'aws_secret_access_key=(redacted)'],
    [`{"secretAccessKey":"${SECRET}","region":"us-east-1"}`, '{"secretAccessKey":"(redacted)","region":"us-east-1"}'],
    [`aws_session_token: ${SESSION_TOKEN}`, 'aws_session_token: (redacted)'],
  ])('masks a secret assignment: %s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    'UnauthorizedOperation: You are not authorized to perform this operation. User: arn:aws:iam::111122223333:user/audit is not authorized to perform: ec2:DescribeSnapshotAttribute on resource: arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0',
    'RequestLimitExceeded: Request limit exceeded. (Service: Ec2, Status Code: 503, Request ID: 7a62c49f-347e-4fc4-9331-6e8eEXAMPLE)',
    'snapshot snap-0123456789abcdef0 in us-east-1 is shared with 444455556666',
    'AKIA is the prefix of long-term access key ids',
    'café — 日本語 — ünïcødé',
    '',
  ])('leaves ordinary text untouched: %s', (text) => {
    expect(redact(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = redact(`key ${ACCESS_KEY} and Signature=${SIGNATURE} and Bearer abcdefgh12345678`);
    expect(redact(once)).toBe(once);
  });
});

describe('errorLine', () => {
  it('folds line breaks and runs of whitespace into single spaces and trims', () => {
    expect(errorLine('  AccessDenied:\r\n\tnot authorized\n\n  to call ec2:DescribeImages  ')).toBe('AccessDenied: not authorized to call ec2:DescribeImages');
  });

  it('redacts before folding, so an Authorization header does not swallow the following lines', () => {
    expect(errorLine(`Authorization: Bearer abcdefgh12345678\nHost: ec2.us-east-1.amazonaws.com`)).toBe('Authorization: (redacted) Host: ec2.us-east-1.amazonaws.com');
  });

  it('is bounded by max, ending with an ellipsis', () => {
    const line = errorLine('x'.repeat(1000));
    expect(line).toHaveLength(400);
    expect(line.endsWith('…')).toBe(true);
    expect(errorLine('y'.repeat(50), 20)).toBe(`${'y'.repeat(19)}…`);
  });

  it('leaves text at or under the bound as it is', () => {
    expect(errorLine('z'.repeat(400))).toBe('z'.repeat(400));
    expect(errorLine('short', 5)).toBe('short');
  });

  it('never leaks part of a key cut by the bound', () => {
    const line = errorLine(`${'a'.repeat(390)} ${ACCESS_KEY}`);
    expect(line).toHaveLength(400);
    expect(line).not.toMatch(/IOSF/);
  });

  it('is always one line', () => {
    expect(errorLine('a\nb\rc\u2028d')).not.toMatch(/[\r\n\u2028]/);
  });
});

describe('redact leaves prose alone', () => {
  it('does not redact the word password used in a sentence', () => {
    expect(redact('login failed: the password is wrong')).toBe('login failed: the password is wrong');
  });
  it('still redacts a JSON secret field', () => {
    expect(redact('{"secretAccessKey":"abc"}')).toBe('{"secretAccessKey":"(redacted)"}');
  });
});

describe('redact Google credentials', () => {
  it('removes an OAuth access token in prose and in a header', () => {
    const token = 'ya29.a0AfB_byC-very_long.token-value_123';
    expect(redact(`token ${token} expired`)).toBe('token ya29.(redacted) expired');
    expect(redact(`Authorization: Bearer ${token}`)).not.toContain('a0AfB');
  });
  it('removes refresh tokens and service-account private keys from JSON', () => {
    const out = redact('{"refresh_token":"1//0gLongRefreshTokenValue-abcdefgh","private_key":"-----BEGIN"}');
    expect(out).not.toContain('0gLongRefresh');
    expect(out).not.toContain('BEGIN');
    expect(redact('saw 1//0gAnotherRefreshTokenValue_xyz in a log')).toBe('saw 1//(redacted) in a log');
  });
});
