// Compute Engine shapes → model, from shapes as `@google-cloud/compute` v6 returns them over REST
// (google-gax decodes with `defaults: true, longs: String, enums: String`): repeated fields and
// label maps present and empty when unused, int64 sizes as strings, unset scalars absent.
import type { google } from '@google-cloud/compute/build/protos/protos.js';
import { describe, expect, it } from 'vitest';
import {
  diskOrigin,
  memberTrust,
  policyGrants,
  projectOf,
  regionOf,
  resourcePath,
  sharingOf,
  toDisk,
  toImage,
  toInstance,
  toMachineImage,
  toSnapshot,
  type GcpDisk,
  type GcpImage,
  type GcpInstance,
  type GcpMachineImage,
  type GcpMapContext,
  type GcpPolicy,
  type GcpSnapshot,
} from '../../../providers/gcp/map.js';
import { unknownValue, type Disk, type Image, type IngressPath, type Instance, type SharingGrant, type Snapshot } from '../../../src/model.js';
import { createTrustResolver, type TrustedAccount } from '../../../src/trust.js';

type AttachedDisk = google.cloud.compute.v1.IAttachedDisk;

const API = 'https://www.googleapis.com/compute/v1';
const PROJECT = 'snap-prod-4821';
const PROJECT_NUMBER = '482193017465';
/** Another project in the same scan. */
const SIBLING = 'snap-data-7730';
const PARTNER = 'partner-dr-2291';
const PARTNER_DOMAIN = 'backupvendor.example';
const STRANGER = 'unrelated-proj-5512';
const DOMAIN = 'snapco.example';
const KMS_KEY = `projects/${PROJECT}/locations/us/keyRings/snapshots/cryptoKeys/nightly/cryptoKeyVersions/3`;

const PARTNER_ENTRY: TrustedAccount = { provider: 'gcp', id: PARTNER, name: 'DR vendor', reason: 'restores our snapshots in its own project' };
const PARTNER_DOMAIN_ENTRY: TrustedAccount = { provider: 'gcp', id: PARTNER_DOMAIN, name: 'Backup vendor staff', reason: 'operate the restore drills' };

const ctx: GcpMapContext = {
  project: PROJECT,
  ownProjects: new Set([PROJECT, PROJECT_NUMBER, SIBLING]),
  internalDomains: new Set([DOMAIN]),
  trust: createTrustResolver([PARTNER_ENTRY, PARTNER_DOMAIN_ENTRY]),
};

const EXTERNAL_NOTE = 'not our account, not in the trusted list';
const projectNote = (project: string) => `an identity of project ${project}, which is being scanned`;
const domainNote = (domain: string) => `in ${domain}, one of the organization's domains`;

/** A binding list as `getIamPolicy` returns it; a resource nobody was granted on has no bindings. */
function policy(...bindings: Array<[role: string, members: string[]]>): GcpPolicy {
  return { version: 1, etag: 'BwYRQ3oR1ms=', auditConfigs: [], bindings: bindings.map(([role, members]) => ({ role, members })) };
}

const EMPTY_POLICY = policy();

describe('resourcePath', () => {
  it('keeps a full API URL from `projects/` on', () => {
    expect(resourcePath(`${API}/projects/${PROJECT}/zones/us-central1-a/disks/db-1`)).toBe(`projects/${PROJECT}/zones/us-central1-a/disks/db-1`);
  });

  it('keeps a beta-API URL from `projects/` on too, so v1 and beta references compare equal', () => {
    expect(resourcePath(`https://compute.googleapis.com/compute/beta/projects/${PROJECT}/global/images/golden`)).toBe(`projects/${PROJECT}/global/images/golden`);
  });

  it('returns a bare path unchanged', () => {
    expect(resourcePath(`projects/${PROJECT}/global/snapshots/db-nightly`)).toBe(`projects/${PROJECT}/global/snapshots/db-nightly`);
  });

  it('returns a reference without a project unchanged', () => {
    expect(resourcePath('global/snapshots/db-nightly')).toBe('global/snapshots/db-nightly');
  });

  it.each([[''], [null], [undefined]])('%j → undefined', (value) => {
    expect(resourcePath(value)).toBeUndefined();
  });
});

describe('projectOf', () => {
  it('reads the project of a full URL', () => {
    expect(projectOf(`${API}/projects/debian-cloud/global/images/debian-12-bookworm-v20240110`)).toBe('debian-cloud');
  });

  it('reads the project of a bare path', () => {
    expect(projectOf(`projects/${SIBLING}/regions/europe-west4/disks/shared-data`)).toBe(SIBLING);
  });

  it.each([['global/snapshots/db-nightly'], [''], [null], [undefined]])('%j has no project', (value) => {
    expect(projectOf(value)).toBeUndefined();
  });
});

describe('regionOf', () => {
  it.each([
    [`${API}/projects/${PROJECT}/zones/us-central1-a`, 'us-central1'],
    [`${API}/projects/${PROJECT}/zones/europe-west4-b/disks/db-1`, 'europe-west4'],
    [`projects/${PROJECT}/zones/asia-northeast1-c`, 'asia-northeast1'],
    [`${API}/projects/${PROJECT}/regions/europe-west4`, 'europe-west4'],
    [`projects/${PROJECT}/regions/us-east1/disks/replicated`, 'us-east1'],
    [`projects/${PROJECT}/global/snapshots/db-nightly`, 'global'],
    ['', 'global'],
    [null, 'global'],
    [undefined, 'global'],
  ])('%j → %s', (value, region) => {
    expect(regionOf(value)).toBe(region);
  });
});

