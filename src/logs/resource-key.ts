// One key for a resource whether an audit record or a scan names it. Records name the same thing
// in several ways: an RDS ARN or its bare identifier, a GCP selfLink URL or its `projects/…` path,
// an Azure ARM id in whatever case the caller typed. Keys are compared, never shown.
import type { ProviderId } from '../model.js';

export function resourceKey(provider: ProviderId, id: string): string {
  let key = id.trim();
  if (provider === 'aws' && key.startsWith('arn:')) {
    // arn:aws:rds:us-east-1:111122223333:snapshot:name, arn:aws:ec2:us-east-1::snapshot/snap-1
    const rest = key.split(':').slice(5).join(':');
    key = rest.split(/[:/]/).pop() ?? rest;
  }
  if (provider === 'gcp') {
    const at = key.indexOf('projects/');
    if (at >= 0) key = key.slice(at);
  }
  // RDS identifiers and ARM ids are case-insensitive; EC2 and GCP ids are lower-case already.
  return `${provider}|${key.toLowerCase()}`;
}

/** Every resource id a chain result names: its own, and the ones its evidence lists. */
export function idsInEvidence(resourceId: string, evidence: { readonly [key: string]: unknown }): string[] {
  const listed = evidence['resources'];
  const extra = Array.isArray(listed) ? listed.filter((v): v is string => typeof v === 'string') : [];
  return [...new Set([resourceId, ...extra])];
}
