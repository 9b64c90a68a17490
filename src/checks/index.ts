// The catalog. Ids are the contract with users and with the JSON report: add, never rename.
import type { Check } from './define-check.js';
import { awsAmiBlockPublicAccessOff } from './aws-ami-block-public-access-off.js';
import { awsAmiPublic } from './aws-ami-public.js';
import { awsAmiSharedExternal } from './aws-ami-shared-external.js';
import { awsBackupRecoveryPointUnencrypted } from './aws-backup-recovery-point-unencrypted.js';
import { awsBackupVaultPolicyExternal } from './aws-backup-vault-policy-external.js';
import { awsEbsBlockPublicAccessOff } from './aws-ebs-block-public-access-off.js';
import { awsEbsEncryptionDefaultOff } from './aws-ebs-encryption-default-off.js';
import { awsEbsSnapshotPublic } from './aws-ebs-snapshot-public.js';
import { awsEbsSnapshotSharedExternal } from './aws-ebs-snapshot-shared-external.js';
import { awsEbsSnapshotUnencrypted } from './aws-ebs-snapshot-unencrypted.js';
import { awsIamDormantPrivileged } from './aws-iam-dormant-privileged.js';
import { awsIamPasswordPolicyWeak } from './aws-iam-password-policy-weak.js';
import { awsIamPrivilegedNoMfa } from './aws-iam-privileged-no-mfa.js';
import { awsIamRoleAssumableExternal } from './aws-iam-role-assumable-external.js';
import { awsIamSnapshotSharingBroad } from './aws-iam-snapshot-sharing-broad.js';
import { awsInstanceFromSnapshotExposed } from './aws-instance-from-snapshot-exposed.js';
import { awsRdsDatabaseInternetExposed } from './aws-rds-database-internet-exposed.js';
import { awsRdsSnapshotPublic } from './aws-rds-snapshot-public.js';
import { awsRdsSnapshotSharedExternal } from './aws-rds-snapshot-shared-external.js';
import { awsRdsSnapshotUnencrypted } from './aws-rds-snapshot-unencrypted.js';
import { awsRootNoMfa } from './aws-root-no-mfa.js';
import { awsTrailSnapshotEventsUnlogged } from './aws-trail-snapshot-events-unlogged.js';
import { azureActivityLogUnexported } from './azure-activity-log-unexported.js';
import { azureDiskActiveSas } from './azure-disk-active-sas.js';
import { azureDiskPublicNetwork } from './azure-disk-public-network.js';
import { azureGalleryCommunityShared } from './azure-gallery-community-shared.js';
import { azureRbacSnapshotExportBroad } from './azure-rbac-snapshot-export-broad.js';
import { azureRestorePointPublicNetwork } from './azure-restore-point-public-network.js';
import { azureSnapshotActiveSas } from './azure-snapshot-active-sas.js';
import { azureSnapshotNoEntraAuth } from './azure-snapshot-no-entra-auth.js';
import { azureSnapshotPlatformKeyOnly } from './azure-snapshot-platform-key-only.js';
import { azureSnapshotPublicNetwork } from './azure-snapshot-public-network.js';
import { azureVmFromSnapshotExposed } from './azure-vm-from-snapshot-exposed.js';
import { gcpAuditLogsIncomplete } from './gcp-audit-logs-incomplete.js';
import { gcpDiskPublic } from './gcp-disk-public.js';
import { gcpDiskSharedExternal } from './gcp-disk-shared-external.js';
import { gcpIamSnapshotPermissionsBroad } from './gcp-iam-snapshot-permissions-broad.js';
import { gcpImagePublic } from './gcp-image-public.js';
import { gcpImageSharedExternal } from './gcp-image-shared-external.js';
import { gcpInstanceFromSnapshotExposed } from './gcp-instance-from-snapshot-exposed.js';
import { gcpMachineImagePublic } from './gcp-machine-image-public.js';
import { gcpSaKeyOld } from './gcp-sa-key-old.js';
import { gcpSaUserManagedKey } from './gcp-sa-user-managed-key.js';
import { gcpSnapshotNoCmek } from './gcp-snapshot-no-cmek.js';
import { gcpSnapshotPublic } from './gcp-snapshot-public.js';
import { gcpSnapshotSharedExternal } from './gcp-snapshot-shared-external.js';

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
  awsRdsSnapshotPublic,
  awsRdsSnapshotSharedExternal,
  awsRdsSnapshotUnencrypted,
  awsRdsDatabaseInternetExposed,
  awsBackupVaultPolicyExternal,
  awsBackupRecoveryPointUnencrypted,
  awsIamSnapshotSharingBroad,
  awsIamRoleAssumableExternal,
  awsIamPrivilegedNoMfa,
  awsIamDormantPrivileged,
  awsIamPasswordPolicyWeak,
  awsRootNoMfa,
  awsTrailSnapshotEventsUnlogged,
  azureSnapshotPublicNetwork,
  azureDiskPublicNetwork,
  azureSnapshotActiveSas,
  azureDiskActiveSas,
  azureSnapshotNoEntraAuth,
  azureSnapshotPlatformKeyOnly,
  azureGalleryCommunityShared,
  azureVmFromSnapshotExposed,
  azureRestorePointPublicNetwork,
  azureRbacSnapshotExportBroad,
  azureActivityLogUnexported,
  gcpSnapshotPublic,
  gcpImagePublic,
  gcpMachineImagePublic,
  gcpDiskPublic,
  gcpSnapshotSharedExternal,
  gcpImageSharedExternal,
  gcpDiskSharedExternal,
  gcpSnapshotNoCmek,
  gcpInstanceFromSnapshotExposed,
  gcpIamSnapshotPermissionsBroad,
  gcpAuditLogsIncomplete,
  gcpSaKeyOld,
  gcpSaUserManagedKey,
];

export function checkById(id: string): Check | undefined {
  return CHECKS.find((check) => check.id === id);
}
