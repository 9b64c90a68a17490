#!/bin/sh
# snapaudit fix plan: the commands that would close the failing findings of one scan.
# From the scan by snapaudit 0.1.0 at <date>, of:
#   aws 111122223333 (acme-management)
#   aws 222233334444 (acme-prod-data)
#   aws 333344445555 (acme-analytics)
#   aws 555566667777 (acme-legacy): could not be read
#   azure 5ab5c41b-0000-4000-8000-000000000001 (contoso-prod)
#   gcp acme-analytics-prod (ACME analytics (prod))
# 68 failing findings → 62 blocks: 47 to run, 15 commented out for you to complete; 0 not verified and 0 suppressed, listed without a command.
# The scan was incomplete (some reads failed): there may be exposures this plan does not fix.
#
# snapaudit did not run any of this: it only reads. These commands change your accounts.
# Review every block before running it: delete what you do not want, complete what is
# commented out. Blocks run top down, most urgent first, and the script stops at the first
# command that fails. Each block names the findings it closes; scan again afterwards.
# When you have reviewed it: SNAPAUDIT_FIX_PLAN_REVIEWED=yes sh <this file>

set -eu

if [ "${SNAPAUDIT_FIX_PLAN_REVIEWED:-}" != yes ]; then
  echo 'snapaudit fix plan: not run. Review this script, then run it with SNAPAUDIT_FIX_PLAN_REVIEWED=yes.' >&2
  exit 2
fi

# ==== aws 111122223333 (acme-management) ====
# The aws commands carry --region but not the account: use credentials for 111122223333, e.g.
# export AWS_PROFILE=PROFILE-FOR-111122223333
# and check with: aws sts get-caller-identity --query Account --output text (it must print 111122223333)

# [1] aws-ami-public · critical · score 100 · finding 8581c72844ed1397cd15
#     AWS::EC2::Image ami-0b0b0b0b0b0b00001 (golden-web-2026-10) in us-east-1
#     AMI ami-0b0b0b0b0b0b00001 (golden-web-2026-10) can be launched by any AWS account.
echo 'snapaudit fix plan: [1]' >&2
aws ec2 modify-image-attribute --region us-east-1 --image-id ami-0b0b0b0b0b0b00001 --launch-permission "Remove=[{Group=all}]"

# [2] aws-ebs-snapshot-public · critical · score 100 · finding 7f0579358a3ec91d5097
#     AWS::EC2::Snapshot snap-0a0a0a0a0a0a0a0a1 (cms-export) in ap-southeast-2
#     Snapshot snap-0a0a0a0a0a0a0a0a1 can be restored by any AWS account.
echo 'snapaudit fix plan: [2]' >&2
aws ec2 modify-snapshot-attribute --region ap-southeast-2 --snapshot-id snap-0a0a0a0a0a0a0a0a1 --attribute createVolumePermission --operation-type remove --group-names all

# [3] aws-ebs-snapshot-public · critical · score 100 · finding 4a1ee890c5bb8b4df853
#     AWS::EC2::Snapshot snap-0c0ffee000000001a (customers-db-final) in us-east-1
#     Snapshot snap-0c0ffee000000001a can be restored by any AWS account.
#     and chain-aws-snapshot-made-public · high · score 91 · finding 3f648b94e60bdae53004
#     AWS::EC2::Snapshot snap-0c0ffee000000001a in us-east-1
#     svc-backup-sync made snap-0c0ffee000000001a public (group:all) at <date>.
echo 'snapaudit fix plan: [3]' >&2
aws ec2 modify-snapshot-attribute --region us-east-1 --snapshot-id snap-0c0ffee000000001a --attribute createVolumePermission --operation-type remove --group-names all

# [4] aws-ebs-snapshot-shared-external · high · score 93 · finding 86d8060f4372624d9d72
#     AWS::EC2::Snapshot snap-0c0ffee000000002b (ledger-2026-q3) in us-east-1
#     Snapshot snap-0c0ffee000000002b is shared with 1 account(s) outside the organization and the trusted list: 999988887777.
echo 'snapaudit fix plan: [4]' >&2
aws ec2 modify-snapshot-attribute --region us-east-1 --snapshot-id snap-0c0ffee000000002b --attribute createVolumePermission --operation-type remove --user-ids 999988887777

# [5] aws-ebs-snapshot-unencrypted · medium · score 87 · finding b54352bbde7f834affc3
#     AWS::EC2::Snapshot snap-0c0ffee000000001a (customers-db-final) in us-east-1
#     Snapshot snap-0c0ffee000000001a is not encrypted.
# Not run as it stands:
#   - replace YOUR-KEY with the KMS key (alias or ARN) to encrypt the copy with
#   How: Copy the snapshot with encryption under a customer-managed KMS key, move its users to the copy, then retire the unencrypted original.
# Then uncomment:
# aws ec2 copy-snapshot --region us-east-1 --source-region us-east-1 --source-snapshot-id snap-0c0ffee000000001a --encrypted --kms-key-id alias/YOUR-KEY --description 'encrypted copy of snap-0c0ffee000000001a'

# [6] chain-aws-snapshot-restored-exposed · high · score 83 · finding 11f4b13f2703dfe04d85
#     AWS::EC2::Snapshot snap-0c0ffee000000001a in us-east-1
#     i-0bad0000000000001 was launched from snap-0c0ffee000000001a (created or shared at <date>) and svc-backup-sync opened 22 on sg-00e2200000000001 to 0.0.0.0/0 at <date>.
#     and aws-instance-from-snapshot-exposed · high · score 78 · finding bb70ed1285c6fd2c8dca
#     AWS::EC2::Instance i-0bad0000000000001 (forensics-tmp) in us-east-1
#     Instance i-0bad0000000000001 (forensics-tmp) has data disk vol-0feed000000000001 restored from snapshot snap-0c0ffee000000002b and the internet reaches it: tcp/22 from 0.0.0.0/0 to 203.0.113.15 via acl-0def000000000001, sg-00e2200000000001 (temp-ssh-anywhere).
echo 'snapaudit fix plan: [6]' >&2
aws ec2 revoke-security-group-ingress --region us-east-1 --group-id sg-00e2200000000001 --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]'

