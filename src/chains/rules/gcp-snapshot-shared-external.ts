import { defineRule } from '../define-rule.js';
import { GCP_UNBIND_COMMAND, gcpUnbindData, memberOf } from './gcp-fix.js';
import { actorLabel, exposureOf, resourceOf, shareExposure } from './lib.js';

export const gcpSnapshotSharedExternal = defineRule({
  id: 'chain-gcp-snapshot-shared-external',
  title: 'Snapshot, image, machine image or disk was shared with an outside member',
  description:
    'setIamPolicy granted a member outside the organization\'s projects and domains (and not in the trusted list) access to a snapshot, image, machine image or disk: that member can copy the data into a project of theirs (T1537). A binding removed later in the window is reported as reverted.',
  severity: 'high',
  provider: 'gcp',
  resourceType: 'compute.googleapis.com/Snapshot',
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018', 'M1047'] },
  compliance: [],
  messages: {
    shared: '{{actor}} granted {{members}} access to {{name}} at {{time}}, outside the organization and the trusted list.',
    sharedReverted: '{{actor}} granted {{members}} access to {{name}} at {{sharedAt}}; the binding was removed at {{time}}.',
  },
  remediation: {
    text: 'Remove the outside member\'s binding (the command removes the first; repeat for each member in the message), or add its project or domain to the trusted list with a reason if it is expected.',
    command: GCP_UNBIND_COMMAND,
    docs: 'https://cloud.google.com/compute/docs/access/iam-policy',
  },
  detect(step, history, context) {
    if (step.event.provider !== 'gcp') return [];
    const exposure = shareExposure(step, history, context, 'outside');
    const grantee = exposure?.grantees[0]?.grantee;
    if (!exposure || !grantee) return [];
    const resource = resourceOf(step.event, exposure.target, exposure.targetRole);
    const first = exposure.steps[0] ?? step;
    const data = { ...gcpUnbindData(resource, grantee), id: exposure.target, actor: actorLabel(first.event), members: exposure.grantees.map((g) => memberOf(g.grantee)), time: step.event.time };
    const signals = { exposure: exposureOf(exposure.grantees.map((g) => g.reach)) };
    return [
      exposure.reverted
        ? { resource, messageId: 'sharedReverted' as const, data: { ...data, sharedAt: first.event.time }, steps: exposure.steps, signals: { ...signals, inertBecause: `the binding was removed at ${step.event.time}` } }
        : { resource, messageId: 'shared' as const, data, steps: exposure.steps, signals },
    ];
  },
});
