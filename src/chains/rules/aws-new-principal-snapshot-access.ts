import type { AuditEvent } from '../../logs/event.js';
import { defineRule } from '../define-rule.js';
import { actorLabel, minutesBetween, nameOf, newPrincipalAccess, resourceOf, type NewPrincipalAccess } from './lib.js';

const DENY_ALL = 'arn:aws:iam::aws:policy/AWSDenyAll';

/** The IAM call that stops the new principal: deactivate the key it used, else deny it everything. */
function containment(access: NewPrincipalAccess, event: AuditEvent): { iamCommand: string; args: string[]; user: string } {
  const name = access.principal.split(/[/:]/).pop() ?? access.principal;
  const isRole = /:role\//.test(access.principal) || event.actor.type === 'assumed-role' || event.actor.type === 'role';
  if (access.credential && event.actor.accessKeyId === access.credential && !isRole) {
    return { iamCommand: 'update-access-key', args: ['--user-name', name, '--access-key-id', access.credential, '--status', 'Inactive'], user: name };
  }
  if (isRole) return { iamCommand: 'attach-role-policy', args: ['--role-name', name, '--policy-arn', DENY_ALL], user: name };
  return { iamCommand: 'attach-user-policy', args: ['--user-name', name, '--policy-arn', DENY_ALL], user: name };
}

export const awsNewPrincipalSnapshotAccess = defineRule({
  id: 'chain-aws-new-principal-snapshot-access',
  title: 'A just-created principal or key shared, exported or restored a snapshot',
  description:
    'An IAM user, role or access key was created and, within the new-principal period, that same principal shared, exported or restored a snapshot, AMI or DB snapshot. Attackers create their own foothold (T1136, T1098) before they take data; a pipeline that does this belongs in benignCallers.',
  severity: 'high',
  provider: 'aws',
  resourceType: 'AWS::EC2::Snapshot',
  threat: { techniques: ['T1136', 'T1098', 'T1537', 'T1578.001'], mitigations: ['M1018', 'M1047'] },
  compliance: [],
  messages: {
    newPrincipal: '{{principal}} was set up at {{createdAt}} by {{creator}} ({{creationAction}}) and {{verb}} {{id}} {{after}} later ({{action}}).',
  },
  remediation: {
    text: 'Contain the new principal: deactivate the access key it used (or attach AWSDenyAll to the user or role), then undo what it did to the snapshot and find out who created it.',
    command: 'aws iam {{iamCommand}} --region {{region}} {{args}}',
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
  },
  detect(step, history, context) {
    if (step.event.provider !== 'aws') return [];
    const access = newPrincipalAccess(step, history, context);
    if (!access) return [];
    const fix = containment(access, step.event);
    return [
      {
        resource: resourceOf(step.event, access.target, access.targetRole),
        messageId: 'newPrincipal',
        data: {
          ...fix,
          id: access.target,
          name: nameOf('aws', access.target),
          region: step.event.region,
          principal: access.principal,
          ...(access.credential ? { key: access.credential } : {}),
          createdAt: access.creation.event.time,
          creator: actorLabel(access.creation.event),
          creationAction: access.creation.event.action,
          verb: access.verb,
          after: minutesBetween(access.creation, step),
          action: step.event.action,
        },
        steps: [access.creation, step],
      },
    ];
  },
});
