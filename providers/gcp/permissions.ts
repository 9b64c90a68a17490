// Every IAM permission the GCP provider's calls need, as a custom role definition
// (`gcloud iam roles create snapauditReader --project=P --file=role.yaml`).
import type { ProviderPermissions } from '../../src/provider.js';

export const GCP_PERMISSIONS: readonly string[] = [
  'compute.disks.getIamPolicy',
  'compute.disks.list',
  'compute.firewalls.list',
  'compute.images.getIamPolicy',
  'compute.images.list',
  'compute.instances.list',
  'compute.machineImages.getIamPolicy',
  'compute.machineImages.list',
  'compute.regions.list',
  'compute.snapshots.getIamPolicy',
  'compute.snapshots.list',
  'iam.roles.get',
  'iam.serviceAccountKeys.list',
  'iam.serviceAccounts.list',
  'logging.logEntries.list',
  'logging.sinks.list',
  'resourcemanager.projects.get',
  'resourcemanager.projects.getIamPolicy',
];

export const gcpPermissions: ProviderPermissions = {
  actions: GCP_PERMISSIONS,
  document() {
    return [
      'title: snapaudit reader',
      'description: Reads what snapaudit audits (snapshots, images, machine images, disks, instances, firewall rules and their IAM policies; the project IAM policy, the roles it binds, service accounts and their key metadata, log sinks, and the Admin Activity audit log entries `snapaudit logs --since` pulls: logging.logEntries.list, as in roles/logging.viewer). No writes, no data access.',
      'stage: GA',
      'includedPermissions:',
      ...GCP_PERMISSIONS.map((p) => `- ${p}`),
      '',
    ].join('\n');
  },
};
