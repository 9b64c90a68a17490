import { defineRule } from '../define-rule.js';
import { actorLabel, isRestoreFromSnapshot, JOIN_NOTE, nameOf, resourceOf, restoredExposures } from './lib.js';

export const azureSnapshotRestoredExposed = defineRule({
  id: 'chain-azure-snapshot-restored-exposed',
  title: 'VM built from a snapshot was opened to the internet',
  description:
    'A disk was made from a snapshot, a VM was created on it, and then a network security group rule allowed the internet (`*`, `Internet`, 0.0.0.0/0) in on SSH, RDP or every port: the restored data is reachable from anywhere.',
  severity: 'high',
  provider: 'azure',
  resourceType: 'Microsoft.Compute/snapshots',
  threat: { techniques: ['T1578.001', 'T1578.002'], mitigations: ['M1047', 'M1018'] },
  compliance: [],
  messages: {
    restoredExposed: '{{instance}} runs on a disk restored from {{name}} at {{originAt}}, and {{actor}} allowed {{source}} in on {{ports}} ({{ruleName}}) at {{time}}.',
  },
  remediation: {
    text: 'Deny (or delete) the rule; reach the VM through Azure Bastion or a private address instead. The command assumes the event named the rule; if it named the NSG, pass the rule\'s name with --name.',
    command: 'az network nsg rule update --ids {{rule}} --access Deny',
    docs: 'https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview',
  },
  detect(step, history, context) {
    if (step.event.provider !== 'azure') return [];
    return restoredExposures(step, history, context, { sameRegion: false, isRoot: isRestoreFromSnapshot('azure') }).map((chain) => ({
      resource: resourceOf(chain.root.event, chain.lineage.origin, 'snapshot'),
      messageId: 'restoredExposed' as const,
      data: {
        id: chain.lineage.origin,
        name: nameOf('azure', chain.lineage.origin),
        instance: nameOf('azure', chain.lineage.instance),
        rule: chain.ingress.target,
        ruleName: nameOf('azure', chain.ingress.target),
        ports: chain.opened.ports,
        source: chain.opened.source,
        originAt: chain.root.event.time,
        actor: actorLabel(step.event),
        time: step.event.time,
      },
      steps: chain.steps,
      signals: { reachableInstances: 1 },
      evidence: { join: chain.join, joinNote: JOIN_NOTE[chain.join] },
    }));
  },
});
