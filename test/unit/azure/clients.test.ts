// The Azure client plumbing that is pure: which Resource Manager operation a request URL performs,
// which endpoint the clients talk to, and how a failed call is classified for coverage.
import { RestError } from '@azure/core-rest-pipeline';
import { AggregateAuthenticationError, CredentialUnavailableError } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { AZURE_CLOUD_ENDPOINTS, operationOf, RESOURCE_MANAGER_ENV, resourceManagerUrl } from '../../../providers/azure/clients.js';
import { classifyAzureError } from '../../../providers/azure/collect.js';
import { AZURE_ACTIONS } from '../../../providers/azure/permissions.js';
import type { AzureCloud, AzureScanOptions } from '../../../src/config.js';

const SUB = '8d2c4f6a-1b3e-4c5d-9e7f-0a1b2c3d4e5f';
const ARM = 'https://management.azure.com';
const RG = `${ARM}/subscriptions/${SUB}/resourceGroups/rg-prod`;
/** A JWT-shaped access token, as it would appear after `Bearer ` in a header or a log line. */
const JWT =
  'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIiwib2lkIjoiYTFiMmMzZDQifQ.c2lnbmF0dXJlLW5vdC1yZWFsLWJ1dC1sb25nLWVub3VnaA';

describe('operationOf', () => {
  // URLs as the SDKs build them (api-version and other query parameters included).
  it.each([
    ['list snapshots', `${ARM}/subscriptions/${SUB}/providers/Microsoft.Compute/snapshots?api-version=2025-01-02`, 'Microsoft.Compute/snapshots/read'],
    [
      'the next page of snapshots (skip token)',
      `${ARM}/subscriptions/${SUB}/providers/Microsoft.Compute/snapshots?api-version=2025-01-02&%24skiptoken=eyJuZXh0TWFya2VyIjoiMiJ9`,
      'Microsoft.Compute/snapshots/read',
    ],
    ['list disks', `${ARM}/subscriptions/${SUB}/providers/Microsoft.Compute/disks?api-version=2025-01-02`, 'Microsoft.Compute/disks/read'],
    ['list restore point collections', `${ARM}/subscriptions/${SUB}/providers/Microsoft.Compute/restorePointCollections?api-version=2026-03-01`, 'Microsoft.Compute/restorePointCollections/read'],
    [
      'get a restore point collection with $expand',
      `${RG}/providers/Microsoft.Compute/restorePointCollections/rpc-db-01?api-version=2026-03-01&%24expand=restorePoints`,
      'Microsoft.Compute/restorePointCollections/read',
    ],
    [
      'list the disk restore points of a restore point',
      `${RG}/providers/Microsoft.Compute/restorePointCollections/rpc-db-01/restorePoints/rp-20240301-0200/diskRestorePoints?api-version=2025-01-02`,
      'Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints/read',
    ],
    ['list VMs', `${ARM}/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines?api-version=2026-03-01`, 'Microsoft.Compute/virtualMachines/read'],
    ['list galleries', `${ARM}/subscriptions/${SUB}/providers/Microsoft.Compute/galleries?api-version=2025-03-03`, 'Microsoft.Compute/galleries/read'],
    ['list network interfaces', `${ARM}/subscriptions/${SUB}/providers/Microsoft.Network/networkInterfaces?api-version=2024-05-01`, 'Microsoft.Network/networkInterfaces/read'],
    ['list virtual networks', `${ARM}/subscriptions/${SUB}/providers/Microsoft.Network/virtualNetworks?api-version=2024-05-01`, 'Microsoft.Network/virtualNetworks/read'],
    ['list subscriptions', `${ARM}/subscriptions?api-version=2022-12-01`, 'Microsoft.Resources/subscriptions/read'],
    ['the emulator, on another host and port', `https://127.0.0.1:8443/subscriptions/${SUB}/providers/Microsoft.Compute/snapshots?api-version=2025-01-02`, 'Microsoft.Compute/snapshots/read'],
  ])('%s', (_name, url, operation) => {
    expect(operationOf(url)).toBe(operation);
    // Every operation the pacer is asked about is one the provider declares.
    expect(AZURE_ACTIONS).toContain(operation);
  });

  it('ignores the query string, even one that looks like a path', () => {
    const url = `${ARM}/subscriptions/${SUB}/providers/Microsoft.Compute/disks?api-version=2025-01-02&%24filter=/providers/Microsoft.Network/networkInterfaces`;
    expect(operationOf(url)).toBe('Microsoft.Compute/disks/read');
    expect(operationOf(`${ARM}/subscriptions?api-version=2022-12-01&x=/providers/Microsoft.Compute/snapshots`)).toBe('Microsoft.Resources/subscriptions/read');
  });
});

