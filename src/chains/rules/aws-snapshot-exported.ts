import type { ChainStep } from '../define-rule.js';
import { defineRule } from '../define-rule.js';
import { awsUnshareData } from './aws-fix.js';
import { actorLabel, resourceOf } from './lib.js';

const ACCOUNT_ID = /^\d{12}$/;

/** How to stop an export: cancel the task (EC2 and RDS spell the flag differently), or take the share away from the account that copied. */
function fixOf(step: ChainStep, target: string, recipient: string | undefined): { service: string; fixCommand: string; fixArgs: string[] } {
  const { event } = step;
  if (recipient) {
    const data = awsUnshareData(resourceOf(event, target), [{ kind: 'account', id: recipient }]);
    return { service: data.service, fixCommand: data.modifyCommand, fixArgs: [data.idFlag, data.name, ...data.removeArgs] };
  }
  const task = event.resources.find((r) => r.role === 'export')?.id ?? 'EXPORT_TASK_ID';
  return event.service.startsWith('rds')
    ? { service: 'rds', fixCommand: 'cancel-export-task', fixArgs: ['--export-task-identifier', task] }
    : { service: 'ec2', fixCommand: 'cancel-export-task', fixArgs: ['--export-task-id', task] };
}

export const awsSnapshotExported = defineRule({
  id: 'chain-aws-snapshot-exported',
  title: 'Snapshot or image data was exported to S3 or copied by another account',
  description:
    'CloudTrail shows a snapshot, AMI, DB snapshot or instance written out of the snapshot service (an export task to S3) or copied by another account (SharedSnapshotCopyInitiated, SharedSnapshotVolumeCreated). Outside the snapshot service the data follows the bucket\'s or the other account\'s access rules. A copy to another region of the same account is not reported.',
  severity: 'medium',
  provider: 'aws',
  resourceType: 'AWS::EC2::Snapshot',
  threat: { techniques: ['T1537'], mitigations: ['M1018', 'M1057'] },
  compliance: [],
  messages: {
    exportedToS3: '{{actor}} exported {{id}} to {{destination}} at {{time}} ({{action}}).',
    copiedByAccount: 'Account {{recipient}} copied {{id}} or made a volume of it at {{time}} ({{action}}); the data now sits in that account.',
  },
  remediation: {
    text: 'For an export: cancel it if it is still running (the task id is in the evidence; EXPORT_TASK_ID when the record had none), then check who can read the bucket and delete the objects if the export was not expected. For a copy by another account: remove that account from the share; the copy itself cannot be recalled.',
    command: 'aws {{service}} {{fixCommand}} --region {{region}} {{fixArgs}}',
    docs: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ExportSnapshot.html',
  },
  detect(step) {
    if (step.event.provider !== 'aws' || step.activity.kind !== 'exported') return [];
    const { event, activity } = step;
    const destination = activity.destination;
    const recipient = destination && ACCOUNT_ID.test(destination) && destination !== event.account ? destination : undefined;
    const toS3 = destination?.startsWith('s3://') === true || (!destination && event.resources.some((r) => r.role === 'export'));
    if (!recipient && !toS3) return [];
    const base = { ...fixOf(step, activity.target, recipient), id: activity.target, region: event.region, actor: actorLabel(event), action: event.action, time: event.time };
    return [
      recipient
        ? { resource: resourceOf(event, activity.target), messageId: 'copiedByAccount' as const, data: { ...base, recipient }, steps: [step], signals: { exposure: 'external' as const } }
        : { resource: resourceOf(event, activity.target), messageId: 'exportedToS3' as const, data: { ...base, destination: destination ?? 'an S3 bucket' }, steps: [step], signals: { exposure: 'unknown' as const } },
    ];
  },
});