# [7] aws-ami-shared-external · high · score 75 · finding f6944ced6fa6357202d8
#     AWS::EC2::Image ami-0b0b0b0b0b0b00002 (batch-worker-2026-09) in us-east-1
#     AMI ami-0b0b0b0b0b0b00002 (batch-worker-2026-09) can be launched by 1 principal(s) outside the organization and the trusted list: 999988887777.
echo 'snapaudit fix plan: [7]' >&2
aws ec2 modify-image-attribute --region us-east-1 --image-id ami-0b0b0b0b0b0b00002 --attribute launchPermission --operation-type remove --user-ids 999988887777

# [8] aws-ebs-snapshot-unencrypted · medium · score 72 · finding 475441f2d81a8b90e68a
#     AWS::EC2::Snapshot snap-0a0a0a0a0a0a0a0a1 (cms-export) in ap-southeast-2
#     Snapshot snap-0a0a0a0a0a0a0a0a1 is not encrypted.
# Not run as it stands:
#   - replace YOUR-KEY with the KMS key (alias or ARN) to encrypt the copy with
#   How: Copy the snapshot with encryption under a customer-managed KMS key, move its users to the copy, then retire the unencrypted original.
# Then uncomment:
# aws ec2 copy-snapshot --region ap-southeast-2 --source-region ap-southeast-2 --source-snapshot-id snap-0a0a0a0a0a0a0a0a1 --encrypted --kms-key-id alias/YOUR-KEY --description 'encrypted copy of snap-0a0a0a0a0a0a0a0a1'

# [9] aws-ebs-snapshot-unencrypted · medium · score 72 · finding 5e2299fc1edfeb25f986
#     AWS::EC2::Snapshot snap-0e0e0e0e0e0e0e0e1 (analytics-2024) in eu-west-1
#     Snapshot snap-0e0e0e0e0e0e0e0e1 is not encrypted.
# Not run as it stands:
#   - replace YOUR-KEY with the KMS key (alias or ARN) to encrypt the copy with
#   How: Copy the snapshot with encryption under a customer-managed KMS key, move its users to the copy, then retire the unencrypted original.
# Then uncomment:
# aws ec2 copy-snapshot --region eu-west-1 --source-region eu-west-1 --source-snapshot-id snap-0e0e0e0e0e0e0e0e1 --encrypted --kms-key-id alias/YOUR-KEY --description 'encrypted copy of snap-0e0e0e0e0e0e0e0e1'

# [10] chain-aws-new-principal-snapshot-access · high · score 71 · finding f55a780284e28038a25f
#     AWS::EC2::Snapshot snap-0c0ffee000000001a in us-east-1
#     svc-backup-sync was set up at <date> by CrossAccountAdmin (CreateAccessKey) and restored snap-0c0ffee000000001a 4 hour(s) later (RunInstances).
echo 'snapaudit fix plan: [10]' >&2
aws iam update-access-key --region us-east-1 --user-name svc-backup-sync --access-key-id AKIAQX4SVCBACKUP0001 --status Inactive

# [11] aws-ebs-snapshot-public · critical · score 67 · finding 63924f34eed50b225f69
#     AWS::EC2::Snapshot snap-0e0e0e0e0e0e0e0e1 (analytics-2024) in eu-west-1
#     Snapshot snap-0e0e0e0e0e0e0e0e1 is shared with everyone, but block-all-sharing in eu-west-1 keeps it private for now.
echo 'snapaudit fix plan: [11]' >&2
aws ec2 modify-snapshot-attribute --region eu-west-1 --snapshot-id snap-0e0e0e0e0e0e0e0e1 --attribute createVolumePermission --operation-type remove --group-names all

# [12] aws-ebs-snapshot-unencrypted · medium · score 66 · finding e737ac26a55cac3d400f
#     AWS::EC2::Snapshot snap-0c0ffee000000002b (ledger-2026-q3) in us-east-1
#     Snapshot snap-0c0ffee000000002b is not encrypted.
# Not run as it stands:
#   - replace YOUR-KEY with the KMS key (alias or ARN) to encrypt the copy with
#   How: Copy the snapshot with encryption under a customer-managed KMS key, move its users to the copy, then retire the unencrypted original.
# Then uncomment:
# aws ec2 copy-snapshot --region us-east-1 --source-region us-east-1 --source-snapshot-id snap-0c0ffee000000002b --encrypted --kms-key-id alias/YOUR-KEY --description 'encrypted copy of snap-0c0ffee000000002b'

# [13] aws-instance-from-snapshot-exposed · high · score 63 · finding c8c04b28353f9b8822cf
#     AWS::EC2::Instance i-0e0000000000000a2 (vendor-trial) in eu-west-1
#     Instance i-0e0000000000000a2 (vendor-trial) has boot image ami-0e100000000000002 owned by 777766665555 and the internet reaches it: tcp/3389 from 0.0.0.0/0 to 198.51.100.8 via acl-0e10000000000002, sg-0e103389000000001 (trial-rdp).
echo 'snapaudit fix plan: [13]' >&2
aws ec2 revoke-security-group-ingress --region eu-west-1 --group-id sg-0e103389000000001 --ip-permissions 'IpProtocol=tcp,FromPort=3389,ToPort=3389,IpRanges=[{CidrIp=0.0.0.0/0}]'

# [14] aws-ebs-block-public-access-off · high · score 55 · finding 4b1010dc5f22016820be
#     AWS::EC2::SnapshotBlockPublicAccess us-east-1 (snapshot block public access) in us-east-1
#     Snapshot block public access is off in us-east-1: any snapshot can be made public.
echo 'snapaudit fix plan: [14]' >&2
aws ec2 enable-snapshot-block-public-access --region us-east-1 --state block-all-sharing

# [15] aws-ebs-snapshot-unencrypted · medium · score 52 · finding 87076bbb7294aa7d8cbd
#     AWS::EC2::Snapshot snap-0c0ffee000000004d (scratch[2J[31m-cleared-screen) in us-east-1
#     Snapshot snap-0c0ffee000000004d is not encrypted.
# Not run as it stands:
#   - replace YOUR-KEY with the KMS key (alias or ARN) to encrypt the copy with
#   How: Copy the snapshot with encryption under a customer-managed KMS key, move its users to the copy, then retire the unencrypted original.
# Then uncomment:
# aws ec2 copy-snapshot --region us-east-1 --source-region us-east-1 --source-snapshot-id snap-0c0ffee000000004d --encrypted --kms-key-id alias/YOUR-KEY --description 'encrypted copy of snap-0c0ffee000000004d'

