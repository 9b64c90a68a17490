// Pieces the demo estate's files share: the well-known account ids and the builders of the
// healthy resources that make up most of any real estate.
import type { EstateInput } from './estate.js';

export const DEMO_ACCOUNT = '111122223333';
/** A partner account the demo config trusts, with a reason. */
export const DEMO_TRUSTED_ACCOUNT = '444455556666';
/** Nobody we know. */
export const DEMO_FOREIGN_ACCOUNT = '999988887777';

type AwsInput = NonNullable<EstateInput['aws']>;
export type RegionInput = NonNullable<AwsInput['accounts'][number]['regions'][string]>;
type SnapshotInput = NonNullable<RegionInput['snapshots']>[number];

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

