import { defineRule, type ChainStep, type Detection } from '../define-rule.js';
import { awsIpPermission } from './aws-fix.js';
import { actorLabel, JOIN_NOTE, resourceOf, restoredExposures, sameId } from './lib.js';

export const awsSnapshotRestoredExposed = defineRule({
  id: 'chain-aws-snapshot-restored-exposed',
  title: 'Instance built from a new or newly shared snapshot was opened to the internet',
  description:
    'A snapshot or AMI was created or shared, an instance was launched from it (directly or through a volume or image made from it), and then a security group rule opened SSH, RDP or every port of that instance to 0.0.0.0/0 or ::/0: the restored data is reachable from the internet.',
  severity: 'high',
  provider: 'aws',
  resourceType: 'AWS::EC2::Snapshot',
  threat: { techniques: ['T1578.001', 'T1578.002'], mitigations: ['M1047', 'M1018'] },
  compliance: [],
  messages: {
    restoredExposed: '{{instance}} was launched from {{id}} (created or shared at {{originAt}}) and {{actor}} opened {{ports}} on {{group}} to {{source}} at {{time}}.',
  },
  remediation: {
    text: 'Revoke the ingress rule; reach the instance through Session Manager or a bastion on a private address instead. Then check who launched the instance and why.',
    command: 'aws ec2 revoke-security-group-ingress --region {{region}} --group-id {{group}} --ip-permissions {{permission}}',
    docs: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-rules.html',
  },
  detect(step, history, context) {
    if (step.event.provider !== 'aws') return [];
    const isRoot = (s: ChainStep, id: string): boolean => (s.activity.kind === 'snapshot-created' || s.activity.kind === 'shared') && sameId('aws', s.activity.target, id);
    return restoredExposures(step, history, context, { sameRegion: true, isRoot }).map((chain): Detection<'restoredExposed'> => {
      const { root, lineage, ingress, opened, join } = chain;
      const role = root.activity.kind === 'snapshot-created' || root.activity.kind === 'shared' ? root.activity.targetRole : undefined;
      return {
        resource: resourceOf(root.event, lineage.origin, role),
        messageId: 'restoredExposed',
        data: {
          id: lineage.origin,
          region: step.event.region,
          instance: lineage.instance,
          group: ingress.target,
          ports: opened.ports,
          source: opened.source,
          permission: awsIpPermission(ingress, opened.source, opened.range),
          originAt: root.event.time,
          actor: actorLabel(step.event),
          time: step.event.time,
        },
        steps: chain.steps,
        signals: { reachableInstances: 1 },
        evidence: { join, joinNote: JOIN_NOTE[join] },
      };
    });
  },
});
