// Pieces the demo estate's files share: the well-known account ids, the builders of the healthy
// resources that make up most of any real estate, and the clock identity activity is told by.
import type { EstateInput } from './estate.js';

export const DEMO_ACCOUNT = '111122223333';
/** A partner account the demo config trusts, with a reason. */
export const DEMO_TRUSTED_ACCOUNT = '444455556666';
/** Nobody we know. */
export const DEMO_FOREIGN_ACCOUNT = '999988887777';

type AwsInput = NonNullable<EstateInput['aws']>;
export type RegionInput = NonNullable<AwsInput['accounts'][number]['regions'][string]>;
type SnapshotInput = NonNullable<RegionInput['snapshots']>[number];
export type IamInput = NonNullable<AwsInput['accounts'][number]['iam']>;
export type TrailInput = NonNullable<AwsInput['accounts'][number]['trails']>[number];
export type PolicyDocumentInput = NonNullable<IamInput['policies']>[number]['document'];

/**
 * When identity and trail activity is measured from: the moment this module loads. Dormancy, key
 * age and "used yesterday" are judged against the scan's own clock, so fixed dates would turn the
 * demo's active users dormant as the calendar moves on. The snapshot and backup dates elsewhere in
 * the demo are fixed, since no check ages them. Whole seconds, as IAM reports times.
 */
export const DEMO_NOW = Math.floor(Date.now() / 1000) * 1000;

/** An ISO time `days` (fractions allowed) before DEMO_NOW. */
export function daysAgo(days: number): string {
  return new Date(DEMO_NOW - Math.round(days * 86_400_000)).toISOString();
}

export const AWS_POLICY = {
  administratorAccess: 'arn:aws:iam::aws:policy/AdministratorAccess',
  powerUserAccess: 'arn:aws:iam::aws:policy/PowerUserAccess',
  readOnlyAccess: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
  ec2FullAccess: 'arn:aws:iam::aws:policy/AmazonEC2FullAccess',
} as const;

/** A trust policy admitting the principals named, with optional conditions. */
export function trustPolicy(principals: string | string[], condition?: Record<string, unknown>): PolicyDocumentInput {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole', ...(condition === undefined ? {} : { Condition: condition }) }],
  };
}

/** A password policy meeting CIS: 14 characters, every class, 90-day expiry, 24 remembered. */
export const STRONG_PASSWORD_POLICY: NonNullable<IamInput['passwordPolicy']> = {
  minimumLength: 14,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercase: true,
  requireLowercase: true,
  allowUsersToChangePassword: true,
  maxAgeDays: 90,
  reusePrevention: 24,
};

const hex = (n: number, width = 17): string => n.toString(16).padStart(width, '0');

/** Ordinary encrypted, private snapshots: the bulk of any real estate. */
export function healthySnapshots(region: number, count: number): SnapshotInput[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `snap-${hex(0xa000 + region * 0x100 + i)}`,
    volumeId: `vol-${hex(0xa000 + region * 0x100 + i)}`,
    volumeSize: 20 + i,
    encrypted: true,
    kmsKeyId: `arn:aws:kms:region:${DEMO_ACCOUNT}:key/1111aaaa-22bb-33cc-44dd-5555eeee${hex(i, 4)}`,
    description: `nightly backup ${i + 1}`,
    startTime: `2026-10-${String((i % 28) + 1).padStart(2, '0')}T02:00:00.000Z`,
    tags: { Name: `app-data-${region}-${i + 1}`, team: 'platform' },
  }));
}

/** A VPC's default network ACL: everything in, as AWS creates it, with the implicit deny last. */
export function defaultAcl(id: string, subnetIds: string[]): NonNullable<RegionInput['networkAcls']>[number] {
  return {
    id,
    isDefault: true,
    subnetIds,
    entries: [
      { ruleNumber: 100, egress: false, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
      { ruleNumber: 101, egress: false, protocol: '-1', action: 'allow', ipv6Cidr: '::/0' },
      { ruleNumber: 32767, egress: false, protocol: '-1', action: 'deny', cidr: '0.0.0.0/0' },
      { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
    ],
  };
}

