// Entra ID through the real @azure/identity credentials (MSAL underneath): the token endpoint,
// AZURE_AUTHORITY_HOST, wrong secrets, principals that see different subscriptions, and the
// certificate trusted through NODE_EXTRA_CA_CERTS.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, writeCaCertificate, type RunningEmulator } from '../../src/emulator/index.js';
import {
  AUDITOR,
  azureTestEstate,
  collect,
  computeClient,
  OTHER,
  rawRequest,
  restErrorOf,
  STATIC_TOKEN,
  SUB_MISSING,
  SUB_OTHER,
  SUB_PROD,
  subscriptionClient,
  TENANT,
} from './azure-fixtures.js';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ estate: azureTestEstate(), azureStaticTokens: { [STATIC_TOKEN]: AUDITOR.clientId } });
});

afterEach(() => {
  emu.configure({ faults: [], rateLimit: false });
  emu.resetCalls();
});

afterAll(async () => {
  await emu.close();
});

/** As a provider would build it: the emulator as authority, its certificate trusted. */
function credentialFor(
  principal: { clientId: string; clientSecret: string },
  options: { tenant?: string; disableInstanceDiscovery?: boolean } = {},
): ClientSecretCredential {
  return new ClientSecretCredential(options.tenant ?? TENANT, principal.clientId, principal.clientSecret, {
    authorityHost: emu.azureUrl,
    disableInstanceDiscovery: options.disableInstanceDiscovery ?? true,
    tlsOptions: { ca: emu.caCert },
    // The identity client retries 5xx and network errors with backoff; the tests need no waiting.
    retryOptions: { maxRetries: 0 },
  });
}

