// The management account's CloudTrail event history in the demo: one complete chain, dated in
// the 72 hours before DEMO_NOW, around resources the demo shows exposed (the public snapshot
// snap-0c0ffee000000001a and the forensics box i-0bad0000000000001 behind sg-00e2200000000001,
// SSH open to the world), and routine events around it that must not read as a chain. Records are
// written as CloudTrail writes them (a `Records[]` item of a log file).
import { DEMO_ACCOUNT, DEMO_FOREIGN_ACCOUNT, DEMO_NOW } from './demo-parts.js';
import type { EstateInput } from './estate.js';

type EventInput = NonNullable<NonNullable<EstateInput['aws']>['accounts'][number]['events']>[number];

const REGION = 'us-east-1';

/** The chain's resources and principal, for tests and for the lead's wiring. */
export const DEMO_AWS_CHAIN = {
  /** Created through the cross-account admin role, then used for everything after. */
  userName: 'svc-backup-sync',
  userId: 'AIDAQX4SVCBACKUPSYNC1',
  accessKeyId: 'AKIAQX4SVCBACKUP0001',
  role: 'CrossAccountAdmin',
  sourceVolume: 'vol-0db000000000001',
  snapshot: 'snap-0c0ffee000000001a',
  volume: 'vol-0c0ffee5eed000001',
  instance: 'i-0bad0000000000001',
  securityGroup: 'sg-00e2200000000001',
  /** Every event name of the chain, in order. */
  eventNames: ['CreateUser', 'CreateAccessKey', 'CreateSnapshot', 'ModifySnapshotAttribute', 'CreateVolume', 'RunInstances', 'AuthorizeSecurityGroupIngress'],
} as const;

/** CloudTrail's time: whole seconds, `Z`. */
function hoursAgo(hours: number): string {
  return `${new Date(DEMO_NOW - Math.round(hours * 3_600_000)).toISOString().slice(0, 19)}Z`;
}

const epochMs = (hours: number): number => Math.floor((DEMO_NOW - Math.round(hours * 3_600_000)) / 1000) * 1000;