# [16] aws-ebs-block-public-access-off · high · score 47 · finding 7e9f9a5250280389b24f
#     AWS::EC2::SnapshotBlockPublicAccess ap-southeast-2 (snapshot block public access) in ap-southeast-2
#     Snapshot block public access in ap-southeast-2 blocks only new sharing: 1 snapshot(s) already public stay public.
echo 'snapaudit fix plan: [16]' >&2
aws ec2 enable-snapshot-block-public-access --region ap-southeast-2 --state block-all-sharing

# [17] aws-iam-privileged-no-mfa · high · score 45 · finding a0d104fb452e0f2ad0f1
#     AWS::IAM::User arn:aws:iam::111122223333:user/jdoe (jdoe) in global
#     User jdoe signs in to the console with a password and no MFA, and can share and export snapshots (ec2:ModifySnapshotAttribute, ec2:ModifyImageAttribute, rds:ModifyDBSnapshotAttribute, rds:ModifyDBClusterSnapshotAttribute, backup:PutBackupVaultAccessPolicy, ec2:DisableSnapshotBlockPublicAccess, ec2:EnableSnapshotBlockPublicAccess, ec2:DisableImageBlockPublicAccess, ram:CreateResourceShare, ram:AssociateResourceShare, ec2:CopySnapshot, ec2:CopyImage, ebs:ListSnapshotBlocks, ebs:ListChangedBlocks, ebs:GetSnapshotBlock, ec2:CreateStoreImageTask, ec2:ExportImage, ec2:CreateInstanceExportTask, rds:CopyDBSnapshot, rds:CopyDBClusterSnapshot, rds:StartExportTask, backup:StartCopyJob).
# Not run as it stands:
#   - replace CODE1 with the first code from the authenticator app, after scanning the QR code the first command writes
#   - replace CODE2 with the next code from the authenticator app
#   How: Give the user an MFA device: the command creates a virtual one (scan the QR code written to the .png with an authenticator app) and enables it with two consecutive codes from the app. If the user does not need the console, remove its password instead: `aws iam delete-login-profile --user-name USER`. A hardware or passkey device is stronger still.
# Then uncomment:
# aws iam create-virtual-mfa-device --region us-east-1 --virtual-mfa-device-name jdoe --outfile jdoe-mfa.png --bootstrap-method QRCodePNG
# aws iam enable-mfa-device --region us-east-1 --user-name jdoe --serial-number arn:aws:iam::111122223333:mfa/jdoe --authentication-code1 CODE1 --authentication-code2 CODE2

# [18] aws-iam-snapshot-sharing-broad · high · score 45 · finding b6f39e9c9a349542fff8
#     AWS::IAM::Role arn:aws:iam::111122223333:role/CrossAccountAdmin (CrossAccountAdmin) in global
#     Role CrossAccountAdmin holds share, export, restore, open-ingress on every resource, without conditions (ec2:ModifySnapshotAttribute, ec2:ModifyImageAttribute, rds:ModifyDBSnapshotAttribute, rds:ModifyDBClusterSnapshotAttribute, backup:PutBackupVaultAccessPolicy, ec2:DisableSnapshotBlockPublicAccess, ec2:EnableSnapshotBlockPublicAccess, ec2:DisableImageBlockPublicAccess, ram:CreateResourceShare, ram:AssociateResourceShare, ec2:CopySnapshot, ec2:CopyImage, ebs:ListSnapshotBlocks, ebs:ListChangedBlocks, ebs:GetSnapshotBlock, ec2:CreateStoreImageTask, ec2:ExportImage, ec2:CreateInstanceExportTask, rds:CopyDBSnapshot, rds:CopyDBClusterSnapshot, rds:StartExportTask, backup:StartCopyJob, ec2:CreateVolume, ec2:RunInstances, ec2:CreateReplaceRootVolumeTask, rds:RestoreDBInstanceFromDBSnapshot, rds:RestoreDBClusterFromSnapshot, rds:RestoreDBInstanceToPointInTime, rds:RestoreDBClusterToPointInTime, backup:StartRestoreJob, ec2:AuthorizeSecurityGroupIngress, ec2:ModifySecurityGroupRules, ec2:CreateNetworkAclEntry, ec2:ReplaceNetworkAclEntry; via managed:arn:aws:iam::aws:policy/AdministratorAccess).
echo 'snapaudit fix plan: [18]' >&2
aws iam detach-role-policy --region us-east-1 --role-name CrossAccountAdmin --policy-arn arn:aws:iam::aws:policy/AdministratorAccess

# [19] aws-iam-snapshot-sharing-broad · high · score 45 · finding 6f1b2f0078677799bbfd
#     AWS::IAM::User arn:aws:iam::111122223333:user/jdoe (jdoe) in global
#     User jdoe holds share, export, restore, open-ingress on every resource, without conditions (ec2:ModifySnapshotAttribute, ec2:ModifyImageAttribute, rds:ModifyDBSnapshotAttribute, rds:ModifyDBClusterSnapshotAttribute, backup:PutBackupVaultAccessPolicy, ec2:DisableSnapshotBlockPublicAccess, ec2:EnableSnapshotBlockPublicAccess, ec2:DisableImageBlockPublicAccess, ram:CreateResourceShare, ram:AssociateResourceShare, ec2:CopySnapshot, ec2:CopyImage, ebs:ListSnapshotBlocks, ebs:ListChangedBlocks, ebs:GetSnapshotBlock, ec2:CreateStoreImageTask, ec2:ExportImage, ec2:CreateInstanceExportTask, rds:CopyDBSnapshot, rds:CopyDBClusterSnapshot, rds:StartExportTask, backup:StartCopyJob, ec2:CreateVolume, ec2:RunInstances, ec2:CreateReplaceRootVolumeTask, rds:RestoreDBInstanceFromDBSnapshot, rds:RestoreDBClusterFromSnapshot, rds:RestoreDBInstanceToPointInTime, rds:RestoreDBClusterToPointInTime, backup:StartRestoreJob, ec2:AuthorizeSecurityGroupIngress, ec2:ModifySecurityGroupRules, ec2:CreateNetworkAclEntry, ec2:ReplaceNetworkAclEntry; via group:developers/managed:arn:aws:iam::aws:policy/PowerUserAccess).
echo 'snapaudit fix plan: [19]' >&2
aws iam detach-group-policy --region us-east-1 --group-name developers --policy-arn arn:aws:iam::aws:policy/PowerUserAccess

