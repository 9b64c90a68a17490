// Cases that follow how the parsers in src/logs spell things: copies by other accounts as
// `exported` to an account id, cross-region copies as `exported` to a region, ARM ids in any case,
// instances launched from public images.
import { describe, expect, it } from 'vitest';
import { fillCommand, type CheckResult } from '../../../src/checks/define-check.js';
import { aws, azure, chainSteps, gcp, messageOf, OUTSIDE_ACCOUNT, PROJECT, resultsOf, ruleById, run } from './factories.js';
import { AZ_SNAP, awsScenarios, gcpScenarios, GCP_FIREWALL, GCP_INSTANCE, SNAP } from './scenarios.js';

function commandOf(result: CheckResult): string {
  return fillCommand(ruleById(result.checkId).remediation.command, result.data);
}

describe('chain-aws-snapshot-exported on copies', () => {
  const id = 'chain-aws-snapshot-exported';

  it('reports a copy by another account on its own, and takes the share away', () => {
    const copy = aws({ minute: 5, action: 'SharedSnapshotCopyInitiated', actor: { type: 'unknown', id: OUTSIDE_ACCOUNT, account: OUTSIDE_ACCOUNT }, activities: [{ kind: 'exported', target: SNAP, destination: OUTSIDE_ACCOUNT }] });
    const chainRun = run([copy]);
    const result = resultsOf(chainRun, id)[0]!;
    expect(result.messageId).toBe('copiedByAccount');
    expect(result.signals.exposure).toBe('external');
    expect(messageOf(result)).toBe(`Account ${OUTSIDE_ACCOUNT} copied ${SNAP} or made a volume of it at 2026-11-20T00:05:00.000Z (SharedSnapshotCopyInitiated); the data now sits in that account.`);
    expect(commandOf(result)).toBe(`aws ec2 modify-snapshot-attribute --region us-east-1 --snapshot-id ${SNAP} --attribute createVolumePermission --operation-type remove --user-ids ${OUTSIDE_ACCOUNT}`);
    // Without a share in the window there is no exfiltration chain, only this single-event finding.
    expect(resultsOf(chainRun, 'chain-aws-snapshot-exfiltration')).toEqual([]);
  });

  it('does not report a copy to another region of the same account', () => {
    const copy = aws({ minute: 5, action: 'CopySnapshot', region: 'eu-west-1', activities: [{ kind: 'snapshot-created', target: 'snap-0copy', targetRole: 'snapshot', source: SNAP }, { kind: 'exported', target: SNAP, destination: 'eu-west-1' }] });
    expect(run([copy]).results).toEqual([]);
  });
});

describe('chain-aws-new-principal-snapshot-access and instance launches', () => {
  it('does not treat launching an instance from an AMI as a restore', () => {
    const [user, key, share] = awsScenarios.newPrincipal();
    const launch = aws({
      minute: 20,
      action: 'RunInstances',
      actor: share!.actor,
      activities: [
        { kind: 'instance-launched', instance: 'i-0new', from: ['ami-0public'] },
        { kind: 'restored', from: 'ami-0public', created: 'i-0new', createdRole: 'instance' },
      ],
    });
    expect(resultsOf(run([user!, key!, launch]), 'chain-aws-new-principal-snapshot-access')).toEqual([]);
  });

  it('does treat a volume made from a snapshot as a restore', () => {
    const [user, key, share] = awsScenarios.newPrincipal();
    const restore = aws({ minute: 20, action: 'CreateVolume', actor: share!.actor, activities: [{ kind: 'restored', from: SNAP, created: 'vol-0new', createdRole: 'volume' }] });
    const result = resultsOf(run([user!, key!, restore]), 'chain-aws-new-principal-snapshot-access')[0]!;
    expect(chainSteps(result)).toEqual(['credential-created', 'restored']);
  });
});

describe('ids spelled differently across records', () => {
  it('joins an Azure snapshot write and its export link whatever the case of the ARM id', () => {
    const events = [
      azure({ minute: 0, action: 'Microsoft.Compute/snapshots/write', activities: [{ kind: 'snapshot-created', target: AZ_SNAP.toUpperCase(), targetRole: 'snapshot' }] }),
      azure({ minute: 5, action: 'Microsoft.Compute/snapshots/beginGetAccess/action', activities: [{ kind: 'export-link', target: AZ_SNAP }] }),
    ];
    const chainRun = run(events);
    expect(resultsOf(chainRun, 'chain-azure-snapshot-export-link')).toHaveLength(1);
    expect(resultsOf(chainRun, 'chain-azure-export-link')).toEqual([]);
  });
});

describe('chain-gcp-snapshot-restored-exposed and images', () => {
  const id = 'chain-gcp-snapshot-restored-exposed';
  const launchFrom = (image: string) => [
    gcp({ minute: 0, action: 'v1.compute.instances.insert', activities: [{ kind: 'instance-launched', instance: GCP_INSTANCE, from: [image] }, { kind: 'restored', from: image, created: GCP_INSTANCE, createdRole: 'instance' }] }),
    gcp({ minute: 10, action: 'v1.compute.firewalls.insert', region: 'global', activities: [{ kind: 'ingress-opened', target: GCP_FIREWALL, protocol: 'tcp', ports: [{ from: 22, to: 22 }], sources: ['0.0.0.0/0'] }] }),
  ];

  it('starts no chain from a public image', () => {
    expect(resultsOf(run(launchFrom('projects/debian-cloud/global/images/debian-12-bookworm-v20261110')), id)).toEqual([]);
  });

  it('starts one from an image of the project itself, and from a snapshot restored straight into the instance', () => {
    expect(resultsOf(run(launchFrom(`projects/${PROJECT}/global/images/golden`)), id)).toHaveLength(1);
    const direct = resultsOf(run(launchFrom(`projects/${PROJECT}/global/snapshots/db-snap`)), id)[0]!;
    expect(chainSteps(direct)).toEqual(['restored', 'instance-launched', 'ingress-opened']);
  });

  it('does not fire when the disk was made but a different project opened the firewall', () => {
    const events = gcpScenarios.restoredExposed();
    const last = events.pop()!;
    expect(resultsOf(run([...events, { ...last, account: 'other-project' }]), id)).toEqual([]);
  });
});

describe('chain-gcp-new-principal-snapshot-access for a member granted a role', () => {
  it('removes the project binding rather than disabling a service account', () => {
    const events = [
      gcp({ minute: 0, action: 'SetIamPolicy', service: 'cloudresourcemanager.googleapis.com', activities: [{ kind: 'principal-created', principal: 'user:bob@contractor.example' }] }),
      gcp({ minute: 30, action: 'v1.compute.snapshots.setIamPolicy', actor: { type: 'user', id: 'bob@contractor.example' }, activities: [{ kind: 'shared', target: `projects/${PROJECT}/global/snapshots/db-snap`, targetRole: 'snapshot', grantees: [{ kind: 'member', id: 'user:bob@contractor.example' }] }] }),
    ];
    const result = resultsOf(run(events), 'chain-gcp-new-principal-snapshot-access')[0]!;
    expect(messageOf(result)).toBe('user:bob@contractor.example was set up at 2026-11-20T00:00:00.000Z by mallory@corp.example (SetIamPolicy) and shared db-snap 30 minute(s) later (v1.compute.snapshots.setIamPolicy).');
    expect(commandOf(result)).toBe(`gcloud projects remove-iam-policy-binding ${PROJECT} --member=user:bob@contractor.example --role=ROLE`);
  });
});
