import { isUnknown, type AccountInfo, type CapabilityGrant, type Capability, type Inventory, type Principal, type ResourceRef } from '../model.js';
import { defineCheck } from './define-check.js';

/** The capabilities that take a copy out of the subscription's control. */
const OUTWARD: readonly Capability[] = ['export', 'share'];

export const SUBSCRIPTION_TYPE = 'Microsoft.Resources/subscriptions';

/** Entra ID's own names for the kinds of object a role assignment names. */
const GRAPH_TYPES: Readonly<Partial<Record<Principal['kind'], string>>> = {
  user: 'microsoft.graph.user',
  group: 'microsoft.graph.group',
  'service-principal': 'microsoft.graph.servicePrincipal',
};

const KIND_WORDS: Readonly<Partial<Record<Principal['kind'], string>>> = { user: 'User', group: 'Group', 'service-principal': 'Service principal' };

export function subscriptionRef(account: Pick<AccountInfo, 'id' | 'name'> | undefined, id: string): ResourceRef {
  const name = account?.name;
  return { provider: 'azure', account: id, region: 'global', type: SUBSCRIPTION_TYPE, id: `/subscriptions/${id}`, ...(name ? { name } : {}) };
}

function principalRef(principal: Principal): ResourceRef {
  return { provider: 'azure', account: principal.account, region: 'global', type: GRAPH_TYPES[principal.kind] ?? 'microsoft.graph.directoryObject', id: principal.id };
}

/** The grant reaches every resource of the subscription: assigned there, on a management group or at the root. */
export function subscriptionWide(grant: CapabilityGrant, subscription: string): boolean {
  const own = `/subscriptions/${subscription}`.toLowerCase();
  return grant.resources.some((r) => r === '*' || r === '/' || r.toLowerCase().replace(/\/+$/, '') === own);
}

const ASSIGNMENT_ID = /\/providers\/Microsoft\.Authorization\/roleAssignments\//i;
const ROLE_ASSIGNMENT_WRITE = 'microsoft.authorization/roleassignments/write';

/**
 * A condition on a role assignment can only constrain role-assignment writes (and storage data
 * actions): Compute operations take no conditions. A conditional grant that shares only by
 * assigning roles is the delegation Microsoft recommends, not a broad one.
 */
function counts(grant: CapabilityGrant): boolean {
  return !(grant.conditions.length > 0 && grant.actions.every((a) => a.toLowerCase() === ROLE_ASSIGNMENT_WRITE));
}

/** Role assignment ids and role names a grant comes through (its `via`: assignment id, role definition id, role name). */
function viaOf(grants: readonly CapabilityGrant[]): { assignments: string[]; roles: string[] } {
  const via = grants.flatMap((g) => g.via);
  const unique = (items: string[]): string[] => [...new Set(items)];
  return { assignments: unique(via.filter((v) => ASSIGNMENT_ID.test(v))), roles: unique(via.filter((v) => !v.startsWith('/'))) };
}

function words(capabilities: readonly string[]): string {
  return capabilities.length <= 1 ? (capabilities[0] ?? '') : `${capabilities.slice(0, -1).join(', ')} and ${capabilities.at(-1)}`;
}

export const azureRbacSnapshotExportBroad = defineCheck({
  id: 'azure-rbac-snapshot-export-broad',
  title: 'Principal can export or share every snapshot and disk of the subscription',
  description:
    'A role assigned on the whole subscription (or a management group above it) that allows `beginGetAccess` on snapshots or disks, or writes them (which can open them to every network), or assigns roles, lets its holder copy any disk out with one export link. Owner and Contributor hold it through `*`; Disk Snapshot Contributor and custom roles name it. One result per principal, listing the assignments that give it.',
  severity: 'high',
  provider: 'azure',
  posture: 'userAccountManagement',
  resourceType: 'Microsoft.Authorization/roleAssignments',
  threat: { techniques: ['T1537', 'T1578.001'], mitigations: ['M1018'] },
  // No benchmark control names who may export disks; least privilege is M1018's.
  compliance: [],
  messages: {
    broad: '{{principal}} can {{capabilities}} every snapshot and disk of subscription {{subscription}} through {{roles}}.',
    privileged: '{{principal}} can grant itself any role on subscription {{subscription}} ({{roles}}), so it can export every snapshot and disk.',
    contained: 'No principal can export or share snapshots and disks across all of subscription {{subscription}}.',
    principalUnreadable: '{{principal}} may or may not be able to export snapshots of subscription {{subscription}}: its roles could not be read ({{reason}}).',
    unreadable: 'Who can export snapshots of subscription {{subscription}} is unknown: {{reason}}.',
  },
  remediation: {
    text:
      'Remove these role assignments and grant what the principal needs on the resource groups or snapshots it works on (az role assignment create --scope ...). A backup vault needs Disk Snapshot Contributor only on its snapshot resource group; for a custom role, drop beginGetAccess and wildcards such as Microsoft.Compute/* from its actions (az role definition update --role-definition role.json).',
    command: 'az role assignment delete --ids {{assignmentIds}}',
    docs: 'https://learn.microsoft.com/cli/azure/role/assignment#az-role-assignment-delete',
  },
  evaluate(inventory: Inventory, report) {
    for (const security of inventory.accountSecurity) {
      if (security.identities === undefined) continue;
      const subscription = security.account;
      const account = inventory.accounts.find((a) => a.id === subscription);
      const subscriptionName = account?.name ?? subscription;
      if (isUnknown(security.identities)) {
        report.unknown({ resource: subscriptionRef(account, subscription), messageId: 'unreadable', data: { subscription: subscriptionName, reason: security.identities.reason } });
        continue;
      }
      let failed = 0;
      let unreadable = 0;
      for (const principal of inventory.principals) {
        if (principal.account !== subscription) continue;
        const label = `${KIND_WORDS[principal.kind] ?? 'Principal'} ${principal.id}`;
        const base = { principal: label, subscription: subscriptionName, principalId: principal.id };
        if (isUnknown(principal.capabilities)) {
          unreadable += 1;
          const privileged = principal.privileged === true;
          report.unknown({ resource: principalRef(principal), messageId: 'principalUnreadable', data: { ...base, reason: principal.capabilities.reason }, evidence: { privileged } });
          continue;
        }
        const broad = principal.capabilities.filter((g) => OUTWARD.includes(g.capability) && subscriptionWide(g, subscription) && counts(g));
        if (broad.length === 0 && principal.privileged !== true) continue;
        failed += 1;
        const { assignments, roles } = viaOf(broad);
        const capabilities = OUTWARD.filter((c) => broad.some((g) => g.capability === c));
        report.fail({
          resource: principalRef(principal),
          messageId: principal.privileged === true ? 'privileged' : 'broad',
          data: { ...base, capabilities: words(capabilities), roles: roles.join(', '), assignmentIds: assignments },
          evidence: {
            principalKind: principal.kind,
            roles,
            assignments,
            actions: [...new Set(broad.flatMap((g) => g.actions))].sort(),
            conditions: [...new Set(broad.flatMap((g) => g.conditions))],
            privileged: principal.privileged === true,
          },
        });
      }
      if (failed === 0 && unreadable === 0) {
        const holders = inventory.principals.filter((p) => p.account === subscription && !isUnknown(p.capabilities) && p.capabilities.some((g) => OUTWARD.includes(g.capability))).length;
        report.pass({ resource: subscriptionRef(account, subscription), messageId: 'contained', data: { subscription: subscriptionName }, evidence: { principalsWithNarrowerRights: holders } });
      }
    }
  },
});
