import { expect } from 'vitest';
import { awsEbsSnapshotUnencrypted } from '../../../src/checks/aws-ebs-snapshot-unencrypted.js';
import { testCheck } from '../../support/check-tester.js';
import { inventory, PUBLIC, snapshot } from '../../support/factories.js';

testCheck(awsEbsSnapshotUnencrypted, {
  fail: [
    {
      name: 'not encrypted',
      inventory: inventory({ snapshots: [snapshot({ id: 'snap-1', encryption: { encrypted: false, keyKind: 'none' } })] }),
      resourceId: 'snap-1',
      messageId: 'unencrypted',
      also: (r) => expect(r.signals.exposure).toBeUndefined(),
    },
    {
      name: 'not encrypted and public: exposure carried into the score',
      inventory: inventory({ snapshots: [snapshot({ id: 'snap-2', encryption: { encrypted: false, keyKind: 'none' }, sharing: [PUBLIC] })] }),
      resourceId: 'snap-2',
      also: (r) => expect(r.signals.exposure).toBe('public'),
    },
  ],
  pass: [{ name: 'encrypted with a customer key', inventory: inventory({ snapshots: [snapshot({ id: 'snap-3' })] }), resourceId: 'snap-3', messageId: 'encrypted' }],
});