# [20] aws-iam-snapshot-sharing-broad · high · score 45 · finding b33b77e222ca586c6c03
#     AWS::IAM::User arn:aws:iam::111122223333:user/legacy-backup-bot (legacy-backup-bot) in global
#     User legacy-backup-bot holds share, export on every resource, without conditions (ec2:ModifySnapshotAttribute, ec2:CopySnapshot; via inline:snapshot-copy on user/legacy-backup-bot).
echo 'snapaudit fix plan: [20]' >&2
aws iam delete-user-policy --region us-east-1 --user-name legacy-backup-bot --policy-name snapshot-copy

# [21] aws-ami-block-public-access-off · medium · score 40 · finding 21836e75a3a84e512cfe
#     AWS::EC2::ImageBlockPublicAccess us-east-1 (image block public access) in us-east-1
#     Image block public access is off in us-east-1: any AMI can be made public.
echo 'snapaudit fix plan: [21]' >&2
aws ec2 enable-image-block-public-access --region us-east-1 --image-block-public-access-state block-new-sharing

# [22] aws-ebs-encryption-default-off · medium · score 30 · finding e6d3186ed6911e70a47e
#     AWS::EC2::EBSEncryptionByDefault us-east-1 (EBS encryption by default) in us-east-1
#     EBS encryption by default is off in us-east-1.
echo 'snapaudit fix plan: [22]' >&2
aws ec2 enable-ebs-encryption-by-default --region us-east-1

# [23] aws-iam-dormant-privileged · medium · score 30 · finding c3587dd809a871e3dfc3
#     AWS::IAM::User arn:aws:iam::111122223333:user/legacy-backup-bot (legacy-backup-bot) in global
#     User legacy-backup-bot has not been used for 150 days (last active <date>) and can share and export snapshots (ec2:ModifySnapshotAttribute, ec2:CopySnapshot).
echo 'snapaudit fix plan: [23]' >&2
aws iam update-access-key --region us-east-1 --user-name legacy-backup-bot --access-key-id 'access key 1' --status Inactive

# ==== gcp acme-analytics-prod (ACME analytics (prod)) ====
# The gcloud commands name the project; run them as an account that may change it, e.g.
# gcloud config set project acme-analytics-prod

# [24] chain-gcp-snapshot-exfiltration · critical · score 100 · finding fedaadbc89e80cc9c809
#     compute.googleapis.com/Snapshot projects/acme-analytics-prod/global/snapshots/customer-events-2026-10 (customer-events-2026-10) in global
#     etl-runner@acme-analytics-prod.iam.gserviceaccount.com created customer-events-2026-10 at <date> and etl-runner@acme-analytics-prod.iam.gserviceaccount.com granted allAuthenticatedUsers access to it 30 minute(s) later.
#     and gcp-snapshot-public · critical · score 100 · finding 9721234e8aa74e265113
#     compute.googleapis.com/Snapshot projects/acme-analytics-prod/global/snapshots/customer-events-2026-10 (customer-events-2026-10) in us
#     Snapshot customer-events-2026-10 can be used by allAuthenticatedUsers (roles/compute.storageAdmin).
#     and chain-gcp-snapshot-made-public · high · score 89 · finding c7561bfdaab8055f380d
#     compute.googleapis.com/Snapshot projects/acme-analytics-prod/global/snapshots/customer-events-2026-10 (customer-events-2026-10) in global
#     etl-runner@acme-analytics-prod.iam.gserviceaccount.com made customer-events-2026-10 public (allAuthenticatedUsers) at <date>.
echo 'snapaudit fix plan: [24]' >&2
gcloud compute snapshots remove-iam-policy-binding customer-events-2026-10 --project=acme-analytics-prod --member=allAuthenticatedUsers --role=roles/compute.storageAdmin

# [25] gcp-image-public · critical · score 94 · finding f6330dc45e1cd79575da
#     compute.googleapis.com/Image projects/acme-analytics-prod/global/images/analytics-worker-v7 (analytics-worker-v7) in us
#     Image analytics-worker-v7 can be used by allUsers (roles/compute.imageUser).
echo 'snapaudit fix plan: [25]' >&2
gcloud compute images remove-iam-policy-binding analytics-worker-v7 --project=acme-analytics-prod --member=allUsers --role=roles/compute.imageUser

# [26] gcp-disk-shared-external · high · score 88 · finding 6173db8a48eafe819048
#     compute.googleapis.com/Disk projects/acme-analytics-prod/zones/us-central1-a/disks/events-db (events-db) in us-central1
#     Disk events-db can be used by 1 member(s) outside the organization and the trusted list: user:dana.contractor@gmail.com.
echo 'snapaudit fix plan: [26]' >&2
gcloud compute disks remove-iam-policy-binding events-db --project=acme-analytics-prod --zone=us-central1-a --member=user:dana.contractor@gmail.com --role=roles/compute.storageAdmin

# [27] gcp-instance-from-snapshot-exposed · high · score 86 · finding beaf9c570eb9ee569d34
#     compute.googleapis.com/Instance projects/acme-analytics-prod/zones/us-central1-a/instances/restore-check (restore-check) in us-central1
#     Instance projects/acme-analytics-prod/zones/us-central1-a/instances/restore-check (restore-check) has boot disk projects/acme-analytics-prod/zones/us-central1-a/disks/restore-check-boot restored from snapshot projects/acme-analytics-prod/global/snapshots/customer-events-2026-10 and the internet reaches it: tcp/22 from 0.0.0.0/0 to 34.122.40.17 via allow-ssh-debug (allow-ssh-debug).
#     and chain-gcp-snapshot-restored-exposed · high · score 81 · finding 807c9c3b658a3f17a78a
#     compute.googleapis.com/Snapshot projects/acme-analytics-prod/global/snapshots/customer-events-2026-10 (customer-events-2026-10) in us-central1
#     restore-check runs on a disk restored from customer-events-2026-10 at <date>, and etl-runner@acme-analytics-prod.iam.gserviceaccount.com opened 22 to 0.0.0.0/0 with firewall rule allow-ssh-debug at <date>.
echo 'snapaudit fix plan: [27]' >&2
gcloud compute firewall-rules update allow-ssh-debug --project=acme-analytics-prod --disabled

