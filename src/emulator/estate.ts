// The estate file: a JSON description of cloud accounts and their resources that the local
// emulator serves through the clouds' real wire protocols. Validated on load, because estates are
// written by hand for tests and demos and a typo should say where it is.
import { z } from 'zod';
import { parseOrThrow } from '../validate.js';
import {
  account,
  awsEstate,
  backupVault,
  cloudTrailEvent,
  dbCluster,
  dbClusterSnapshot,
  dbInstance,
  dbSnapshot,
  foreignImage,
  iam,
  iamGroup,
  iamPolicy,
  iamRole,
  iamRoot,
  iamUser,
  image,
  instance,
  ipRule,
  networkAcl,
  organization,
  organizationalUnit,
  organizationPolicy,
  passwordPolicy,
  permission,
  recoveryPoint,
  region,
  role,
  securityGroup,
  snapshot,
  trail,
  volume,
} from './estate-aws.js';
import {
  azureDisk,
  azureEstate,
  azureGallery,
  azureNic,
  azureNsg,
  azurePublicIp,
  azureRestorePointCollection,
  azureSecurityRule,
  azureSnapshot,
  azureSubscription,
  azureVm,
  azureVnet,
} from './estate-azure.js';

import { gcpCustomRole, gcpDisk, gcpEstate, gcpFirewall, gcpImage, gcpInstance, gcpLogEntry, gcpLogSink, gcpMachineImage, gcpProject, gcpServiceAccount, gcpSnapshot } from './estate-gcp.js';

export { azureId } from './estate-azure.js';

export const estateSchema = z.strictObject({
  description: z.string().optional(),
  aws: awsEstate.optional(),
  azure: azureEstate.optional(),
  gcp: gcpEstate.optional(),
});

export type Estate = z.output<typeof estateSchema>;
export type EstateInput = z.input<typeof estateSchema>;
export type AwsEstate = z.output<typeof awsEstate>;
export type AwsAccountEstate = z.output<typeof account>;
export type AwsRegionEstate = z.output<typeof region>;
export type EstateSnapshot = z.output<typeof snapshot>;
export type EstateImage = z.output<typeof image>;
export type EstateForeignImage = z.output<typeof foreignImage>;
export type EstateVolume = z.output<typeof volume>;
export type EstateInstance = z.output<typeof instance>;
export type EstateSecurityGroup = z.output<typeof securityGroup>;
export type EstateNetworkAcl = z.output<typeof networkAcl>;
export type EstatePermission = z.output<typeof permission>;
export type EstateIpRule = z.output<typeof ipRule>;
export type EstateDbSnapshot = z.output<typeof dbSnapshot>;
export type EstateDbClusterSnapshot = z.output<typeof dbClusterSnapshot>;
export type EstateDbInstance = z.output<typeof dbInstance>;
export type EstateDbCluster = z.output<typeof dbCluster>;
export type EstateBackupVault = z.output<typeof backupVault>;
export type EstateRecoveryPoint = z.output<typeof recoveryPoint>;
export type EstateRole = z.output<typeof role>;
export type EstateOrganization = z.output<typeof organization>;
export type EstateOrganizationalUnit = z.output<typeof organizationalUnit>;
export type EstateOrganizationPolicy = z.output<typeof organizationPolicy>;
export type EstateIam = z.output<typeof iam>;
export type EstateIamRoot = z.output<typeof iamRoot>;
export type EstateIamUser = z.output<typeof iamUser>;
export type EstateIamGroup = z.output<typeof iamGroup>;
export type EstateIamRole = z.output<typeof iamRole>;
export type EstateIamPolicy = z.output<typeof iamPolicy>;
export type EstatePasswordPolicy = z.output<typeof passwordPolicy>;
export type EstateTrail = z.output<typeof trail>;
export type EstateCloudTrailEvent = z.output<typeof cloudTrailEvent>;
export type AzureEstate = z.output<typeof azureEstate>;
export type AzureSubscriptionEstate = z.output<typeof azureSubscription>;
export type AzureSnapshotEstate = z.output<typeof azureSnapshot>;
export type AzureDiskEstate = z.output<typeof azureDisk>;
export type AzureGalleryEstate = z.output<typeof azureGallery>;
export type AzureRestorePointCollectionEstate = z.output<typeof azureRestorePointCollection>;
export type AzureVmEstate = z.output<typeof azureVm>;
export type AzureNicEstate = z.output<typeof azureNic>;
export type AzurePublicIpEstate = z.output<typeof azurePublicIp>;
export type AzureNsgEstate = z.output<typeof azureNsg>;
export type AzureSecurityRuleEstate = z.output<typeof azureSecurityRule>;
export type AzureVnetEstate = z.output<typeof azureVnet>;
export type GcpEstate = z.output<typeof gcpEstate>;
export type GcpProjectEstate = z.output<typeof gcpProject>;
export type GcpSnapshotEstate = z.output<typeof gcpSnapshot>;
export type GcpImageEstate = z.output<typeof gcpImage>;
export type GcpMachineImageEstate = z.output<typeof gcpMachineImage>;
export type GcpDiskEstate = z.output<typeof gcpDisk>;
export type GcpInstanceEstate = z.output<typeof gcpInstance>;
export type GcpFirewallEstate = z.output<typeof gcpFirewall>;
export type GcpCustomRoleEstate = z.output<typeof gcpCustomRole>;
export type GcpServiceAccountEstate = z.output<typeof gcpServiceAccount>;
export type GcpLogSinkEstate = z.output<typeof gcpLogSink>;
export type GcpLogEntryEstate = z.output<typeof gcpLogEntry>;

/** A region with nothing in it and AWS's defaults for its settings. */
export function emptyRegion(): AwsRegionEstate {
  return region.parse({});
}

/** Validates an estate; throws an InputError whose message names the first bad path. */
export function parseEstate(input: unknown): Estate {
  return parseOrThrow(estateSchema, input, 'invalid estate at ');
}
