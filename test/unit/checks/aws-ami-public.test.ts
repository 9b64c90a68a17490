import { expect } from 'vitest';
import { awsAmiPublic } from '../../../src/checks/aws-ami-public.js';
import { testCheck } from '../../support/check-tester.js';
import { account, image, inventory, PUBLIC, snapshot, unreadable } from '../../support/factories.js';

testCheck(awsAmiPublic, {
  fail: [
    {
      name: 'launch permission all, backed by an unencrypted snapshot',
      inventory: inventory({
        images: [image({ id: 'ami-p', sharing: [PUBLIC], backingSnapshots: ['snap-b'] })],
        snapshots: [snapshot({ id: 'snap-b', encryption: { encrypted: false, keyKind: 'none' } })],
      }),
      resourceId: 'ami-p',
      messageId: 'public',
      also: (r) => expect(r.signals.unencrypted).toBe(true),
    },
    { name: 'listed public, attribute unreadable', inventory: inventory({ images: [image({ id: 'ami-c', sharing: unreadable('denied', [PUBLIC]) })] }), resourceId: 'ami-c', messageId: 'publicConfirmed' },
  ],
  pass: [
    { name: 'private', inventory: inventory({ images: [image({ id: 'ami-1' })] }), resourceId: 'ami-1', messageId: 'private' },
    { name: 'shared with an account only', inventory: inventory({ images: [image({ id: 'ami-2', sharing: [account('999988887777')] })] }), resourceId: 'ami-2' },
  ],
  unknown: [{ name: 'launch permission unreadable', inventory: inventory({ images: [image({ id: 'ami-u', sharing: unreadable() })] }), resourceId: 'ami-u', messageId: 'unreadable' }],
});