describe('memberTrust', () => {
  it.each([
    [`serviceAccount:backup-runner@${PROJECT}.iam.gserviceaccount.com`, PROJECT],
    [`serviceAccount:etl@${SIBLING}.iam.gserviceaccount.com`, SIBLING],
    [`serviceAccount:${PROJECT_NUMBER}-compute@developer.gserviceaccount.com`, PROJECT_NUMBER],
    [`serviceAccount:service-${PROJECT_NUMBER}@compute-system.iam.gserviceaccount.com`, PROJECT_NUMBER],
    [`serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-backupdr.iam.gserviceaccount.com`, PROJECT_NUMBER],
    [`serviceAccount:${PROJECT_NUMBER}@cloudservices.gserviceaccount.com`, PROJECT_NUMBER],
    [`projectOwner:${PROJECT}`, PROJECT],
    [`projectViewer:${SIBLING}`, SIBLING],
  ])('%s is an identity of scanned project %s', (member, project) => {
    expect(memberTrust(member, ctx)).toEqual({ trust: 'internal', note: projectNote(project) });
  });

  it.each([
    [`user:alice@${DOMAIN}`],
    ['user:Alice.Ng@SnapCo.Example'],
    [`group:sre-oncall@${DOMAIN}`],
    ['group:SRE-Oncall@SNAPCO.EXAMPLE'],
    [`domain:${DOMAIN}`],
    ['domain:SnapCo.Example'],
  ])('%s is in an internal domain, whatever its case', (member) => {
    expect(memberTrust(member, ctx)).toEqual({ trust: 'internal', note: domainNote(DOMAIN) });
  });

  it('a subdomain of an internal domain is a different domain', () => {
    expect(memberTrust(`user:bob@eng.${DOMAIN}`, ctx)).toEqual({ trust: 'external', note: EXTERNAL_NOTE });
  });

  it.each([
    [`serviceAccount:restore@${PARTNER}.iam.gserviceaccount.com`, PARTNER_ENTRY],
    [`user:drill-lead@${PARTNER_DOMAIN}`, PARTNER_DOMAIN_ENTRY],
    [`group:restore-team@${PARTNER_DOMAIN}`, PARTNER_DOMAIN_ENTRY],
    [`domain:${PARTNER_DOMAIN}`, PARTNER_DOMAIN_ENTRY],
  ])('%s is trusted through the config', (member, entry) => {
    expect(memberTrust(member, ctx)).toEqual({ trust: 'trusted', note: `trusted in config: ${entry.name} (${entry.reason})` });
  });

  it.each([
    ['user:mallory@gmail.com'],
    ['group:leakers@evil.example'],
    [`serviceAccount:exfil@${STRANGER}.iam.gserviceaccount.com`],
    ['serviceAccount:777777777777-compute@developer.gserviceaccount.com'],
    [`projectEditor:${STRANGER}`],
  ])('%s is external', (member) => {
    expect(memberTrust(member, ctx)).toEqual({ trust: 'external', note: EXTERNAL_NOTE });
  });

  it.each([
    ['principalSet://iam.googleapis.com/projects/482193017465/locations/global/workloadIdentityPools/github/*', 'principalSet'],
    ['principal://iam.googleapis.com/locations/global/workforcePools/contractors/subject/jdoe', 'principal'],
    ['user:no-at-sign', 'user'],
    ['serviceAccount:robot@appspot.gserviceaccount.com', 'serviceAccount'],
  ])('%s cannot be placed: unknown, never external or internal', (member, kind) => {
    expect(memberTrust(member, ctx)).toEqual({ trust: 'unknown', note: `a ${kind} member snapaudit cannot place` });
  });

  it('a member with no kind at all is an unplaceable principal', () => {
    expect(memberTrust('', ctx)).toEqual({ trust: 'unknown', note: 'a principal member snapaudit cannot place' });
  });
});