# [28] gcp-iam-snapshot-permissions-broad · high · score 59 · finding 8f93e505f4a47800c86f
#     iam.googleapis.com/Principal user:rob.migration.contractor@gmail.com in global
#     user:rob.migration.contractor@gmail.com, outside the organization and the trusted list, can create, share, export, restore every snapshot and disk of project acme-analytics-prod through roles/compute.storageAdmin.
echo 'snapaudit fix plan: [28]' >&2
gcloud projects remove-iam-policy-binding acme-analytics-prod --member=user:rob.migration.contractor@gmail.com --role=roles/compute.storageAdmin

# [29] gcp-iam-snapshot-permissions-broad · high · score 47 · finding 08caaafa02cae670faa7
#     iam.googleapis.com/Principal serviceAccount:etl-runner@acme-analytics-prod.iam.gserviceaccount.com in global
#     serviceAccount:etl-runner@acme-analytics-prod.iam.gserviceaccount.com can create, export, restore every snapshot and disk of project acme-analytics-prod through the basic role roles/editor, which spans every service.
echo 'snapaudit fix plan: [29]' >&2
gcloud projects remove-iam-policy-binding acme-analytics-prod --member=serviceAccount:etl-runner@acme-analytics-prod.iam.gserviceaccount.com --role=roles/editor

# [30] gcp-iam-snapshot-permissions-broad · high · score 47 · finding 204c400d5e1ab1f56148
#     iam.googleapis.com/Principal user:platform-lead@acme.example in global
#     user:platform-lead@acme.example can create, share, export, restore every snapshot and disk of project acme-analytics-prod through the basic role roles/owner, which spans every service.
echo 'snapaudit fix plan: [30]' >&2
gcloud projects remove-iam-policy-binding acme-analytics-prod --member=user:platform-lead@acme.example --role=roles/owner

# [31] gcp-snapshot-no-cmek · low · score 44 · finding a2c2d628819bde2bebd8
#     compute.googleapis.com/Snapshot projects/acme-analytics-prod/global/snapshots/customer-events-2026-10 (customer-events-2026-10) in us
#     Snapshot customer-events-2026-10 is encrypted with a Google-managed key only.
# Not run as it stands:
#   - replace KMS-PROJECT with the project of the Cloud KMS key
#   - replace LOCATION with the location of the Cloud KMS key ring
#   - replace RING with the Cloud KMS key ring
#   - replace KEY with the Cloud KMS key
#   How: Snapshots cannot change key: take a new snapshot of the source disk with a Cloud KMS key, then retire the old one.
# Then uncomment:
# gcloud compute snapshots create customer-events-2026-10-cmek --project=acme-analytics-prod --source-disk=projects/acme-analytics-prod/zones/us-central1-a/disks/events-db --kms-key=projects/KMS-PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY

# [32] gcp-audit-logs-incomplete · medium · score 30 · finding 1d080d8e899642d9934d
#     cloudresourcemanager.googleapis.com/Project projects/acme-analytics-prod (acme-analytics-prod) in global
#     Project acme-analytics-prod would not keep a full record of snapshot activity: Compute Engine Data Access audit logs (ADMIN_READ) are off: listing snapshots and reading their IAM policies, the reconnaissance before a copy, leaves no record; exclusion drop-compute-snapshot-noise on sink _Default drops Compute Engine snapshot Data Access entries (v1.compute.snapshots.list, v1.compute.snapshots.get, v1.compute.snapshots.getIamPolicy) bound for logging.googleapis.com/projects/acme-analytics-prod/locations/global/buckets/_Default; no sink copies Compute Engine Admin Activity entries out of the _Required bucket, so they live 400 days and only in this project (CIS 2.2: a sink for all log entries). Next: gcloud logging sinks update _Default --project=acme-analytics-prod --remove-exclusions=drop-compute-snapshot-noise.
# Not run as it stands:
#   - a command writes policy.yaml: edit it as the finding's remediation says before the command that reads it
#   How: Enable Compute Engine's Data Access audit logs: export the policy with the first command, add under auditConfigs `- service: compute.googleapis.com` with `auditLogConfigs: [{logType: ADMIN_READ}, {logType: DATA_READ}]` and no exemptedMembers, keep the etag, and set it with the second. Remove each exclusion the finding names with `gcloud logging sinks update SINK --remove-exclusions=EXCLUSION --project=PROJECT` (the message's Next step gives it exactly). Route the audit logs to a bucket, BigQuery dataset or Pub/Sub topic outside the project with `gcloud logging sinks create`, or from the organization with an aggregated sink.
# Then uncomment:
# gcloud projects get-iam-policy acme-analytics-prod --format=yaml > policy.yaml
# gcloud projects set-iam-policy acme-analytics-prod policy.yaml

# [33] gcp-sa-key-old · medium · score 30 · finding 279ebaeeb01ce7c316fc
#     iam.googleapis.com/ServiceAccountKey projects/acme-analytics-prod/serviceAccounts/etl-runner@acme-analytics-prod.iam.gserviceaccount.com/keys/3f1c9a7e5b2d48c06e1f7a9b3c5d7e9f1a2b4c6d (3f1c9a7e5b2d48c06e1f7a9b3c5d7e9f1a2b4c6d) in global
#     Key 3f1c9a7e5b2d48c06e1f7a9b3c5d7e9f1a2b4c6d of service account etl-runner@acme-analytics-prod.iam.gserviceaccount.com was created 400 days ago (<date>) and is still active.
#     and gcp-sa-user-managed-key · low · score 15 · finding 70bd3f787538528f9897
#     iam.googleapis.com/ServiceAccount projects/acme-analytics-prod/serviceAccounts/etl-runner@acme-analytics-prod.iam.gserviceaccount.com (etl-runner@acme-analytics-prod.iam.gserviceaccount.com) in global
#     Service account etl-runner@acme-analytics-prod.iam.gserviceaccount.com has 1 active user-managed key(s) (3f1c9a7e5b2d48c06e1f7a9b3c5d7e9f1a2b4c6d), and it can create, export, restore, open-ingress on the project.
echo 'snapaudit fix plan: [33]' >&2
gcloud iam service-accounts keys delete 3f1c9a7e5b2d48c06e1f7a9b3c5d7e9f1a2b4c6d --iam-account=etl-runner@acme-analytics-prod.iam.gserviceaccount.com --project=acme-analytics-prod

