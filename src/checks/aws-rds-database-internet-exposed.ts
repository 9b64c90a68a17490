import { isUnknown } from '../model.js';
import { defineCheck } from './define-check.js';
import { CIS_AWS_3, CIS_AWS_5, FSBP, NIST_800_53_R5 } from './lib/compliance.js';
import { describePath, pathEvidence } from './lib/exposure.js';

export const awsRdsDatabaseInternetExposed = defineCheck({
  id: 'aws-rds-database-internet-exposed',
  title: 'Publicly accessible database that the internet reaches on its port',
  description:
    'A snapshot restored into a database marked publicly accessible, behind a security group that admits 0.0.0.0/0 or ::/0 on its port, is a copy of the data anyone can try to log in to. Public accessibility alone gives the database a public address; the security group and the subnet ACL decide whether anyone gets through.',
  severity: 'high',
  provider: 'aws',
  resourceType: 'AWS::RDS::DBInstance',
  threat: { techniques: ['T1578.002'], mitigations: ['M1047', 'M1018'] },
  compliance: [
    { ...FSBP, controls: ['RDS.2'] },
    { ...CIS_AWS_3, controls: ['2.3.3'] },
    { ...CIS_AWS_5, controls: ['2.2.3'] },
    { ...NIST_800_53_R5, controls: ['AC-4', 'AC-4(21)', 'SC-7', 'SC-7(11)', 'SC-7(16)', 'SC-7(21)', 'SC-7(4)', 'SC-7(5)'] },
  ],
  messages: {
    exposed: '{{kind}} {{id}} ({{engine}}) is publicly accessible and the internet reaches its port {{port}}: {{paths}}.',
    ingressUnknown: '{{kind}} {{id}} is publicly accessible; whether the internet reaches its port is unknown: {{reason}}.',
    firewalled: '{{kind}} {{id}} is publicly accessible, but no rule lets the internet reach port {{port}}.',
    private: '{{kind}} {{id}} is not publicly accessible.',
  },
  remediation: {
    text: 'Turn public accessibility off (reach it through a VPN, a bastion or a private link), and remove the 0.0.0.0/0 or ::/0 rule from its security group.',
    command: 'aws rds {{modifyCommand}} --region {{region}} {{identifierFlag}} {{id}} --no-publicly-accessible --apply-immediately',
    docs: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding',
  },
  evaluate(inventory, report) {
    for (const db of inventory.databases) {
      const cluster = db.type === 'AWS::RDS::DBCluster';
      const data = {
        id: db.id,
        region: db.region,
        engine: db.engine ?? 'unknown engine',
        port: db.endpoint?.port ?? 'its port',
        kind: cluster ? 'DB cluster' : 'DB instance',
        modifyCommand: cluster ? 'modify-db-cluster' : 'modify-db-instance',
        identifierFlag: cluster ? '--db-cluster-identifier' : '--db-instance-identifier',
      };
      const evidence = { publiclyAccessible: db.publiclyAccessible, endpoint: db.endpoint ? { ...db.endpoint } : null, state: db.state ?? null };
      if (!db.publiclyAccessible) {
        report.pass({ resource: db, messageId: 'private', data, evidence });
      } else if (isUnknown(db.internetIngress)) {
        report.unknown({ resource: db, messageId: 'ingressUnknown', data: { ...data, reason: db.internetIngress.reason }, evidence, signals: { exposure: 'unknown' } });
      } else if (db.internetIngress.length > 0) {
        report.fail({
          resource: db,
          messageId: 'exposed',
          data: { ...data, paths: db.internetIngress.map(describePath).join('; ') },
          evidence: { ...evidence, ingress: pathEvidence(db.internetIngress) },
          signals: { exposure: 'public' },
        });
      } else {
        report.pass({ resource: db, messageId: 'firewalled', data, evidence });
      }
    }
  },
});
