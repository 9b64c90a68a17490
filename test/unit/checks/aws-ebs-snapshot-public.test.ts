import { expect } from 'vitest';
import { awsEbsSnapshotPublic } from '../../../src/checks/aws-ebs-snapshot-public.js';
import { testCheck } from '../../support/check-tester.js';
import { account, controls, instance, inventory, PUBLIC, restoredDisk, snapshot, sshFromWorld, unreadable } from '../../support/factories.js';

const publicSnap = snapshot({ id: 'snap-pub', sharing: [PUBLIC] });

testCheck(awsEbsSnapshotPublic, {
  fail: [
    {
      name: 'createVolumePermission group all',
      inventory: inventory({ snapshots: [publicSnap], regions: [controls({ snapshotPublicSharingBlock: 'off', native: { snapshotBlockPublicAccess: 'unblocked' } })] }),
      resourceId: 'snap-pub',
      messageId: 'public',
      also: (r) => {
        expect(r.signals.exposure).toBe('public');
        expect(r.signals.inertBecause).toBeUndefined();
        expect(r.evidence['blockPublicAccess']).toBe('unblocked');
      },
    },
    {
      name: 'public but block-all-sharing makes it inert (lowered, not dropped)',
      inventory: inventory({ snapshots: [publicSnap], regions: [controls()] }),
      resourceId: 'snap-pub',
      messageId: 'publicInert',
      also: (r) => expect(r.signals.inertBecause).toMatch(/block-all-sharing/),
    },
    {
      name: 'attribute unreadable but the bulk listing confirmed public',
      inventory: inventory({ snapshots: [snapshot({ id: 'snap-c', sharing: unreadable('denied', [PUBLIC]) })] }),
      resourceId: 'snap-c',
      messageId: 'publicConfirmed',
    },
    {
      name: 'public, unencrypted and restored on an exposed instance',
      inventory: inventory({
        snapshots: [snapshot({ id: 'snap-x', sharing: [PUBLIC], encryption: { encrypted: false, keyKind: 'none' } })],
        instances: [instance({ disks: [restoredDisk('snap-x')], publicAddresses: ['203.0.113.10'], internetIngress: [sshFromWorld()] })],
      }),
      resourceId: 'snap-x',
      also: (r) => {
        expect(r.signals.unencrypted).toBe(true);
        expect(r.signals.reachableInstances).toBe(1);
      },
    },
  ],
  pass: [
    { name: 'not shared', inventory: inventory({ snapshots: [snapshot({ id: 'snap-p' })] }), resourceId: 'snap-p', messageId: 'private' },
    {
      name: 'shared with an account only',
      inventory: inventory({ snapshots: [snapshot({ id: 'snap-a', sharing: [account('999988887777')] })] }),
      resourceId: 'snap-a',
    },
  ],
  unknown: [
    {
      name: 'attribute unreadable and not listed as public',
      inventory: inventory({ snapshots: [snapshot({ id: 'snap-u', sharing: unreadable() })] }),
      resourceId: 'snap-u',
      messageId: 'unreadable',
      also: (r) => expect(String(r.data['reason'])).toMatch(/UnauthorizedOperation/),
    },
  ],
});
