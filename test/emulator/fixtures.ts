// A small estate for the emulator tests, and SDK clients pointed at a running emulator.
import { BackupClient } from '@aws-sdk/client-backup';
import { EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { RDSClient } from '@aws-sdk/client-rds';
import { STSClient } from '@aws-sdk/client-sts';
import type { EstateInput } from '../../src/emulator/estate.js';
import type { RunningEmulator } from '../../src/emulator/index.js';

export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';
export const STRANGER = '333333333333';
export const AMAZON = '137112412989';
export const KEY_A = 'AKIAAAAAAAAAAAAAAAAA';
export const KEY_B = 'AKIABBBBBBBBBBBBBBBB';
export const UNKNOWN_KEY = 'AKIAZZZZZZZZZZZZZZZZ';
export const HOME = 'eu-west-1';
/** A region of account A holding many resources, for pagination. */
export const BULK = 'us-east-1';

export const ESC = '\u001b';
/** Hostile on purpose: markup, entities, quotes, an escape sequence, CR, an astral character. */
export const HOSTILE = `<script>alert("x")</script> & 'quoted' ${ESC}[31mred${ESC}[0m\r\n😀`;

const hex = (n: number): string => n.toString(16).padStart(8, '0');

export const BULK_COUNTS = { snapshots: 23, images: 8, volumes: 11, instances: 12, securityGroups: 7, networkAcls: 6 };

export function testEstate(): EstateInput {
  return {
    description: 'emulator test estate',
    aws: {
      accounts: [
        {
          id: ACCOUNT_A,
          alias: 'alpha',
          accessKeyIds: [KEY_A],
          disabledRegions: ['af-south-1'],
          regions: {
            [HOME]: {
              snapshotBlockPublicAccess: 'block-new-sharing',
              imageBlockPublicAccess: 'block-new-sharing',
              ebsEncryptionByDefault: true,
              snapshots: [
                { id: 'snap-0a01', volumeId: 'vol-0a01', volumeSize: 30, createVolumePermissions: [{ group: 'all' }], tags: { Name: 'public-root' } },
                { id: 'snap-0a02', createVolumePermissions: [{ userId: ACCOUNT_B }], description: 'shared with B' },
                {
                  id: 'snap-0a03',
                  encrypted: true,
                  kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/1234',
                  state: 'error',
                  storageTier: 'archive',
                  description: HOSTILE,
                  tags: { [HOSTILE]: HOSTILE, plain: 'value' },
                },
              ],
              images: [
                {
                  id: 'ami-0a01',
                  name: 'golden',
                  launchPermissions: [{ group: 'all' }],
                  blockDeviceMappings: [{ deviceName: '/dev/xvda', snapshotId: 'snap-0a01' }],
                  tags: { team: 'platform' },
                },
                {
                  id: 'ami-0a02',
                  name: 'shared',
                  launchPermissions: [
                    { userId: ACCOUNT_B },
                    { organizationArn: 'arn:aws:organizations::111111111111:organization/o-abc' },
                    { organizationalUnitArn: 'arn:aws:organizations::111111111111:ou/o-abc/ou-1' },
                  ],
                },
                { id: 'ami-0a03', name: 'disabled', state: 'disabled' },
              ],
              volumes: [
                { id: 'vol-0a01', snapshotId: 'snap-0a01', size: 30, encrypted: true, kmsKeyId: 'key-1', attachments: [{ instanceId: 'i-0a01', device: '/dev/xvda' }] },
                { id: 'vol-0a02', state: 'available', availabilityZone: 'eu-west-1b' },
              ],
              instances: [
                {
                  id: 'i-0a01',
                  imageId: 'ami-0a01',
                  instanceType: 'm5.large',
                  tags: { Name: 'web' },
                  blockDevices: [{ deviceName: '/dev/xvda', volumeId: 'vol-0a01' }],
                  networkInterfaces: [
                    { id: 'eni-0a01', subnetId: 'subnet-0a01', privateIp: '10.0.1.5', publicIp: '203.0.113.10', ipv6Addresses: ['2001:db8::5'], securityGroupIds: ['sg-0a01'] },
                    { id: 'eni-0a02', subnetId: 'subnet-0a02', privateIp: '10.0.2.5', securityGroupIds: ['sg-0a02', 'sg-0a01'] },
                  ],
                },
                { id: 'i-0a02', imageId: 'ami-0a02', state: 'stopped', networkInterfaces: [{ id: 'eni-0a03', subnetId: 'subnet-0a01' }] },
              ],
              securityGroups: [
                {
                  id: 'sg-0a01',
                  name: 'web',
                  description: 'web tier',
                  vpcId: 'vpc-0a01',
                  tags: { tier: 'web' },
                  ingress: [
                    { protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: ['0.0.0.0/0'], ipv6Cidrs: ['::/0'], description: 'https' },
                    { protocol: 'tcp', fromPort: 22, toPort: 22, groupIds: ['sg-0a02'], prefixListIds: ['pl-0a01'] },
                  ],
                },
                { id: 'sg-0a02', name: 'db', vpcId: 'vpc-0a02' },
              ],
              networkAcls: [
                {
                  id: 'acl-0a01',
                  vpcId: 'vpc-0a01',
                  isDefault: true,
                  subnetIds: ['subnet-0a01', 'subnet-0a02'],
                  entries: [
                    { ruleNumber: 100, protocol: '6', action: 'allow', cidr: '0.0.0.0/0', fromPort: 22, toPort: 22 },
                    { ruleNumber: 110, protocol: '-1', action: 'deny', ipv6Cidr: '::/0' },
                    { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
                  ],
                },
                { id: 'acl-0a02', vpcId: 'vpc-0a02', subnetIds: ['subnet-0b01'] },
              ],
            },
            [BULK]: {
              snapshots: Array.from({ length: BULK_COUNTS.snapshots }, (_, i) => ({
                id: `snap-${hex(0x1000 + i)}`,
                createVolumePermissions: i % 5 === 0 ? [{ group: 'all' as const }] : [],
              })),
              images: Array.from({ length: BULK_COUNTS.images }, (_, i) => ({ id: `ami-${hex(0x1000 + i)}`, name: `bulk-${i}` })),
              volumes: Array.from({ length: BULK_COUNTS.volumes }, (_, i) => ({ id: `vol-${hex(0x1000 + i)}` })),
              instances: Array.from({ length: BULK_COUNTS.instances }, (_, i) => ({ id: `i-${hex(0x1000 + i)}`, imageId: 'ami-00001000' })),
              securityGroups: Array.from({ length: BULK_COUNTS.securityGroups }, (_, i) => ({ id: `sg-${hex(0x1000 + i)}`, name: `bulk-${i}` })),
              networkAcls: Array.from({ length: BULK_COUNTS.networkAcls }, (_, i) => ({ id: `acl-${hex(0x1000 + i)}` })),
            },
          },
        },
        {
          id: ACCOUNT_B,
          accessKeyIds: [KEY_B],
          callerArn: `arn:aws:sts::${ACCOUNT_B}:assumed-role/SnapauditAudit/session-1`,
          regions: {
            [HOME]: {
              snapshots: [
                { id: 'snap-0b01', createVolumePermissions: [{ group: 'all' }] },
                { id: 'snap-0b02', createVolumePermissions: [{ userId: ACCOUNT_A }] },
                { id: 'snap-0b03' },
              ],
              images: [
                { id: 'ami-0b01', name: 'b-shared-with-a', launchPermissions: [{ userId: ACCOUNT_A }] },
                { id: 'ami-0b02', name: 'b-private' },
              ],
            },
          },
        },
      ],
      foreignImages: [
        { id: 'ami-0f01', name: 'al2023', ownerId: AMAZON, ownerAlias: 'amazon', region: HOME, launchPermissions: [{ group: 'all' }] },
        { id: 'ami-0f02', name: 'vendor-shared', ownerId: STRANGER, region: HOME, launchPermissions: [{ userId: ACCOUNT_A }] },
        { id: 'ami-0f03', name: 'vendor-private', ownerId: STRANGER, region: HOME },
        { id: 'ami-0f04', name: 'elsewhere', ownerId: AMAZON, ownerAlias: 'amazon', region: 'eu-central-1', launchPermissions: [{ group: 'all' }] },
      ],
    },
  };
}

/** Credentials as AssumeRole returns them. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

export interface ClientOptions {
  readonly accessKeyId?: string;
  /** Overrides accessKeyId. */
  readonly credentials?: TemporaryCredentials;
  readonly region?: string;
  readonly maxAttempts?: number;
  readonly requestTimeout?: number;
}

function config(emu: RunningEmulator, options: ClientOptions) {
  return {
    endpoint: emu.url,
    region: options.region ?? HOME,
    credentials: options.credentials ?? { accessKeyId: options.accessKeyId ?? KEY_A, secretAccessKey: 'test-secret-not-a-real-one' },
    maxAttempts: options.maxAttempts ?? 1,
    // Without throwOnRequestTimeout this SDK version only logs a warning when the timeout passes.
    ...(options.requestTimeout === undefined ? {} : { requestHandler: { requestTimeout: options.requestTimeout, throwOnRequestTimeout: true } }),
  };
}

export function ec2Client(emu: RunningEmulator, options: ClientOptions = {}): EC2Client {
  return new EC2Client(config(emu, options));
}

export function stsClient(emu: RunningEmulator, options: ClientOptions = {}): STSClient {
  return new STSClient(config(emu, options));
}

export function rdsClient(emu: RunningEmulator, options: ClientOptions = {}): RDSClient {
  return new RDSClient(config(emu, options));
}

export function backupClient(emu: RunningEmulator, options: ClientOptions = {}): BackupClient {
  return new BackupClient(config(emu, options));
}

export function organizationsClient(emu: RunningEmulator, options: ClientOptions = {}): OrganizationsClient {
  return new OrganizationsClient(config(emu, options));
}

/** The rejection of a promise, to assert on its name and metadata. */
export async function rejectionOf<E extends Error = Error & { $metadata?: { httpStatusCode?: number; attempts?: number }; $fault?: string }>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error as E;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the promise to reject');
}
