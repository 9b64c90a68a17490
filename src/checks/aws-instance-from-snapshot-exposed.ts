import { isUnknown, type DiskOrigin, type IngressPath, type Instance } from '../model.js';
import { defineCheck, type JsonValue } from './define-check.js';
import { CIS_AWS_3, CIS_AWS_5, FSBP, NIST_800_53_R5, SECURITY_HUB } from './lib/compliance.js';
import { adminExposure, describePath, pathEvidence } from './lib/exposure.js';
import { labelOf } from './lib/regions.js';

type Origin = { readonly what: string; readonly evidence: JsonValue };

/**
 * What the instance carries that did not come from a normal launch of its own or a vendor's image:
 * disks restored from other snapshots, or a boot image published by a stranger. `unknown` lists
 * the disks and images whose origin could not be established.
 */
function unusualOrigins(instance: Instance): { known: Origin[]; unknown: string[] } {
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
    if (origin.kind === 'snapshot')
      known.push({
        what: `${disk.boot ? 'boot' : 'data'} disk ${disk.id} restored from snapshot ${origin.snapshotId}${origin.snapshotOwner === 'foreign' ? ' of another account' : ''}`,
        evidence: { disk: disk.id, device: disk.device ?? null, snapshot: origin.snapshotId, snapshotOwner: origin.snapshotOwner },
      });
  }
  return { known, unknown };
}

/** The security group rule behind the first exposing path, as `revoke-security-group-ingress` wants it. */
function revokeArguments(paths: readonly IngressPath[]): { group: string; permission: string } {
  const rule = paths.flatMap((p) => p.via).find((r) => r.kind === 'security-group');
  if (!rule) return { group: 'SECURITY-GROUP-ID', permission: 'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]' };
  const protocol = rule.protocol === 'all' ? 'IpProtocol=-1' : `IpProtocol=${rule.protocol},FromPort=${rule.ports.from},ToPort=${rule.ports.to}`;
  const range = rule.source.includes(':') ? `Ipv6Ranges=[{CidrIpv6=${rule.source}}]` : `IpRanges=[{CidrIp=${rule.source}}]`;
  return { group: rule.id, permission: `${protocol},${range}` };
}

export const awsInstanceFromSnapshotExposed = defineCheck({
  id: 'aws-instance-from-snapshot-exposed',
  title: 'Instance built from a snapshot or a foreign AMI is reachable from the internet on SSH, RDP or all ports',
  description:
    'Mounting a copied disk on an instance and opening SSH to it is how a snapshot is read out of an account. An instance with a volume restored from a snapshot (other than its own image\'s), or booted from an AMI the account does not own and no vendor publishes, that the internet reaches on 22, 3389 or every port, is that path — or its aftermath.',
  severity: 'high',
  provider: 'aws',
  resourceType: 'AWS::EC2::Instance',
  threat: { techniques: ['T1578.002', 'T1578.001'], mitigations: ['M1047', 'M1018'] },
  compliance: [
    { ...FSBP, controls: ['EC2.9', 'EC2.18', 'EC2.19'] },
    { ...SECURITY_HUB, controls: ['EC2.53', 'EC2.54'] },
    { ...CIS_AWS_3, controls: ['5.2', '5.3'] },
    { ...CIS_AWS_5, controls: ['5.3', '5.4'] },
    { ...NIST_800_53_R5, controls: ['AC-4', 'AC-4(21)', 'CA-9(1)', 'CM-2', 'CM-2(2)', 'CM-7', 'SC-7', 'SC-7(11)', 'SC-7(16)', 'SC-7(21)', 'SC-7(4)', 'SC-7(5)'] },
  ],
  messages: {
    exposed: 'Instance {{label}} has {{origins}} and the internet reaches it: {{paths}}.',
    exposedOriginUnknown: 'Instance {{label}} is reachable from the internet ({{paths}}), and where its disks came from is unknown: {{unknown}}.',
    ingressUnknown: 'Instance {{label}} has {{origins}}, is on public address(es) {{addresses}}, and whether the internet reaches it is unknown: {{reason}}.',
    notExposed: 'Instance {{id}} has {{origins}} but the internet does not reach it on SSH, RDP or all ports.',
    ordinary: 'Instance {{id}} carries no disk restored from a snapshot and no foreign image.',
  },
  remediation: {
    text: 'Close the path from the internet (revoke the rule, or reach the instance through Session Manager or a bastion), then find out who restored the snapshot onto this instance and why.',
    command: 'aws ec2 revoke-security-group-ingress --region {{region}} --group-id {{group}} --ip-permissions {{permission}}',
    docs: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-rules.html',
  },
  evaluate(inventory, report) {
    for (const instance of inventory.instances) {
      if (instance.state === 'terminated' || instance.state === 'shutting-down') continue;
      const { known, unknown } = unusualOrigins(instance);
      const data = { id: instance.id, region: instance.region, label: labelOf(instance) };
      const originText = known.map((o) => o.what).join('; ');
      const originEvidence = { origins: known.map((o) => o.evidence), unknownOrigins: unknown, state: instance.state, publicAddresses: [...instance.publicAddresses] };
      if (known.length === 0 && unknown.length === 0) {
        report.notApplicable({ resource: instance, messageId: 'ordinary', data });
        continue;
      }
      const withOrigins = { ...data, origins: originText || 'disks of unknown origin' };
      if (instance.publicAddresses.length === 0) {
        report.pass({ resource: instance, messageId: 'notExposed', data: withOrigins, evidence: originEvidence });
        continue;
      }
      if (isUnknown(instance.internetIngress)) {
        const addresses = [...instance.publicAddresses];
        report.unknown({ resource: instance, messageId: 'ingressUnknown', data: { ...withOrigins, addresses, reason: instance.internetIngress.reason }, evidence: originEvidence });
        continue;
      }
      const paths = adminExposure(instance.internetIngress);
      if (paths.length === 0) {
        report.pass({ resource: instance, messageId: 'notExposed', data: withOrigins, evidence: { ...originEvidence, ingress: pathEvidence(instance.internetIngress) } });
        continue;
      }
      const fix = revokeArguments(paths);
      const evidence = { ...originEvidence, ingress: pathEvidence(paths) };
      const pathText = paths.map(describePath).join('; ');
      if (known.length > 0) {
        report.fail({ resource: instance, messageId: 'exposed', data: { ...withOrigins, paths: pathText, ...fix }, evidence, signals: { reachableInstances: 1 } });
      } else {
        report.unknown({ resource: instance, messageId: 'exposedOriginUnknown', data: { ...withOrigins, paths: pathText, unknown: unknown.join('; '), ...fix }, evidence, signals: { reachableInstances: 1 } });
      }
    }
  },
});