describe('policyGrants', () => {
  it.each([['allUsers'], ['allAuthenticatedUsers']])('%s is public, with the member and the role that make it so', (member) => {
    expect(policyGrants(policy(['roles/compute.imageUser', [member]]), ctx)).toEqual([{ kind: 'public', principal: member, role: 'roles/compute.imageUser' }]);
  });

  it.each([['roles/viewer'], ['roles/compute.viewer'], ['roles/browser'], ['roles/iam.securityReviewer'], ['roles/compute.networkViewer']])(
    '%s only shows metadata: not sharing, even to allUsers',
    (role) => {
      expect(policyGrants(policy([role, ['allUsers', 'user:mallory@gmail.com']]), ctx)).toEqual([]);
    },
  );

  it('skips deleted members, which cannot act', () => {
    const deleted = policy([
      'roles/compute.storageAdmin',
      [
        'deleted:user:mallory@gmail.com?uid=123456789012345678901',
        `deleted:serviceAccount:exfil@${STRANGER}.iam.gserviceaccount.com?uid=109876543210987654321`,
        'deleted:group:leakers@evil.example?uid=112233445566778899001',
      ],
    ]);
    expect(policyGrants(deleted, ctx)).toEqual([]);
  });

  it('maps every member of every sharing binding, in order, each with its role and verdict', () => {
    const recorded = policy(
      ['roles/compute.imageUser', ['allAuthenticatedUsers', `serviceAccount:restore@${PARTNER}.iam.gserviceaccount.com`]],
      ['roles/compute.viewer', ['user:peeker@gmail.com']],
      ['roles/compute.storageAdmin', [`group:sre-oncall@${DOMAIN}`, 'deleted:user:gone@gmail.com?uid=1', 'user:mallory@gmail.com']],
      ['roles/owner', ['principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/ci/*']],
    );
    const expected: SharingGrant[] = [
      { kind: 'public', principal: 'allAuthenticatedUsers', role: 'roles/compute.imageUser' },
      {
        kind: 'account',
        principal: `serviceAccount:restore@${PARTNER}.iam.gserviceaccount.com`,
        trust: 'trusted',
        trustNote: `trusted in config: ${PARTNER_ENTRY.name} (${PARTNER_ENTRY.reason})`,
        role: 'roles/compute.imageUser',
      },
      { kind: 'account', principal: `group:sre-oncall@${DOMAIN}`, trust: 'internal', trustNote: domainNote(DOMAIN), role: 'roles/compute.storageAdmin' },
      { kind: 'account', principal: 'user:mallory@gmail.com', trust: 'external', trustNote: EXTERNAL_NOTE, role: 'roles/compute.storageAdmin' },
      {
        kind: 'account',
        principal: 'principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/ci/*',
        trust: 'unknown',
        trustNote: 'a principalSet member snapaudit cannot place',
        role: 'roles/owner',
      },
    ];
    expect(policyGrants(recorded, ctx)).toStrictEqual(expected);
  });

  it('counts a conditional binding: the condition is not evaluated, so it may apply', () => {
    const conditional: GcpPolicy = {
      ...EMPTY_POLICY,
      version: 3,
      bindings: [{ role: 'roles/compute.imageUser', members: ['allUsers'], condition: { title: 'until spring', expression: 'request.time < timestamp("2031-04-01T00:00:00Z")' } }],
    };
    expect(policyGrants(conditional, ctx)).toEqual([{ kind: 'public', principal: 'allUsers', role: 'roles/compute.imageUser' }]);
  });

  it('names a binding without a role `unknown role` rather than dropping it', () => {
    expect(policyGrants({ bindings: [{ members: ['allUsers'] }] }, ctx)).toEqual([{ kind: 'public', principal: 'allUsers', role: 'unknown role' }]);
  });

  it('no bindings, or a binding with no members → no grants', () => {
    expect(policyGrants(EMPTY_POLICY, ctx)).toEqual([]);
    expect(policyGrants({}, ctx)).toEqual([]);
    expect(policyGrants(policy(['roles/compute.imageUser', []]), ctx)).toEqual([]);
  });
});

describe('sharingOf', () => {
  it('a policy that could not be read is unknown sharing with nothing confirmed', () => {
    const denied = unknownValue('compute.snapshots.getIamPolicy denied (403 PERMISSION_DENIED)');
    expect(sharingOf(denied, ctx)).toStrictEqual({ unknown: true, reason: 'compute.snapshots.getIamPolicy denied (403 PERMISSION_DENIED)', confirmed: [] });
  });

  it('a policy that was read is its grants', () => {
    expect(sharingOf(policy(['roles/compute.imageUser', ['allUsers']]), ctx)).toEqual([{ kind: 'public', principal: 'allUsers', role: 'roles/compute.imageUser' }]);
    expect(sharingOf(EMPTY_POLICY, ctx)).toEqual([]);
  });
});

/** The fields `snapshots.list` fills on every snapshot; `overrides` sets the rest. */
function rawSnapshot(name: string, overrides: GcpSnapshot = {}): GcpSnapshot {
  return {
    kind: 'compute#snapshot',
    id: '5316409815412178421',
    name,
    selfLink: `${API}/projects/${PROJECT}/global/snapshots/${name}`,
    creationTimestamp: '2024-03-04T05:06:07.890-08:00',
    status: 'READY',
    diskSizeGb: '20',
    storageBytes: '1073741824',
    storageLocations: ['us'],
    sourceDisk: `${API}/projects/${PROJECT}/zones/us-central1-a/disks/db-1`,
    sourceDiskId: '8812043517771266304',
    snapshotType: 'STANDARD',
    labels: {},
    licenses: [],
    licenseCodes: [],
    guestOsFeatures: [],
    ...overrides,
  };
}

