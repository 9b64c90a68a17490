// The IAM, Logging and Resource Manager policy calls without a network: which permission each URL
// needs, where the calls go, and how Google's error bodies are read.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.js';
import { InputError } from '../../../src/errors.js';
import { permissionOf, restError } from '../../../providers/gcp/clients.js';
import { iamRoot, loggingRoot } from '../../../providers/gcp/endpoints.js';
import { classifyIdentityError } from '../../../providers/gcp/identity.js';
import { GCP_PERMISSIONS } from '../../../providers/gcp/permissions.js';

describe('permissionOf (identity and logging calls)', () => {
  const table: Array<[string, string]> = [
    ['https://cloudresourcemanager.googleapis.com/v3/projects/acme-prod:getIamPolicy?%24alt=json%3Benum-encoding%3Dint', 'resourcemanager.projects.getIamPolicy'],
    ['https://iam.googleapis.com/v1/roles/compute.storageAdmin', 'iam.roles.get'],
    ['https://iam.googleapis.com/v1/projects/acme-prod/roles/snapshotter', 'iam.roles.get'],
    ['https://iam.googleapis.com/v1/organizations/123/roles/auditor', 'iam.roles.get'],
    ['https://iam.googleapis.com/v1/projects/acme-prod/serviceAccounts?pageSize=100', 'iam.serviceAccounts.list'],
    ['https://iam.googleapis.com/v1/projects/acme-prod/serviceAccounts/etl%40acme-prod.iam.gserviceaccount.com/keys?keyTypes=USER_MANAGED', 'iam.serviceAccountKeys.list'],
    ['https://logging.googleapis.com/v2/projects/acme-prod/sinks?pageSize=200', 'logging.sinks.list'],
    ['https://logging.googleapis.com/v2/entries:list', 'logging.logEntries.list'],
    ['https://proxy.example/google/logging/v2/entries:list', 'logging.logEntries.list'],
    ['https://proxy.example/google/iam/v1/roles/editor', 'iam.roles.get'],
  ];
  for (const [url, permission] of table) {
    it(`${new URL(url).pathname} needs ${permission}`, () => {
      expect(permissionOf(new URL(url))).toBe(permission);
      expect(GCP_PERMISSIONS).toContain(permission);
    });
  }

  it('names calls it does not make as unrecognized', () => {
    expect(permissionOf(new URL('https://iam.googleapis.com/v1/projects/p/serviceAccounts/x:signBlob'))).toMatch(/^unrecognized:/);
    expect(permissionOf(new URL('https://logging.googleapis.com/v2/entries:write'))).toMatch(/^unrecognized:/);
  });
});

describe('IAM and Logging roots', () => {
  const gcp = parseConfig({}, 'test').gcp;

  it("default to Google's hosts, honour gcloud's override variables with their path", () => {
    expect(iamRoot(gcp, {}).toString()).toBe('https://iam.googleapis.com/');
    expect(loggingRoot(gcp, {}).toString()).toBe('https://logging.googleapis.com/');
    const env = { CLOUDSDK_API_ENDPOINT_OVERRIDES_IAM: 'https://proxy.example/google/iam', CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING: ' ' };
    expect(iamRoot(gcp, env).toString()).toBe('https://proxy.example/google/iam/');
    expect(loggingRoot(gcp, env).toString()).toBe('https://logging.googleapis.com/');
  });

  it('follow an in-process Compute endpoint (the emulator serves every API on one listener)', () => {
    const options = { ...gcp, computeUrl: 'http://127.0.0.1:4570' };
    expect(iamRoot(options, { CLOUDSDK_API_ENDPOINT_OVERRIDES_IAM: 'https://elsewhere.example/' }).toString()).toBe('http://127.0.0.1:4570/');
    expect(loggingRoot(options, {}).toString()).toBe('http://127.0.0.1:4570/');
  });

  it('refuse plain http off loopback as input errors', () => {
    expect(() => iamRoot(gcp, { CLOUDSDK_API_ENDPOINT_OVERRIDES_IAM: 'http://10.0.0.5/' })).toThrow(InputError);
    expect(() => loggingRoot(gcp, { CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING: 'logging' })).toThrow(/CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING: "logging" is not a URL/);
  });
});

describe('errors', () => {
  it("reads Google's error body into a gRPC code, status and reason", async () => {
    const body = { error: { code: 403, message: "Permission 'iam.serviceAccounts.list' denied", status: 'PERMISSION_DENIED', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'IAM_PERMISSION_DENIED' }] } };
    const error = await restError(new Response(JSON.stringify(body), { status: 403 }));
    expect({ code: error.code, status: error.status, reason: error.reason, message: error.message }).toEqual({ code: 7, status: 403, reason: 'IAM_PERMISSION_DENIED', message: "PERMISSION_DENIED: Permission 'iam.serviceAccounts.list' denied" });
    const bare = await restError(new Response('<html>bad gateway</html>', { status: 502 }));
    expect({ code: bare.code, message: bare.message }).toEqual({ code: 13, message: 'HTTP 502' });
  });

  it('classifies denied, disabled APIs and the rest', () => {
    expect(classifyIdentityError({ code: 7, status: 403, message: 'PERMISSION_DENIED: no' }, 'IAM')).toEqual({ status: 'denied', detail: 'PERMISSION_DENIED: no' });
    expect(classifyIdentityError({ code: 7, reason: 'SERVICE_DISABLED', message: 'Cloud Logging API has not been used in project 1' }, 'Cloud Logging').status).toBe('skipped');
    expect(classifyIdentityError({ code: 8, message: 'RESOURCE_EXHAUSTED: quota' }, 'IAM')).toEqual({ status: 'error', detail: 'RESOURCE_EXHAUSTED: quota; throttled after all retries' });
    expect(classifyIdentityError(new Error('socket hang up'), 'IAM').status).toBe('error');
  });
});
