import { describe, expect, it } from 'vitest';
import { fillCommand } from '../../../src/checks/define-check.js';
import { account, aws, AWS_ACCOUNT, backupRole, chainActions, chainSteps, DAY, HOUR, messageOf, OUTSIDE_ACCOUNT, PUBLIC, resultsOf, ruleById, run, TRUSTED_ACCOUNT } from './factories.js';
import { AMI, awsScenarios, DB_SNAP, SNAP } from './scenarios.js';

const BENIGN = [{ provider: 'aws' as const, id: 'arn:aws:sts::*:assumed-role/AWSBackupDefaultServiceRole/*', reason: 'AWS Backup copies and shares on schedule' }];

function commandOf(result: ReturnType<typeof resultsOf>[number]): string {
  return fillCommand(ruleById(result.checkId).remediation.command, result.data);
}

describe('chain-aws-snapshot-made-public', () => {
  const id = 'chain-aws-snapshot-made-public';

  it('fires on a snapshot shared with all', () => {
    const [result, ...rest] = resultsOf(run(awsScenarios.snapshotPublic()), id);
    expect(rest).toEqual([]);
    expect(result?.status).toBe('fail');
    expect(result?.resource).toMatchObject({ provider: 'aws', account: AWS_ACCOUNT, region: 'us-east-1', type: 'AWS::EC2::Snapshot', id: SNAP });
    expect(ruleById(id).severity).toBe('high');
    expect(result?.signals.exposure).toBe('public');
    expect(chainSteps(result!)).toEqual(['shared']);
    expect(messageOf(result!)).toBe(`mallory made ${SNAP} public (all) at 2026-11-20T00:10:00.000Z.`);
    expect(commandOf(result!)).toBe(`aws ec2 modify-snapshot-attribute --region us-east-1 --snapshot-id ${SNAP} --attribute createVolumePermission --operation-type remove --group-names all`);
  });

  it('names the AMI and DB snapshot commands and types', () => {
    const ami = resultsOf(run(awsScenarios.amiPublic()), id)[0]!;
    expect(ami.resource.type).toBe('AWS::EC2::Image');
    expect(commandOf(ami)).toBe(`aws ec2 modify-image-attribute --region us-east-1 --image-id ${AMI} --launch-permission 'Remove=[{Group=all}]'`);
    const db = resultsOf(run(awsScenarios.dbSnapshotPublic()), id)[0]!;
    expect(db.resource).toMatchObject({ type: 'AWS::RDS::DBSnapshot', id: DB_SNAP });
    expect(commandOf(db)).toBe('aws rds modify-db-snapshot-attribute --region us-east-1 --db-snapshot-identifier orders-2026-11-20 --attribute-name restore --values-to-remove all');
  });

  it('still reports a share reverted later, lowered and saying so', () => {
    const events = [
      ...awsScenarios.snapshotPublic(),
      aws({ minute: 25, action: 'ModifySnapshotAttribute', activities: [{ kind: 'unshared', target: SNAP, targetRole: 'snapshot', grantees: [PUBLIC] }] }),
    ];
    const results = resultsOf(run(events), id);
    expect(results).toHaveLength(1);
    expect(results[0]?.messageId).toBe('publicReverted');
    expect(results[0]?.signals.inertBecause).toMatch(/removed at 2026-11-20T00:25/);
    expect(chainSteps(results[0]!)).toEqual(['shared', 'unshared']);
    expect(messageOf(results[0]!)).toContain('Anyone could copy it for 15 minute(s)');
  });

  it('merges repeats into one finding with first and last time and a count', () => {
    const events = [...awsScenarios.snapshotPublic(), aws({ minute: 50, action: 'ModifySnapshotAttribute', activities: [{ kind: 'shared', target: SNAP, targetRole: 'snapshot', grantees: [PUBLIC] }] })];
    const results = resultsOf(run(events), id);
    expect(results).toHaveLength(1);
    expect(results[0]?.evidence).toMatchObject({ count: 2, firstSeen: '2026-11-20T00:10:00.000Z', lastSeen: '2026-11-20T00:50:00.000Z' });
  });

  it('does not fire on a failed call, a benign caller or a share with an account', () => {
    const failed = aws({ minute: 1, action: 'ModifySnapshotAttribute', outcome: 'failure', activities: [{ kind: 'shared', target: SNAP, targetRole: 'snapshot', grantees: [PUBLIC] }] });
    const benign = aws({ minute: 2, action: 'ModifySnapshotAttribute', actor: backupRole, activities: [{ kind: 'shared', target: SNAP, targetRole: 'snapshot', grantees: [PUBLIC] }] });
    const chainRun = run([failed, benign, ...awsScenarios.sharedExternal()], { benignCallers: BENIGN });
    expect(resultsOf(chainRun, id)).toEqual([]);
    expect(chainRun.stats).toMatchObject({ failedSkipped: 1, benignSkipped: 1 });
  });
});