describe('encryption', () => {
  it('a Cloud KMS key is a customer key, named as the API names it', () => {
    const raw = rawSnapshot('cmek', { snapshotEncryptionKey: { kmsKeyName: KMS_KEY, kmsKeyServiceAccount: `service-${PROJECT_NUMBER}@compute-system.iam.gserviceaccount.com` } });
    expect(toSnapshot(raw, EMPTY_POLICY, ctx).encryption).toStrictEqual({ encrypted: true, keyKind: 'customer', keyId: KMS_KEY });
  });

  it.each([
    ['only its hash, as the API returns it', { sha256: 'iGuKlbrqJcUXqlBqqlBMRvuv6OkrGIyL0gVJwHVXcEI=' }],
    ['a raw key, as a request sends it', { rawKey: 'SGVsbG8gZnJvbSBHb29nbGUgQ2xvdWQgUGxhdGZvcm0=' }],
    ['an RSA-wrapped key', { rsaEncryptedKey: 'ieCx/NcW06PcT7Ep1X6LUTc/hLvUDYyzSZPPVCVPTVEohpeHASqC8uw5TzyO9U+Fka9JFHz0mBibXUInrC/jEk014kCK/NPjYgEMOyssZ4ZINPKxlUh2zn1bV+MCaTICrdmuSBTWlUUiFoDD6PYznLwh8ZNdaheCeZ8ewEXgFQ8V+sDroLaN3Xs3MDTXQEMMoNUXMCZEIpg9Vtp9x2oeQ5lAbtt7bYAAHf5l+gJWw3sUfs0/Glw5fpdjT8Uggrr+RMZezGrltJEF293rvTIjWOEB3z5OHyHwQkvdrPDFcTqsLfh+8Hr8g+mf+7zVPEC8nEbqpdl3GPv3A7AwpFp7MA==' }],
  ])('a customer-supplied key (%s) is a customer key whose id stays unknown', (_, key) => {
    expect(toSnapshot(rawSnapshot('csek', { snapshotEncryptionKey: key }), EMPTY_POLICY, ctx).encryption).toStrictEqual({
      encrypted: true,
      keyKind: 'customer',
      keyId: 'customer-supplied key',
    });
  });

  it('no key, or an empty key, is Google-managed encryption', () => {
    expect(toSnapshot(rawSnapshot('gmek'), EMPTY_POLICY, ctx).encryption).toStrictEqual({ encrypted: true, keyKind: 'platform' });
    expect(toSnapshot(rawSnapshot('gmek', { snapshotEncryptionKey: {} }), EMPTY_POLICY, ctx).encryption).toStrictEqual({ encrypted: true, keyKind: 'platform' });
  });

  it('reads each resource kind from its own key field', () => {
    const key = { kmsKeyName: KMS_KEY };
    const customer = { encrypted: true, keyKind: 'customer', keyId: KMS_KEY };
    expect(toImage({ name: 'i', imageEncryptionKey: key }, EMPTY_POLICY, ctx).encryption).toStrictEqual(customer);
    expect(toMachineImage({ name: 'm', machineImageEncryptionKey: key }, EMPTY_POLICY, ctx).encryption).toStrictEqual(customer);
    expect(toDisk({ name: 'd', diskEncryptionKey: key }, EMPTY_POLICY, ctx).encryption).toStrictEqual(customer);
    // A snapshot's source-disk key is not the snapshot's own.
    expect(toSnapshot(rawSnapshot('s', { sourceDiskEncryptionKey: key }), EMPTY_POLICY, ctx).encryption).toStrictEqual({ encrypted: true, keyKind: 'platform' });
  });
});

describe('toSnapshot', () => {
  it('maps a global snapshot to the model', () => {
    const raw = rawSnapshot('db-nightly-20240304', { labels: { env: 'prod', team: 'data' }, description: 'nightly backup of db-1' });
    const expected: Snapshot = {
      kind: 'snapshot',
      provider: 'gcp',
      account: PROJECT,
      region: 'us',
      type: 'compute.googleapis.com/Snapshot',
      id: `projects/${PROJECT}/global/snapshots/db-nightly-20240304`,
      name: 'db-nightly-20240304',
      tags: { env: 'prod', team: 'data' },
      createdAt: '2024-03-04T13:06:07.890Z',
      description: 'nightly backup of db-1',
      state: 'READY',
      sizeGiB: 20,
      encryption: { encrypted: true, keyKind: 'platform' },
      source: { kind: 'disk', id: `projects/${PROJECT}/zones/us-central1-a/disks/db-1` },
      sharing: [],
    };
    expect(toSnapshot(raw, EMPTY_POLICY, ctx)).toStrictEqual(expected);
  });

  it('a regional snapshot lives in its region, whatever its storage location', () => {
    const raw = rawSnapshot('db-regional', {
      selfLink: `${API}/projects/${PROJECT}/regions/europe-west4/snapshots/db-regional`,
      region: `${API}/projects/${PROJECT}/regions/europe-west4`,
      storageLocations: ['eu'],
    });
    const snapshot = toSnapshot(raw, EMPTY_POLICY, ctx);
    expect(snapshot.region).toBe('europe-west4');
    expect(snapshot.id).toBe(`projects/${PROJECT}/regions/europe-west4/snapshots/db-regional`);
  });

  it('lists every storage location; none at all is global', () => {
    expect(toSnapshot(rawSnapshot('multi', { storageLocations: ['us', 'eu'] }), EMPTY_POLICY, ctx).region).toBe('us,eu');
    expect(toSnapshot(rawSnapshot('nowhere', { storageLocations: [] }), EMPTY_POLICY, ctx).region).toBe('global');
  });

  it('reads int64 sizes sent as strings', () => {
    expect(toSnapshot(rawSnapshot('big', { diskSizeGb: '65536' }), EMPTY_POLICY, ctx).sizeGiB).toBe(65536);
    expect(toSnapshot(rawSnapshot('empty', { diskSizeGb: '0' }), EMPTY_POLICY, ctx).sizeGiB).toBe(0);
  });

  it('omits what the API did not say rather than inventing it', () => {
    const raw: GcpSnapshot = { name: 'bare', storageLocations: [], labels: {} };
    expect(toSnapshot(raw, EMPTY_POLICY, ctx)).toStrictEqual({
      kind: 'snapshot',
      provider: 'gcp',
      account: PROJECT,
      region: 'global',
      type: 'compute.googleapis.com/Snapshot',
      id: 'bare',
      name: 'bare',
      tags: {},
      encryption: { encrypted: true, keyKind: 'platform' },
      sharing: [],
    });
  });

  it('a snapshot with neither link nor name still gets an id', () => {
    expect(toSnapshot({}, EMPTY_POLICY, ctx).id).toBe('unknown');
  });

  it.each([['not-a-date'], [''], ['2024-13-45T99:99:99Z']])('omits createdAt for the timestamp %j', (creationTimestamp) => {
    expect(toSnapshot(rawSnapshot('odd-time', { creationTimestamp }), EMPTY_POLICY, ctx)).not.toHaveProperty('createdAt');
  });

  it('keeps hostile labels and descriptions verbatim, as data', () => {
    const hostile = '<img src=x onerror=alert(1)>\u001b[31m{{message}}${process.env.HOME}\'; DROP TABLE snapshots;--\u202e';
    const labels: Record<string, string> = { ['__proto__']: 'polluted', constructor: hostile, 'owner-email': 'a\nb\r\nc' };
    const snapshot = toSnapshot(rawSnapshot('hostile', { labels, description: hostile }), EMPTY_POLICY, ctx);
    expect(snapshot.description).toBe(hostile);
    expect(Object.entries(snapshot.tags)).toEqual([
      ['__proto__', 'polluted'],
      ['constructor', hostile],
      ['owner-email', 'a\nb\r\nc'],
    ]);
    expect(Object.getPrototypeOf(snapshot.tags)).toBe(Object.prototype);
  });

  it('carries the sharing its policy grants', () => {
    const raw = rawSnapshot('leaky');
    expect(toSnapshot(raw, policy(['roles/compute.storageAdmin', ['allUsers']]), ctx).sharing).toEqual([{ kind: 'public', principal: 'allUsers', role: 'roles/compute.storageAdmin' }]);
    expect(toSnapshot(raw, unknownValue('getIamPolicy timed out'), ctx).sharing).toStrictEqual({ unknown: true, reason: 'getIamPolicy timed out', confirmed: [] });
  });
});

