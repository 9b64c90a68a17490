// The GCP identity and audit checks: who can copy a project's disks out, service account keys, and
// whether snapshot activity is recorded. Fail, pass and unknown, with messages and gcloud fixes.
import { expect } from 'vitest';
import { fillCommand, fillMessage } from '../../../src/checks/define-check.js';
import { gcpAuditLogsIncomplete } from '../../../src/checks/gcp-audit-logs-incomplete.js';
import { gcpIamSnapshotPermissionsBroad } from '../../../src/checks/gcp-iam-snapshot-permissions-broad.js';
import { gcpSaKeyOld } from '../../../src/checks/gcp-sa-key-old.js';
import { gcpSaUserManagedKey } from '../../../src/checks/gcp-sa-user-managed-key.js';
import { mergeInventories, unknownValue, type AuditCoverage, type CapabilityGrant, type Inventory, type Principal, type PrincipalKey } from '../../../src/model.js';
import { testCheck } from '../../support/check-tester.js';

const P = 'acme-prod';
const NOW = new Date('2026-12-01T00:00:00Z');

function grant(capability: CapabilityGrant['capability'], via: string, conditions: string[] = []): CapabilityGrant {
  return { capability, actions: ['compute.snapshots.create'], resources: [`projects/${P}`], conditions, mfaRequired: false, via: [via] };
}

function member(id: string, overrides: Partial<Principal> = {}): Principal {
  return { provider: 'gcp', account: P, id, kind: 'user', trust: 'internal', capabilities: [], privileged: false, ...overrides };
}

const storageAdmin = (conditions: string[] = []) => (['create', 'share', 'export', 'restore'] as const).map((c) => grant(c, 'roles/compute.storageAdmin', conditions));

function inv(parts: Partial<Inventory>): Inventory {
  return mergeInventories([{ accountSecurity: [{ provider: 'gcp', account: P, notOffered: [], identities: { listed: (parts.principals ?? []).length } }], ...parts }]);
}

