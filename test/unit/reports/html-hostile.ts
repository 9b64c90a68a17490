// A Report whose every string the cloud could have chosen carries a payload: markup, event handlers,
// `javascript:` links, attribute breakouts, comment and CDATA openers, line separators, bidi
// overrides and terminal escapes. Each payload that ran would set `window.__pwned` or fetch from
// evil.example, so a browser test can tell.
import type { Finding, Report } from '../../../src/report.js';

export const PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=2">',
  '" onmouseover="window.__pwned=3" x="',
  "' autofocus onfocus='window.__pwned=4' x='",
  '</textarea><svg onload="window.__pwned=5">',
  '</style><script>window.__pwned=6</script>',
  '</script><script>window.__pwned=7</script>',
  '<!-- ]]> <![CDATA[',
  '<a href="javascript:window.__pwned=8">click</a>',
  '<iframe src="https://evil.example/frame"></iframe>',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<base href="https://evil.example/">',
  '`${window.__pwned=9}`',
  '\u2028line\u2029para',
  '\u202Egnp.exe\u2066x\u2069',
  '\u001b[2J\u001b]0;title\u0007',
] as const;

export const HOSTILE = PAYLOADS.join(' ');

/** Docs links that must never become links. */
export const BAD_DOCS = ['javascript:window.__pwned=10', 'data:text/html,<script>window.__pwned=11</script>', 'vbscript:msgbox(1)', '//evil.example/docs', '/relative/docs', 'http://docs.example.com/plain', 'https://user:pass@docs.example.com/', ' https://docs.example.com/space', 'java\tscript:window.__pwned=12'];

/** A docs link that is an https URL, with a query that tries to break out of the attribute. */
export const GOOD_DOCS = 'https://docs.example.com/fix?q="><script>window.__pwned=13</script>';

const h = (label: string): string => `${label} ${HOSTILE}`;

function finding(overrides: Partial<Finding> & Pick<Finding, 'id' | 'checkId' | 'severity' | 'resource'>): Finding {
  const base: Omit<Finding, 'id' | 'checkId' | 'severity' | 'resource'> = {
    title: h('title'),
    status: 'fail',
    score: 72,
    reasons: [
      { factor: h('severity.x'), points: 45, detail: h('high severity') },
      { factor: 'exposure.public', points: 20, detail: h('any account') },
      { factor: 'audit.unlogged', points: 8, detail: h('unlogged') },
      { factor: 'guard.partial', points: -1, detail: h('guard') },
    ],
    message: h('message'),
    evidence: { note: h('evidence'), nested: { list: [h('item'), 3, null, true] } },
    techniques: [{ id: 'T1578.001', name: h('technique') }],
    mitigations: [{ id: 'M1047', name: h('mitigation') }],
    compliance: [{ framework: h('framework'), version: h('v'), controls: [h('control')] }],
    remediation: { text: h('fix'), command: `aws ec2 do-thing --name '${HOSTILE}'\nsecond line ${HOSTILE}`, docs: GOOD_DOCS },
  };
  return { ...base, ...overrides };
}