describe('toImage', () => {
  const base: GcpImage = {
    kind: 'compute#image',
    id: '2208736451390017364',
    name: 'web-golden-v3',
    selfLink: `${API}/projects/${PROJECT}/global/images/web-golden-v3`,
    creationTimestamp: '2024-02-01T10:00:00.000-08:00',
    status: 'READY',
    family: 'web-golden',
    diskSizeGb: '10',
    archiveSizeBytes: '2147483648',
    storageLocations: ['eu'],
    labels: { release: 'v3' },
    licenses: [],
    licenseCodes: [],
    guestOsFeatures: [],
  };

  it('maps an image made from a snapshot, which backs it', () => {
    const raw: GcpImage = { ...base, sourceSnapshot: `${API}/projects/${PROJECT}/global/snapshots/web-base`, sourceSnapshotId: '77110022' };
    const expected: Image = {
      kind: 'image',
      provider: 'gcp',
      account: PROJECT,
      region: 'eu',
      type: 'compute.googleapis.com/Image',
      id: `projects/${PROJECT}/global/images/web-golden-v3`,
      name: 'web-golden-v3',
      tags: { release: 'v3' },
      createdAt: '2024-02-01T18:00:00.000Z',
      state: 'READY',
      owner: PROJECT,
      backingSnapshots: [`projects/${PROJECT}/global/snapshots/web-base`],
      encryption: { encrypted: true, keyKind: 'platform' },
      sharing: [],
    };
    expect(toImage(raw, EMPTY_POLICY, ctx)).toStrictEqual(expected);
  });

  it('an image made from a disk is backed by that disk', () => {
    const raw: GcpImage = { ...base, sourceDisk: `${API}/projects/${PROJECT}/zones/europe-west4-a/disks/web-1`, sourceDiskId: '99' };
    expect(toImage(raw, EMPTY_POLICY, ctx).backingSnapshots).toEqual([`projects/${PROJECT}/zones/europe-west4-a/disks/web-1`]);
  });

  it('an image made from another image or a raw disk file has nothing of ours backing it', () => {
    expect(toImage({ ...base, sourceImage: `${API}/projects/debian-cloud/global/images/debian-12` }, EMPTY_POLICY, ctx).backingSnapshots).toEqual([]);
    expect(toImage({ ...base, rawDisk: { source: 'https://storage.googleapis.com/bucket/disk.tar.gz', containerType: 'TAR' } }, EMPTY_POLICY, ctx).backingSnapshots).toEqual([]);
  });

  it('no storage location is global', () => {
    expect(toImage({ ...base, storageLocations: [] }, EMPTY_POLICY, ctx).region).toBe('global');
  });

  it('carries the sharing its policy grants', () => {
    const shared = policy(['roles/compute.imageUser', [`serviceAccount:restore@${PARTNER}.iam.gserviceaccount.com`]]);
    expect(toImage(base, shared, ctx).sharing).toEqual([
      {
        kind: 'account',
        principal: `serviceAccount:restore@${PARTNER}.iam.gserviceaccount.com`,
        trust: 'trusted',
        trustNote: `trusted in config: ${PARTNER_ENTRY.name} (${PARTNER_ENTRY.reason})`,
        role: 'roles/compute.imageUser',
      },
    ]);
  });
});