function scanOptions(cloud: AzureCloud, overrides: Partial<AzureScanOptions> = {}): AzureScanOptions {
  return { cloud, maxRetries: 5, requestTimeoutMs: 30_000, rateShare: 0.8, subscriptionConcurrency: 4, ...overrides };
}

describe('resourceManagerUrl', () => {
  it.each([
    ['AzureCloud', 'https://management.azure.com'],
    ['AzureUSGovernment', 'https://management.usgovcloudapi.net'],
    ['AzureChinaCloud', 'https://management.chinacloudapi.cn'],
  ] satisfies Array<[AzureCloud, string]>)('%s → %s by default', (cloud, url) => {
    expect(resourceManagerUrl(scanOptions(cloud), {})).toBe(url);
    expect(AZURE_CLOUD_ENDPOINTS[cloud].resourceManager).toBe(url);
  });

  it(`${RESOURCE_MANAGER_ENV} overrides the cloud's endpoint, trailing slash removed`, () => {
    expect(RESOURCE_MANAGER_ENV).toBe('AZURE_RESOURCE_MANAGER_URL');
    expect(resourceManagerUrl(scanOptions('AzureCloud'), { AZURE_RESOURCE_MANAGER_URL: 'https://127.0.0.1:8443/' })).toBe('https://127.0.0.1:8443');
    expect(resourceManagerUrl(scanOptions('AzureChinaCloud'), { AZURE_RESOURCE_MANAGER_URL: 'https://arm.contoso.test' })).toBe('https://arm.contoso.test');
  });

  it('an explicit option wins over the environment', () => {
    const env = { AZURE_RESOURCE_MANAGER_URL: 'https://from-env.contoso.test' };
    expect(resourceManagerUrl(scanOptions('AzureCloud', { resourceManagerUrl: 'https://127.0.0.1:9443' }), env)).toBe('https://127.0.0.1:9443');
  });

  it('removes every trailing slash and keeps a path', () => {
    expect(resourceManagerUrl(scanOptions('AzureCloud', { resourceManagerUrl: 'https://arm.contoso.test/proxy///' }), {})).toBe('https://arm.contoso.test/proxy');
  });

  it('ignores unrelated environment variables', () => {
    expect(resourceManagerUrl(scanOptions('AzureUSGovernment'), { AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us', ARM_ENDPOINT: 'https://x.test' })).toBe(
      'https://management.usgovcloudapi.net',
    );
  });

  // BUG: `??` only skips undefined, so AZURE_RESOURCE_MANAGER_URL set but empty (a common way to
  // "unset" a variable in CI) yields '' as the endpoint and every request goes nowhere.
  it('an empty AZURE_RESOURCE_MANAGER_URL falls back to the cloud endpoint', () => {
    expect(resourceManagerUrl(scanOptions('AzureCloud'), { AZURE_RESOURCE_MANAGER_URL: '' })).toBe('https://management.azure.com');
  });
});

describe('classifyAzureError', () => {
  it('403 AuthorizationFailed → denied, with code, message and status on one line', () => {
    const message =
      "The client 'a1b2c3d4-0000-4000-8000-000000000001' with object id 'a1b2c3d4-0000-4000-8000-000000000001' does not have authorization to perform action 'Microsoft.Compute/snapshots/read' over scope '/subscriptions/" +
      `${SUB}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
    const error = new RestError(message, { code: 'AuthorizationFailed', statusCode: 403 });
    expect(classifyAzureError(error)).toStrictEqual({ status: 'denied', detail: `AuthorizationFailed: ${message}; HTTP 403` });
  });

  it('403 with another code (a policy denial) → denied by its status', () => {
    expect(classifyAzureError(new RestError('Resource was disallowed by policy.', { code: 'RequestDisallowedByPolicy', statusCode: 403 })).status).toBe('denied');
  });

  it('401 → denied, and a bearer token in the message is redacted and the message kept on one line', () => {
    const error = new RestError(`Authentication failed.\nThe access token has expired.\nRequest carried Bearer ${JWT}\r\nretry with a fresh token`, {
      code: 'ExpiredAuthenticationToken',
      statusCode: 401,
    });
    const failure = classifyAzureError(error);
    expect(failure.status).toBe('denied');
    expect(failure.detail).not.toContain('eyJ');
    expect(failure.detail).toContain('Bearer (redacted)');
    expect(failure.detail).not.toMatch(/[\r\n]/);
    expect(failure.detail).toBe('ExpiredAuthenticationToken: Authentication failed. The access token has expired. Request carried Bearer (redacted) retry with a fresh token; HTTP 401');
  });

  it('an Authorization header echoed in a message is redacted too', () => {
    const failure = classifyAzureError(new RestError(`request failed\nAuthorization: Bearer ${JWT}\nx-ms-client-request-id: 1`, { code: 'InvalidAuthenticationToken', statusCode: 401 }));
    expect(failure.detail).not.toContain(JWT.slice(0, 20));
    expect(failure.status).toBe('denied');
  });

  it('429 after all retries → error, saying it was throttled', () => {
    const error = new RestError("The request is being throttled as the limit has been reached for operation type - 'Read'.", { code: 'TooManyRequests', statusCode: 429 });
    const failure = classifyAzureError(error);
    expect(failure.status).toBe('error');
    expect(failure.detail).toContain('throttled after all retries');
    expect(failure.detail).toContain('HTTP 429');
  });

  it('500 → error, not throttled', () => {
    const failure = classifyAzureError(new RestError('An unexpected error occured while processing the request.', { code: 'InternalServerError', statusCode: 500 }));
    expect(failure).toStrictEqual({ status: 'error', detail: 'InternalServerError: An unexpected error occured while processing the request.; HTTP 500' });
  });

  it('a credential that is unavailable (by error name) → denied', () => {
    const failure = classifyAzureError(new CredentialUnavailableError('AzureCliCredential: Please run \'az login\' from a command prompt to authenticate before using this credential.'));
    expect(failure.status).toBe('denied');
    expect(failure.detail).toMatch(/^CredentialUnavailableError: AzureCliCredential: Please run 'az login'/);
    expect(failure.detail).not.toContain('HTTP');
  });

  it('a network failure without a status → error, named by its code', () => {
    const failure = classifyAzureError(new RestError('connect ECONNREFUSED 127.0.0.1:8443', { code: 'ECONNREFUSED' }));
    expect(failure).toStrictEqual({ status: 'error', detail: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:8443' });
  });

  it('something thrown that is not an Error → error, with its text', () => {
    expect(classifyAzureError('socket hang up')).toStrictEqual({ status: 'error', detail: 'Error: socket hang up' });
  });

  it('a very long message is cut to a bounded line', () => {
    const failure = classifyAzureError(new RestError('x'.repeat(5_000), { code: 'InternalServerError', statusCode: 500 }));
    expect(failure.detail.length).toBeLessThanOrEqual(400);
    expect(failure.detail.endsWith('…')).toBe(true);
  });

  // BUG: DefaultAzureCredential is a ChainedTokenCredential; when no credential in the chain is
  // available it throws AggregateAuthenticationError (wrapping the CredentialUnavailableErrors),
  // so the CredentialUnavailable branch never fires for the default credential and "not signed in"
  // is reported as a plain error.
  it('DefaultAzureCredential with nothing signed in (AggregateAuthenticationError) → denied', () => {
    const error = new AggregateAuthenticationError(
      [new CredentialUnavailableError('EnvironmentCredential is unavailable. No underlying credential could be used.'), new CredentialUnavailableError("AzureCliCredential: Please run 'az login'.")],
      'ChainedTokenCredential authentication failed.',
    );
    expect(classifyAzureError(error).status).toBe('denied');
  });
});