testCheck(gcpIamSnapshotPermissionsBroad, {
  fail: [
    {
      name: 'a Gmail account with Compute Storage Admin on the project',
      inventory: inv({ principals: [member('user:rob@gmail.com', { trust: 'external', capabilities: storageAdmin() })] }),
      resourceId: 'user:rob@gmail.com',
      messageId: 'external',
      also: (r) => {
        expect(fillMessage(gcpIamSnapshotPermissionsBroad.messages.external, r.data)).toBe(
          'user:rob@gmail.com, outside the organization and the trusted list, can create, share, export, restore every snapshot and disk of project acme-prod through roles/compute.storageAdmin.',
        );
        expect(fillCommand(gcpIamSnapshotPermissionsBroad.remediation.command, r.data)).toBe('gcloud projects remove-iam-policy-binding acme-prod --member=user:rob@gmail.com --role=roles/compute.storageAdmin');
        expect(r.signals.exposure).toBe('external');
      },
    },
    {
      name: 'an outsider whose only binding is conditional: --all removes it',
      inventory: inv({ principals: [member('user:eve@rival.example', { trust: 'external', capabilities: storageAdmin(['until March: request.time < timestamp("2027-03-01T00:00:00Z")']) })] }),
      resourceId: 'user:eve@rival.example',
      also: (r) => {
        expect(fillCommand(gcpIamSnapshotPermissionsBroad.remediation.command, r.data)).toBe(
          'gcloud projects remove-iam-policy-binding acme-prod --member=user:eve@rival.example --role=roles/compute.storageAdmin --all',
        );
        expect(fillMessage(gcpIamSnapshotPermissionsBroad.messages.external, r.data)).toContain('(when until March: request.time');
      },
    },
    {
      name: 'allAuthenticatedUsers on the project',
      inventory: inv({ principals: [member('allAuthenticatedUsers', { kind: 'other', trust: 'external', capabilities: [grant('export', 'roles/compute.imageUser')] })] }),
      resourceId: 'allAuthenticatedUsers',
      messageId: 'public',
      also: (r) => expect(r.signals.exposure).toBe('public'),
    },
    {
      name: 'an internal service account with basic Editor',
      inventory: inv({ principals: [member('serviceAccount:etl@acme-prod.iam.gserviceaccount.com', { kind: 'service-account', capabilities: [grant('create', 'roles/editor'), grant('export', 'roles/editor'), grant('open-ingress', 'roles/editor')] })] }),
      resourceId: 'serviceAccount:etl@acme-prod.iam.gserviceaccount.com',
      messageId: 'basicRole',
      also: (r) => {
        expect(r.data['capabilities']).toEqual(['create', 'export']);
        expect(fillCommand(gcpIamSnapshotPermissionsBroad.remediation.command, r.data)).toBe(
          'gcloud projects remove-iam-policy-binding acme-prod --member=serviceAccount:etl@acme-prod.iam.gserviceaccount.com --role=roles/editor',
        );
      },
    },
    {
      name: 'an internal owner: the basic role goes first',
      inventory: inv({ principals: [member('user:lead@acme.example', { privileged: true, capabilities: [grant('create', 'roles/owner'), { ...grant('share', 'roles/owner'), via: ['roles/compute.storageAdmin', 'roles/owner'] }] })] }),
      resourceId: 'user:lead@acme.example',
      also: (r) => expect(r.data['role']).toBe('roles/owner'),
    },
  ],
  pass: [
    { name: 'an internal group with a non-basic role', inventory: inv({ principals: [member('group:data@acme.example', { kind: 'group', capabilities: storageAdmin() })] }), resourceId: 'group:data@acme.example', messageId: 'scoped' },
    { name: 'a viewer', inventory: inv({ principals: [member('group:analysts@acme.example', { kind: 'group' })] }), resourceId: 'group:analysts@acme.example', messageId: 'none' },
    { name: 'an outsider who can only open ingress', inventory: inv({ principals: [member('user:net@gmail.com', { trust: 'external', capabilities: [grant('open-ingress', 'roles/compute.securityAdmin')] })] }), resourceId: 'user:net@gmail.com', messageId: 'none' },
  ],
  unknown: [
    {
      name: 'a role of the principal could not be read',
      inventory: inv({ principals: [member('user:bob@acme.example', { capabilities: unknownValue('the permissions of roles/editor could not be read: denied') })] }),
      resourceId: 'user:bob@acme.example',
      messageId: 'unreadable',
    },
    {
      name: 'a workload identity pool member',
      inventory: inv({ principals: [member('principalSet://iam.googleapis.com/x', { kind: 'other', trust: 'unknown', capabilities: storageAdmin() })] }),
      resourceId: 'principalSet://iam.googleapis.com/x',
      messageId: 'undetermined',
    },
    {
      name: 'the project policy could not be read: one unknown on the project',
      inventory: mergeInventories([{ accountSecurity: [{ provider: 'gcp', account: P, notOffered: [], identities: unknownValue('resourcemanager.projects.getIamPolicy failed: PERMISSION_DENIED') }], principals: [member('serviceAccount:etl@acme-prod.iam.gserviceaccount.com', { kind: 'service-account', capabilities: unknownValue('policy') })] }]),
      resourceId: `projects/${P}`,
      messageId: 'policyUnreadable',
      also: (r) => expect(fillMessage(gcpIamSnapshotPermissionsBroad.messages.policyUnreadable, r.data)).toBe('Who can copy disks out of project acme-prod is unknown: resourcemanager.projects.getIamPolicy failed: PERMISSION_DENIED.'),
    },
  ],
  none: [
    {
      name: 'no per-principal result when the whole policy is unknown',
      inventory: mergeInventories([{ accountSecurity: [{ provider: 'gcp', account: P, notOffered: [], identities: unknownValue('denied') }], principals: [member('serviceAccount:etl@acme-prod.iam.gserviceaccount.com', { kind: 'service-account', capabilities: unknownValue('policy') })] }]),
      resourceId: 'serviceAccount:etl@acme-prod.iam.gserviceaccount.com',
    },
  ],
});

function audit(overrides: Partial<AuditCoverage> = {}): AuditCoverage {
  return { provider: 'gcp', account: P, region: 'global', snapshotEventsLogged: true, dataEventsLogged: true, sources: ['Admin Activity audit logs', 'Data Access audit logs for compute.googleapis.com (ADMIN_READ)'], gaps: [], ...overrides };
}

testCheck(gcpAuditLogsIncomplete, {
  fail: [
    {
      name: 'Data Access off and an exclusion on _Default',
      inventory: mergeInventories([
        {
          audit: [
            audit({
              dataEventsLogged: false,
              gaps: ['Compute Engine Data Access audit logs (ADMIN_READ) are off', 'exclusion drop-snaps on sink _Default drops Compute Engine snapshot Data Access entries'],
              nextStep: 'gcloud logging sinks update _Default --project=acme-prod --remove-exclusions=drop-snaps',
            }),
          ],
        },
      ]),
      resourceId: `projects/${P}`,
      messageId: 'incomplete',
      also: (r) => {
        expect(fillMessage(gcpAuditLogsIncomplete.messages.incomplete, r.data)).toBe(
          'Project acme-prod would not keep a full record of snapshot activity: Compute Engine Data Access audit logs (ADMIN_READ) are off; exclusion drop-snaps on sink _Default drops Compute Engine snapshot Data Access entries. Next: gcloud logging sinks update _Default --project=acme-prod --remove-exclusions=drop-snaps.',
        );
        expect(fillCommand(gcpAuditLogsIncomplete.remediation.command, r.data)).toBe('gcloud projects get-iam-policy acme-prod --format=yaml > policy.yaml && gcloud projects set-iam-policy acme-prod policy.yaml');
      },
    },
    { name: 'an exclusion only, with Data Access on', inventory: mergeInventories([{ audit: [audit({ gaps: ['exclusion x on sink to-siem drops ...'] })] }]), resourceId: `projects/${P}` },
  ],
  pass: [{ name: 'Data Access on, nothing dropped, exported', inventory: mergeInventories([{ audit: [audit()] }]), resourceId: `projects/${P}`, messageId: 'complete' }],
  unknown: [
    {
      name: 'Data Access off here, the organization may enable it',
      inventory: mergeInventories([{ audit: [audit({ dataEventsLogged: unknownValue('organizations/1 above it may enable them') })] }]),
      resourceId: `projects/${P}`,
      messageId: 'unknown',
      also: (r) => expect(r.data['reason']).toBe('organizations/1 above it may enable them'),
    },
  ],
});

