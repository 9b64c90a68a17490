import { expect } from 'vitest';
import { awsAmiBlockPublicAccessOff } from '../../../src/checks/aws-ami-block-public-access-off.js';
import { unknownValue } from '../../../src/model.js';
import { testCheck } from '../../support/check-tester.js';
import { controls, image, inventory, PUBLIC } from '../../support/factories.js';

testCheck(awsAmiBlockPublicAccessOff, {
  fail: [
    {
      name: 'unblocked with a public AMI',
      inventory: inventory({ regions: [controls({ imagePublicSharingBlock: 'off', native: { imageBlockPublicAccess: 'unblocked' } })], images: [image({ sharing: [PUBLIC] })] }),
      resourceId: 'us-east-1',
      messageId: 'off',
      also: (r) => expect(r.evidence['publicImages']).toBe(1),
    },
  ],
  pass: [{ name: 'block-new-sharing', inventory: inventory({ regions: [controls()] }), resourceId: 'us-east-1', messageId: 'on' }],
  unknown: [{ name: 'unreadable', inventory: inventory({ regions: [controls({ imagePublicSharingBlock: unknownValue('denied') })] }), resourceId: 'us-east-1', messageId: 'unreadable' }],
});