/** IAM's createDate in CloudTrail: `Nov 25, 2026 10:04:12 AM`. */
function iamDate(hours: number): string {
  const d = new Date(epochMs(hours));
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const h = d.getUTCHours();
  const clock = `${h % 12 === 0 ? 12 : h % 12}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
  return `${month} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${clock}`;
}

const ATTACKER_IP = '185.220.101.47';

const adminSession = (hours: number) => ({
  type: 'AssumedRole',
  principalId: 'AROAQX4CROSSACCTADMIN:dr-sync',
  arn: `arn:aws:sts::${DEMO_ACCOUNT}:assumed-role/${DEMO_AWS_CHAIN.role}/dr-sync`,
  accountId: DEMO_ACCOUNT,
  accessKeyId: 'ASIAQX4DRSYNC0000001',
  sessionContext: {
    sessionIssuer: { type: 'Role', principalId: 'AROAQX4CROSSACCTADMIN', arn: `arn:aws:iam::${DEMO_ACCOUNT}:role/${DEMO_AWS_CHAIN.role}`, accountId: DEMO_ACCOUNT, userName: DEMO_AWS_CHAIN.role },
    attributes: { creationDate: hoursAgo(hours + 0.2), mfaAuthenticated: 'false' },
  },
});

const newUser = {
  type: 'IAMUser',
  principalId: DEMO_AWS_CHAIN.userId,
  arn: `arn:aws:iam::${DEMO_ACCOUNT}:user/${DEMO_AWS_CHAIN.userName}`,
  accountId: DEMO_ACCOUNT,
  accessKeyId: DEMO_AWS_CHAIN.accessKeyId,
  userName: DEMO_AWS_CHAIN.userName,
};

interface Call {
  readonly id: string;
  readonly hours: number;
  readonly name: string;
  readonly source: string;
  readonly identity: Record<string, unknown>;
  readonly ip: string;
  readonly agent: string;
  readonly request: Record<string, unknown> | null;
  readonly response: Record<string, unknown> | null;
  readonly error?: { readonly code: string; readonly message: string };
  readonly requestId: string;
}

function record(call: Call): EventInput {
  return {
    eventVersion: '1.09',
    userIdentity: call.identity,
    eventTime: hoursAgo(call.hours),
    eventSource: call.source,
    eventName: call.name,
    awsRegion: REGION,
    sourceIPAddress: call.ip,
    userAgent: call.agent,
    ...(call.error ? { errorCode: call.error.code, errorMessage: call.error.message } : {}),
    requestParameters: call.request,
    responseElements: call.response,
    requestID: call.requestId,
    eventID: call.id,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: DEMO_ACCOUNT,
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: call.source === 'iam.amazonaws.com' ? 'iam.amazonaws.com' : `ec2.${REGION}.amazonaws.com` },
  };
}

const CLI = 'aws-cli/2.17.4 md/awscrt#0.20.11 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe';
const EC2 = 'ec2.amazonaws.com';

const chain: Call[] = [
  {
    id: '3f2b7c1e-5d4a-4e8b-9c1f-0a1b2c3d4e01',
    hours: 61,
    name: 'CreateUser',
    source: 'iam.amazonaws.com',
    identity: adminSession(61),
    ip: ATTACKER_IP,
    agent: CLI,
    request: { userName: DEMO_AWS_CHAIN.userName },
    response: { user: { path: '/', userName: DEMO_AWS_CHAIN.userName, userId: DEMO_AWS_CHAIN.userId, arn: newUser.arn, createDate: iamDate(61) } },
    requestId: '7a1c0e52-1f0d-4b7e-8c4e-2d9b1f6a0001',
  },
  {
    id: '3f2b7c1e-5d4a-4e8b-9c1f-0a1b2c3d4e02',
    hours: 60.95,
    name: 'CreateAccessKey',
    source: 'iam.amazonaws.com',
    identity: adminSession(60.95),
    ip: ATTACKER_IP,
    agent: CLI,
    request: { userName: DEMO_AWS_CHAIN.userName },
    // The secret is never logged.
    response: { accessKey: { userName: DEMO_AWS_CHAIN.userName, accessKeyId: DEMO_AWS_CHAIN.accessKeyId, status: 'Active', createDate: iamDate(60.95) } },
    requestId: '7a1c0e52-1f0d-4b7e-8c4e-2d9b1f6a0002',
  },
  {
    id: '3f2b7c1e-5d4a-4e8b-9c1f-0a1b2c3d4e03',
    hours: 58,
    name: 'CreateSnapshot',
    source: EC2,
    identity: newUser,
    ip: ATTACKER_IP,
    agent: CLI,
    request: { volumeId: DEMO_AWS_CHAIN.sourceVolume, description: 'customers-db pre-migration dump' },
    response: {
      requestId: 'c3a1f0de-0000-4c1d-9f00-00000000c003',
      snapshotId: DEMO_AWS_CHAIN.snapshot,
      volumeId: DEMO_AWS_CHAIN.sourceVolume,
      status: 'pending',
      startTime: epochMs(58),
      progress: '',
      ownerId: DEMO_ACCOUNT,
      volumeSize: 500,
      encrypted: false,
      description: 'customers-db pre-migration dump',
    },
    requestId: 'c3a1f0de-0000-4c1d-9f00-00000000c003',
  },
  {
    id: '3f2b7c1e-5d4a-4e8b-9c1f-0a1b2c3d4e04',
    hours: 57.5,
    name: 'ModifySnapshotAttribute',
    source: EC2,
    identity: newUser,
    ip: ATTACKER_IP,
    agent: CLI,
    request: { snapshotId: DEMO_AWS_CHAIN.snapshot, createVolumePermission: { add: { items: [{ group: 'all' }] } }, attributeType: 'CREATE_VOLUME_PERMISSION' },
    response: { requestId: 'c3a1f0de-0000-4c1d-9f00-00000000c004', _return: true },
    requestId: 'c3a1f0de-0000-4c1d-9f00-00000000c004',
  },
  {
    id: '3f2b7c1e-5d4a-4e8b-9c1f-0a1b2c3d4e05',
    hours: 57,
    name: 'CreateVolume',
    source: EC2,
    identity: newUser,
    ip: ATTACKER_IP,
    agent: CLI,
    request: { snapshotId: DEMO_AWS_CHAIN.snapshot, availabilityZone: 'us-east-1a', volumeType: 'gp3', encrypted: false },
    response: {
      requestId: 'c3a1f0de-0000-4c1d-9f00-00000000c005',
      volumeId: DEMO_AWS_CHAIN.volume,
      size: '500',
      snapshotId: DEMO_AWS_CHAIN.snapshot,
      availabilityZone: 'us-east-1a',
      status: 'creating',
      createTime: epochMs(57),
      volumeType: 'gp3',
      iops: 3000,
      encrypted: false,
      multiAttachEnabled: false,
      throughput: 125,
    },
    requestId: 'c3a1f0de-0000-4c1d-9f00-00000000c005',
  },
  {
    id: '3f2b7c1e-5d4a-4e8b-9c1f-0a1b2c3d4e06',
    hours: 56.6,
    name: 'RunInstances',
    source: EC2,
    identity: newUser,
    ip: ATTACKER_IP,
    agent: CLI,
    request: {
      instancesSet: { items: [{ imageId: 'ami-0a1b2c3d4e5f60001', minCount: 1, maxCount: 1 }] },
      instanceType: 't3.micro',
      blockDeviceMapping: { items: [{ deviceName: '/dev/sdf', ebs: { snapshotId: DEMO_AWS_CHAIN.snapshot, volumeSize: 500, deleteOnTermination: true } }] },
      networkInterfaceSet: { items: [{ deviceIndex: 0, subnetId: 'subnet-0pub0001', associatePublicIpAddress: true, groupSet: { items: [{ groupId: DEMO_AWS_CHAIN.securityGroup }] } }] },
      monitoring: { enabled: false },
      disableApiTermination: false,
      clientToken: 'a7d3c0f2-5b4e-4a1d-8e0c-0f1e2d3c4b5a',
    },
    response: {
      requestId: 'c3a1f0de-0000-4c1d-9f00-00000000c006',
      reservationId: 'r-0bad00000000000r1',
      ownerId: DEMO_ACCOUNT,
      groupSet: {},
      instancesSet: {
        items: [
          {
            instanceId: DEMO_AWS_CHAIN.instance,
            imageId: 'ami-0a1b2c3d4e5f60001',
            instanceState: { code: 0, name: 'pending' },
            privateIpAddress: '10.0.1.15',
            amiLaunchIndex: 0,
            instanceType: 't3.micro',
            launchTime: epochMs(56.6),
            placement: { availabilityZone: 'us-east-1a', tenancy: 'default' },
            subnetId: 'subnet-0pub0001',
            vpcId: 'vpc-0e1a5c0000000001',
            groupSet: { items: [{ groupId: DEMO_AWS_CHAIN.securityGroup, groupName: 'temp-ssh-anywhere' }] },
            rootDeviceType: 'ebs',
            rootDeviceName: '/dev/xvda',
            blockDeviceMapping: {},
            networkInterfaceSet: { items: [{ networkInterfaceId: 'eni-0bad00000000001', subnetId: 'subnet-0pub0001', privateIpAddress: '10.0.1.15' }] },
          },
        ],
      },
    },
    requestId: 'c3a1f0de-0000-4c1d-9f00-00000000c006',
  },
  {
    id: '3f2b7c1e-5d4a-4e8b-9c1f-0a1b2c3d4e07',
    hours: 56.5,
    name: 'AuthorizeSecurityGroupIngress',
    source: EC2,
    identity: newUser,
    ip: ATTACKER_IP,
    agent: CLI,
    request: {
      groupId: DEMO_AWS_CHAIN.securityGroup,
      ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, groups: {}, ipRanges: { items: [{ cidrIp: '0.0.0.0/0', description: 'ssh from anywhere' }] }, ipv6Ranges: {}, prefixListIds: {} }] },
    },
    response: {
      requestId: 'c3a1f0de-0000-4c1d-9f00-00000000c007',
      _return: true,
      securityGroupRuleSet: {
        items: [{ groupOwnerId: DEMO_ACCOUNT, groupId: DEMO_AWS_CHAIN.securityGroup, securityGroupRuleId: 'sgr-0bad0000000000022', isEgress: false, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0', description: 'ssh from anywhere' }],
      },
    },
    requestId: 'c3a1f0de-0000-4c1d-9f00-00000000c007',
  },
];

/** AWS Backup's own nightly snapshot, and an analyst's refused attempt to share a DR copy. */
const routine: Call[] = [
  {
    id: '8d0e4a6b-2c1f-4b3a-9e5d-7f6a5b4c3d01',
    hours: 22,
    name: 'CreateSnapshot',
    source: EC2,
    identity: {
      type: 'AssumedRole',
      principalId: 'AROAQX4AWSBACKUPSLR01:AWSBackup-AWSServiceRoleForBackup',
      arn: `arn:aws:sts::${DEMO_ACCOUNT}:assumed-role/AWSServiceRoleForBackup/AWSBackup-AWSServiceRoleForBackup`,
      accountId: DEMO_ACCOUNT,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: 'AROAQX4AWSBACKUPSLR01', arn: `arn:aws:iam::${DEMO_ACCOUNT}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`, accountId: DEMO_ACCOUNT, userName: 'AWSServiceRoleForBackup' },
        attributes: { creationDate: hoursAgo(22.1), mfaAuthenticated: 'false' },
      },
      invokedBy: 'backup.amazonaws.com',
    },
    ip: 'backup.amazonaws.com',
    agent: 'backup.amazonaws.com',
    request: { volumeId: 'vol-0000000000000a100', description: 'This snapshot is created by the AWS Backup service.', tagSpecificationSet: { items: [{ resourceType: 'snapshot', tags: [{ key: 'aws:backup:source-resource', value: 'vol-0000000000000a100' }] }] } },
    response: { requestId: 'c3a1f0de-0000-4c1d-9f00-00000000b001', snapshotId: 'snap-0000000000000a100', volumeId: 'vol-0000000000000a100', status: 'pending', startTime: epochMs(22), progress: '', ownerId: DEMO_ACCOUNT, volumeSize: 20, encrypted: true },
    requestId: 'c3a1f0de-0000-4c1d-9f00-00000000b001',
  },
  {
    id: '8d0e4a6b-2c1f-4b3a-9e5d-7f6a5b4c3d02',
    hours: 30,
    name: 'ModifySnapshotAttribute',
    source: EC2,
    identity: { type: 'IAMUser', principalId: 'AIDAQX4ALICEANALYST01', arn: `arn:aws:iam::${DEMO_ACCOUNT}:user/alice.analyst`, accountId: DEMO_ACCOUNT, accessKeyId: 'ASIAQX4ALICECONSOLE1', userName: 'alice.analyst', sessionContext: { attributes: { creationDate: hoursAgo(31), mfaAuthenticated: 'true' } } },
    ip: '198.51.100.23',
    agent: 'AWS Internal',
    request: { snapshotId: 'snap-0c0ffee000000003c', createVolumePermission: { add: { items: [{ userId: DEMO_FOREIGN_ACCOUNT }] } }, attributeType: 'CREATE_VOLUME_PERMISSION' },
    response: null,
    error: { code: 'Client.UnauthorizedOperation', message: 'You are not authorized to perform this operation. User: arn:aws:iam::111122223333:user/alice.analyst is not authorized to perform: ec2:ModifySnapshotAttribute on resource: arn:aws:ec2:us-east-1::snapshot/snap-0c0ffee000000003c because no identity-based policy allows the ec2:ModifySnapshotAttribute action.' },
    requestId: 'c3a1f0de-0000-4c1d-9f00-00000000b002',
  },
];

/** The management account's event history. */
export const DEMO_AWS_EVENTS: EventInput[] = [...chain, ...routine].map(record);