# ==== aws 222233334444 (acme-prod-data) ====
# The aws commands carry --region but not the account: use credentials for 222233334444, e.g.
# export AWS_PROFILE=PROFILE-FOR-222233334444
# and check with: aws sts get-caller-identity --query Account --output text (it must print 222233334444)

# [34] aws-rds-snapshot-public · critical · score 92 · finding a803675ae1166b4c5cf9
#     AWS::RDS::DBSnapshot customers-db-pre-upgrade in us-east-1
#     DB snapshot customers-db-pre-upgrade (postgres) can be restored by any AWS account.
echo 'snapaudit fix plan: [34]' >&2
aws rds modify-db-snapshot-attribute --region us-east-1 --db-snapshot-identifier customers-db-pre-upgrade --attribute-name restore --values-to-remove all

# [35] aws-rds-database-internet-exposed · high · score 71 · finding c384f9e06ce243a852ff
#     AWS::RDS::DBInstance orders-db-migration in us-east-1
#     DB instance orders-db-migration (postgres) is publicly accessible and the internet reaches its port 5432: tcp/5432 from 0.0.0.0/0 to orders-db-migration.vq9ywq0l4fm5.us-east-1.rds.amazonaws.com via acl-0da7a000000000001, sg-0da7a000000000001 (orders-db-public).
echo 'snapaudit fix plan: [35]' >&2
aws rds modify-db-instance --region us-east-1 --db-instance-identifier orders-db-migration --no-publicly-accessible --apply-immediately

# [36] aws-backup-vault-policy-external · high · score 65 · finding 651dffe2d365b64ed54c
#     AWS::Backup::BackupVault prod-vault in us-east-1
#     Backup vault prod-vault lets account 999988887777 CopyIntoBackupVault (statements AllowVendorCopyIn).
# Not run as it stands:
#   - prepare the file vault-policy-without-AllowVendorCopyIn.json first, as the finding's remediation says
#   How: Remove or narrow the statements named (limit `*` with aws:PrincipalOrgID, name only accounts you trust), keeping the deny statements that protect the vault, then put the policy back.
# Then uncomment:
# aws backup put-backup-vault-access-policy --region us-east-1 --backup-vault-name prod-vault --policy file://vault-policy-without-AllowVendorCopyIn.json

# [37] aws-rds-snapshot-shared-external · high · score 65 · finding 10e2bab9db29bfdc8c94
#     AWS::RDS::DBClusterSnapshot billing-aurora-handover in us-east-1
#     Cluster snapshot billing-aurora-handover can be restored by 1 account(s) outside the organization and the trusted list: 999988887777.
echo 'snapaudit fix plan: [37]' >&2
aws rds modify-db-cluster-snapshot-attribute --region us-east-1 --db-cluster-snapshot-identifier billing-aurora-handover --attribute-name restore --values-to-remove 999988887777

# [38] aws-rds-snapshot-unencrypted · medium · score 62 · finding 5055bda5e13bb0c2d394
#     AWS::RDS::DBSnapshot customers-db-pre-upgrade in us-east-1
#     DB snapshot customers-db-pre-upgrade (postgres) is not encrypted.
# Not run as it stands:
#   - replace YOUR-KEY with the KMS key (alias or ARN) to encrypt the copy with
#   How: Copy the snapshot with a customer-managed KMS key (the copy is encrypted), move its users to the copy, then retire the unencrypted original.
# Then uncomment:
# aws rds copy-db-snapshot --region us-east-1 --source-db-snapshot-identifier customers-db-pre-upgrade --target-db-snapshot-identifier customers-db-pre-upgrade-encrypted --kms-key-id alias/YOUR-KEY

# [39] aws-root-no-mfa · critical · score 60 · finding 63692ab391789bf99da1
#     AWS::IAM::Root arn:aws:iam::222233334444:root (root) in global
#     The root user of account 222233334444 has no MFA.
# Not run as it stands:
#   - this command only reads: no command closes the finding, do it by hand as its remediation says, then verify with the command
#   How: Root MFA can only be enabled in the AWS Management Console while signed in as the root user (Security credentials, Multi-factor authentication, Assign MFA device); no IAM identity, API or CLI call can do it. A hardware key or passkey is best; register a second one as a backup. In an AWS Organization, a member account's root credentials can instead be removed with centralized root access. The command checks the result: it prints 1 once root MFA is on.
# Then uncomment:
# aws iam get-account-summary --region us-east-1 --query SummaryMap.AccountMFAEnabled

# [40] aws-backup-recovery-point-unencrypted · medium · score 42 · finding 41a02a14be6802b4c0ea
#     AWS::Backup::BackupVault prod-vault in us-east-1
#     Backup vault prod-vault holds 1 unencrypted recovery point(s) out of 3.
# Not run as it stands:
#   - replace ARN-OF-AN-ENCRYPTED-VAULT with the ARN of a backup vault encrypted with a customer-managed key
#   - replace ARN-OF-THE-BACKUP-ROLE with the ARN of the IAM role AWS Backup copies with
#   How: Encrypt the sources (e.g. EBS encryption by default), then copy each unencrypted recovery point to a vault with a customer-managed key and let the originals expire.
# Then uncomment:
# aws backup start-copy-job --region us-east-1 --source-backup-vault-name prod-vault --recovery-point-arn arn:aws:backup:us-east-1:222233334444:recovery-point:rp-0001 --destination-backup-vault-arn ARN-OF-AN-ENCRYPTED-VAULT --iam-role-arn ARN-OF-THE-BACKUP-ROLE

# [41] aws-iam-password-policy-weak · medium · score 30 · finding 3423def34214f6154b75
#     AWS::IAM::AccountPasswordPolicy account-password-policy (IAM account password policy) in global
#     The IAM password policy of account 222233334444 falls short on 7 of 7 requirements: minimum length 14 (is 8); an uppercase letter required; a lowercase letter required; a number required; a symbol required; passwords expire within 90 days (never expire); the last 24 passwords cannot be reused (reuse allowed).
echo 'snapaudit fix plan: [41]' >&2
aws iam update-account-password-policy --region us-east-1 --minimum-password-length 14 --require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols --max-password-age 90 --password-reuse-prevention 24 --allow-users-to-change-password

# ==== azure 5ab5c41b-0000-4000-8000-000000000001 (contoso-prod) ====
# The az commands act on the current subscription: select this one first, e.g.
# az account set --subscription 5ab5c41b-0000-4000-8000-000000000001

