// The catalog. Ids are the contract with users and with the JSON report: add, never rename.
import type { Check } from './define-check.js';
import { awsAmiBlockPublicAccessOff } from './aws-ami-block-public-access-off.js';
import { awsAmiPublic } from './aws-ami-public.js';
import { awsAmiSharedExternal } from './aws-ami-shared-external.js';
import { awsEbsBlockPublicAccessOff } from './aws-ebs-block-public-access-off.js';
import { awsEbsEncryptionDefaultOff } from './aws-ebs-encryption-default-off.js';
import { awsEbsSnapshotPublic } from './aws-ebs-snapshot-public.js';
import { awsEbsSnapshotSharedExternal } from './aws-ebs-snapshot-shared-external.js';
import { awsEbsSnapshotUnencrypted } from './aws-ebs-snapshot-unencrypted.js';
import { awsInstanceFromSnapshotExposed } from './aws-instance-from-snapshot-exposed.js';

export const CHECKS: readonly Check[] = [
  awsEbsSnapshotPublic,
  awsEbsSnapshotSharedExternal,
  awsEbsSnapshotUnencrypted,
  awsEbsBlockPublicAccessOff,
  awsEbsEncryptionDefaultOff,
  awsAmiPublic,
  awsAmiSharedExternal,
  awsAmiBlockPublicAccessOff,
  awsInstanceFromSnapshotExposed,
];

export function checkById(id: string): Check | undefined {
  return CHECKS.find((check) => check.id === id);
}