const SA = 'etl@acme-prod.iam.gserviceaccount.com';
const keyed = (keys: PrincipalKey[] | undefined, email = SA): Principal =>
  member(`serviceAccount:${email}`, { kind: 'service-account', ...(keys === undefined ? {} : { keys }) });
const keyId = 'a'.repeat(40);
const keyPath = `projects/${P}/serviceAccounts/${SA}/keys/${keyId}`;

testCheck(gcpSaKeyOld, {
  fail: [
    {
      name: 'an active key made 400 days ago',
      inventory: inv({ principals: [keyed([{ id: keyId, active: true, createdAt: '2025-10-27T00:00:00.000Z' }])] }),
      resourceId: keyPath,
      messageId: 'old',
      also: (r) => {
        expect(fillMessage(gcpSaKeyOld.messages.old, r.data)).toBe(`Key ${keyId} of service account ${SA} was created 400 days ago (2025-10-27T00:00:00.000Z) and is still active.`);
        expect(fillCommand(gcpSaKeyOld.remediation.command, r.data)).toBe(`gcloud iam service-accounts keys delete ${keyId} --iam-account=${SA} --project=${P}`);
      },
    },
  ],
  pass: [{ name: 'a key made 30 days ago', inventory: inv({ principals: [keyed([{ id: keyId, active: true, createdAt: '2026-11-01T00:00:00.000Z' }])] }), resourceId: keyPath, messageId: 'fresh' }],
  unknown: [
    { name: 'keys not listed for one of our accounts', inventory: inv({ principals: [keyed(undefined)] }), resourceId: `projects/${P}/serviceAccounts/${SA}`, messageId: 'keysUnknown' },
    { name: 'a key without a creation time', inventory: inv({ principals: [keyed([{ id: keyId, active: true }])] }), resourceId: keyPath, messageId: 'ageUnknown' },
    {
      name: 'service accounts not listed',
      inventory: mergeInventories([{ coverage: [{ provider: 'gcp', account: P, region: 'global', service: 'iam', status: 'denied', action: 'iam.serviceAccounts.list', detail: 'PERMISSION_DENIED' }] }]),
      resourceId: `projects/${P}`,
      messageId: 'accountsUnknown',
    },
  ],
  none: [
    { name: 'a disabled old key', inventory: inv({ principals: [keyed([{ id: keyId, active: false, createdAt: '2020-01-01T00:00:00.000Z' }])] }), resourceId: keyPath },
    { name: "another project's service account", inventory: inv({ principals: [keyed(undefined, 'x@other-proj.iam.gserviceaccount.com')] }), resourceId: `projects/${P}/serviceAccounts/x@other-proj.iam.gserviceaccount.com` },
  ],
}, { now: NOW });

testCheck(gcpSaUserManagedKey, {
  fail: [
    {
      name: 'an Editor account with a key',
      inventory: inv({ principals: [{ ...keyed([{ id: keyId, active: true, createdAt: '2026-11-01T00:00:00.000Z' }]), capabilities: [grant('create', 'roles/editor')] }] }),
      resourceId: `projects/${P}/serviceAccounts/${SA}`,
      messageId: 'hasKeys',
      also: (r) => {
        expect(fillMessage(gcpSaUserManagedKey.messages.hasKeys, r.data)).toBe(`Service account ${SA} has 1 active user-managed key(s) (${keyId}), and it can create on the project.`);
        expect(fillCommand(gcpSaUserManagedKey.remediation.command, r.data)).toBe(`gcloud iam service-accounts keys delete ${keyId} --iam-account=${SA} --project=${P}`);
      },
    },
  ],
  pass: [
    { name: 'no keys', inventory: inv({ principals: [keyed([])] }), resourceId: `projects/${P}/serviceAccounts/${SA}`, messageId: 'noKeys' },
    { name: 'only a disabled key', inventory: inv({ principals: [keyed([{ id: keyId, active: false }])] }), resourceId: `projects/${P}/serviceAccounts/${SA}`, messageId: 'noKeys' },
  ],
  unknown: [{ name: 'keys could not be listed', inventory: inv({ principals: [keyed(undefined)] }), resourceId: `projects/${P}/serviceAccounts/${SA}`, messageId: 'keysUnknown' }],
});