# [42] azure-disk-active-sas · critical · score 88 · finding 916bd5c5b592a235b122
#     Microsoft.Compute/disks /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/disks/old-data (old-data) in westeurope
#     Disk old-data has a live export link usable from any network.
echo 'snapaudit fix plan: [42]' >&2
az disk revoke-access --resource-group prod-rg --name old-data

# [43] azure-snapshot-active-sas · critical · score 88 · finding a33f508603be06d63e7d
#     Microsoft.Compute/snapshots /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/snapshots/sql-data-export (sql-data-export) in westeurope
#     Snapshot sql-data-export has a live export link usable from any network.
echo 'snapaudit fix plan: [43]' >&2
az snapshot revoke-access --resource-group prod-rg --name sql-data-export

# [44] azure-vm-from-snapshot-exposed · high · score 80 · finding 64569f7c3c70a0ece257
#     Microsoft.Compute/virtualMachines /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/virtualMachines/forensics-vm (forensics-vm) in westeurope
#     VM /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/virtualMachines/forensics-vm (forensics-vm) has boot disk /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/disks/forensics-os restored from snapshot /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/snapshots/prod-db-os and the internet reaches it: tcp/22 from 0.0.0.0/0 to 20.61.10.4 via /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Network/networkSecurityGroups/forensics-nsg (ssh-anywhere).
echo 'snapaudit fix plan: [44]' >&2
az network nsg rule update --resource-group prod-rg --nsg-name forensics-nsg --name ssh-anywhere --access Deny

# [45] chain-azure-snapshot-restored-exposed · high · score 75 · finding 12b04dea974c78944f09
#     Microsoft.Compute/snapshots /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/snapshots/prod-db-os (prod-db-os) in global
#     forensics-vm runs on a disk restored from prod-db-os at <date>, and j.contractor allowed 0.0.0.0/0 in on 22 (ssh-anywhere) at <date>.
echo 'snapaudit fix plan: [45]' >&2
az network nsg rule update --ids /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Network/networkSecurityGroups/forensics-nsg/securityRules/ssh-anywhere --access Deny

# [46] azure-gallery-community-shared · high · score 73 · finding fbf1e294f07851598b82
#     Microsoft.Compute/galleries /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/galleries/community_images (community_images) in westeurope
#     Gallery community_images is shared with the community: its images are public.
echo 'snapaudit fix plan: [46]' >&2
az sig share reset --resource-group prod-rg --gallery-name community_images

# [47] chain-azure-snapshot-export-link · high · score 73 · finding 1e5404e238eb52652e01
#     Microsoft.Compute/snapshots /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/snapshots/prod-db-os (prod-db-os) in global
#     j.contractor created prod-db-os at <date> and j.contractor generated an export link to it 12 minute(s) later.
echo 'snapaudit fix plan: [47]' >&2
az snapshot revoke-access --ids /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/snapshots/prod-db-os

# [48] azure-rbac-snapshot-export-broad · high · score 53 · finding f574856c1148bbe9382c
#     microsoft.graph.group a0a0a0a0-0000-4000-8000-00000000de01 in global
#     Group a0a0a0a0-0000-4000-8000-00000000de01 can grant itself any role on subscription contoso-prod (Owner), so it can export every snapshot and disk.
echo 'snapaudit fix plan: [48]' >&2
az role assignment delete --ids /subscriptions/5ab5c41b-0000-4000-8000-000000000001/providers/Microsoft.Authorization/roleAssignments/eddd5ef0-f4bb-4ea8-895b-0d761bfed93e

# [49] azure-rbac-snapshot-export-broad · high · score 53 · finding c0de1693ac24eff5a9d7
#     microsoft.graph.servicePrincipal b0b0b0b0-0000-4000-8000-00000000de02 in global
#     Service principal b0b0b0b0-0000-4000-8000-00000000de02 can export and share every snapshot and disk of subscription contoso-prod through Disk Snapshot Contributor.
echo 'snapaudit fix plan: [49]' >&2
az role assignment delete --ids /subscriptions/5ab5c41b-0000-4000-8000-000000000001/providers/Microsoft.Authorization/roleAssignments/19b32ac9-a03a-467b-bb0d-505eaff13950

# [50] azure-rbac-snapshot-export-broad · high · score 53 · finding a0a9bbf9b15e3e6d7a91
#     microsoft.graph.user c0c0c0c0-0000-4000-8000-00000000de03 in global
#     User c0c0c0c0-0000-4000-8000-00000000de03 can export every snapshot and disk of subscription contoso-prod through Snapshot Export Operator (custom role).
echo 'snapaudit fix plan: [50]' >&2
az role assignment delete --ids /subscriptions/5ab5c41b-0000-4000-8000-000000000001/providers/Microsoft.Authorization/roleAssignments/8d51f906-1a65-4597-9542-99932558679d

# [51] azure-snapshot-public-network · high · score 53 · finding 9ed6dc8d0c762ca971a6
#     Microsoft.Compute/snapshots /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/snapshots/sql-data-export (sql-data-export) in westeurope
#     Snapshot sql-data-export can be exported over the public internet (network access: all networks).
echo 'snapaudit fix plan: [51]' >&2
az snapshot update --resource-group prod-rg --name sql-data-export --network-access-policy DenyAll --public-network-access Disabled

# [52] azure-snapshot-public-network · high · score 53 · finding 5d80f1ecbc689ad97e5b
#     Microsoft.Compute/snapshots /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/snapshots/web-os-before-patch (web-os-before-patch) in westeurope
#     Snapshot web-os-before-patch can be exported over the public internet (network access: all networks).
echo 'snapaudit fix plan: [52]' >&2
az snapshot update --resource-group prod-rg --name web-os-before-patch --network-access-policy DenyAll --public-network-access Disabled

