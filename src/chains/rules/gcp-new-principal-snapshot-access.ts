import { defineRule } from '../define-rule.js';
import { actorLabel, minutesBetween, nameOf, newPrincipalAccess, resourceOf, type NewPrincipalAccess } from './lib.js';

const SERVICE_ACCOUNT = /^(?:serviceAccount:)?([^@:/]+@([^.]+)\.iam\.gserviceaccount\.com)$/;

/**
 * The gcloud words that stop the new identity: disable the key it used, else the service account;
 * a user or group granted a role on the project loses that binding instead.
 */
function containment(access: NewPrincipalAccess, actor: string, project: string): string[] {
  const sa = SERVICE_ACCOUNT.exec(actor);
  if (sa) {
    const [, email = actor, home = project] = sa;
    if (access.credential) return ['iam', 'service-accounts', 'keys', 'disable', nameOf('gcp', access.credential), `--iam-account=${email}`, `--project=${home}`];
    return ['iam', 'service-accounts', 'disable', email, `--project=${home}`];
  }
  const member = access.principal.includes(':') ? access.principal : `user:${actor}`;
  return ['projects', 'remove-iam-policy-binding', project, `--member=${member}`, '--role=ROLE'];
}

export const gcpNewPrincipalSnapshotAccess = defineRule({
  id: 'chain-gcp-new-principal-snapshot-access',
  title: 'A just-created service account or key shared or restored a snapshot',
  description:
    'A service account or a key for one was created and, within the new-principal period, that service account shared, exported or restored a snapshot, image or disk. Attackers make their own identity (T1136, T1098) before they take data; a pipeline that does this belongs in benignCallers.',
  severity: 'high',
  provider: 'gcp',
  resourceType: 'compute.googleapis.com/Snapshot',
  threat: { techniques: ['T1136', 'T1098', 'T1537', 'T1578.001'], mitigations: ['M1018', 'M1047'] },
  compliance: [],
  messages: {
    newPrincipal: '{{principal}} was set up at {{createdAt}} by {{creator}} ({{creationAction}}) and {{verb}} {{name}} {{after}} later ({{action}}).',
  },
  remediation: {
    text: 'Contain the new identity: disable the key it used (or the service account); for a user or group that was granted a role, remove that binding (the role is named in the creation event). Then undo what it did to the snapshot and find out who set it up.',
    command: 'gcloud {{args}}',
    docs: 'https://cloud.google.com/iam/docs/keys-disable-enable',
  },
  detect(step, history, context) {
    if (step.event.provider !== 'gcp') return [];
    const access = newPrincipalAccess(step, history, context);
    if (!access) return [];
    const args = containment(access, step.event.actor.id, step.event.account);
    return [
      {
        resource: resourceOf(step.event, access.target, access.targetRole),
        messageId: 'newPrincipal',
        data: {
          args,
          id: access.target,
          name: nameOf('gcp', access.target),
          principal: access.principal,
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
