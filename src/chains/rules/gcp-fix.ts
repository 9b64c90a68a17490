// The gcloud words that remove an IAM binding from a snapshot, image, machine image or disk.
import type { Grantee } from '../../logs/event.js';
import type { ResourceRef } from '../../model.js';
import { GCP_TYPES, nameOf } from './lib.js';

export const GCP_UNBIND_COMMAND = 'gcloud compute {{collection}} remove-iam-policy-binding {{name}} --project={{project}} {{location}} --member={{member}} --role={{role}}';

const COLLECTION: Readonly<Record<string, string>> = {
  [GCP_TYPES.snapshot]: 'snapshots',
  [GCP_TYPES.image]: 'images',
  [GCP_TYPES.machineImage]: 'machine-images',
  [GCP_TYPES.disk]: 'disks',
};

/** `--zone=…` or `--region=…` from a resource path; nothing for global resources. */
export function gcpLocation(id: string): string[] {
  const zone = /\/zones\/([^/]+)\//.exec(id)?.[1];
  if (zone) return [`--zone=${zone}`];
  const region = /\/regions\/([^/]+)\//.exec(id)?.[1];
  return region ? [`--region=${region}`] : [];
}

export function projectOf(id: string, fallback: string): string {
  return /projects\/([^/]+)/.exec(id)?.[1] ?? fallback;
}

export function memberOf(grantee: Grantee): string {
  if (grantee.kind === 'public') return grantee.detail && /^all(Authenticated)?Users$/.test(grantee.detail) ? grantee.detail : 'allUsers';
  return grantee.id;
}

/** The role of the binding, when the normaliser carries it (see the report: Grantee has no role yet). */
function roleOf(grantee: Grantee): string {
  return 'role' in grantee && typeof grantee.role === 'string' ? grantee.role : 'ROLE';
}

export function gcpUnbindData(resource: ResourceRef, grantee: Grantee): { collection: string; name: string; project: string; location: string[]; member: string; role: string } {
  return {
    collection: COLLECTION[resource.type] ?? 'snapshots',
    name: nameOf('gcp', resource.id),
    project: projectOf(resource.id, resource.account),
    location: gcpLocation(resource.id),
    member: memberOf(grantee),
    role: roleOf(grantee),
  };
}
