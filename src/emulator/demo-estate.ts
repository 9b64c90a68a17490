// The built-in sample estate behind `snapaudit demo`: a small AWS organization (the management
// account with EC2 across three regions, two member accounts with databases and backups, and one
// member whose audit role is missing) holding the exposures snapaudit exists to find, next to
// healthy resources that must stay quiet.
import { DEMO_AWS_EVENTS } from './demo-aws-events.js';
import { DEMO_AZURE_ESTATE } from './demo-azure.js';
import { DEMO_GCP_DOMAIN, DEMO_GCP_ESTATE } from './demo-gcp.js';
import { DEMO_MEMBER_ACCOUNTS, DEMO_ORGANIZATION_ESTATE } from './demo-organization.js';
import {
  AWS_POLICY,
  daysAgo,
  DEMO_ACCOUNT,
  DEMO_FOREIGN_ACCOUNT,
  DEMO_TRUSTED_ACCOUNT,
  defaultAcl,
  healthySnapshots,
  STRONG_PASSWORD_POLICY,
  trustPolicy,
  type IamInput,
  type TrailInput,
} from './demo-parts.js';
import type { EstateInput } from './estate.js';

export { DEMO_ACCOUNT, DEMO_FOREIGN_ACCOUNT, DEMO_NOW, DEMO_TRUSTED_ACCOUNT } from './demo-parts.js';
export { DEMO_AWS_CHAIN } from './demo-aws-events.js';
export { DEMO_AZURE_PRINCIPAL, DEMO_SUBSCRIPTION, DEMO_TENANT } from './demo-azure.js';
export { DEMO_GCP_DOMAIN, DEMO_GCP_TOKEN, DEMO_PROJECT, DEMO_PROJECT_NUMBER } from './demo-gcp.js';
export {
  DEMO_ANALYTICS_ACCOUNT,
  DEMO_AUDIT_ROLE,
  DEMO_DATA_ACCOUNT,
  DEMO_DENY_SHARING_SCP,
  DEMO_LEGACY_ACCOUNT,
  DEMO_ORGANIZATION,
  DEMO_PRODUCTION_OU,
} from './demo-organization.js';

const STRANGER_AMI_OWNER = '777766665555';
const AMAZON_OWNER = '137112412989';

/** Credentials for the emulator only; they open nothing anywhere else. */
export const DEMO_CREDENTIALS = { accessKeyId: 'AKIADEMO00000000SNAP', secretAccessKey: 'demo-secret-for-the-local-emulator-only' } as const;

export const DEMO_CONFIG = {
  trustedAccounts: [{ provider: 'aws', id: DEMO_TRUSTED_ACCOUNT, name: 'DR account', reason: 'receives nightly disaster-recovery copies' }],
  gcp: { internalDomains: [DEMO_GCP_DOMAIN] },
};

const amazonLinux = {
  id: 'ami-0a1b2c3d4e5f60001',
  name: 'al2023-ami-2023.6.20261101.0-kernel-6.1-x86_64',
  ownerId: AMAZON_OWNER,
  ownerAlias: 'amazon',
  launchPermissions: [{ group: 'all' as const }],
  blockDeviceMappings: [{ deviceName: '/dev/xvda', snapshotId: 'snap-0aaa000000000a001', volumeSize: 8 }],
};

/** Snapshot sharing and copying on `*`, without conditions. */
const SNAPSHOT_COPY_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'CopyBackupsToDr', Effect: 'Allow', Action: ['ec2:ModifySnapshotAttribute', 'ec2:CopySnapshot'], Resource: '*' }],
};

/**
 * The management account's identities: root with MFA and a sound password policy; an admin role
 * the DR partner's automation assumes; a backup robot idle for 150 days that may still share and
 * copy any snapshot; a developer with a console password, no MFA and PowerUserAccess; an operators'
 * role that may share snapshots only with MFA (its policy's older version, not the default, was
 * `ec2:*`); a read-only analyst with MFA; and the audit role itself.
 */
