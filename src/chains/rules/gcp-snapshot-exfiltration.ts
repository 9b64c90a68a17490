import { defineRule, type Detection } from '../define-rule.js';
import { gcpLocation, gcpUnbindData, memberOf, projectOf } from './gcp-fix.js';
import { actorLabel, creationOf, exposureOf, minutesBetween, nameOf, outsideGrantees, resourceOf } from './lib.js';

type Message = 'createdShared' | 'crossProject';

export const gcpSnapshotExfiltration = defineRule({
  id: 'chain-gcp-snapshot-exfiltration',
  title: 'Snapshot created and shared outside, or taken from another project\'s disk',
  description:
    'Either a snapshot (or image) was created and, within the window, made public or granted to an outside member; or snapshots.insert made a snapshot whose source disk is in a different project. Both are how a disk is moved to where its owner does not control it (T1578.001 then T1537).',
  severity: 'critical',
  provider: 'gcp',
  resourceType: 'compute.googleapis.com/Snapshot',
  threat: { techniques: ['T1578.001', 'T1537'], mitigations: ['M1018', 'M1047', 'M1057'] },
  compliance: [],
  messages: {
    createdShared: '{{creator}} created {{name}} at {{createdAt}} and {{actor}} granted {{members}} access to it {{after}} later.',
    crossProject: '{{actor}} created snapshot {{name}} in {{project}} from disk {{sourceDisk}} of project {{sourceProject}} at {{time}}.',
  },
  remediation: {
    text: 'For a share: remove the binding now and treat the disk\'s secrets as disclosed. For a cross-project snapshot: preserve the evidence, delete the copy (gcloud asks before it deletes), and take compute.disks.createSnapshot on the source disk away from whoever made it.',
    command: 'gcloud compute {{collection}} {{verb}} {{name}} --project={{project}} {{flags}}',
    docs: 'https://cloud.google.com/compute/docs/disks/create-snapshots',
  },
  detect(step, history, context) {
    if (step.event.provider !== 'gcp') return [];
    const { event, activity: a } = step;
    if (a.kind === 'snapshot-created' && a.source) {
      const sourceProject = projectOf(a.source, event.account);
      if (sourceProject === projectOf(a.target, event.account)) return [];
      const resource = resourceOf(event, a.target, a.targetRole);
      const detection: Detection<Message> = {
        resource,
        messageId: 'crossProject',
        data: {
          collection: a.targetRole === 'image' ? 'images' : 'snapshots',
          verb: 'delete',
          name: nameOf('gcp', a.target),
          project: projectOf(a.target, event.account),
          flags: gcpLocation(a.target),
          id: a.target,
          sourceDisk: nameOf('gcp', a.source),
          sourceProject,
          actor: actorLabel(event),
          time: event.time,
        },
        steps: [step],
        signals: { exposure: 'external' },
      };
      return [detection];
    }
    if (a.kind !== 'shared') return [];
    const outside = outsideGrantees(step, a.grantees, context);
    const first = outside[0];
    if (!first) return [];
    const creation = creationOf(history, a.target, step, context);
    if (!creation || creation.activity.kind !== 'snapshot-created') return [];
    const resource = resourceOf(event, a.target, a.targetRole);
    const unbind = gcpUnbindData(resource, first.grantee);
    return [
      {
        resource,
        messageId: 'createdShared',
        data: {
          collection: unbind.collection,
          verb: 'remove-iam-policy-binding',
          name: unbind.name,
          project: unbind.project,
          flags: [...unbind.location, `--member=${unbind.member}`, `--role=${unbind.role}`],
          id: a.target,
          members: outside.map((o) => memberOf(o.grantee)),
          creator: actorLabel(creation.event),
          createdAt: creation.event.time,
          actor: actorLabel(event),
          after: minutesBetween(creation, step),
        },
        steps: [creation, step],
        signals: { exposure: exposureOf(outside.map((o) => o.reach)) },
      },
    ];
  },
});