describe('the token endpoint', () => {
  it('issues tokens to ClientSecretCredential, which ARM then accepts', async () => {
    const credential = credentialFor(AUDITOR);
    const snapshots = await collect(computeClient(emu, SUB_PROD, { credential }).snapshots.list());
    expect(snapshots).toHaveLength(3);
    // MSAL reads the tenant's OpenID configuration, then asks for a token; no instance discovery.
    expect(emu.calls().map((c) => [c.service, c.action, c.status])).toEqual([
      ['entra', 'openid-configuration', 200],
      ['entra', 'token', 200],
      ['Microsoft.Compute', 'Microsoft.Compute/snapshots/read', 200],
    ]);
    const token = await credentialFor(AUDITOR).getToken('https://management.azure.com/.default');
    expect(token.token).toMatch(/^\S+$/);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('never logs the secret or the token', async () => {
    const credential = credentialFor(AUDITOR);
    const { token } = await credential.getToken('https://management.azure.com/.default');
    await collect(computeClient(emu, SUB_PROD, { credential }).snapshots.list());
    const tokenCall = emu.calls().find((c) => c.action === 'token');
    expect(tokenCall?.params).toEqual({
      tenant: TENANT,
      grant_type: 'client_credentials',
      scope: 'https://management.azure.com/.default',
      client_id: AUDITOR.clientId,
    });
    const log = JSON.stringify(emu.calls());
    expect(log).not.toContain(AUDITOR.clientSecret);
    expect(log).not.toContain(token);
    expect(log.toLowerCase()).not.toContain('bearer');
  });

  it('serves DefaultAzureCredential configured by AZURE_AUTHORITY_HOST and the AZURE_* variables', async () => {
    const names = ['AZURE_AUTHORITY_HOST', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'] as const;
    const saved = names.map((name) => [name, process.env[name]] as const);
    Object.assign(process.env, {
      AZURE_AUTHORITY_HOST: emu.azureUrl,
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: AUDITOR.clientId,
      AZURE_CLIENT_SECRET: AUDITOR.clientSecret,
    });
    try {
      const credential = new DefaultAzureCredential({ disableInstanceDiscovery: true, tlsOptions: { ca: emu.caCert } });
      const subscriptions = await collect(subscriptionClient(emu, { credential }).subscriptions.list());
      expect(subscriptions.map((s) => s.displayName)).toEqual(['Production', 'Bulk']);
      expect(emu.calls().filter((c) => c.service === 'entra' && c.action === 'token')).toHaveLength(1);
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('needs disableInstanceDiscovery: MSAL asks login.microsoftonline.com, not the authority host', async () => {
    const credential = credentialFor(AUDITOR, { disableInstanceDiscovery: false });
    const error = await restErrorOf(credential.getToken('https://management.azure.com/.default'));
    expect(error.name).toBe('CredentialUnavailableError');
    expect(error.message).toMatch(/endpoints_resolution_error/);
    expect(emu.calls()).toEqual([]);
  });

  it('refuses a wrong secret with 401 invalid_client, as Entra does', async () => {
    const error = await restErrorOf(credentialFor({ ...AUDITOR, clientSecret: 'wrong' }).getToken('https://management.azure.com/.default'));
    // MSAL's ServerError, which @azure/identity 4.13 turns into AuthenticationRequiredError.
    expect(error.name).toBe('AuthenticationRequiredError');
    expect(error.message).toMatch(/^invalid_client: Error\(s\): 7000215 - .*AADSTS7000215: Invalid client secret provided/s);
    expect(emu.calls().at(-1)).toMatchObject({ service: 'entra', action: 'token', status: 401, errorCode: 'invalid_client' });
    expect(JSON.stringify(emu.calls())).not.toContain('wrong');
  });

  it('answers a raw wrong-secret request with the OAuth2 error body', async () => {
    const response = await rawRequest(emu, `/${TENANT}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: AUDITOR.clientId, client_secret: 'nope', scope: 'https://management.azure.com/.default' }).toString(),
    });
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ error: 'invalid_client', error_codes: [7000215], error_description: expect.stringMatching(/^AADSTS7000215: Invalid client secret provided/) });
  });

  it('refuses an unknown client and an unknown tenant', async () => {
    const stranger = { clientId: 'c9999999-9999-4999-8999-999999999999', clientSecret: 'x' };
    const unknownClient = await restErrorOf(credentialFor(stranger).getToken('https://management.azure.com/.default'));
    expect(unknownClient.message).toContain('AADSTS700016');
    const unknownTenant = await restErrorOf(credentialFor(AUDITOR, { tenant: 'dddddddd-0000-4000-8000-000000000009' }).getToken('https://management.azure.com/.default'));
    // MSAL fails the OpenID configuration (400 AADSTS90002) before it asks for a token.
    expect(unknownTenant.message).toMatch(/endpoints_resolution_error/);
    expect(emu.calls().at(-1)).toMatchObject({ action: 'openid-configuration', status: 400, errorCode: 'invalid_request' });
  });

  it('accepts the secret through client_secret_basic too, and requires a .default scope', async () => {
    const basic = Buffer.from(`${AUDITOR.clientId}:${AUDITOR.clientSecret}`).toString('base64');
    const form = (scope: string) => new URLSearchParams({ grant_type: 'client_credentials', scope }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` };
    const ok = await rawRequest(emu, `/${TENANT}/oauth2/v2.0/token`, { method: 'POST', headers, body: form('https://management.azure.com/.default') });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    const badScope = await rawRequest(emu, `/${TENANT}/oauth2/v2.0/token`, { method: 'POST', headers, body: form('https://management.azure.com/user_impersonation') });
    expect(badScope.status).toBe(400);
    expect(badScope.json).toMatchObject({ error: 'invalid_scope' });
  });

  it('lets a fault fail the token endpoint as Entra would', async () => {
    emu.configure({ faults: [{ service: 'entra', action: 'token', kind: 'server-error' }] });
    const error = await restErrorOf(credentialFor(AUDITOR).getToken('https://management.azure.com/.default'));
    expect(error.name).toBe('AuthenticationRequiredError');
    expect(error.message).toMatch(/^server_error/);
    const tokenCalls = emu.calls().filter((c) => c.action === 'token');
    expect(tokenCalls.length).toBeGreaterThan(0);
    expect(tokenCalls.every((c) => c.status === 500 && c.errorCode === 'server_error')).toBe(true);
  });
});

describe('token lifetime', () => {
  it('refuses a token an hour after it was issued with 401 ExpiredAuthenticationToken', async () => {
    const issued = await rawRequest(emu, `/${TENANT}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: AUDITOR.clientId, client_secret: AUDITOR.clientSecret, scope: 'https://management.azure.com/.default' }).toString(),
    });
    const token = (issued.json as { access_token: string }).access_token;
    const path = `/subscriptions/${SUB_PROD}/providers/Microsoft.Compute/snapshots?api-version=2025-01-02`;
    expect((await rawRequest(emu, path, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 3600 * 1000 });
    try {
      const expired = await rawRequest(emu, path, { headers: { authorization: `Bearer ${token}` } });
      expect(expired.status).toBe(401);
      expect(expired.json).toMatchObject({ error: { code: 'ExpiredAuthenticationToken' } });
      // Static tokens do not expire.
      expect((await rawRequest(emu, path, { headers: { authorization: `Bearer ${STATIC_TOKEN}` } })).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('what a principal may see', () => {
  it("does not show one principal another principal's subscription", async () => {
    const credential = credentialFor(OTHER);
    const subscriptions = await collect(subscriptionClient(emu, { credential }).subscriptions.list());
    expect(subscriptions.map((s) => s.subscriptionId)).toEqual([SUB_OTHER]);
    expect(await collect(computeClient(emu, SUB_OTHER, { credential }).snapshots.list())).toHaveLength(1);

    const denied = await restErrorOf(collect(computeClient(emu, SUB_PROD, { credential }).snapshots.list()));
    expect(denied).toMatchObject({ name: 'RestError', statusCode: 403, code: 'AuthorizationFailed' });
    // A paged list loses ARM's message ("Pagination failed with unexpected statusCode 403"); a get keeps it.
    const deniedGet = await restErrorOf(computeClient(emu, SUB_PROD, { credential }).snapshots.get('rg-prod', 'snap-public'));
    expect(deniedGet).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect(deniedGet.message).toMatch(
      new RegExp(
        `^The client '${OTHER.clientId}' with object id '[0-9a-f-]{36}' does not have authorization to perform action 'Microsoft.Compute/snapshots/read' over scope '/subscriptions/${SUB_PROD}/resourceGroups/rg-prod/providers/Microsoft.Compute/snapshots/snap-public' or the scope is invalid\\.`,
      ),
    );
    expect(emu.calls().at(-1)).toMatchObject({ account: SUB_PROD, status: 403, errorCode: 'AuthorizationFailed' });
  });

  it('answers 404 SubscriptionNotFound for a subscription that does not exist', async () => {
    const error = await restErrorOf(collect(computeClient(emu, SUB_MISSING).snapshots.list()));
    expect(error).toMatchObject({ statusCode: 404, code: 'SubscriptionNotFound' });
  });
});

describe('trusting the certificate', () => {
  it('writes the CA for NODE_EXTRA_CA_CERTS of a child process', async () => {
    const path = await writeCaCertificate(emu.caCert ?? '');
    const script = `
      const https = require('node:https');
      https.get(process.argv[1], { headers: { authorization: 'Bearer ${STATIC_TOKEN}' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => console.log(res.statusCode, JSON.parse(body).value.length));
      }).on('error', (e) => { console.log('error', e.code); });`;
    const run = promisify(execFile);
    const url = `${emu.azureUrl}/subscriptions?api-version=2022-12-01`;
    const trusted = await run(process.execPath, ['-e', script, url], { env: { ...process.env, NODE_EXTRA_CA_CERTS: path } });
    expect(trusted.stdout.trim()).toBe('200 2');
    const untrusted = await run(process.execPath, ['-e', script, url], { env: { ...process.env, NODE_EXTRA_CA_CERTS: '' } });
    expect(untrusted.stdout.trim()).toMatch(/^error (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)$/);
  });
});
