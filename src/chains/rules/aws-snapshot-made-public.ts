import { defineRule } from '../define-rule.js';
import { AWS_UNSHARE_COMMAND, detectAwsShare } from './aws-fix.js';

export const awsSnapshotMadePublic = defineRule({
  id: 'chain-aws-snapshot-made-public',
  title: 'Snapshot, AMI or DB snapshot was made public',
  description:
    'CloudTrail shows a call that added the group `all` to an EBS snapshot\'s createVolumePermission, an AMI\'s launchPermission or a DB snapshot\'s restore attribute: from that moment any AWS account could copy the data. A share removed later in the window is still reported, as reverted, because the data may have been copied while it was open.',
  severity: 'high',
  provider: 'aws',
  resourceType: 'AWS::EC2::Snapshot',
  threat: { techniques: ['T1578.001', 'T1537'], mitigations: ['M1018', 'M1047'] },
  // The standing state is mapped by the scan's checks (EC2.1); an event in a log is not a control.
  compliance: [],
  messages: {
    public: '{{actor}} made {{id}} public ({{grantees}}) at {{time}}.',
    publicReverted: '{{actor}} made {{id}} public at {{sharedAt}}; the share was removed at {{time}}. Anyone could copy it for {{openFor}}.',
  },
  remediation: {
    text: 'Remove the public permission (the command is harmless if it is already gone), then look for SharedSnapshotCopyInitiated / SharedSnapshotVolumeCreated events naming other accounts while it was open. Turn on block public access for snapshots and AMIs in the region.',
    command: AWS_UNSHARE_COMMAND,
    docs: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html',
  },
  detect(step, history, context) {
    return detectAwsShare(step, history, context, 'public', { open: 'public', reverted: 'publicReverted' });
  },
});