export function hostileReport(): Report {
  const findings: Finding[] = [
    finding({
      id: 'a1',
      checkId: 'aws-instance-from-snapshot-exposed',
      severity: 'critical',
      score: 90,
      reasons: [
        { factor: 'severity.critical', points: 60, detail: h('critical') },
        { factor: 'blast.reachable-instance', points: 12, detail: h('reachable') },
        { factor: 'audit.unlogged', points: 8, detail: h('unlogged') },
        { factor: 'chain.still-exposed', points: 10, detail: h('chain') },
      ],
      resource: { provider: 'aws', account: '111122223333', region: h('us-east-1'), type: 'AWS::EC2::Instance', id: 'i-0bad', name: h('instance') },
      evidence: {
        origins: [{ disk: h('vol'), device: h('/dev/sdf'), snapshot: h('snap'), snapshotOwner: 'foreign' }, { image: h('ami'), owner: h('owner') }],
        unknownOrigins: [h('unknown')],
        publicAddresses: [h('203.0.113.9')],
        ingress: [
          { protocol: 'tcp', from: 22, to: 22, source: h('0.0.0.0/0'), address: h('addr'), via: [{ kind: 'security-group', id: h('sg'), name: h('rule') }] },
          { protocol: 'all', from: 0, to: 65535, source: '::/0', address: 'x', via: [] },
          { protocol: h('tcp'), from: '22', to: 22, source: 'bad ports are skipped' },
        ],
      },
    }),
    finding({
      id: 'b2',
      checkId: 'gcp-snapshot-shared-external',
      severity: 'high',
      resource: { provider: 'gcp', account: h('project'), region: 'global', type: 'compute.googleapis.com/Snapshot', id: h('projects/p/global/snapshots/s') },
      evidence: {
        grants: [
          { kind: 'public', principal: h('allUsers'), role: h('roles/x') },
          { kind: 'account', principal: h('user:mallory@example.com'), trust: 'external', trustNote: h('outside') },
          { kind: 'account', principal: 'internal-team', trust: 'internal' },
          { kind: 'link', expiresAt: h('tomorrow') },
        ],
        externalAccounts: [h('999988887777')],
        backingSnapshots: [h('snap-backing')],
      },
      remediation: { text: h('fix'), command: h('gcloud'), docs: BAD_DOCS[0]! },
    }),
    finding({
      id: 'c3',
      checkId: 'chain-aws-snapshot-made-public',
      severity: 'high',
      resource: { provider: 'aws', account: '111122223333', region: 'us-east-1', type: 'AWS::EC2::Snapshot', id: h('snap-chain') },
      evidence: {
        joinNote: h('join note'),
        chain: [
          { step: h('created'), time: h('2026-11-25T17:04:47Z'), action: h('CreateSnapshot'), actor: { type: h('user'), id: h('arn'), name: h('mallory'), sourceIp: h('185.220.101.47') }, resources: [h('snap')] },
          { step: 'shared', time: '2026-11-25T17:34:47Z', action: 'ModifySnapshotAttribute', actor: h('actor as string') },
          h('a step that is only a string'),
          null,
        ],
      },
      remediation: { text: h('fix'), command: h('cmd'), docs: BAD_DOCS[1]! },
    }),
    finding({
      id: 'd4',
      checkId: 'azure-snapshot-public-network',
      severity: 'medium',
      status: 'unknown',
      resource: { provider: 'azure', account: h('sub'), region: 'westeurope', type: 'Microsoft.Compute/snapshots', id: h('/subscriptions/s/snapshots/x'), name: h('x') },
      evidence: { networkReach: 'all' },
      remediation: { text: h('fix'), command: h('az'), docs: BAD_DOCS[2]! },
    }),
    ...BAD_DOCS.slice(3).map((docs, i) =>
      finding({
        id: `e${i}`,
        checkId: `aws-ebs-snapshot-unencrypted`,
        severity: i % 2 === 0 ? 'low' : 'medium',
        resource: { provider: 'aws', account: '222233334444', region: 'eu-west-1', type: 'AWS::EC2::Snapshot', id: `snap-${i}`, name: h(`snap ${i}`) },
        evidence: { encrypted: false, note: h('evidence') },
        remediation: { text: h('fix'), command: '', docs },
      }),
    ),
  ];
  const bySeverity = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) bySeverity[f.severity] += 1;
  const posture = { status: 'gaps' as const, detail: h('detail'), nextStep: h('next') };
  return {
    tool: { name: 'snapaudit', version: h('9.9.9') },
    generatedAt: h('2026-11-27T12:00:00Z'),
    scope: {
      providers: ['aws', 'azure', 'gcp'],
      accounts: [
        { provider: 'aws', id: '111122223333', name: h('prod'), caller: h('caller'), organization: h('o-org'), regions: ['us-east-1', h('region')] },
        { provider: 'aws', id: '222233334444', regions: ['eu-west-1'] },
        { provider: 'aws', id: h('555566667777'), regions: [], unreachable: h('could not assume') },
      ],
      requestedRegions: [h('us-east-1')],
    },
    summary: {
      bySeverity,
      byStatus: { fail: findings.filter((f) => f.status === 'fail').length, unknown: findings.filter((f) => f.status === 'unknown').length, suppressed: 0 },
      byProvider: { aws: findings.filter((f) => f.resource.provider === 'aws').length, azure: 1, gcp: 1 },
      byAccount: [
        { provider: 'aws', account: '111122223333', findings: 2, unreachable: false },
        { provider: 'aws', account: '222233334444', findings: BAD_DOCS.length - 3, unreachable: false },
        { provider: 'aws', account: h('555566667777'), findings: 0, unreachable: true },
      ],
      resources: { snapshots: 5, images: 0, disks: 1, instances: 1, dbSnapshots: 0, databases: 0, backupVaults: 0, galleries: 0 },
      checks: { run: 46, passed: 10, failedToRun: [{ checkId: h('check'), error: h('error') }] },
      incomplete: true,
      posture: [
        { provider: 'aws', account: '111122223333', audit: posture, userAccountManagement: { ...posture, status: 'unknown' } },
        { provider: 'aws', account: '222233334444', audit: { ...posture, status: 'ok' }, userAccountManagement: { ...posture, status: 'not-assessed' } },
      ],
      logs: {
        sources: [h('cloudtrail')],
        from: h('from'),
        to: h('to'),
        events: 16,
        relevant: 14,
        failedCalls: 2,
        benignCalls: 1,
        unparsed: 1,
        late: 1,
        rules: 14,
        chains: 1,
        notes: [h('note')],
      },
    },
    findings,
    coverage: [
      { provider: 'aws', account: '111122223333', region: h('us-east-1'), service: h('ec2'), status: 'denied', action: h('ec2:DescribeSnapshotAttribute'), detail: h('denied'), affected: 1, sample: [h('snap-0003')] },
      { provider: 'aws', account: '111122223333', region: 'us-east-1', service: 'ec2', status: 'ok', detail: 'read' },
    ],
  };
}