describe('chain-aws-snapshot-shared-external', () => {
  const id = 'chain-aws-snapshot-shared-external';

  it('fires on a share with an outside account', () => {
    const result = resultsOf(run(awsScenarios.sharedExternal()), id)[0]!;
    expect(result.resource.id).toBe(SNAP);
    expect(result.signals.exposure).toBe('external');
    expect(messageOf(result)).toBe(`mallory shared ${SNAP} with ${OUTSIDE_ACCOUNT} at 2026-11-20T00:10:00.000Z, outside the organization and the trusted list.`);
    expect(commandOf(result)).toContain(`--operation-type remove --user-ids ${OUTSIDE_ACCOUNT}`);
  });

  it('reports unknown membership as unknown exposure', () => {
    const events = [aws({ minute: 1, action: 'ModifySnapshotAttribute', activities: [{ kind: 'shared', target: SNAP, targetRole: 'snapshot', grantees: [account('unknown-000000000001')] }] })];
    expect(resultsOf(run(events), id)[0]?.signals.exposure).toBe('unknown');
  });

  it('does not fire on a share with a trusted or own account', () => {
    const events = [aws({ minute: 1, action: 'ModifySnapshotAttribute', activities: [{ kind: 'shared', target: SNAP, targetRole: 'snapshot', grantees: [account(TRUSTED_ACCOUNT), account(AWS_ACCOUNT)] }] })];
    expect(run(events).results).toEqual([]);
  });
});