describe('toMachineImage', () => {
  it('maps a machine image, backed by the instance it was taken from', () => {
    const raw: GcpMachineImage = {
      kind: 'compute#machineImage',
      id: '6620031877234410012',
      name: 'web-1-before-upgrade',
      selfLink: `${API}/projects/${PROJECT}/global/machineImages/web-1-before-upgrade`,
      creationTimestamp: '2024-05-06T07:08:09.000Z',
      status: 'READY',
      sourceInstance: `${API}/projects/${PROJECT}/zones/us-central1-a/instances/web-1`,
      storageLocations: ['us-central1'],
      machineImageEncryptionKey: { sha256: 'q1w2e3=' },
      totalStorageBytes: '21474836480',
      labels: {},
      savedDisks: [],
      sourceDiskEncryptionKeys: [],
    };
    const expected: Image = {
      kind: 'image',
      provider: 'gcp',
      account: PROJECT,
      region: 'us-central1',
      type: 'compute.googleapis.com/MachineImage',
      id: `projects/${PROJECT}/global/machineImages/web-1-before-upgrade`,
      name: 'web-1-before-upgrade',
      tags: {},
      createdAt: '2024-05-06T07:08:09.000Z',
      state: 'READY',
      owner: PROJECT,
      backingSnapshots: [`projects/${PROJECT}/zones/us-central1-a/instances/web-1`],
      encryption: { encrypted: true, keyKind: 'customer', keyId: 'customer-supplied key' },
      sharing: [{ kind: 'public', principal: 'allAuthenticatedUsers', role: 'roles/compute.admin' }],
    };
    expect(toMachineImage(raw, policy(['roles/compute.admin', ['allAuthenticatedUsers']]), ctx)).toStrictEqual(expected);
  });

  it('a machine image whose instance is not named has no backing', () => {
    expect(toMachineImage({ name: 'orphan', storageLocations: [], labels: {} }, EMPTY_POLICY, ctx)).toMatchObject({ backingSnapshots: [], region: 'global' });
  });
});

const INSTANCE_URL = `${API}/projects/${PROJECT}/zones/us-central1-a/instances/web-1`;
const DEBIAN_IMAGE = `${API}/projects/debian-cloud/global/images/debian-12-bookworm-v20240110`;

/** The fields `disks.list` fills on every disk; `overrides` sets the rest. */
function rawDisk(name: string, overrides: GcpDisk = {}): GcpDisk {
  return {
    kind: 'compute#disk',
    id: '3306471921112312345',
    name,
    selfLink: `${API}/projects/${PROJECT}/zones/us-central1-a/disks/${name}`,
    zone: `${API}/projects/${PROJECT}/zones/us-central1-a`,
    creationTimestamp: '2024-01-10T12:00:00.000-08:00',
    status: 'READY',
    sizeGb: '50',
    type: `${API}/projects/${PROJECT}/zones/us-central1-a/diskTypes/pd-balanced`,
    physicalBlockSizeBytes: '4096',
    labels: {},
    users: [],
    licenses: [],
    licenseCodes: [],
    guestOsFeatures: [],
    replicaZones: [],
    resourcePolicies: [],
    ...overrides,
  };
}

describe('toDisk', () => {
  it('maps a zonal disk restored from a snapshot to the model', () => {
    const raw = rawDisk('db-1-restored', {
      sourceSnapshot: `${API}/projects/${SIBLING}/global/snapshots/db-nightly`,
      sourceSnapshotId: '5316409815412178421',
      users: [INSTANCE_URL],
      labels: { role: 'db' },
    });
    const expected: Disk = {
      kind: 'disk',
      provider: 'gcp',
      account: PROJECT,
      region: 'us-central1',
      type: 'compute.googleapis.com/Disk',
      id: `projects/${PROJECT}/zones/us-central1-a/disks/db-1-restored`,
      name: 'db-1-restored',
      tags: { role: 'db' },
      createdAt: '2024-01-10T20:00:00.000Z',
      state: 'READY',
      sizeGiB: 50,
      encryption: { encrypted: true, keyKind: 'platform' },
      sourceSnapshot: `projects/${SIBLING}/global/snapshots/db-nightly`,
      attachedTo: [`projects/${PROJECT}/zones/us-central1-a/instances/web-1`],
      sharing: [],
    };
    expect(toDisk(raw, EMPTY_POLICY, ctx)).toStrictEqual(expected);
  });

  it('a regional disk lives in its region and lists every instance using it', () => {
    const raw = rawDisk('shared-data', {
      selfLink: `${API}/projects/${PROJECT}/regions/europe-west4/disks/shared-data`,
      zone: undefined,
      region: `${API}/projects/${PROJECT}/regions/europe-west4`,
      replicaZones: [`${API}/projects/${PROJECT}/zones/europe-west4-a`, `${API}/projects/${PROJECT}/zones/europe-west4-b`],
      users: [`${API}/projects/${PROJECT}/zones/europe-west4-a/instances/app-1`, `${API}/projects/${PROJECT}/zones/europe-west4-b/instances/app-2`],
    });
    const disk = toDisk(raw, EMPTY_POLICY, ctx);
    expect(disk.region).toBe('europe-west4');
    expect(disk.id).toBe(`projects/${PROJECT}/regions/europe-west4/disks/shared-data`);
    expect(disk.attachedTo).toEqual([`projects/${PROJECT}/zones/europe-west4-a/instances/app-1`, `projects/${PROJECT}/zones/europe-west4-b/instances/app-2`]);
  });

  it('a disk from an image names the image and no snapshot', () => {
    const disk = toDisk(rawDisk('web-1', { sourceImage: DEBIAN_IMAGE, sourceImageId: '1234' }), EMPTY_POLICY, ctx);
    expect(disk.sourceImage).toBe('projects/debian-cloud/global/images/debian-12-bookworm-v20240110');
    expect(disk).not.toHaveProperty('sourceSnapshot');
  });

  it('a blank, unattached disk has neither source and no users', () => {
    const disk = toDisk(rawDisk('scratch'), EMPTY_POLICY, ctx);
    expect(disk).not.toHaveProperty('sourceSnapshot');
    expect(disk).not.toHaveProperty('sourceImage');
    expect(disk.attachedTo).toEqual([]);
  });

  it('carries the sharing its policy grants, or unknown when it could not be read', () => {
    const raw = rawDisk('db-1');
    expect(toDisk(raw, policy(['roles/compute.storageAdmin', ['user:mallory@gmail.com']]), ctx).sharing).toEqual([
      { kind: 'account', principal: 'user:mallory@gmail.com', trust: 'external', trustNote: EXTERNAL_NOTE, role: 'roles/compute.storageAdmin' },
    ]);
    expect(toDisk(raw, unknownValue('compute.disks.getIamPolicy denied'), ctx).sharing).toStrictEqual({ unknown: true, reason: 'compute.disks.getIamPolicy denied', confirmed: [] });
  });
});

