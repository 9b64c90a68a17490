import type { IngressPath } from '../model.js';
import { defineCheck } from './define-check.js';
import { CIS_GCP_2 } from './lib/compliance.js';
import { instanceMessages, judgeInstanceExposure } from './lib/instance-exposure.js';

/** The firewall rule behind the first exposing path, as `gcloud compute firewall-rules update` wants it. */
function ruleArguments(paths: readonly IngressPath[]): { rule: string } {
  const rule = paths.flatMap((p) => p.via).find((r) => r.kind === 'firewall');
  return { rule: rule?.name ?? rule?.id ?? 'RULE' };
}

export const gcpInstanceFromSnapshotExposed = defineCheck({
  id: 'gcp-instance-from-snapshot-exposed',
  title: 'Instance with a disk from a snapshot or a foreign image is reachable from the internet on SSH, RDP or all ports',
  description:
    "Creating a disk from a copied snapshot, attaching it to an instance with an external IP and a firewall rule open to 0.0.0.0/0 is how a disk is read out of a project. An instance with such a disk, or booted from an image of a project that is neither scanned nor a public image publisher, that the internet reaches on 22, 3389 or every port — after the network's firewall rules by priority, deny winning ties, matched on tags and service accounts — is that path.",
  severity: 'high',
  provider: 'gcp',
  resourceType: 'compute.googleapis.com/Instance',
  threat: { techniques: ['T1578.002', 'T1578.001'], mitigations: ['M1047', 'M1018'] },
  compliance: [{ ...CIS_GCP_2, controls: ['3.6', '3.7', '4.9'] }],
  messages: instanceMessages('Instance'),
  remediation: {
    text: 'Close the path from the internet (disable or narrow the rule, or reach the instance through IAP TCP forwarding), then find out who created the disk from the snapshot and why.',
    command: 'gcloud compute firewall-rules update {{rule}} --project={{project}} --disabled',
    docs: 'https://cloud.google.com/firewall/docs/using-firewalls',
  },
  evaluate(inventory, report) {
    for (const instance of inventory.instances) {
      judgeInstanceExposure(report, instance, (paths) => ({ ...ruleArguments(paths), project: instance.account }));
    }
  },
});
