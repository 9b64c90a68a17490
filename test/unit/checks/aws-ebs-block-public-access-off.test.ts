import { expect } from 'vitest';
import { awsEbsBlockPublicAccessOff } from '../../../src/checks/aws-ebs-block-public-access-off.js';
import { unknownValue } from '../../../src/model.js';
import { testCheck } from '../../support/check-tester.js';
import { controls, inventory, PUBLIC, snapshot } from '../../support/factories.js';

testCheck(awsEbsBlockPublicAccessOff, {
  fail: [
    {
      name: 'unblocked, with a public snapshot in the region',
      inventory: inventory({
        regions: [controls({ snapshotPublicSharingBlock: 'off', native: { snapshotBlockPublicAccess: 'unblocked' } })],
        snapshots: [snapshot({ sharing: [PUBLIC] })],
      }),
      resourceId: 'us-east-1',
      messageId: 'off',
      also: (r) => {
        expect(r.signals.exposedResourcesInScope).toBe(1);
        expect(r.evidence['state']).toBe('unblocked');
        expect(r.resource.type).toBe('AWS::EC2::SnapshotBlockPublicAccess');
      },
    },
    {
      name: 'block-new-sharing leaves already-public snapshots public',
      inventory: inventory({ regions: [controls({ snapshotPublicSharingBlock: 'new-sharing' })] }),
      resourceId: 'us-east-1',
      messageId: 'newOnly',
      also: (r) => expect(r.signals.partialGuard).toBeDefined(),
    },
  ],
  pass: [{ name: 'block-all-sharing', inventory: inventory({ regions: [controls()] }), resourceId: 'us-east-1', messageId: 'on' }],
  unknown: [
    {
      name: 'state unreadable',
      inventory: inventory({ regions: [controls({ snapshotPublicSharingBlock: unknownValue('UnauthorizedOperation') })] }),
      resourceId: 'us-east-1',
      messageId: 'unreadable',
    },
  ],
  none: [{ name: 'not collected at all', inventory: inventory({ regions: [controls({ snapshotPublicSharingBlock: undefined })] }), resourceId: 'us-east-1' }],
});
