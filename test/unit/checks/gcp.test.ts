// The GCP checks: public and outside members on IAM-shared resources, CMEK, exposed instances.
import { expect } from 'vitest';
import { fillCommand } from '../../../src/checks/define-check.js';
import { gcpDiskPublic } from '../../../src/checks/gcp-disk-public.js';
import { gcpDiskSharedExternal } from '../../../src/checks/gcp-disk-shared-external.js';
import { gcpImagePublic, MACHINE_IMAGE_TYPE } from '../../../src/checks/gcp-image-public.js';
import { gcpImageSharedExternal } from '../../../src/checks/gcp-image-shared-external.js';
import { gcpInstanceFromSnapshotExposed } from '../../../src/checks/gcp-instance-from-snapshot-exposed.js';
import { gcpMachineImagePublic } from '../../../src/checks/gcp-machine-image-public.js';
import { gcpSnapshotNoCmek } from '../../../src/checks/gcp-snapshot-no-cmek.js';
import { gcpSnapshotPublic } from '../../../src/checks/gcp-snapshot-public.js';
import { gcpSnapshotSharedExternal } from '../../../src/checks/gcp-snapshot-shared-external.js';
import type { IngressPath } from '../../../src/model.js';
import { testCheck } from '../../support/check-tester.js';
import { gcpDisk, gcpImage, gcpMember, gcpPublic, gcpSnapshot, instance, inventory, PROJECT, restoredDisk, unreadable } from '../../support/factories.js';

const snap = (name: string): string => gcpSnapshot(name).id;
const img = (name: string): string => gcpImage(name).id;
const disk = (name: string): string => gcpDisk(name).id;

testCheck(gcpSnapshotPublic, {
  fail: [
    {
      name: 'allUsers bound to the snapshot',
      inventory: inventory({ snapshots: [gcpSnapshot('s1', { sharing: [gcpPublic()] })] }),
      resourceId: snap('s1'),
      messageId: 'public',
      also: (r) =>
        expect(fillCommand(gcpSnapshotPublic.remediation.command, r.data)).toBe(
          'gcloud compute snapshots remove-iam-policy-binding s1 --project=acme-prod --member=allUsers --role=roles/compute.storageAdmin',
        ),
    },
    {
      name: 'allAuthenticatedUsers on a regional snapshot: the region flag goes in',
      inventory: inventory({ snapshots: [gcpSnapshot('s2', { id: `projects/${PROJECT}/regions/us-east1/snapshots/s2`, sharing: [gcpPublic('allAuthenticatedUsers')] })] }),
      resourceId: `projects/${PROJECT}/regions/us-east1/snapshots/s2`,
      also: (r) => expect(fillCommand(gcpSnapshotPublic.remediation.command, r.data)).toContain('--project=acme-prod --region=us-east1 --member=allAuthenticatedUsers'),
    },
  ],
  pass: [{ name: 'members only', inventory: inventory({ snapshots: [gcpSnapshot('s3', { sharing: [gcpMember('user:bob@acme.example', 'internal')] })] }), resourceId: snap('s3'), messageId: 'private' }],
  unknown: [{ name: 'policy unreadable', inventory: inventory({ snapshots: [gcpSnapshot('s4', { sharing: unreadable('compute.snapshots.getIamPolicy denied') })] }), resourceId: snap('s4'), messageId: 'unreadable' }],
});

testCheck(gcpImagePublic, {
  fail: [{ name: 'allUsers image user', inventory: inventory({ images: [gcpImage('i1', { sharing: [gcpPublic('allUsers', 'roles/compute.imageUser')] })] }), resourceId: img('i1'), messageId: 'public' }],
  pass: [{ name: 'private', inventory: inventory({ images: [gcpImage('i2')] }), resourceId: img('i2') }],
  none: [{ name: 'machine images are judged by their own check', inventory: inventory({ images: [gcpImage('m1', { type: MACHINE_IMAGE_TYPE, sharing: [gcpPublic()] })] }), resourceId: img('m1') }],
});

testCheck(gcpMachineImagePublic, {
  fail: [
    {
      name: 'public machine image',
      inventory: inventory({ images: [gcpImage('m2', { type: MACHINE_IMAGE_TYPE, id: `projects/${PROJECT}/global/machineImages/m2`, sharing: [gcpPublic()] })] }),
      resourceId: `projects/${PROJECT}/global/machineImages/m2`,
      also: (r) => expect(fillCommand(gcpMachineImagePublic.remediation.command, r.data)).toContain('gcloud compute machine-images remove-iam-policy-binding m2'),
    },
  ],
});

