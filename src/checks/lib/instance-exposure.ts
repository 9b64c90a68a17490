// The judgement both instance checks make (AWS instances, Azure VMs): does the machine carry data
// restored from a snapshot, or boot from a stranger's image, and does the internet reach it on SSH,
// RDP or every port? The clouds differ only in the fix command's arguments.
import { isUnknown, type DiskOrigin, type IngressPath, type Instance } from '../../model.js';
import type { JsonValue, Placeholders, Reporter } from '../define-check.js';
import { adminExposure, describePath, pathEvidence } from './exposure.js';
import { labelOf } from './regions.js';

export type InstanceMessageId = 'exposed' | 'exposedOriginUnknown' | 'ingressUnknown' | 'notExposed' | 'ordinary';

/** Messages with the machine's noun ("Instance", "VM") in front. */
export function instanceMessages(noun: string): Readonly<Record<InstanceMessageId, string>> {
  return {
    exposed: `${noun} {{label}} has {{origins}} and the internet reaches it: {{paths}}.`,
    exposedOriginUnknown: `${noun} {{label}} is reachable from the internet ({{paths}}), and where its disks came from is unknown: {{unknown}}.`,
    ingressUnknown: `${noun} {{label}} has {{origins}}, is on public address(es) {{addresses}}, and whether the internet reaches it is unknown: {{reason}}.`,
    notExposed: `${noun} {{id}} has {{origins}} but the internet does not reach it on SSH, RDP or all ports.`,
    ordinary: `${noun} {{id}} carries no disk restored from a snapshot and no foreign image.`,
  };
}

type Origin = { readonly what: string; readonly evidence: JsonValue };

/**
 * What the instance carries that did not come from a normal launch of its own or a vendor's image:
 * disks restored from other snapshots, or a boot image published by a stranger. `unknown` lists
 * the disks and images whose origin could not be established.
 */
export function unusualOrigins(instance: Instance): { known: Origin[]; unknown: string[] } {
  const known: Origin[] = [];
  const unknown: string[] = [];
  const ownership = instance.image?.ownership;
  if (instance.image && ownership !== undefined) {
    if (isUnknown(ownership)) unknown.push(`image ${instance.image.id}: ${ownership.reason}`);
    else if (ownership === 'foreign')
      known.push({ what: `boot image ${instance.image.id} owned by ${instance.image.owner ?? 'another account'}`, evidence: { image: instance.image.id, owner: instance.image.owner ?? null } });
  }
  for (const disk of instance.disks) {
    if (isUnknown(disk.origin)) {
      unknown.push(`disk ${disk.id}: ${disk.origin.reason}`);
      continue;
    }
    const origin: DiskOrigin = disk.origin;
    // A data disk made from a stranger's image (the boot disk's image is judged above).
    if (origin.kind === 'image' && origin.imageOwner === 'foreign' && !disk.boot)
      known.push({ what: `data disk ${disk.id} made from image ${origin.imageId} of another account`, evidence: { disk: disk.id, device: disk.device ?? null, image: origin.imageId, imageOwner: 'foreign' } });
    if (origin.kind === 'snapshot')
      known.push({
        what: `${disk.boot ? 'boot' : 'data'} disk ${disk.id} restored from snapshot ${origin.snapshotId}${origin.snapshotOwner === 'foreign' ? ' of another account' : ''}`,
        evidence: { disk: disk.id, device: disk.device ?? null, snapshot: origin.snapshotId, snapshotOwner: origin.snapshotOwner },
      });
  }
  return { known, unknown };
}

/** Reports one instance; `fixData` turns the exposing paths into the remediation command's arguments. */
export function judgeInstanceExposure(report: Reporter<InstanceMessageId>, instance: Instance, fixData: (paths: readonly IngressPath[]) => Placeholders): void {
  if (instance.state === 'terminated' || instance.state === 'shutting-down') return;
  const { known, unknown } = unusualOrigins(instance);
  const data = { id: instance.id, region: instance.region, label: labelOf(instance) };
  const originText = known.map((o) => o.what).join('; ');
  const originEvidence = { origins: known.map((o) => o.evidence), unknownOrigins: unknown, state: instance.state, publicAddresses: [...instance.publicAddresses] };
  if (known.length === 0 && unknown.length === 0) {
    report.notApplicable({ resource: instance, messageId: 'ordinary', data });
    return;
  }
  const withOrigins = { ...data, origins: originText || 'disks of unknown origin' };
  if (instance.publicAddresses.length === 0) {
    report.pass({ resource: instance, messageId: 'notExposed', data: withOrigins, evidence: originEvidence });
    return;
  }
  if (isUnknown(instance.internetIngress)) {
    const addresses = [...instance.publicAddresses];
    report.unknown({ resource: instance, messageId: 'ingressUnknown', data: { ...withOrigins, addresses, reason: instance.internetIngress.reason }, evidence: originEvidence });
    return;
  }
  const paths = adminExposure(instance.internetIngress);
  if (paths.length === 0) {
    report.pass({ resource: instance, messageId: 'notExposed', data: withOrigins, evidence: { ...originEvidence, ingress: pathEvidence(instance.internetIngress) } });
    return;
  }
  const fix = fixData(paths);
  const evidence = { ...originEvidence, ingress: pathEvidence(paths) };
  const pathText = paths.map(describePath).join('; ');
  if (known.length > 0) {
    report.fail({ resource: instance, messageId: 'exposed', data: { ...withOrigins, paths: pathText, ...fix }, evidence, signals: { reachableInstances: 1 } });
  } else {
    report.unknown({ resource: instance, messageId: 'exposedOriginUnknown', data: { ...withOrigins, paths: pathText, unknown: unknown.join('; '), ...fix }, evidence, signals: { reachableInstances: 1 } });
  }
}