describe('chain-aws-snapshot-exfiltration', () => {
  const id = 'chain-aws-snapshot-exfiltration';

  it('fires on create → share outside → copy by that account', () => {
    const chainRun = run(awsScenarios.exfiltration());
    const result = resultsOf(chainRun, id)[0]!;
    expect(ruleById(id).severity).toBe('critical');
    expect(result.resource).toMatchObject({ id: SNAP, type: 'AWS::EC2::Snapshot' });
    expect(chainSteps(result)).toEqual(['snapshot-created', 'shared', 'exported']);
    expect(chainActions(result)).toEqual(['CreateSnapshot', 'ModifySnapshotAttribute', 'SharedSnapshotCopyInitiated']);
    expect(result.evidence['resources']).toEqual(expect.arrayContaining([SNAP, 'vol-0a1b2c3d4e5f60001']));
    expect(result.evidence['actors']).toEqual([mallorysArn(), OUTSIDE_ACCOUNT]);
    expect(result.signals.exposure).toBe('external');
    expect(messageOf(result)).toBe(
      `mallory created ${SNAP} at 2026-11-20T00:00:00.000Z, mallory shared it with ${OUTSIDE_ACCOUNT} at 2026-11-20T00:10:00.000Z, and account ${OUTSIDE_ACCOUNT} used it at 2026-11-20T00:40:00.000Z (SharedSnapshotCopyInitiated).`,
    );
  });

  it('fires on a public share then a volume made by another account', () => {
    const events = [
      ...awsScenarios.snapshotPublic(),
      aws({ minute: 30, action: 'SharedSnapshotVolumeCreated', actor: { type: 'unknown', id: '123412341234', account: '123412341234' }, activities: [{ kind: 'restored', from: SNAP, created: 'vol-0ffff', createdRole: 'volume' }] }),
    ];
    const result = resultsOf(run(events), id)[0]!;
    expect(result.messageId).toBe('sharedUsed');
    expect(result.signals.exposure).toBe('public');
    expect(chainSteps(result)).toEqual(['shared', 'restored']);
  });

  it('does not fire when the share was removed before anyone used it', () => {
    const [create, share, use] = awsScenarios.exfiltration();
    const unshare = aws({ minute: 20, action: 'ModifySnapshotAttribute', activities: [{ kind: 'unshared', target: SNAP, targetRole: 'snapshot', grantees: [account(OUTSIDE_ACCOUNT)] }] });
    const chainRun = run([create!, share!, unshare, use!]);
    expect(resultsOf(chainRun, id)).toEqual([]);
    expect(resultsOf(chainRun, 'chain-aws-snapshot-shared-external')[0]?.messageId).toBe('sharedReverted');
  });

  it('does not fire when the use falls outside the window, the share failed, was benign, or went to a trusted account', () => {
    const [create, share, use] = awsScenarios.exfiltration();
    const late = { ...use!, time: new Date(Date.parse(share!.time) + 4 * DAY * 60_000).toISOString() };
    expect(resultsOf(run([create!, share!, late]), id)).toEqual([]);
    expect(resultsOf(run([create!, { ...share!, outcome: 'failure' }, use!]), id)).toEqual([]);
    expect(resultsOf(run([create!, { ...share!, actor: backupRole }, use!], { benignCallers: BENIGN }), id)).toEqual([]);
    const trustedShare = aws({ minute: 10, action: 'ModifySnapshotAttribute', activities: [{ kind: 'shared', target: SNAP, targetRole: 'snapshot', grantees: [account(TRUSTED_ACCOUNT)] }] });
    const trustedUse = { ...use!, actor: { type: 'unknown' as const, id: TRUSTED_ACCOUNT, account: TRUSTED_ACCOUNT }, activities: [{ kind: 'exported' as const, target: SNAP, destination: TRUSTED_ACCOUNT }] };
    expect(resultsOf(run([create!, trustedShare, trustedUse]), id)).toEqual([]);
  });

  it('does not fire when the other account uses a snapshot shared with someone else', () => {
    const [create, share, use] = awsScenarios.exfiltration();
    const otherUse = { ...use!, actor: { type: 'unknown' as const, id: '222233334444', account: '222233334444' }, activities: [{ kind: 'exported' as const, target: SNAP, destination: '222233334444' }] };
    expect(resultsOf(run([create!, share!, otherUse]), id)).toEqual([]);
  });
});

function mallorysArn(): string {
  return `arn:aws:iam::${AWS_ACCOUNT}:user/mallory`;
}

describe('chain-aws-snapshot-restored-exposed', () => {
  const id = 'chain-aws-snapshot-restored-exposed';

  it('fires on image made → instance launched into sg → SSH opened to the world on that sg', () => {
    const result = resultsOf(run(awsScenarios.restoredExposed()), id)[0]!;
    expect(ruleById(id).severity).toBe('high');
    expect(result.resource).toMatchObject({ id: AMI, type: 'AWS::EC2::Image' });
    expect(chainSteps(result)).toEqual(['snapshot-created', 'instance-launched', 'ingress-opened']);
    expect(result.evidence['join']).toBe('firewall');
    expect(result.evidence['resources']).toEqual(expect.arrayContaining([AMI, SNAP, 'i-0a1b2c3d4e5f60001', 'sg-0aaa000000000001']));
    expect(messageOf(result)).toBe(
      `i-0a1b2c3d4e5f60001 was launched from ${AMI} (created or shared at 2026-11-20T00:00:00.000Z) and mallory opened 22 on sg-0aaa000000000001 to 0.0.0.0/0 at 2026-11-20T01:10:00.000Z.`,
    );
    expect(commandOf(result)).toBe(
      "aws ec2 revoke-security-group-ingress --region us-east-1 --group-id sg-0aaa000000000001 --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]'",
    );
  });

  it('falls back to the same actor when the launch names no groups, and says so', () => {
    const result = resultsOf(run(awsScenarios.restoredExposed({ firewall: false, group: 'sg-0bbb000000000002', sources: ['::/0'], ports: [{ from: 0, to: 65535 }] })), id)[0]!;
    expect(result.evidence['join']).toBe('same-actor');
    expect(result.evidence['joinNote']).toMatch(/may guard a different instance/);
    expect(result.data['ports']).toBe('all ports');
    expect(commandOf(result)).toContain('Ipv6Ranges=[{CidrIpv6=::/0}]');
  });

  it('does not fire on a private source, port 443 only, another group, or an image made outside the window', () => {
    expect(resultsOf(run(awsScenarios.restoredExposed({ sources: ['10.0.0.0/8'] })), id)).toEqual([]);
    expect(resultsOf(run(awsScenarios.restoredExposed({ ports: [{ from: 443, to: 443 }] })), id)).toEqual([]);
    expect(resultsOf(run(awsScenarios.restoredExposed({ group: 'sg-0ccc000000000003' })), id)).toEqual([]);
    expect(resultsOf(run(awsScenarios.restoredExposed({ imageMinute: -4 * DAY })), id)).toEqual([]);
  });

  it('does not fire when the ingress call failed', () => {
    const events = awsScenarios.restoredExposed();
    const last = events.pop()!;
    expect(resultsOf(run([...events, { ...last, outcome: 'failure' }]), id)).toEqual([]);
  });
});