const managementIdentities: IamInput = {
  root: { mfa: true, passwordLastUsed: daysAgo(45), created: '2019-03-14T09:00:00.000Z' },
  passwordPolicy: STRONG_PASSWORD_POLICY,
  users: [
    {
      name: 'legacy-backup-bot',
      created: daysAgo(1100),
      inlinePolicies: [{ name: 'snapshot-copy', document: SNAPSHOT_COPY_POLICY }],
      accessKeys: [{ created: daysAgo(1100), lastUsed: { date: daysAgo(150), region: 'us-east-1', service: 'ec2' } }],
      tags: { owner: 'former-backup-team' },
    },
    {
      name: 'jdoe',
      created: daysAgo(420),
      groups: ['developers'],
      password: { lastUsed: daysAgo(2), lastChanged: daysAgo(70) },
      mfa: false,
      tags: { team: 'web' },
    },
    {
      name: 'alice.analyst',
      created: daysAgo(800),
      groups: ['security-readers'],
      password: { lastUsed: daysAgo(1), lastChanged: daysAgo(35) },
      mfa: true,
    },
  ],
  groups: [
    { name: 'developers', managedPolicies: [AWS_POLICY.powerUserAccess] },
    { name: 'security-readers', managedPolicies: [AWS_POLICY.readOnlyAccess] },
  ],
  roles: [
    {
      name: 'CrossAccountAdmin',
      description: 'disaster-recovery automation from the DR account',
      created: daysAgo(600),
      trustPolicy: trustPolicy(`arn:aws:iam::${DEMO_TRUSTED_ACCOUNT}:role/DrAutomation`),
      managedPolicies: [AWS_POLICY.administratorAccess],
      lastUsed: { date: daysAgo(3), region: 'us-east-1' },
    },
    {
      name: 'SnapshotOperators',
      created: daysAgo(500),
      trustPolicy: trustPolicy(`arn:aws:iam::${DEMO_ACCOUNT}:root`, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
      managedPolicies: [`arn:aws:iam::${DEMO_ACCOUNT}:policy/snapshot-operations`],
      lastUsed: { date: daysAgo(2), region: 'eu-west-1' },
    },
    {
      name: 'SnapauditAudit',
      description: 'read-only audit',
      created: daysAgo(30),
      trustPolicy: trustPolicy(`arn:aws:iam::${DEMO_ACCOUNT}:root`),
      managedPolicies: [AWS_POLICY.readOnlyAccess],
      lastUsed: { date: daysAgo(0), region: 'us-east-1' },
    },
  ],
  policies: [
    {
      name: 'snapshot-operations',
      description: 'snapshot create, copy and share, with MFA only',
      created: daysAgo(500),
      updated: daysAgo(90),
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'SnapshotOpsWithMfa',
            Effect: 'Allow',
            Action: ['ec2:CreateSnapshot', 'ec2:CopySnapshot', 'ec2:ModifySnapshotAttribute'],
            Resource: '*',
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
          },
        ],
      },
      previousVersions: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] }],
    },
  ],
};

/**
 * A multi-region trail logging management writes and EBS direct-API reads of snapshot blocks, and
 * an organization trail that members see in every region but that logs only S3 object reads and
 * writes: it covers no management event, so it must not count as their audit trail.
 */
