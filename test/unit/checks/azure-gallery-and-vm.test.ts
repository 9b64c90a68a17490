import { expect } from 'vitest';
import { azureGalleryCommunityShared } from '../../../src/checks/azure-gallery-community-shared.js';
import { azureVmFromSnapshotExposed } from '../../../src/checks/azure-vm-from-snapshot-exposed.js';
import { fillCommand } from '../../../src/checks/define-check.js';
import { unknownValue } from '../../../src/model.js';
import { testCheck } from '../../support/check-tester.js';
import { account, azureGallery, azureVm, inventory, nsgSshFromInternet, PUBLIC, restoredDisk } from '../../support/factories.js';

const galleryId = (name: string): string => azureGallery(name).id;
const vmId = (name: string): string => azureVm(name).id;
const copied = restoredDisk('/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/snapshots/prod-os-copy');

testCheck(azureGalleryCommunityShared, {
  fail: [{ name: 'community', inventory: inventory({ galleries: [azureGallery('g1', { sharing: [PUBLIC] })] }), resourceId: galleryId('g1'), messageId: 'community' }],
  pass: [
    { name: 'private', inventory: inventory({ galleries: [azureGallery('g2')] }), resourceId: galleryId('g2'), messageId: 'notCommunity' },
    { name: 'shared with a subscription group', inventory: inventory({ galleries: [azureGallery('g3', { sharing: [account('subscription 9999', 'external')] })] }), resourceId: galleryId('g3') },
  ],
  unknown: [{ name: 'unreadable', inventory: inventory({ galleries: [azureGallery('g4', { sharing: { ...unknownValue('403'), confirmed: [] } })] }), resourceId: galleryId('g4'), messageId: 'unreadable' }],
});

testCheck(azureVmFromSnapshotExposed, {
  fail: [
    {
      name: 'a disk copied from a snapshot, SSH open through the NIC NSG',
      inventory: inventory({ instances: [azureVm('vm1', { disks: [copied], publicAddresses: ['20.1.2.3'], internetIngress: [nsgSshFromInternet()] })] }),
      resourceId: vmId('vm1'),
      messageId: 'exposed',
      also: (r) =>
        expect(fillCommand(azureVmFromSnapshotExposed.remediation.command, r.data)).toBe('az network nsg rule update --resource-group prod-rg --nsg-name web-nsg --name allow-ssh --access Deny'),
    },
  ],
  pass: [{ name: 'copied disk, no public IP', inventory: inventory({ instances: [azureVm('vm2', { disks: [copied], internetIngress: [nsgSshFromInternet()] })] }), resourceId: vmId('vm2'), messageId: 'notExposed' }],
  'n/a': [{ name: 'marketplace image, SSH open', inventory: inventory({ instances: [azureVm('vm3', { publicAddresses: ['20.1.2.4'], internetIngress: [nsgSshFromInternet()] })] }), resourceId: vmId('vm3'), messageId: 'ordinary' }],
  unknown: [
    {
      name: 'copied disk on a public IP, NSGs unreadable',
      inventory: inventory({ instances: [azureVm('vm4', { disks: [copied], publicAddresses: ['20.1.2.5'], internetIngress: unknownValue('Microsoft.Network/networkSecurityGroups/read failed') })] }),
      resourceId: vmId('vm4'),
      messageId: 'ingressUnknown',
    },
  ],
});
