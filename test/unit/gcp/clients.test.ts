// The GCP provider's transport, without a network: which permission a URL needs, where calls go,
// and what the authorized fetch does with throttling, outages and hangs.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { Pacer } from '../../../src/pacer.js';
import { parseConfig } from '../../../src/config.js';
import { authorizedFetch, permissionOf } from '../../../providers/gcp/clients.js';
import { classifyGcpError } from '../../../providers/gcp/collect.js';
import { computeEndpoint, parseEndpoint, resourceManagerEndpoint } from '../../../providers/gcp/endpoints.js';
import { GCP_PERMISSIONS } from '../../../providers/gcp/permissions.js';

const C = 'https://compute.googleapis.com/compute/v1/projects/acme-prod';

describe('permissionOf', () => {
  const table: Array<[string, string]> = [
    [`${C}/global/snapshots?maxResults=500`, 'compute.snapshots.list'],
    [`${C}/global/snapshots/s1/getIamPolicy?optionsRequestedPolicyVersion=3`, 'compute.snapshots.getIamPolicy'],
    [`${C}/regions`, 'compute.regions.list'],
    [`${C}/regions/europe-west1/snapshots`, 'compute.snapshots.list'],
    [`${C}/regions/europe-west1/snapshots/s2/getIamPolicy`, 'compute.snapshots.getIamPolicy'],
    [`${C}/global/images`, 'compute.images.list'],
    [`${C}/global/images/i1/getIamPolicy`, 'compute.images.getIamPolicy'],
    [`${C}/global/machineImages`, 'compute.machineImages.list'],
    [`${C}/global/machineImages/m1/getIamPolicy`, 'compute.machineImages.getIamPolicy'],
    [`${C}/aggregated/disks?returnPartialSuccess=false`, 'compute.disks.list'],
    [`${C}/zones/us-central1-a/disks/d1/getIamPolicy`, 'compute.disks.getIamPolicy'],
    [`${C}/regions/us-central1/disks/d2/getIamPolicy`, 'compute.disks.getIamPolicy'],
    [`${C}/aggregated/instances`, 'compute.instances.list'],
    [`${C}/global/firewalls`, 'compute.firewalls.list'],
    ['https://cloudresourcemanager.googleapis.com/v3/projects:search?query=', 'resourcemanager.projects.get'],
  ];
  for (const [url, permission] of table) {
    it(`${new URL(url).pathname} needs ${permission}`, () => {
      expect(permissionOf(new URL(url))).toBe(permission);
      expect(GCP_PERMISSIONS).toContain(permission);
    });
  }

  it('names a URL it cannot place as unrecognized, which no role grants', () => {
    expect(permissionOf(new URL('https://example.com/storage/v1/b'))).toBe('unrecognized:/storage/v1/b');
    expect(permissionOf(new URL(`${C}/global/snapshots/s1`))).toBe('compute.snapshots.get');
  });
});

describe('endpoints', () => {
  const gcp = parseConfig({}, 'test').gcp;

  it("defaults to Google's hosts over https", () => {
    expect(computeEndpoint(gcp, {})).toEqual({ apiEndpoint: 'compute.googleapis.com', port: 443, protocol: 'https' });
    expect(resourceManagerEndpoint(gcp, {})).toEqual({ apiEndpoint: 'cloudresourcemanager.googleapis.com', port: 443, protocol: 'https' });
  });

  it("takes gcloud's override variables, path and all, an empty one counting as unset", () => {
    const env = { CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE: 'http://127.0.0.1:4570/compute/v1/', CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER: ' ' };
    expect(computeEndpoint(gcp, env)).toEqual({ apiEndpoint: '127.0.0.1', port: 4570, protocol: 'http' });
    expect(resourceManagerEndpoint(gcp, env).apiEndpoint).toBe('cloudresourcemanager.googleapis.com');
    expect(computeEndpoint({ ...gcp, computeUrl: 'https://compute.internal.example:8443' }, env)).toEqual({ apiEndpoint: 'compute.internal.example', port: 8443, protocol: 'https' });
  });

  it('refuses plain http off loopback, other schemes and non-URLs as input errors', () => {
    expect(() => parseEndpoint('http://10.0.0.5/compute/v1/', 'X')).toThrow(InputError);
    expect(() => parseEndpoint('http://10.0.0.5/', 'X')).toThrow(/X: plain http is allowed only for a loopback address/);
    expect(() => parseEndpoint('ftp://127.0.0.1/', 'X')).toThrow(/must be an http\(s\) URL/);
    expect(() => parseEndpoint('compute', 'X')).toThrow(/is not a URL/);
    expect(parseEndpoint('http://[::1]:9000/', 'X')).toEqual({ apiEndpoint: '::1', port: 9000, protocol: 'http' });
    expect(parseEndpoint('http://localhost/', 'X')).toEqual({ apiEndpoint: 'localhost', port: 80, protocol: 'http' });
  });
});

