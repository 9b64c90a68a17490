// The built-in sample estate behind `snapaudit demo`: a small AWS organization (the management
// account with EC2 across three regions, two member accounts with databases and backups, and one
// member whose audit role is missing) holding the exposures snapaudit exists to find, next to
// healthy resources that must stay quiet.
import { DEMO_AZURE_ESTATE } from './demo-azure.js';
import { DEMO_GCP_DOMAIN, DEMO_GCP_ESTATE } from './demo-gcp.js';
import { DEMO_MEMBER_ACCOUNTS, DEMO_ORGANIZATION_ESTATE } from './demo-organization.js';
import { DEMO_ACCOUNT, DEMO_FOREIGN_ACCOUNT, DEMO_TRUSTED_ACCOUNT, defaultAcl, healthySnapshots } from './demo-parts.js';
import type { EstateInput } from './estate.js';

export { DEMO_ACCOUNT, DEMO_FOREIGN_ACCOUNT, DEMO_TRUSTED_ACCOUNT } from './demo-parts.js';
export { DEMO_AZURE_PRINCIPAL, DEMO_SUBSCRIPTION, DEMO_TENANT } from './demo-azure.js';
export { DEMO_GCP_DOMAIN, DEMO_GCP_TOKEN, DEMO_PROJECT, DEMO_PROJECT_NUMBER } from './demo-gcp.js';
export {
  DEMO_ANALYTICS_ACCOUNT,
  DEMO_AUDIT_ROLE,
  DEMO_DATA_ACCOUNT,
  DEMO_LEGACY_ACCOUNT,
  DEMO_ORGANIZATION,
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
