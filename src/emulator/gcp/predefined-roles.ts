// Predefined IAM roles the emulator's `roles.get` answers for, as Google defines them. Each list is
// a faithful subset: every permission that decides a snapshot capability (create, setIamPolicy,
// useReadOnly, disks.create, firewalls, access configs, the project's setIamPolicy) is exactly as
// Google's role has it or lacks it; the many unrelated permissions of the large roles are left out.
// Notably roles/editor holds compute.snapshots.create and useReadOnly but no setIamPolicy at all
// (basic Editor cannot change IAM), while compute.storageAdmin holds the setIamPolicy of disks,
// images and snapshots but not of machine images, and nothing on firewalls.

interface PredefinedRole {
  readonly title: string;
  readonly description: string;
  readonly stage: 'GA' | 'BETA';
  readonly includedPermissions: readonly string[];
}

const READ_COMPUTE = [
  'compute.disks.get',
  'compute.disks.getIamPolicy',
  'compute.disks.list',
  'compute.firewalls.get',
  'compute.firewalls.list',
  'compute.images.get',
  'compute.images.getIamPolicy',
  'compute.images.list',
  'compute.instances.get',
  'compute.instances.list',
  'compute.machineImages.get',
  'compute.machineImages.getIamPolicy',
  'compute.machineImages.list',
  'compute.projects.get',
  'compute.regions.list',
  'compute.snapshots.get',
  'compute.snapshots.getIamPolicy',
  'compute.snapshots.list',
  'compute.zones.list',
];

const STORAGE_ADMIN = [
  'compute.disks.create',
  'compute.disks.createSnapshot',
  'compute.disks.delete',
  'compute.disks.get',
  'compute.disks.getIamPolicy',
  'compute.disks.list',
  'compute.disks.resize',
  'compute.disks.setIamPolicy',
  'compute.disks.setLabels',
  'compute.disks.update',
  'compute.disks.use',
  'compute.disks.useReadOnly',
  'compute.images.create',
  'compute.images.delete',
  'compute.images.deprecate',
  'compute.images.get',
  'compute.images.getFromFamily',
  'compute.images.getIamPolicy',
  'compute.images.list',
  'compute.images.setIamPolicy',
  'compute.images.setLabels',
  'compute.images.update',
  'compute.images.useReadOnly',
  'compute.instantSnapshots.create',
  'compute.instantSnapshots.export',
  'compute.instantSnapshots.setIamPolicy',
  'compute.instantSnapshots.useReadOnly',
  'compute.projects.get',
  'compute.regions.list',
  'compute.snapshots.create',
  'compute.snapshots.delete',
  'compute.snapshots.get',
  'compute.snapshots.getIamPolicy',
  'compute.snapshots.list',
  'compute.snapshots.setIamPolicy',
  'compute.snapshots.setLabels',
  'compute.snapshots.useReadOnly',
  'compute.zones.list',
  'resourcemanager.projects.get',
  'resourcemanager.projects.list',
];

/** roles/editor: writes everywhere, IAM nowhere (no setIamPolicy on any compute resource). */
const EDITOR = [
  ...READ_COMPUTE,
  'compute.disks.create',
  'compute.disks.createSnapshot',
  'compute.disks.delete',
  'compute.disks.use',
  'compute.disks.useReadOnly',
  'compute.firewalls.create',
  'compute.firewalls.delete',
  'compute.firewalls.update',
  'compute.images.create',
  'compute.images.delete',
  'compute.images.useReadOnly',
  'compute.instances.addAccessConfig',
  'compute.instances.attachDisk',
  'compute.instances.create',
  'compute.instances.useReadOnly',
  'compute.instantSnapshots.create',
  'compute.instantSnapshots.export',
  'compute.instantSnapshots.useReadOnly',
  'compute.machineImages.create',
  'compute.machineImages.delete',
  'compute.machineImages.useReadOnly',
  'compute.networks.updatePolicy',
  'compute.snapshots.create',
  'compute.snapshots.delete',
  'compute.snapshots.setLabels',
  'compute.snapshots.useReadOnly',
  'compute.subnetworks.useExternalIp',
  'iam.roles.get',
  'iam.serviceAccountKeys.create',
  'iam.serviceAccountKeys.list',
  'iam.serviceAccounts.actAs',
  'iam.serviceAccounts.list',
  'logging.sinks.list',
  'resourcemanager.projects.get',
  'resourcemanager.projects.getIamPolicy',
];

