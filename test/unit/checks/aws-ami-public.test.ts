import { expect } from 'vitest';
import { awsAmiPublic } from '../../../src/checks/aws-ami-public.js';
import { testCheck } from '../../support/check-tester.js';
import { account, image, inventory, PUBLIC, unreadable } from '../../support/factories.js';

testCheck(awsAmiPublic, {
  fail: [
    {
      name: 'launch permission all, with an unencrypted disk',
      inventory: inventory({ images: [image({ id: 'ami-p', sharing: [PUBLIC], encryption: { encrypted: false, keyKind: 'none' } })] }),
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