interface Sent {
  readonly url: string;
  readonly authorization: string | null;
}

/** A fetch answering from a script of statuses (and bodies), recording what was sent. */
function scripted(answers: Array<number | [number, string] | Error>) {
  const sent: Sent[] = [];
  const fetchFn = (async (url: URL | string, init?: RequestInit) => {
    sent.push({ url: String(url), authorization: new Headers(init?.headers).get('authorization') });
    const next = answers.shift() ?? 200;
    if (next instanceof Error) throw next;
    const [status, body] = Array.isArray(next) ? next : [next, '{}'];
    return new Response(body, { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { sent, fetchFn };
}

function subject(answers: Array<number | [number, string] | Error>, maxRetries = 3) {
  const { sent, fetchFn } = scripted(answers);
  const sleeps: number[] = [];
  const pacer = new Pacer({ concurrency: 4, sleep: async () => undefined });
  const auth = authorizedFetch({
    token: async () => 'ya29.unit-test-token',
    pacer,
    rateShare: 1,
    maxRetries,
    requestTimeoutMs: 50,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    fetch: fetchFn,
  });
  return { auth, sent, sleeps, pacer };
}

const LIST = `${C}/global/snapshots`;

describe('authorizedFetch', () => {
  it('adds the bearer token and counts the call under its permission', async () => {
    const { auth, sent, pacer } = subject([200]);
    expect((await auth.fetch(LIST, { method: 'GET' })).status).toBe(200);
    expect(sent).toEqual([{ url: LIST, authorization: 'Bearer ya29.unit-test-token' }]);
    expect(pacer.stats().calls).toEqual({ 'compute.snapshots.list': 1 });
    expect((await auth.getRequestHeaders()).get('authorization')).toBe('Bearer ya29.unit-test-token');
  });

  it('retries 429, 500 and 503 with growing, jittered waits, then answers what finally came', async () => {
    const { auth, sent, sleeps, pacer } = subject([429, 503, 500, 200]);
    expect((await auth.fetch(LIST)).status).toBe(200);
    expect(sent).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    // Half the ceiling plus jitter: 1 s, 2 s, 4 s ceilings.
    expect(sleeps[0]).toBeGreaterThanOrEqual(500);
    expect(sleeps[0]).toBeLessThanOrEqual(1000);
    expect(sleeps[2]).toBeGreaterThanOrEqual(2000);
    expect(sleeps[2]).toBeLessThanOrEqual(4000);
    expect(pacer.stats().throttled).toEqual({ 'compute.snapshots.list': 1 });
  });

  it("treats Compute's 403 rateLimitExceeded as throttling, and any other 403 as an answer", async () => {
    const limited = subject([[403, '{"error":{"code":403,"errors":[{"reason":"rateLimitExceeded"}]}}'], 200]);
    expect((await limited.auth.fetch(LIST)).status).toBe(200);
    expect(limited.sent).toHaveLength(2);
    const denied = subject([[403, '{"error":{"code":403,"status":"PERMISSION_DENIED","errors":[{"reason":"forbidden"}]}}'], 200]);
    const answer = await denied.auth.fetch(LIST);
    expect(answer.status).toBe(403);
    // The body is still there for the library to read.
    expect(await answer.text()).toContain('PERMISSION_DENIED');
    expect(denied.sent).toHaveLength(1);
  });

  it('stops after maxRetries and hands back the last answer', async () => {
    const { auth, sent } = subject([503, 503, 503, 503, 200], 2);
    expect((await auth.fetch(LIST)).status).toBe(503);
    expect(sent).toHaveLength(3);
  });

  it('honours Retry-After, bounded', async () => {
    const { sent, fetchFn } = scripted([]);
    let first = true;
    const sleeps: number[] = [];
    const auth = authorizedFetch({
      token: async () => 't',
      pacer: new Pacer({ concurrency: 1 }),
      rateShare: 1,
      maxRetries: 2,
      requestTimeoutMs: 1000,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      fetch: (async (url: URL | string, init?: RequestInit) => {
        if (first) {
          first = false;
          await fetchFn(url, init);
          return new Response('{}', { status: 429, headers: { 'retry-after': '120' } });
        }
        return fetchFn(url, init);
      }) as typeof fetch,
    });
    expect((await auth.fetch(LIST)).status).toBe(200);
    expect(sent).toHaveLength(2);
    expect(sleeps).toEqual([30_000]);
  });

  it('retries a refused connection, but not a request that timed out', async () => {
    const refused = subject([new TypeError('fetch failed'), 200]);
    expect((await refused.auth.fetch(LIST)).status).toBe(200);
    const hung = subject([Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), 200]);
    await expect(hung.auth.fetch(LIST)).rejects.toMatchObject({ code: 4, message: 'no answer from compute.googleapis.com within 50 ms' });
    expect(hung.sent).toHaveLength(1);
  });

  it('bounds a hanging request with its timeout', async () => {
    const auth = authorizedFetch({
      token: async () => 't',
      pacer: new Pacer({ concurrency: 1 }),
      rateShare: 1,
      maxRetries: 0,
      requestTimeoutMs: 30,
      fetch: ((_url: URL | string, init?: RequestInit) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))) as typeof fetch,
    });
    await expect(auth.fetch(LIST)).rejects.toMatchObject({ code: 4 });
  });
});

describe('classifyGcpError', () => {
  it('reads gRPC codes: denied for 7 and 16, error with a reason for quota and outages', () => {
    expect(classifyGcpError({ code: 7, message: "Required 'compute.snapshots.list' permission for 'projects/p'" })).toEqual({
      status: 'denied',
      detail: "PERMISSION_DENIED: Required 'compute.snapshots.list' permission for 'projects/p'",
    });
    expect(classifyGcpError({ code: 16, message: 'Request had invalid authentication credentials.' }).status).toBe('denied');
    expect(classifyGcpError({ code: 8, message: 'Quota exceeded' })).toEqual({ status: 'error', detail: 'RESOURCE_EXHAUSTED: Quota exceeded; throttled after all retries' });
    expect(classifyGcpError({ code: 14, message: 'The service is currently unavailable.' }).detail).toMatch(/unavailable after all retries/);
    expect(classifyGcpError({ code: 5, message: "The resource 'projects/ghost' was not found" }).status).toBe('error');
  });

  it('calls a disabled Compute API skipped, not a gap', () => {
    const disabled = classifyGcpError({ code: 7, reason: 'SERVICE_DISABLED', message: 'Compute Engine API has not been used in project 123 before or it is disabled.' });
    expect(disabled.status).toBe('skipped');
    expect(disabled.detail).toMatch(/^Compute Engine API is not enabled in the project/);
  });

  it('treats missing application default credentials as denied, and never echoes a token', () => {
    expect(classifyGcpError(new Error('Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication/getting-started')).status).toBe('denied');
    expect(classifyGcpError({ code: 16, message: 'token ya29.secret-value-123 rejected' }).detail).not.toContain('secret-value');
  });
});
