// The public and external-sharing judgements for GCP resources shared by IAM policy, with the
// member, role and location the `gcloud ... remove-iam-policy-binding` fix needs.
import type { Disk, Image, Snapshot } from '../../model.js';
import type { Placeholders, Reporter } from '../define-check.js';
import { firstGrant, locationFlag } from './gcp-iam.js';
import { judgePublic, judgeSharedExternal, type PublicMessageId, type SharedMessageId } from './sharing-checks.js';

type Shared = Snapshot | Image | Disk;

function baseData(resource: Shared): { id: string; name: string; project: string; location: string[]; region: string } {
  return { id: resource.id, name: resource.name ?? resource.id, project: resource.account, location: locationFlag(resource), region: resource.region };
}

export function judgeGcpPublic(report: Reporter<PublicMessageId>, resource: Shared, extra: Placeholders = {}): void {
  if (resource.sharing === undefined) return;
  const { member, role } = firstGrant(resource.sharing, (g) => g.kind === 'public');
  judgePublic(report, { resource, sharing: resource.sharing, data: { ...baseData(resource), member, role, ...extra } });
}

export function judgeGcpSharedExternal(report: Reporter<SharedMessageId>, resource: Shared, extra: Placeholders = {}): void {
  if (resource.sharing === undefined) return;
  judgeSharedExternal(report, { resource, sharing: resource.sharing, data: { ...baseData(resource), ...extra } }, () =>
    firstGrant(resource.sharing as NonNullable<Shared['sharing']>, (g) => g.kind === 'account' && g.trust === 'external'),
  );
}
