import { isUnknown, type AuditCoverage, type ResourceRef } from '../model.js';
import { defineCheck, type Placeholders } from './define-check.js';
import { CIS_AWS_3, CIS_AWS_5, FSBP, NIST_800_53_R5, NIST_MANAGEMENT_EVENTS_TRAIL } from './lib/compliance.js';

const DEFAULT_TRAIL = 'snapaudit-audit';
/** Words the command template can carry without quoting (see fillCommand). */
const PLAIN_WORDS = /^aws cloudtrail [A-Za-z0-9_.,:/=@%+\- ]+$/;

function coverageRef(entry: AuditCoverage): ResourceRef {
  const where = entry.region === 'global' ? 'the account' : entry.region;
  return { provider: entry.provider, account: entry.account, region: entry.region, type: 'AWS::CloudTrail::RegionCoverage', id: entry.region, name: `CloudTrail coverage of ${where}` };
}

/**
 * The fix as `aws cloudtrail {{action}} --region {{region}} {{args}}`, then start logging the trail
 * it names. The provider's `nextStep` when it is a plain CloudTrail command; otherwise a new
 * multi-Region trail (whose bucket needs the policy that lets CloudTrail write to it).
 */
function fixFor(entry: AuditCoverage): Placeholders {
  const fallbackRegion = entry.region === 'global' ? 'us-east-1' : entry.region;
  const step = entry.nextStep?.trim();
  if (step && PLAIN_WORDS.test(step)) {
    const words = step.split(/\s+/).slice(2);
    const [action, ...rest] = words;
    const valueOf = (flag: string): string | undefined => {
      const i = rest.indexOf(flag);
      return i >= 0 ? rest[i + 1] : undefined;
    };
    const trail = valueOf('--name') ?? valueOf('--trail-name');
    if (action && trail) {
      const region = valueOf('--region') ?? fallbackRegion;
      const r = rest.indexOf('--region');
      const args = r >= 0 ? [...rest.slice(0, r), ...rest.slice(r + 2)] : rest;
      return { action, region, args, trail };
    }
  }
  return { action: 'create-trail', region: fallbackRegion, args: ['--name', DEFAULT_TRAIL, '--s3-bucket-name', 'BUCKET', '--is-multi-region-trail'], trail: DEFAULT_TRAIL };
}

export const awsTrailSnapshotEventsUnlogged = defineCheck({
  id: 'aws-trail-snapshot-events-unlogged',
  title: 'Snapshot activity is not recorded by CloudTrail',
  description:
    'Creating, sharing, copying and restoring snapshots are management write events. Where no logging trail delivers them, a snapshot can be made public or copied to another account and nobody can say who did it, or when. Reads of snapshot blocks through the EBS direct APIs are data events, recorded only when a trail selects them.',
  severity: 'high',
  provider: 'aws',
  posture: 'audit',
  resourceType: 'AWS::CloudTrail::RegionCoverage',
  threat: { techniques: ['T1578.001'], mitigations: ['M1047'] },
  // A region fails here only when no logging trail records its management write events, so no
  // multi-Region trail with read and write management events exists: CloudTrail.1 fails too. A
  // region passes on a single-Region or write-only trail, which CloudTrail.1 would not accept.
  compliance: [
    { ...FSBP, controls: ['CloudTrail.1'] },
    { ...CIS_AWS_3, controls: ['3.1'] },
    { ...CIS_AWS_5, controls: ['3.1'] },
    { ...NIST_800_53_R5, controls: NIST_MANAGEMENT_EVENTS_TRAIL },
  ],
  messages: {
    unlogged: 'Snapshot activity in {{where}} is not recorded: {{gaps}}.',
    logged: 'Snapshot activity in {{where}} is recorded by {{sources}}.',
    loggedWithoutData: 'Snapshot activity in {{where}} is recorded by {{sources}}, but no trail records data events: reads of snapshot blocks through the EBS direct APIs leave no trace.',
    unreadable: 'Whether snapshot activity in {{where}} is recorded is unknown: {{reason}}.',
  },
  remediation: {
    text:
      'Have a logging trail record management write events in every region: the command applies the first fix the scan found, or creates a multi-Region trail (replace BUCKET with an S3 bucket whose policy lets CloudTrail write to it), then starts logging. An organization trail from the management account covers every member. To see EBS direct API reads too, add a data event selector for AWS::EC2::Snapshot.',
    command: 'aws cloudtrail {{action}} --region {{region}} {{args}} && aws cloudtrail start-logging --region {{region}} --name {{trail}}',
    docs: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail-by-using-the-aws-cli.html',
  },
  evaluate(inventory, report) {
    for (const entry of inventory.audit) {
      const resource = coverageRef(entry);
      const data = { where: entry.region === 'global' ? 'the account' : entry.region, ...fixFor(entry) };
      const dataEvents = entry.dataEventsLogged;
      const evidence = {
        sources: [...entry.sources],
        gaps: [...entry.gaps],
        nextStep: entry.nextStep ?? null,
        dataEventsLogged: dataEvents === undefined ? null : isUnknown(dataEvents) ? `unknown: ${dataEvents.reason}` : dataEvents,
      };
      const logged = entry.snapshotEventsLogged;
      if (isUnknown(logged)) report.unknown({ resource, messageId: 'unreadable', data: { ...data, reason: logged.reason }, evidence });
      else if (!logged) {
        const gaps = entry.gaps.length > 0 ? entry.gaps.join('; ') : 'no logging trail records its management write events';
        report.fail({ resource, messageId: 'unlogged', data: { ...data, gaps }, evidence });
      } else {
        const sources = entry.sources.length > 0 ? entry.sources.join(', ') : 'a trail';
        report.pass({ resource, messageId: dataEvents === false ? 'loggedWithoutData' : 'logged', data: { ...data, sources }, evidence });
      }
    }
  },
});
