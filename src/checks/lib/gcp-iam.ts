// What GCP checks need to name an IAM grant in a fix: the member and role of the grant, and the
// location flag the resource's gcloud command takes.
import type { ResourceRef, Sharing, SharingGrant } from '../../model.js';
import { knownGrants } from './sharing.js';

export function firstGrant(sharing: Sharing, which: (g: SharingGrant) => boolean): { member: string; role: string } {
  const grant = knownGrants(sharing).find(which);
  const member = grant && 'principal' in grant && grant.principal ? grant.principal : 'MEMBER';
  const role = grant && 'role' in grant && grant.role ? grant.role : 'ROLE';
  return { member, role };
}

/** `--zone=…` or `--region=…` from a resource path; nothing for global resources. */
export function locationFlag(resource: ResourceRef): string[] {
  const zone = /\/zones\/([^/]+)\//.exec(resource.id)?.[1];
  if (zone) return [`--zone=${zone}`];
  const region = /\/regions\/([^/]+)\//.exec(resource.id)?.[1];
  return region ? [`--region=${region}`] : [];
}