describe('chain-aws-new-principal-snapshot-access', () => {
  const id = 'chain-aws-new-principal-snapshot-access';

  it('fires when a just-created key shares a snapshot, and deactivates that key', () => {
    const result = resultsOf(run(awsScenarios.newPrincipal()), id)[0]!;
    expect(ruleById(id).severity).toBe('high');
    expect(result.resource.id).toBe(SNAP);
    expect(chainSteps(result)).toEqual(['credential-created', 'shared']);
    expect(messageOf(result)).toBe(`temp was set up at 2026-11-20T00:05:00.000Z by mallory (CreateAccessKey) and shared ${SNAP} 25 minute(s) later (ModifySnapshotAttribute).`);
    expect(commandOf(result)).toBe('aws iam update-access-key --region us-east-1 --user-name temp --access-key-id AKIATEMP000000000001 --status Inactive');
  });

  it('does not fire for a long-lived principal (created long before newPrincipalMs) or another principal', () => {
    expect(resultsOf(run(awsScenarios.newPrincipal(48 * HOUR)), id)).toEqual([]);
    const [user, key, share] = awsScenarios.newPrincipal();
    expect(resultsOf(run([user!, key!, { ...share!, actor: { type: 'user', id: `arn:aws:iam::${AWS_ACCOUNT}:user/alice`, name: 'alice', accessKeyId: 'AKIAALICE00000000001' } }]), id)).toEqual([]);
  });

  it('does not fire when the creation was by a benign caller or failed', () => {
    const [user, key, share] = awsScenarios.newPrincipal();
    expect(resultsOf(run([{ ...user!, outcome: 'failure' }, { ...key!, outcome: 'failure' }, share!]), id)).toEqual([]);
    const benign = [{ provider: 'aws' as const, id: '*:user/mallory', reason: 'the identity pipeline' }];
    expect(resultsOf(run([user!, key!, share!], { benignCallers: benign }), id)).toEqual([]);
  });
});

describe('chain-aws-snapshot-exported', () => {
  const id = 'chain-aws-snapshot-exported';

  it('fires on an export task on its own, medium', () => {
    const result = resultsOf(run(awsScenarios.exported()), id)[0]!;
    expect(ruleById(id).severity).toBe('medium');
    expect(result.resource).toMatchObject({ id: DB_SNAP, type: 'AWS::RDS::DBSnapshot' });
    expect(chainSteps(result)).toEqual(['exported']);
    expect(messageOf(result)).toBe(`mallory exported ${DB_SNAP} to s3://exports-bucket/orders at 2026-11-20T00:10:00.000Z (StartExportTask).`);
    expect(commandOf(result)).toBe('aws rds cancel-export-task --region us-east-1 --export-task-identifier orders-export-1');
  });

  it('does not fire on a failed export', () => {
    expect(resultsOf(run(awsScenarios.exported().map((e) => ({ ...e, outcome: 'failure' as const }))), id)).toEqual([]);
  });
});
