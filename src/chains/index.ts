// The chain-rule catalog: audit-log detections that run beside the inventory checks.
import type { Rule } from './define-rule.js';
import { awsNewPrincipalSnapshotAccess } from './rules/aws-new-principal-snapshot-access.js';
import { awsSnapshotExfiltration } from './rules/aws-snapshot-exfiltration.js';
import { awsSnapshotExported } from './rules/aws-snapshot-exported.js';
import { awsSnapshotMadePublic } from './rules/aws-snapshot-made-public.js';
import { awsSnapshotRestoredExposed } from './rules/aws-snapshot-restored-exposed.js';
import { awsSnapshotSharedExternal } from './rules/aws-snapshot-shared-external.js';
import { azureExportLink } from './rules/azure-export-link.js';
import { azureSnapshotExportLink } from './rules/azure-snapshot-export-link.js';
import { azureSnapshotRestoredExposed } from './rules/azure-snapshot-restored-exposed.js';
import { gcpNewPrincipalSnapshotAccess } from './rules/gcp-new-principal-snapshot-access.js';
import { gcpSnapshotExfiltration } from './rules/gcp-snapshot-exfiltration.js';
import { gcpSnapshotMadePublic } from './rules/gcp-snapshot-made-public.js';
import { gcpSnapshotRestoredExposed } from './rules/gcp-snapshot-restored-exposed.js';
import { gcpSnapshotSharedExternal } from './rules/gcp-snapshot-shared-external.js';

export { createCorrelator, type ChainOptions, type ChainRun, type ChainStats, type Correlator, type BenignCaller } from './correlate.js';
export { defineRule, type ChainStep, type Detection, type History, type Rule, type RuleContext, type GranteeTrust } from './define-rule.js';

export const RULES: readonly Rule[] = [
  awsSnapshotMadePublic,
  awsSnapshotSharedExternal,
  awsSnapshotExfiltration,
  awsSnapshotRestoredExposed,
  awsNewPrincipalSnapshotAccess,
  awsSnapshotExported,
  azureSnapshotExportLink,
  azureExportLink,
  azureSnapshotRestoredExposed,
  gcpSnapshotMadePublic,
  gcpSnapshotSharedExternal,
  gcpSnapshotExfiltration,
  gcpSnapshotRestoredExposed,
  gcpNewPrincipalSnapshotAccess,
];
