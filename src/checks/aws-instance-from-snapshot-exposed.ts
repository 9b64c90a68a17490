import type { IngressPath } from '../model.js';
import { defineCheck } from './define-check.js';
import { CIS_AWS_3, CIS_AWS_5, FSBP, NIST_800_53_R5, SECURITY_HUB } from './lib/compliance.js';
import { instanceMessages, judgeInstanceExposure } from './lib/instance-exposure.js';

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
  messages: instanceMessages('Instance'),
  remediation: {
    text: 'Close the path from the internet (revoke the rule, or reach the instance through Session Manager or a bastion), then find out who restored the snapshot onto this instance and why.',
    command: 'aws ec2 revoke-security-group-ingress --region {{region}} --group-id {{group}} --ip-permissions {{permission}}',
    docs: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-rules.html',
  },
  evaluate(inventory, report) {
    for (const instance of inventory.instances) judgeInstanceExposure(report, instance, revokeArguments);
  },
});