const managementTrails: TrailInput[] = [
  {
    name: 'acme-management-events',
    homeRegion: 'us-east-1',
    multiRegion: true,
    s3BucketName: 'acme-cloudtrail-logs',
    logFileValidation: true,
    kmsKeyId: `arn:aws:kms:us-east-1:${DEMO_ACCOUNT}:key/7e57ca11-0000-4000-8000-00000000c7a1`,
    startLoggingTime: daysAgo(700),
    advancedEventSelectors: [
      { name: 'Management writes', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, { field: 'readOnly', equals: ['false'] }] },
      { name: 'EBS direct APIs on snapshots', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::EC2::Snapshot'] }] },
    ],
  },
  {
    name: 'acme-org-s3-data',
    homeRegion: 'us-east-1',
    multiRegion: true,
    organizationTrail: true,
    s3BucketName: 'acme-org-data-events',
    startLoggingTime: daysAgo(365),
    eventSelectors: [{ readWriteType: 'All', includeManagementEvents: false, dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::acme-customer-exports/'] }] }],
  },
];

export const DEMO_ESTATE: EstateInput = {
  description: 'snapaudit demo: a small AWS organization and an Azure subscription, with the usual snapshot, database, backup and export-link exposures',
  aws: {
    accounts: [
      {
        id: DEMO_ACCOUNT,
        alias: 'acme-management',
        callerArn: `arn:aws:iam::${DEMO_ACCOUNT}:role/SnapauditAudit`,
        accessKeyIds: [DEMO_CREDENTIALS.accessKeyId],
        disabledRegions: ['me-south-1', 'af-south-1'],
        iam: managementIdentities,
        trails: managementTrails,
        events: DEMO_AWS_EVENTS,
        regions: {
          'us-east-1': {
            snapshotBlockPublicAccess: 'unblocked',
            imageBlockPublicAccess: 'unblocked',
            ebsEncryptionByDefault: false,
            snapshots: [
              {
                id: 'snap-0c0ffee000000001a',
                volumeId: 'vol-0db000000000001',
                volumeSize: 500,
                encrypted: false,
                description: 'customers-db pre-migration dump',
                tags: { Name: 'customers-db-final', owner: 'dba' },
                createVolumePermissions: [{ group: 'all' }],
              },
              {
                id: 'snap-0c0ffee000000002b',
                volumeId: 'vol-0db000000000002',
                volumeSize: 200,
                encrypted: false,
                description: 'payments ledger for the auditors',
                tags: { Name: 'ledger-2026-q3' },
                createVolumePermissions: [{ userId: DEMO_FOREIGN_ACCOUNT }, { userId: DEMO_TRUSTED_ACCOUNT }],
              },
              {
                id: 'snap-0c0ffee000000003c',
                volumeId: 'vol-0db000000000003',
                volumeSize: 100,
                encrypted: true,
                kmsKeyId: `arn:aws:kms:us-east-1:${DEMO_ACCOUNT}:key/0f0f0f0f-1111-2222-3333-444455556666`,
                description: 'DR copy',
                tags: { Name: 'orders-db-dr' },
                createVolumePermissions: [{ userId: DEMO_TRUSTED_ACCOUNT }],
              },
              {
                id: 'snap-0c0ffee000000004d',
                volumeId: 'vol-0db000000000004',
                volumeSize: 30,
                encrypted: false,
                description: 'scratch',
                // Hostile tag: terminal escapes must not reach anyone's screen.
                tags: { Name: 'scratch\u001b[2J\u001b[31m-cleared-screen' },
              },
              ...healthySnapshots(1, 14),
            ],
            images: [
              {
                id: 'ami-0b0b0b0b0b0b00001',
                name: 'golden-web-2026-10',
                description: 'web tier golden image',
                blockDeviceMappings: [{ deviceName: '/dev/xvda', snapshotId: 'snap-0c0ffee0000000a1e', volumeSize: 16, encrypted: false }],
                launchPermissions: [{ group: 'all' }],
                tags: { team: 'web' },
              },
              {
                id: 'ami-0b0b0b0b0b0b00002',
                name: 'batch-worker-2026-09',
                blockDeviceMappings: [{ deviceName: '/dev/xvda', snapshotId: 'snap-0c0ffee0000000a2f', volumeSize: 16, encrypted: true }],
                launchPermissions: [{ userId: DEMO_FOREIGN_ACCOUNT }],
              },
              {
                id: 'ami-0b0b0b0b0b0b00003',
                name: 'internal-base-2026-08',
                blockDeviceMappings: [{ deviceName: '/dev/xvda', snapshotId: 'snap-0c0ffee0000000a30', volumeSize: 8, encrypted: true }],
              },
            ],
            volumes: [
              // Restored from the snapshot shared with a stranger, and mounted on a box with SSH open.
              { id: 'vol-0feed000000000001', snapshotId: 'snap-0c0ffee000000002b', size: 200, encrypted: false, attachments: [{ instanceId: 'i-0bad0000000000001', device: '/dev/sdf' }] },
              { id: 'vol-0feed000000000002', snapshotId: amazonLinux.blockDeviceMappings[0]!.snapshotId, size: 8, encrypted: false, attachments: [{ instanceId: 'i-0bad0000000000001', device: '/dev/xvda' }] },
              { id: 'vol-0feed000000000003', snapshotId: amazonLinux.blockDeviceMappings[0]!.snapshotId, size: 8, encrypted: true, attachments: [{ instanceId: 'i-0000e0b0000000001', device: '/dev/xvda' }] },
              { id: 'vol-0feed000000000004', snapshotId: 'snap-0c0ffee0000000a1e', size: 16, encrypted: false, attachments: [{ instanceId: 'i-0000e0b0000000002', device: '/dev/xvda' }] },
              { id: 'vol-0feed000000000005', snapshotId: '', size: 100, encrypted: true, attachments: [{ instanceId: 'i-0000e0b0000000002', device: '/dev/sdb' }] },
            ],
            instances: [
              {
                id: 'i-0bad0000000000001',
                imageId: amazonLinux.id,
                tags: { Name: 'forensics-tmp' },
                blockDevices: [
                  { deviceName: '/dev/xvda', volumeId: 'vol-0feed000000000002' },
                  { deviceName: '/dev/sdf', volumeId: 'vol-0feed000000000001' },
                ],
                networkInterfaces: [{ id: 'eni-0bad00000000001', subnetId: 'subnet-0pub0001', privateIp: '10.0.1.15', publicIp: '203.0.113.15', securityGroupIds: ['sg-00e2200000000001'] }],
              },
              {
                // An ordinary web server from Amazon Linux with HTTPS open: no finding.
                id: 'i-0000e0b0000000001',
                imageId: amazonLinux.id,
                tags: { Name: 'web-1' },
                blockDevices: [{ deviceName: '/dev/xvda', volumeId: 'vol-0feed000000000003' }],
                networkInterfaces: [{ id: 'eni-0000e0b00000001', subnetId: 'subnet-0pub0001', privateIp: '10.0.1.20', publicIp: '203.0.113.20', securityGroupIds: ['sg-0e0b443000000001'] }],
              },
              {
                // Launched from our own golden image, private subnet only: no instance finding.
                id: 'i-0000e0b0000000002',
                imageId: 'ami-0b0b0b0b0b0b00001',
                tags: { Name: 'web-2' },
                blockDevices: [
                  { deviceName: '/dev/xvda', volumeId: 'vol-0feed000000000004' },
                  { deviceName: '/dev/sdb', volumeId: 'vol-0feed000000000005' },
                ],
                networkInterfaces: [{ id: 'eni-0000e0b00000002', subnetId: 'subnet-0prv0001', privateIp: '10.0.2.20', securityGroupIds: ['sg-0e0b443000000001'] }],
              },
            ],
            securityGroups: [
              {
                id: 'sg-00e2200000000001',
                name: 'temp-ssh-anywhere',
                description: 'opened for a quick look',
                ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'], description: 'ssh from anywhere' }],
              },
              {
                id: 'sg-0e0b443000000001',
                name: 'web',
                ingress: [
                  { protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: ['0.0.0.0/0'], ipv6Cidrs: ['::/0'] },
                  { protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['10.0.0.0/8'] },
                ],
              },
            ],
            networkAcls: [defaultAcl('acl-0def000000000001', ['subnet-0pub0001', 'subnet-0prv0001'])],
          },
          'eu-west-1': {
            // Block all sharing: the public snapshot here is inert, so it ranks lower.
            snapshotBlockPublicAccess: 'block-all-sharing',
            imageBlockPublicAccess: 'block-new-sharing',
            ebsEncryptionByDefault: true,
            snapshots: [
              {
                id: 'snap-0e0e0e0e0e0e0e0e1',
                volumeId: 'vol-0e10000000000001',
                volumeSize: 50,
                encrypted: false,
                description: 'old analytics extract',
                tags: { Name: 'analytics-2024' },
                createVolumePermissions: [{ group: 'all' }],
              },
              ...healthySnapshots(2, 15),
            ],
            volumes: [
              { id: 'vol-0e10000000000010', snapshotId: 'snap-0e0e0e0e0e0e0e0e1', size: 50, encrypted: false, attachments: [{ instanceId: 'i-0e0000000000000a1', device: '/dev/sdg' }] },
              { id: 'vol-0e10000000000011', snapshotId: 'snap-0e100000000bad01', size: 8, encrypted: true, attachments: [{ instanceId: 'i-0e0000000000000a1', device: '/dev/xvda' }] },
              { id: 'vol-0e10000000000012', snapshotId: 'snap-0e100000000bad02', size: 30, encrypted: true, attachments: [{ instanceId: 'i-0e0000000000000a2', device: '/dev/sda1' }] },
            ],
            instances: [
              {
                // A snapshot restored onto an instance with SSH allowed by its security group,
                // but the subnet's network ACL drops port 22 from the internet: not reachable.
                id: 'i-0e0000000000000a1',
                imageId: 'ami-0e100000000000001',
                tags: { Name: 'analytics-restore' },
                blockDevices: [
                  { deviceName: '/dev/xvda', volumeId: 'vol-0e10000000000011' },
                  { deviceName: '/dev/sdg', volumeId: 'vol-0e10000000000010' },
                ],
                networkInterfaces: [{ id: 'eni-0e1000000000001', subnetId: 'subnet-0e100001', publicIp: '198.51.100.7', securityGroupIds: ['sg-0e1022000000001'] }],
              },
              {
                // Booted from an AMI a stranger shared with us, with RDP open to the world.
                id: 'i-0e0000000000000a2',
                imageId: 'ami-0e100000000000002',
                tags: { Name: 'vendor-trial' },
                rootDeviceName: '/dev/sda1',
                blockDevices: [{ deviceName: '/dev/sda1', volumeId: 'vol-0e10000000000012' }],
                networkInterfaces: [{ id: 'eni-0e1000000000002', subnetId: 'subnet-0e100002', publicIp: '198.51.100.8', securityGroupIds: ['sg-0e103389000000001'] }],
              },
            ],
            securityGroups: [
              { id: 'sg-0e1022000000001', name: 'analytics-ssh', ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'] }] },
              { id: 'sg-0e103389000000001', name: 'trial-rdp', ingress: [{ protocol: 'tcp', fromPort: 3389, toPort: 3389, cidrs: ['0.0.0.0/0'] }] },
            ],
            networkAcls: [
              {
                id: 'acl-0e10000000000001',
                subnetIds: ['subnet-0e100001'],
                entries: [
                  { ruleNumber: 90, egress: false, protocol: '6', action: 'deny', cidr: '0.0.0.0/0', fromPort: 22, toPort: 22 },
                  { ruleNumber: 100, egress: false, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
                  { ruleNumber: 32767, egress: false, protocol: '-1', action: 'deny', cidr: '0.0.0.0/0' },
                ],
              },
              defaultAcl('acl-0e10000000000002', ['subnet-0e100002']),
            ],
          },
          'ap-southeast-2': {
            // Block new sharing only: the snapshot made public before it stays public.
            snapshotBlockPublicAccess: 'block-new-sharing',
            imageBlockPublicAccess: 'block-new-sharing',
            ebsEncryptionByDefault: true,
            snapshots: [
              {
                id: 'snap-0a0a0a0a0a0a0a0a1',
                volumeId: 'vol-0a90000000000001',
                volumeSize: 80,
                encrypted: false,
                description: 'marketing site export',
                tags: { Name: 'cms-export' },
                createVolumePermissions: [{ group: 'all' }],
              },
              ...healthySnapshots(3, 15),
            ],
          },
        },
      },
      ...DEMO_MEMBER_ACCOUNTS,
    ],
    organization: DEMO_ORGANIZATION_ESTATE,
    foreignImages: [
      { ...amazonLinux, region: 'us-east-1' },
      {
        id: 'ami-0e100000000000001',
        name: 'al2023-ami-2023.6.20261101.0-kernel-6.1-x86_64',
        ownerId: AMAZON_OWNER,
        ownerAlias: 'amazon',
        region: 'eu-west-1',
        launchPermissions: [{ group: 'all' }],
        blockDeviceMappings: [{ deviceName: '/dev/xvda', snapshotId: 'snap-0e100000000bad01', volumeSize: 8 }],
      },
      {
        id: 'ami-0e100000000000002',
        name: 'win2022-preinstalled-tools',
        ownerId: STRANGER_AMI_OWNER,
        region: 'eu-west-1',
        rootDeviceName: '/dev/sda1',
        launchPermissions: [{ userId: DEMO_ACCOUNT }],
        blockDeviceMappings: [{ deviceName: '/dev/sda1', snapshotId: 'snap-0e100000000bad02', volumeSize: 30 }],
      },
    ],
  },
  azure: DEMO_AZURE_ESTATE,
  gcp: DEMO_GCP_ESTATE,
};
