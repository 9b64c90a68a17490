import { defineRule } from '../define-rule.js';
import { projectOf } from './gcp-fix.js';
import { actorLabel, isRestoreFromSnapshot, JOIN_NOTE, nameOf, resourceOf, restoredExposures } from './lib.js';

export const gcpSnapshotRestoredExposed = defineRule({
  id: 'chain-gcp-snapshot-restored-exposed',
  title: 'Instance built from a snapshot was opened to the internet',
  description:
    'disks.insert made a disk from a snapshot or image, instances.insert started an instance on it, and then a firewall rule let 0.0.0.0/0 in on SSH, RDP or every port: the restored data is reachable from the internet.',
  severity: 'high',
  provider: 'gcp',
  resourceType: 'compute.googleapis.com/Snapshot',
  threat: { techniques: ['T1578.001', 'T1578.002'], mitigations: ['M1047', 'M1018'] },
  compliance: [],
  messages: {
    restoredExposed: '{{instance}} runs on a disk restored from {{name}} at {{originAt}}, and {{actor}} opened {{ports}} to {{source}} with firewall rule {{rule}} at {{time}}.',
  },
  remediation: {
    text: 'Disable the firewall rule (or narrow its source ranges); reach the instance through IAP TCP forwarding instead.',
    command: 'gcloud compute firewall-rules update {{rule}} --project={{project}} --disabled',
    docs: 'https://cloud.google.com/firewall/docs/using-firewalls',
  },
  detect(step, history, context) {
    if (step.event.provider !== 'gcp') return [];
    // Firewall rules apply by network and target tags, which the events do not tie to the instance.
    return restoredExposures(step, history, context, { sameRegion: false, isRoot: isRestoreFromSnapshot('gcp') }).map((chain) => ({
      resource: resourceOf(chain.root.event, chain.lineage.origin, 'snapshot'),
      messageId: 'restoredExposed' as const,
      data: {
        id: chain.lineage.origin,
        name: nameOf('gcp', chain.lineage.origin),
        instance: nameOf('gcp', chain.lineage.instance),
        rule: nameOf('gcp', chain.ingress.target),
        project: projectOf(chain.ingress.target, step.event.account),
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
