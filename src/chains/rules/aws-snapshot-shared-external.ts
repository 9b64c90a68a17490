import { defineRule } from '../define-rule.js';
import { AWS_UNSHARE_COMMAND, detectAwsShare } from './aws-fix.js';

export const awsSnapshotSharedExternal = defineRule({
  id: 'chain-aws-snapshot-shared-external',
  title: 'Snapshot, AMI or DB snapshot was shared with an outside account',
  description:
    'CloudTrail shows a share of an EBS snapshot, AMI or DB snapshot with an account that is neither in the organization nor in the trusted list (or whose membership could not be read). That account can copy the data into its own reach (T1537). A share removed later in the window is reported as reverted.',
  severity: 'high',
  provider: 'aws',
  resourceType: 'AWS::EC2::Snapshot',
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018', 'M1047'] },
  compliance: [],
  messages: {
    shared: '{{actor}} shared {{id}} with {{grantees}} at {{time}}, outside the organization and the trusted list.',
    sharedReverted: '{{actor}} shared {{id}} with {{grantees}} at {{sharedAt}}; the share was removed at {{time}}.',
  },
  remediation: {
    text: 'Remove the outside accounts from the share, or add them to trustedAccounts with a reason if they are expected.',
    command: AWS_UNSHARE_COMMAND,
    docs: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html',
  },
  detect(step, history, context) {
    return detectAwsShare(step, history, context, 'outside', { open: 'shared', reverted: 'sharedReverted' });
  },
});
