import { expect } from 'vitest';
import { awsEbsSnapshotSharedExternal } from '../../../src/checks/aws-ebs-snapshot-shared-external.js';
import { testCheck } from '../../support/check-tester.js';
import { account, inventory, PUBLIC, snapshot, unreadable } from '../../support/factories.js';

testCheck(awsEbsSnapshotSharedExternal, {
  fail: [
    {
      name: 'one external account among trusted ones',
      inventory: inventory({ snapshots: [snapshot({ id: 'snap-e', sharing: [account('444455556666', 'trusted'), account('999988887777')] })] }),
      resourceId: 'snap-e',
      messageId: 'external',
      also: (r) => {
        expect(r.data['accounts']).toEqual(['999988887777']);
        expect(r.evidence['externalAccounts']).toEqual(['999988887777']);
        expect(r.signals.exposure).toBe('external');
      },
    },
    {
      name: 'external grant confirmed even though the rest is unreadable',
      inventory: inventory({ snapshots: [snapshot({ id: 'snap-c', sharing: unreadable('throttled', [account('999988887777')]) })] }),
      resourceId: 'snap-c',
      messageId: 'external',
    },
  ],
  pass: [
    { name: 'shared with nobody', inventory: inventory({ snapshots: [snapshot({ id: 'snap-n' })] }), resourceId: 'snap-n', messageId: 'notShared' },
    {
      name: 'shared with internal and trusted accounts only',
      inventory: inventory({ snapshots: [snapshot({ id: 'snap-t', sharing: [account('444455556666', 'trusted'), account('222233334444', 'internal')] })] }),
      resourceId: 'snap-t',
      messageId: 'internalOnly',
    },
    {
      name: 'public only (another check reports it)',
      inventory: inventory({ snapshots: [snapshot({ id: 'snap-p', sharing: [PUBLIC] })] }),
      resourceId: 'snap-p',
      messageId: 'notShared',
    },
  ],
  unknown: [
    { name: 'permission unreadable', inventory: inventory({ snapshots: [snapshot({ id: 'snap-u', sharing: unreadable() })] }), resourceId: 'snap-u', messageId: 'unreadable' },
    {
      name: 'an account whose trust cannot be placed',
      inventory: inventory({ snapshots: [snapshot({ id: 'snap-q', sharing: [account('arn:aws:organizations::123456789012:organization/o-abc', 'unknown')] })] }),
      resourceId: 'snap-q',
      messageId: 'undetermined',
    },
  ],
});