/** roles/owner: everything Editor has, and the IAM policies of the project and its resources. */
const OWNER = [
  ...EDITOR,
  'compute.disks.setIamPolicy',
  'compute.images.setIamPolicy',
  'compute.instantSnapshots.setIamPolicy',
  'compute.machineImages.setIamPolicy',
  'compute.snapshots.setIamPolicy',
  'logging.sinks.update',
  'resourcemanager.projects.setIamPolicy',
];

const COMPUTE_ADMIN = [
  ...new Set([
    ...STORAGE_ADMIN,
    ...EDITOR.filter((p) => p.startsWith('compute.')),
    'compute.instances.setIamPolicy',
    'compute.machineImages.setIamPolicy',
    'compute.networks.updatePolicy',
  ]),
];

const ROLES: Readonly<Record<string, PredefinedRole>> = {
  'roles/owner': { title: 'Owner', description: 'Full access to most Google Cloud resources. See the list of included permissions.', stage: 'GA', includedPermissions: OWNER },
  'roles/editor': { title: 'Editor', description: 'Edit access to all resources.', stage: 'GA', includedPermissions: EDITOR },
  'roles/viewer': { title: 'Viewer', description: 'Read access to all resources.', stage: 'GA', includedPermissions: [...READ_COMPUTE, 'iam.roles.get', 'iam.serviceAccounts.list', 'logging.sinks.list', 'resourcemanager.projects.get'] },
  'roles/browser': { title: 'Browser', description: 'Read access to browse the hierarchy for a project, including the folder, organization, and allow policy.', stage: 'GA', includedPermissions: ['resourcemanager.projects.get', 'resourcemanager.projects.getIamPolicy'] },
  'roles/compute.admin': { title: 'Compute Admin', description: 'Full control of all Compute Engine resources.', stage: 'GA', includedPermissions: COMPUTE_ADMIN },
  'roles/compute.storageAdmin': { title: 'Compute Storage Admin', description: 'Full control of Compute Engine storage resources.', stage: 'GA', includedPermissions: STORAGE_ADMIN },
  'roles/compute.viewer': {
    title: 'Compute Viewer',
    description: 'Read-only access to get and list Compute Engine resources, without being able to read the data stored on them.',
    stage: 'GA',
    includedPermissions: [...READ_COMPUTE, 'resourcemanager.projects.get'],
  },
  'roles/compute.imageUser': {
    title: 'Compute Image User',
    description: 'Permission to list and read images without having other permissions on the image.',
    stage: 'GA',
    includedPermissions: ['compute.images.get', 'compute.images.getFromFamily', 'compute.images.list', 'compute.images.useReadOnly', 'resourcemanager.projects.get', 'resourcemanager.projects.list'],
  },
  'roles/iam.securityReviewer': {
    title: 'Security Reviewer',
    description: 'Permission to list all resources and allow policies on them.',
    stage: 'GA',
    includedPermissions: [...READ_COMPUTE, 'iam.roles.get', 'iam.serviceAccountKeys.list', 'iam.serviceAccounts.list', 'logging.sinks.list', 'resourcemanager.projects.getIamPolicy'],
  },
  'roles/logging.viewer': { title: 'Logs Viewer', description: 'Provides access to view logs.', stage: 'GA', includedPermissions: ['logging.sinks.list', 'logging.logs.list', 'resourcemanager.projects.get'] },
};

/** `roles/X` as `roles.get` returns it, or undefined when the emulator does not know the role. */
export function predefinedRole(name: string): (PredefinedRole & { readonly name: string }) | undefined {
  const role = ROLES[name];
  return role === undefined ? undefined : { name, ...role, includedPermissions: [...role.includedPermissions].sort() };
}

export const PREDEFINED_ROLE_NAMES: readonly string[] = Object.keys(ROLES);