describe('diskOrigin', () => {
  it('a disk missing from the listing has an unknown origin', () => {
    expect(diskOrigin(undefined, ctx)).toStrictEqual(unknownValue('the disk was not in the disk listing'));
  });

  it.each([
    [`${API}/projects/${PROJECT}/global/snapshots/db-nightly`, 'own'],
    [`${API}/projects/${SIBLING}/global/snapshots/db-nightly`, 'own'],
    [`${API}/projects/${STRANGER}/global/snapshots/db-nightly`, 'foreign'],
    [`${API}/projects/${PARTNER}/regions/europe-west4/snapshots/dr-copy`, 'foreign'],
  ])('restored from %s: a snapshot of %s', (sourceSnapshot, owner) => {
    expect(diskOrigin(rawDisk('restored', { sourceSnapshot }), ctx)).toStrictEqual({ kind: 'snapshot', snapshotId: resourcePath(sourceSnapshot), snapshotOwner: owner });
  });

  it('created from an image: the image is what it was restored from', () => {
    const image = 'projects/debian-cloud/global/images/debian-12-bookworm-v20240110';
    expect(diskOrigin(rawDisk('boot', { sourceImage: DEBIAN_IMAGE }), ctx)).toStrictEqual({ kind: 'image', imageId: image, snapshotId: image, imageOwner: 'vendor' });
  });

  it("created from another project's image: foreign; from a scanned project's: own", () => {
    const foreign = 'projects/stranger-tools/global/images/kit';
    expect(diskOrigin(rawDisk('kit', { sourceImage: `https://www.googleapis.com/compute/v1/${foreign}` }), ctx)).toStrictEqual({ kind: 'image', imageId: foreign, snapshotId: foreign, imageOwner: 'foreign' });
    const own = `projects/${PROJECT}/global/images/golden`;
    expect(diskOrigin(rawDisk('golden', { sourceImage: own }), ctx)).toMatchObject({ imageOwner: 'own' });
  });

  it('neither snapshot nor image: blank', () => {
    expect(diskOrigin(rawDisk('scratch'), ctx)).toStrictEqual({ kind: 'blank' });
  });
});

