import { awsEbsEncryptionDefaultOff } from '../../../src/checks/aws-ebs-encryption-default-off.js';
import { unknownValue } from '../../../src/model.js';
import { testCheck } from '../../support/check-tester.js';
import { controls, inventory } from '../../support/factories.js';

testCheck(awsEbsEncryptionDefaultOff, {
  fail: [{ name: 'off', inventory: inventory({ regions: [controls({ encryptionByDefault: false })] }), resourceId: 'us-east-1', messageId: 'off' }],
  pass: [{ name: 'on', inventory: inventory({ regions: [controls()] }), resourceId: 'us-east-1', messageId: 'on' }],
  unknown: [{ name: 'unreadable', inventory: inventory({ regions: [controls({ encryptionByDefault: unknownValue('AccessDenied') })] }), resourceId: 'us-east-1', messageId: 'unreadable' }],
});