testCheck(gcpDiskPublic, {
  fail: [
    {
      name: 'public zonal disk: the zone flag goes in',
      inventory: inventory({ disks: [gcpDisk('d1', { sharing: [gcpPublic()] })] }),
      resourceId: disk('d1'),
      also: (r) => expect(fillCommand(gcpDiskPublic.remediation.command, r.data)).toBe('gcloud compute disks remove-iam-policy-binding d1 --project=acme-prod --zone=us-central1-a --member=allUsers --role=roles/compute.storageAdmin'),
    },
  ],
  pass: [{ name: 'no bindings', inventory: inventory({ disks: [gcpDisk('d2')] }), resourceId: disk('d2'), messageId: 'private' }],
});

testCheck(gcpSnapshotSharedExternal, {
  fail: [
    {
      name: 'a user of another domain',
      inventory: inventory({ snapshots: [gcpSnapshot('s5', { sharing: [gcpMember('user:eve@rival.example', 'external', 'roles/compute.storageAdmin'), gcpMember('group:dba@acme.example', 'internal')] })] }),
      resourceId: snap('s5'),
      messageId: 'external',
      also: (r) => {
        expect(r.data['accounts']).toEqual(['user:eve@rival.example']);
        expect(fillCommand(gcpSnapshotSharedExternal.remediation.command, r.data)).toBe(
          'gcloud compute snapshots remove-iam-policy-binding s5 --project=acme-prod --member=user:eve@rival.example --role=roles/compute.storageAdmin',
        );
      },
    },
  ],
  pass: [{ name: 'a trusted partner project only', inventory: inventory({ snapshots: [gcpSnapshot('s6', { sharing: [gcpMember('serviceAccount:dr@partner-dr.iam.gserviceaccount.com', 'trusted')] })] }), resourceId: snap('s6'), messageId: 'internalOnly' }],
  unknown: [{ name: 'a workload identity principal', inventory: inventory({ snapshots: [gcpSnapshot('s7', { sharing: [gcpMember('principal://iam.googleapis.com/x', 'unknown')] })] }), resourceId: snap('s7'), messageId: 'undetermined' }],
});

testCheck(gcpImageSharedExternal, {
  fail: [
    {
      name: 'a machine image shared with another domain: the machine-images command',
      inventory: inventory({ images: [gcpImage('m3', { type: MACHINE_IMAGE_TYPE, id: `projects/${PROJECT}/global/machineImages/m3`, sharing: [gcpMember('domain:rival.example', 'external')] })] }),
      resourceId: `projects/${PROJECT}/global/machineImages/m3`,
      also: (r) => expect(fillCommand(gcpImageSharedExternal.remediation.command, r.data)).toBe('gcloud compute machine-images remove-iam-policy-binding m3 --project=acme-prod --member=domain:rival.example --role=roles/compute.imageUser'),
    },
  ],
  pass: [{ name: 'not shared', inventory: inventory({ images: [gcpImage('i3')] }), resourceId: img('i3'), messageId: 'notShared' }],
});

testCheck(gcpSnapshotNoCmek, {
  fail: [
    {
      name: 'Google-managed key',
      inventory: inventory({ snapshots: [gcpSnapshot('s8', { encryption: { encrypted: true, keyKind: 'platform' } })] }),
      resourceId: snap('s8'),
      messageId: 'google',
      also: (r) => expect(fillCommand(gcpSnapshotNoCmek.remediation.command, r.data)).toContain(`--source-disk=projects/${PROJECT}/zones/us-central1-a/disks/web-1`),
    },
  ],
  pass: [{ name: 'Cloud KMS key', inventory: inventory({ snapshots: [gcpSnapshot('s9')] }), resourceId: snap('s9'), messageId: 'customer' }],
});

const sshFromAnywhere: IngressPath = {
  protocol: 'tcp',
  ports: { from: 22, to: 22 },
  source: '0.0.0.0/0',
  address: '34.1.2.3',
  via: [{ kind: 'firewall', id: 'allow-ssh-tagged', name: 'allow-ssh-tagged', protocol: 'tcp', ports: { from: 22, to: 22 }, source: '0.0.0.0/0', order: 1000 }],
};
const vm = (name: string, overrides: Parameters<typeof instance>[0] = {}) =>
  instance({ provider: 'gcp', account: PROJECT, region: 'us-central1', type: 'compute.googleapis.com/Instance', id: `projects/${PROJECT}/zones/us-central1-a/instances/${name}`, name, image: { id: 'projects/debian-cloud/global/images/debian-12', ownership: 'vendor' }, disks: [], ...overrides });