describe('toInstance', () => {
  const BOOT_PATH = `projects/${PROJECT}/zones/us-central1-a/disks/web-1`;
  const DATA_PATH = `projects/${PROJECT}/zones/us-central1-a/disks/web-1-data`;
  const ADDRESS = '34.122.81.17';
  const SSH: IngressPath = {
    protocol: 'tcp',
    ports: { from: 22, to: 22 },
    source: '0.0.0.0/0',
    address: ADDRESS,
    via: [{ kind: 'firewall', id: `projects/${PROJECT}/global/firewalls/default-allow-ssh`, name: 'default-allow-ssh', protocol: 'tcp', ports: { from: 22, to: 22 }, source: '0.0.0.0/0', order: 65534 }],
  };

  function attached(source: string, deviceName: string, boot: boolean): AttachedDisk {
    return { kind: 'compute#attachedDisk', type: 'PERSISTENT', mode: 'READ_WRITE', source: `${API}/${source}`, deviceName, boot, autoDelete: boot, licenses: [], guestOsFeatures: [] };
  }

  function rawInstance(overrides: GcpInstance = {}): GcpInstance {
    return {
      kind: 'compute#instance',
      id: '4471923380017762211',
      name: 'web-1',
      selfLink: INSTANCE_URL,
      zone: `${API}/projects/${PROJECT}/zones/us-central1-a`,
      creationTimestamp: '2024-01-10T12:01:00.000-08:00',
      status: 'RUNNING',
      machineType: `${API}/projects/${PROJECT}/zones/us-central1-a/machineTypes/e2-medium`,
      disks: [attached(BOOT_PATH, 'persistent-disk-0', true), attached(DATA_PATH, 'data', false)],
      labels: { tier: 'web' },
      networkInterfaces: [],
      serviceAccounts: [],
      guestAccelerators: [],
      resourcePolicies: [],
      ...overrides,
    };
  }

  function listing(bootImage: string | undefined, dataSnapshot?: string): Map<string, GcpDisk> {
    return new Map([
      [BOOT_PATH, rawDisk('web-1', bootImage ? { sourceImage: bootImage, users: [INSTANCE_URL] } : { users: [INSTANCE_URL] })],
      [DATA_PATH, rawDisk('web-1-data', dataSnapshot ? { sourceSnapshot: dataSnapshot, users: [INSTANCE_URL] } : { users: [INSTANCE_URL] })],
    ]);
  }

  it('maps a running instance booted from a vendor image with a data disk from a foreign snapshot', () => {
    const foreignSnapshot = `${API}/projects/${STRANGER}/global/snapshots/customer-db`;
    const expected: Instance = {
      kind: 'instance',
      provider: 'gcp',
      account: PROJECT,
      region: 'us-central1',
      type: 'compute.googleapis.com/Instance',
      id: `projects/${PROJECT}/zones/us-central1-a/instances/web-1`,
      name: 'web-1',
      tags: { tier: 'web' },
      createdAt: '2024-01-10T20:01:00.000Z',
      state: 'running',
      image: { id: 'projects/debian-cloud/global/images/debian-12-bookworm-v20240110', owner: 'debian-cloud', ownership: 'vendor' },
      disks: [
        {
          id: BOOT_PATH,
          device: 'persistent-disk-0',
          boot: true,
          origin: { kind: 'image', imageId: 'projects/debian-cloud/global/images/debian-12-bookworm-v20240110', snapshotId: 'projects/debian-cloud/global/images/debian-12-bookworm-v20240110', imageOwner: 'vendor' },
        },
        { id: DATA_PATH, device: 'data', boot: false, origin: { kind: 'snapshot', snapshotId: `projects/${STRANGER}/global/snapshots/customer-db`, snapshotOwner: 'foreign' } },
      ],
      publicAddresses: [ADDRESS],
      internetIngress: [SSH],
    };
    expect(toInstance(rawInstance(), listing(DEBIAN_IMAGE, foreignSnapshot), [ADDRESS], [SSH], ctx)).toStrictEqual(expected);
  });

  it.each([
    ['RUNNING', 'running'],
    ['TERMINATED', 'stopped'],
    ['STOPPING', 'stopping'],
    ['SUSPENDED', 'suspended'],
    ['PROVISIONING', 'provisioning'],
  ])('status %s → state %s', (status, state) => {
    expect(toInstance(rawInstance({ status }), listing(DEBIAN_IMAGE), [], [], ctx).state).toBe(state);
  });

  it('no status is an unknown state', () => {
    expect(toInstance(rawInstance({ status: undefined }), listing(DEBIAN_IMAGE), [], [], ctx).state).toBe('unknown');
  });

  it.each([
    [`${API}/projects/${PROJECT}/global/images/web-golden-v3`, PROJECT, 'own'],
    [`${API}/projects/${SIBLING}/global/images/base-hardened`, SIBLING, 'own'],
    [DEBIAN_IMAGE, 'debian-cloud', 'vendor'],
    [`${API}/projects/ubuntu-os-cloud/global/images/ubuntu-2204-jammy-v20240319`, 'ubuntu-os-cloud', 'vendor'],
    [`${API}/projects/${STRANGER}/global/images/free-crypto-miner`, STRANGER, 'foreign'],
  ])('boots from %s: owned by %s, %s', (sourceImage, owner, ownership) => {
    expect(toInstance(rawInstance(), listing(sourceImage), [], [], ctx).image).toStrictEqual({ id: resourcePath(sourceImage), owner, ownership });
  });

  it('a boot disk restored from a snapshot has no image', () => {
    const snapshot = `${API}/projects/${PROJECT}/global/snapshots/web-1-good`;
    const disks = new Map([[BOOT_PATH, rawDisk('web-1', { sourceSnapshot: snapshot })]]);
    const instance = toInstance(rawInstance({ disks: [attached(BOOT_PATH, 'persistent-disk-0', true)] }), disks, [], [], ctx);
    expect(instance).not.toHaveProperty('image');
    expect(instance.disks).toStrictEqual([{ id: BOOT_PATH, device: 'persistent-disk-0', boot: true, origin: { kind: 'snapshot', snapshotId: `projects/${PROJECT}/global/snapshots/web-1-good`, snapshotOwner: 'own' } }]);
  });

  it('a disk missing from the listing keeps its place with an unknown origin', () => {
    const instance = toInstance(rawInstance(), new Map(), [], [], ctx);
    expect(instance.disks).toStrictEqual([
      { id: BOOT_PATH, device: 'persistent-disk-0', boot: true, origin: unknownValue('the disk was not in the disk listing') },
      { id: DATA_PATH, device: 'data', boot: false, origin: unknownValue('the disk was not in the disk listing') },
    ]);
    expect(instance).not.toHaveProperty('image');
  });

  it('skips an attached disk with no source (a local SSD) and defaults boot to false', () => {
    const disks: AttachedDisk[] = [
      { kind: 'compute#attachedDisk', type: 'SCRATCH', interface: 'NVME', deviceName: 'local-ssd-0', licenses: [], guestOsFeatures: [] },
      { kind: 'compute#attachedDisk', source: `${API}/${DATA_PATH}`, licenses: [], guestOsFeatures: [] },
    ];
    expect(toInstance(rawInstance({ disks }), listing(DEBIAN_IMAGE), [], [], ctx).disks).toStrictEqual([{ id: DATA_PATH, boot: false, origin: { kind: 'blank' } }]);
  });

  it('passes addresses and ingress through, including ingress that could not be worked out', () => {
    const addresses = [ADDRESS, '2600:1900:4000:9a3f:0:1::'];
    const ingress = unknownValue('compute.firewalls.list denied');
    const instance = toInstance(rawInstance(), listing(DEBIAN_IMAGE), addresses, ingress, ctx);
    expect(instance.publicAddresses).toEqual([ADDRESS, '2600:1900:4000:9a3f:0:1::']);
    expect(instance.publicAddresses).not.toBe(addresses);
    expect(instance.internetIngress).toStrictEqual({ unknown: true, reason: 'compute.firewalls.list denied' });
  });

  it('an instance without a public address has none and no ingress', () => {
    const instance = toInstance(rawInstance(), listing(DEBIAN_IMAGE), [], [], ctx);
    expect(instance.publicAddresses).toEqual([]);
    expect(instance.internetIngress).toEqual([]);
  });
});
