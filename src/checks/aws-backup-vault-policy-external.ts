import type { VaultAccess } from '../model.js';
import { isUnknown } from '../model.js';
import { defineCheck, type JsonValue } from './define-check.js';

/** The one vault action AWS honours from another account. */
const COPY_INTO = 'backup:CopyIntoBackupVault';

function grantEvidence(grants: readonly VaultAccess[]): JsonValue[] {
  return grants.map((g) => ({ principal: g.principal, reach: g.reach, note: g.note, actions: [...g.actions], statement: g.statement ?? null }));
}

export const awsBackupVaultPolicyExternal = defineCheck({
  id: 'aws-backup-vault-policy-external',
  title: 'Backup vault access policy opens the vault to everyone or to a foreign account',
  description:
    "A vault access policy that grants `*` copy, restore or read actions lets every principal in the account take the backups out, whatever its own permissions say; one that lets a foreign account copy into the vault lets a stranger plant recovery points that may be restored later. AWS rejects every other cross-account vault action, so a foreign account named for those is reported as inert: the grant does nothing today but says someone meant it.",
  severity: 'high',
  provider: 'aws',
  resourceType: 'AWS::Backup::BackupVault',
  threat: { techniques: ['T1537'], mitigations: ['M1018'] },
  // Security Hub has no control for vault access policies.
  compliance: [],
  messages: {
    open: 'Backup vault {{id}} lets {{who}} {{what}} (statements {{statements}}).',
    inert: 'Backup vault {{id}} names {{who}} for {{what}}, which AWS rejects across accounts (statements {{statements}}).',
    undetermined: 'Backup vault {{id}} grants {{who}} access whose reach could not be judged: {{notes}}.',
    unreadable: 'Who backup vault {{id}} lets in is unknown: {{reason}}.',
    closed: 'Backup vault {{id}} lets no one outside the organization and the trusted list in.',
  },
  remediation: {
    text: 'Remove or narrow the statements named (limit `*` with aws:PrincipalOrgID, name only accounts you trust), keeping the deny statements that protect the vault, then put the policy back.',
    command: 'aws backup put-backup-vault-access-policy --region {{region}} --backup-vault-name {{id}} --policy file://vault-policy-without-{{statementsFile}}.json',
    docs: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html',
  },
  evaluate(inventory, report) {
    for (const vault of inventory.backupVaults) {
      const data = { id: vault.id, region: vault.region };
      if (isUnknown(vault.access)) {
        report.unknown({ resource: vault, messageId: 'unreadable', data: { ...data, reason: vault.access.reason }, signals: { exposure: 'unknown' } });
        continue;
      }
      // Live: `*` with data-out actions (every principal of the account), or anyone outside with copy-in.
      const live = vault.access.filter(
        (g) => (g.reach === 'public' && g.actions.some((a) => a !== COPY_INTO)) || ((g.reach === 'public' || g.reach === 'external') && g.actions.includes(COPY_INTO)),
      );
      const inert = vault.access.filter((g) => g.reach === 'external' && !live.includes(g));
      const undetermined = vault.access.filter((g) => g.reach === 'unknown');
      const describe = (grants: readonly VaultAccess[]) => ({
        who: [...new Set(grants.map((g) => (g.reach === 'public' ? 'every principal (*)' : `account ${g.principal}`)))].join(', '),
        what: [...new Set(grants.flatMap((g) => g.actions))].map((a) => a.replace('backup:', '')).join(', '),
        statements: [...new Set(grants.map((g) => g.statement ?? '?'))],
        statementsFile: [...new Set(grants.map((g) => g.statement ?? 'statement'))].join('-'),
      });
      const evidence = { grants: grantEvidence(vault.access) };
      if (live.length > 0) {
        const exposure = live.some((g) => g.reach === 'public') ? 'public' : 'external';
        report.fail({ resource: vault, messageId: 'open', data: { ...data, ...describe(live) }, evidence, signals: { exposure } });
      } else if (inert.length > 0) {
        report.fail({
          resource: vault,
          messageId: 'inert',
          data: { ...data, ...describe(inert) },
          evidence,
          signals: { exposure: 'external', inertBecause: 'AWS rejects cross-account vault actions other than CopyIntoBackupVault' },
        });
      } else if (undetermined.length > 0) {
        report.unknown({ resource: vault, messageId: 'undetermined', data: { ...data, who: describe(undetermined).who, notes: undetermined.map((g) => g.note).join('; ') }, evidence, signals: { exposure: 'unknown' } });
      } else {
        report.pass({ resource: vault, messageId: 'closed', data, evidence });
      }
    }
  },
});