testCheck(gcpInstanceFromSnapshotExposed, {
  fail: [
    {
      name: 'a disk from a snapshot, SSH open through a tagged rule',
      inventory: inventory({ instances: [vm('vm1', { disks: [restoredDisk(`projects/${PROJECT}/global/snapshots/db-snap`)], publicAddresses: ['34.1.2.3'], internetIngress: [sshFromAnywhere] })] }),
      resourceId: `projects/${PROJECT}/zones/us-central1-a/instances/vm1`,
      messageId: 'exposed',
      also: (r) => expect(fillCommand(gcpInstanceFromSnapshotExposed.remediation.command, r.data)).toBe('gcloud compute firewall-rules update allow-ssh-tagged --project=acme-prod --disabled'),
    },
    {
      name: 'booted from another project\'s image',
      inventory: inventory({ instances: [vm('vm2', { image: { id: 'projects/stranger/global/images/tools', ownership: 'foreign', owner: 'stranger' }, publicAddresses: ['34.1.2.4'], internetIngress: [sshFromAnywhere] })] }),
      resourceId: `projects/${PROJECT}/zones/us-central1-a/instances/vm2`,
    },
    {
      name: "a data disk made from another project's image",
      inventory: inventory({
        instances: [
          vm('vm4', {
            disks: [{ id: `projects/${PROJECT}/zones/us-central1-a/disks/tools`, device: 'tools', boot: false, origin: { kind: 'image', imageId: 'projects/stranger/global/images/tools', snapshotId: 'projects/stranger/global/images/tools', imageOwner: 'foreign' } }],
            publicAddresses: ['34.1.2.6'],
            internetIngress: [sshFromAnywhere],
          }),
        ],
      }),
      resourceId: `projects/${PROJECT}/zones/us-central1-a/instances/vm4`,
      also: (r) => expect(String(r.data['origins'])).toContain('made from image projects/stranger/global/images/tools of another account'),
    },
  ],
  'n/a': [
    { name: 'a Debian image, SSH open', inventory: inventory({ instances: [vm('vm3', { publicAddresses: ['34.1.2.5'], internetIngress: [sshFromAnywhere] })] }), resourceId: `projects/${PROJECT}/zones/us-central1-a/instances/vm3` },
    {
      name: 'a data disk from a vendor image',
      inventory: inventory({
        instances: [
          vm('vm5', {
            disks: [{ id: `projects/${PROJECT}/zones/us-central1-a/disks/scratch`, boot: false, origin: { kind: 'image', imageId: 'projects/debian-cloud/global/images/d12', snapshotId: 'projects/debian-cloud/global/images/d12', imageOwner: 'vendor' } }],
            publicAddresses: ['34.1.2.7'],
            internetIngress: [sshFromAnywhere],
          }),
        ],
      }),
      resourceId: `projects/${PROJECT}/zones/us-central1-a/instances/vm5`,
    },
  ],
});

testCheck(gcpDiskSharedExternal, {
  fail: [
    {
      name: 'a contractor at a consumer address holds storageAdmin on an attached disk',
      inventory: inventory({ disks: [gcpDisk('d3', { sharing: [gcpMember('user:dana@gmail.com', 'external', 'roles/compute.storageAdmin')] })] }),
      resourceId: disk('d3'),
      messageId: 'external',
      also: (r) =>
        expect(fillCommand(gcpDiskSharedExternal.remediation.command, r.data)).toBe(
          'gcloud compute disks remove-iam-policy-binding d3 --project=acme-prod --zone=us-central1-a --member=user:dana@gmail.com --role=roles/compute.storageAdmin',
        ),
    },
  ],
  pass: [
    { name: 'a group of our own domain', inventory: inventory({ disks: [gcpDisk('d4', { sharing: [gcpMember('group:dba@acme.example', 'internal')] })] }), resourceId: disk('d4'), messageId: 'internalOnly' },
    { name: 'no bindings', inventory: inventory({ disks: [gcpDisk('d5')] }), resourceId: disk('d5'), messageId: 'notShared' },
  ],
  unknown: [
    { name: 'policy unreadable', inventory: inventory({ disks: [gcpDisk('d6', { sharing: unreadable('compute.disks.getIamPolicy denied') })] }), resourceId: disk('d6'), messageId: 'unreadable' },
    { name: 'a member snapaudit cannot place', inventory: inventory({ disks: [gcpDisk('d7', { sharing: [gcpMember('principalSet://iam.googleapis.com/pool', 'unknown')] })] }), resourceId: disk('d7'), messageId: 'undetermined' },
  ],
});