# [53] azure-activity-log-unexported · medium · score 38 · finding 7fc9d5b20651d7ee3ab0
#     Microsoft.Resources/subscriptions /subscriptions/5ab5c41b-0000-4000-8000-000000000001 (contoso-prod) in global
#     Subscription contoso-prod does not export the Administrative Activity Log: snapshot creation, export links and disk writes are kept 90 days, then lost.
# Not run as it stands:
#   - replace YOUR-RG with the resource group of the Log Analytics workspace
#   - replace YOUR-WORKSPACE with the Log Analytics workspace to send the Activity Log to
#   How: Create a subscription diagnostic setting that sends the Administrative, Security, Alert and Policy categories to a Log Analytics workspace (or a storage account or event hub) kept as long as your investigations need, then alert on snapshot beginGetAccess and role assignment writes there.
# Then uncomment:
# az monitor diagnostic-settings subscription create --subscription 5ab5c41b-0000-4000-8000-000000000001 --name snapaudit-activity-log --location westeurope --workspace /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/YOUR-RG/providers/Microsoft.OperationalInsights/workspaces/YOUR-WORKSPACE --logs '[{"category":"Administrative","enabled":true},{"category":"Security","enabled":true},{"category":"Alert","enabled":true},{"category":"Policy","enabled":true}]'

# [54] azure-disk-public-network · medium · score 38 · finding 94f4c9585260eb901254
#     Microsoft.Compute/disks /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/disks/old-data (old-data) in westeurope
#     Disk old-data can be exported over the public internet (network access: all networks).
echo 'snapaudit fix plan: [54]' >&2
az disk update --resource-group prod-rg --name old-data --network-access-policy DenyAll --public-network-access Disabled

# [55] azure-restore-point-public-network · medium · score 38 · finding 280d611d0b7c16e971ca
#     Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/restorePointCollections/web-vm-rpc/restorePoints/rp-<date>/diskRestorePoints/web-os-rp (web-os-rp) in westeurope
#     Disk restore point web-os-rp can be exported over the public internet (network access: all networks).
echo 'snapaudit fix plan: [55]' >&2
az disk update --resource-group prod-rg --name web-os --network-access-policy DenyAll --public-network-access Disabled

# [56] azure-snapshot-no-entra-auth · medium · score 38 · finding 65d01318b5adae467320
#     Microsoft.Compute/snapshots /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/snapshots/sql-data-export (sql-data-export) in westeurope
#     Export links for snapshot sql-data-export need no sign-in.
echo 'snapaudit fix plan: [56]' >&2
az snapshot update --resource-group prod-rg --name sql-data-export --data-access-auth-mode AzureActiveDirectory

# [57] azure-snapshot-platform-key-only · low · score 23 · finding 8df20e5b53c5a3847675
#     Microsoft.Compute/snapshots /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/snapshots/sql-data-export (sql-data-export) in westeurope
#     Snapshot sql-data-export is encrypted with a platform-managed key only.
# Not run as it stands:
#   - replace DISK-ENCRYPTION-SET-ID with the resource id of a disk encryption set with your customer-managed key
#   How: Encrypt with a customer-managed key through a disk encryption set.
# Then uncomment:
# az snapshot update --resource-group prod-rg --name sql-data-export --encryption-type EncryptionAtRestWithCustomerKey --disk-encryption-set DISK-ENCRYPTION-SET-ID

# [58] azure-snapshot-platform-key-only · low · score 23 · finding 2c3a20353f6b44828b02
#     Microsoft.Compute/snapshots /subscriptions/5ab5c41b-0000-4000-8000-000000000001/resourceGroups/prod-rg/providers/Microsoft.Compute/snapshots/web-os-before-patch (web-os-before-patch) in westeurope
#     Snapshot web-os-before-patch is encrypted with a platform-managed key only.
# Not run as it stands:
#   - replace DISK-ENCRYPTION-SET-ID with the resource id of a disk encryption set with your customer-managed key
#   How: Encrypt with a customer-managed key through a disk encryption set.
# Then uncomment:
# az snapshot update --resource-group prod-rg --name web-os-before-patch --encryption-type EncryptionAtRestWithCustomerKey --disk-encryption-set DISK-ENCRYPTION-SET-ID

# ==== aws 333344445555 (acme-analytics) ====
# The aws commands carry --region but not the account: use credentials for 333344445555, e.g.
# export AWS_PROFILE=PROFILE-FOR-333344445555
# and check with: aws sts get-caller-identity --query Account --output text (it must print 333344445555)

# [59] aws-trail-snapshot-events-unlogged · high · score 53 · finding d4185a75758475e06a27
#     AWS::CloudTrail::RegionCoverage eu-west-1 (CloudTrail coverage of eu-west-1) in eu-west-1
#     Snapshot activity in eu-west-1 is not recorded: trail analytics-eu is not logging; organization trail acme-org-s3-data drops management write events.
echo 'snapaudit fix plan: [59]' >&2
aws cloudtrail start-logging --region eu-west-1 --name arn:aws:cloudtrail:eu-west-1:333344445555:trail/analytics-eu
aws cloudtrail start-logging --region eu-west-1 --name arn:aws:cloudtrail:eu-west-1:333344445555:trail/analytics-eu

# [60] aws-ebs-block-public-access-off · high · score 45 · finding ba3e4f08133ca33dea9e
#     AWS::EC2::SnapshotBlockPublicAccess us-east-1 (snapshot block public access) in us-east-1
#     Snapshot block public access is off in us-east-1: any snapshot can be made public.
echo 'snapaudit fix plan: [60]' >&2
aws ec2 enable-snapshot-block-public-access --region us-east-1 --state block-all-sharing

# [61] aws-ami-block-public-access-off · medium · score 30 · finding ff8a4558587d97931d2a
#     AWS::EC2::ImageBlockPublicAccess us-east-1 (image block public access) in us-east-1
#     Image block public access is off in us-east-1: any AMI can be made public.
echo 'snapaudit fix plan: [61]' >&2
aws ec2 enable-image-block-public-access --region us-east-1 --image-block-public-access-state block-new-sharing

# [62] aws-ebs-encryption-default-off · medium · score 30 · finding b5f546188c2badc0fe32
#     AWS::EC2::EBSEncryptionByDefault us-east-1 (EBS encryption by default) in us-east-1
#     EBS encryption by default is off in us-east-1.
echo 'snapaudit fix plan: [62]' >&2
aws ec2 enable-ebs-encryption-by-default --region us-east-1

# ==== aws 555566667777 (acme-legacy) ====
# Nothing could be read here (could not assume arn:aws:iam::555566667777:role/SnapauditAudit: AccessDenied: User: arn:aws:iam::111122223333:role/SnapauditAudit is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::555566667777:role/SnapauditAudit; HTTP 403; request <id>): give the auditor read access and scan again.

echo 'snapaudit fix plan: done. Scan again to confirm the findings are closed.' >&2
