import { defineRule } from '../define-rule.js';
import { GCP_UNBIND_COMMAND, gcpUnbindData, memberOf } from './gcp-fix.js';
import { actorLabel, resourceOf, shareExposure } from './lib.js';

export const gcpSnapshotMadePublic = defineRule({
  id: 'chain-gcp-snapshot-made-public',
  title: 'Snapshot, image, machine image or disk was made public',
  description:
    'An audit log entry shows setIamPolicy adding `allUsers` or `allAuthenticatedUsers` to a snapshot, image, machine image or disk: anyone with a Google account could create a disk from it in their own project. A binding removed later in the window is still reported, as reverted.',
  severity: 'high',
  provider: 'gcp',
  resourceType: 'compute.googleapis.com/Snapshot',
  threat: { techniques: ['T1578.001', 'T1537'], mitigations: ['M1018', 'M1047'] },
  compliance: [],
  messages: {
    public: '{{actor}} made {{name}} public ({{members}}) at {{time}}.',
    publicReverted: '{{actor}} made {{name}} public ({{members}}) at {{sharedAt}}; the binding was removed at {{time}}.',
  },
  remediation: {
    text: 'Remove the public binding (harmless if already gone); grant named members or groups instead. The organization policy constraint iam.allowedPolicyMemberDomains keeps allUsers out of policies.',
    command: GCP_UNBIND_COMMAND,
    docs: 'https://cloud.google.com/compute/docs/access/iam-policy',
  },
  detect(step, history, context) {
    if (step.event.provider !== 'gcp') return [];
    const exposure = shareExposure(step, history, context, 'public');
    const grantee = exposure?.grantees[0]?.grantee;
    if (!exposure || !grantee) return [];
    const resource = resourceOf(step.event, exposure.target, exposure.targetRole);
    const first = exposure.steps[0] ?? step;
    const data = { ...gcpUnbindData(resource, grantee), id: exposure.target, actor: actorLabel(first.event), members: exposure.grantees.map((g) => memberOf(g.grantee)), time: step.event.time };
    return [
      exposure.reverted
        ? { resource, messageId: 'publicReverted' as const, data: { ...data, sharedAt: first.event.time }, steps: exposure.steps, signals: { exposure: 'public' as const, inertBecause: `the public binding was removed at ${step.event.time}` } }
        : { resource, messageId: 'public' as const, data, steps: exposure.steps, signals: { exposure: 'public' as const } },
    ];
  },
});
