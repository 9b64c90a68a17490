// Who can copy Azure disks out (azure-rbac-snapshot-export-broad) and would anyone see it
// (azure-activity-log-unexported): fail, pass and unknown, with exact messages and commands.
import { expect } from 'vitest';
import { azureActivityLogUnexported } from '../../../src/checks/azure-activity-log-unexported.js';
import { azureRbacSnapshotExportBroad } from '../../../src/checks/azure-rbac-snapshot-export-broad.js';
import { fillCommand, fillMessage, type Check, type CheckResult } from '../../../src/checks/define-check.js';
import { unknownValue, type AccountInfo, type AccountSecurity, type AuditCoverage, type CapabilityGrant, type Principal } from '../../../src/model.js';
import { testCheck } from '../../support/check-tester.js';
import { inventory, SUBSCRIPTION } from '../../support/factories.js';

const SCOPE = `/subscriptions/${SUBSCRIPTION}`;
const RG_SCOPE = `${SCOPE}/resourceGroups/prod-rg`;
const ACCOUNT: AccountInfo = { provider: 'azure', id: SUBSCRIPTION, name: 'contoso-prod', regions: ['westeurope'] };
const SUB_REF_ID = SCOPE;

const assignmentId = (n: number, scope = SCOPE): string => `${scope}/providers/Microsoft.Authorization/roleAssignments/00000000-0000-4000-8000-00000000000${n}`;
const definitionId = (guid: string): string => `${SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const OWNER = definitionId('8e3af657-a8ff-443c-a75c-2fe8c4bcb635');
const SNAPSHOT_CONTRIBUTOR = definitionId('7efff54f-a5b4-42b5-a1c5-5411624893ce');

function grant(capability: CapabilityGrant['capability'], actions: string[], via: string[], overrides: Partial<CapabilityGrant> = {}): CapabilityGrant {
  return { capability, actions, resources: [SCOPE], conditions: [], mfaRequired: false, via, ...overrides };
}

function principal(id: string, overrides: Partial<Principal> = {}): Principal {
  return { provider: 'azure', account: SUBSCRIPTION, id, kind: 'service-principal', trust: 'unknown', capabilities: [], privileged: false, ...overrides };
}

const security = (identities: AccountSecurity['identities'] = { listed: 1 }): AccountSecurity => ({ provider: 'azure', account: SUBSCRIPTION, notOffered: [], identities });

const SP = 'b0b0b0b0-0000-4000-8000-00000000de02';
const GROUP = 'a0a0a0a0-0000-4000-8000-00000000de01';
const USER = 'c0c0c0c0-0000-4000-8000-00000000de03';

const backup = principal(SP, {
  capabilities: [
    grant('export', ['Microsoft.Compute/disks/beginGetAccess/action', 'Microsoft.Compute/snapshots/beginGetAccess/action'], [assignmentId(1), SNAPSHOT_CONTRIBUTOR, 'Disk Snapshot Contributor']),
    grant('share', ['Microsoft.Compute/snapshots/write'], [assignmentId(1), SNAPSHOT_CONTRIBUTOR, 'Disk Snapshot Contributor']),
    grant('create', ['Microsoft.Compute/snapshots/write'], [assignmentId(1), SNAPSHOT_CONTRIBUTOR, 'Disk Snapshot Contributor']),
  ],
});

const owners = principal(GROUP, {
  kind: 'group',
  privileged: true,
  capabilities: [
    grant('share', ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Compute/snapshots/write'], [assignmentId(2, '/providers/Microsoft.Management/managementGroups/contoso'), OWNER, 'Owner']),
    grant('export', ['Microsoft.Compute/snapshots/beginGetAccess/action'], [assignmentId(2, '/providers/Microsoft.Management/managementGroups/contoso'), OWNER, 'Owner']),
  ],
});

const rgOnly = principal(USER, { kind: 'user', capabilities: [grant('export', ['Microsoft.Compute/snapshots/beginGetAccess/action'], [assignmentId(3, RG_SCOPE), OWNER, 'Owner'], { resources: [RG_SCOPE] })] });

function messageOf(check: Check, result: CheckResult): string {
  return fillMessage(check.messages[result.messageId] ?? '', result.data);
}

testCheck(azureRbacSnapshotExportBroad, {
  fail: [
    {
      name: 'a service principal with Disk Snapshot Contributor on the subscription',
      inventory: inventory({ accounts: [ACCOUNT], accountSecurity: [security()], principals: [backup] }),
      resourceId: SP,
      messageId: 'broad',
      also: (r) => {
        expect(r.resource).toEqual({ provider: 'azure', account: SUBSCRIPTION, region: 'global', type: 'microsoft.graph.servicePrincipal', id: SP });
        expect(messageOf(azureRbacSnapshotExportBroad, r)).toBe(`Service principal ${SP} can export and share every snapshot and disk of subscription contoso-prod through Disk Snapshot Contributor.`);
        expect(fillCommand(azureRbacSnapshotExportBroad.remediation.command, r.data)).toBe(`az role assignment delete --ids ${assignmentId(1)}`);
        expect(r.evidence).toMatchObject({ privileged: false, actions: ['Microsoft.Compute/disks/beginGetAccess/action', 'Microsoft.Compute/snapshots/beginGetAccess/action', 'Microsoft.Compute/snapshots/write'] });
      },
    },
    {
      name: 'an Owner group inherited from a management group: privileged',
      inventory: inventory({ accounts: [ACCOUNT], accountSecurity: [security()], principals: [owners] }),
      resourceId: GROUP,
      messageId: 'privileged',
      also: (r) => {
        expect(messageOf(azureRbacSnapshotExportBroad, r)).toBe(`Group ${GROUP} can grant itself any role on subscription contoso-prod (Owner), so it can export every snapshot and disk.`);
        expect(fillCommand(azureRbacSnapshotExportBroad.remediation.command, r.data)).toBe(`az role assignment delete --ids /providers/Microsoft.Management/managementGroups/contoso/providers/Microsoft.Authorization/roleAssignments/00000000-0000-4000-8000-000000000002`);
      },
    },
    {
      name: 'two broad assignments: one command deletes both',
      inventory: inventory({
        accountSecurity: [security()],
        principals: [
          principal(SP, {
            capabilities: [
              grant('export', ['Microsoft.Compute/snapshots/beginGetAccess/action'], [assignmentId(4), definitionId('c0ffee00-0000-4000-8000-000000000001'), 'Exporter (custom role)']),
              grant('export', ['Microsoft.Compute/disks/download/action'], [assignmentId(5), definitionId('959f8984-c045-4866-89c7-12bf9737be2e'), 'Data Operator for Managed Disks']),
            ],
          }),
        ],
      }),
      resourceId: SP,
      messageId: 'broad',
      also: (r) => {
        expect(fillMessage(azureRbacSnapshotExportBroad.messages.broad, r.data)).toBe(
          `Service principal ${SP} can export every snapshot and disk of subscription ${SUBSCRIPTION} through Exporter (custom role), Data Operator for Managed Disks.`,
        );
        expect(fillCommand(azureRbacSnapshotExportBroad.remediation.command, r.data)).toBe(`az role assignment delete --ids ${assignmentId(4)} ${assignmentId(5)}`);
      },
    },
    {
      name: 'a condition on an export grant does not narrow it (Compute actions take no conditions)',
      inventory: inventory({
        accountSecurity: [security()],
        principals: [principal(SP, { capabilities: [grant('export', ['Microsoft.Compute/snapshots/beginGetAccess/action'], [assignmentId(6), OWNER, 'Owner'], { conditions: ['@Resource[x] StringEquals y'] })] })],
      }),
      resourceId: SP,
      messageId: 'broad',
      also: (r) => expect(r.evidence['conditions']).toEqual(['@Resource[x] StringEquals y']),
    },
  ],
  pass: [
    {
      name: 'export only on a resource group, a Reader on the subscription',
      inventory: inventory({ accounts: [ACCOUNT], accountSecurity: [security()], principals: [rgOnly, principal(SP)] }),
      resourceId: SUB_REF_ID,
      messageId: 'contained',
      also: (r) => {
        expect(messageOf(azureRbacSnapshotExportBroad, r)).toBe('No principal can export or share snapshots and disks across all of subscription contoso-prod.');
        expect(r.resource).toMatchObject({ type: 'Microsoft.Resources/subscriptions', name: 'contoso-prod' });
        expect(r.evidence).toEqual({ principalsWithNarrowerRights: 1 });
      },
    },
    {
      name: 'nobody at all (the role assignments were read and there are none)',
      inventory: inventory({ accountSecurity: [security({ listed: 0 })] }),
      resourceId: SUB_REF_ID,
      messageId: 'contained',
    },
    {
      name: 'role assignment under a condition, sharing only by assigning roles (delegation)',
      inventory: inventory({
        accountSecurity: [security()],
        principals: [principal(USER, { kind: 'user', capabilities: [grant('share', ['Microsoft.Authorization/roleAssignments/write'], [assignmentId(7), definitionId('f58310d9-a9f6-439a-9e8d-f62e7b41a168'), 'Role Based Access Control Administrator'], { conditions: ['@Request[...] GuidEquals {...}'] })] })],
      }),
      resourceId: SUB_REF_ID,
      messageId: 'contained',
    },
  ],
  unknown: [
    {
      name: 'role assignments unreadable: unknown for the subscription, never "nobody"',
      inventory: inventory({ accounts: [ACCOUNT], accountSecurity: [security(unknownValue('Microsoft.Authorization/roleAssignments/read failed: AuthorizationFailed: denied; HTTP 403'))] }),
      resourceId: SUB_REF_ID,
      messageId: 'unreadable',
      also: (r) =>
        expect(messageOf(azureRbacSnapshotExportBroad, r)).toBe(
          'Who can export snapshots of subscription contoso-prod is unknown: Microsoft.Authorization/roleAssignments/read failed: AuthorizationFailed: denied; HTTP 403.',
        ),
    },
    {
      name: "a principal whose role definition could not be read; the subscription gets no pass",
      inventory: inventory({ accounts: [ACCOUNT], accountSecurity: [security()], principals: [principal(SP, { capabilities: unknownValue('role definition x was not found'), privileged: unknownValue('role definition x was not found') })] }),
      resourceId: SP,
      messageId: 'principalUnreadable',
      also: (r) => expect(messageOf(azureRbacSnapshotExportBroad, r)).toBe(`Service principal ${SP} may or may not be able to export snapshots of subscription contoso-prod: its roles could not be read (role definition x was not found).`),
    },
  ],
  none: [
    { name: 'no pass for the subscription while a principal is unreadable', inventory: inventory({ accountSecurity: [security()], principals: [principal(SP, { capabilities: unknownValue('x') })] }), resourceId: SUB_REF_ID },
    { name: 'no pass for the subscription while a principal fails', inventory: inventory({ accountSecurity: [security()], principals: [backup] }), resourceId: SUB_REF_ID },
    { name: 'a resource-group-only principal gets no result of its own', inventory: inventory({ accountSecurity: [security()], principals: [rgOnly] }), resourceId: USER },
    { name: 'a provider that did not read identities is not judged', inventory: inventory({ accountSecurity: [{ provider: 'azure', account: SUBSCRIPTION, notOffered: [] }], principals: [backup] }), resourceId: SP },
  ],
});

const audit = (snapshotEventsLogged: AuditCoverage['snapshotEventsLogged'], overrides: Partial<AuditCoverage> = {}): AuditCoverage => ({
  provider: 'azure',
  account: SUBSCRIPTION,
  region: 'global',
  snapshotEventsLogged,
  sources: [],
  gaps: [],
  ...overrides,
});

const CIS_LOGS = `'[{"category":"Administrative","enabled":true},{"category":"Security","enabled":true},{"category":"Alert","enabled":true},{"category":"Policy","enabled":true}]'`;

testCheck(azureActivityLogUnexported, {
  fail: [
    {
      name: 'no diagnostic setting exports the Administrative category',
      inventory: inventory({ accounts: [ACCOUNT], audit: [audit(false, { gaps: ['no subscription diagnostic setting exports the Activity Log: ...'] })] }),
      resourceId: SUB_REF_ID,
      messageId: 'unexported',
      also: (r) => {
        expect(messageOf(azureActivityLogUnexported, r)).toBe(
          'Subscription contoso-prod does not export the Administrative Activity Log: snapshot creation, export links and disk writes are kept 90 days, then lost.',
        );
        expect(fillCommand(azureActivityLogUnexported.remediation.command, r.data)).toBe(
          `az monitor diagnostic-settings subscription create --subscription ${SUBSCRIPTION} --name snapaudit-activity-log --location westeurope --workspace /subscriptions/${SUBSCRIPTION}/resourceGroups/YOUR-RG/providers/Microsoft.OperationalInsights/workspaces/YOUR-WORKSPACE --logs ${CIS_LOGS}`,
        );
        expect(r.evidence).toEqual({ sources: [], gaps: ['no subscription diagnostic setting exports the Activity Log: ...'] });
      },
    },
    {
      name: 'a subscription without a known region still gets a complete command',
      inventory: inventory({ audit: [audit(false)] }),
      resourceId: SUB_REF_ID,
      messageId: 'unexported',
      also: (r) => expect(fillCommand(azureActivityLogUnexported.remediation.command, r.data)).toContain('--location YOUR-LOCATION'),
    },
  ],
  pass: [
    {
      name: 'exported to a Log Analytics workspace',
      inventory: inventory({ accounts: [ACCOUNT], audit: [audit(true, { sources: ['diagnostic setting to-soc (Administrative to Log Analytics workspace /w)'] })] }),
      resourceId: SUB_REF_ID,
      messageId: 'exported',
      also: (r) => expect(messageOf(azureActivityLogUnexported, r)).toBe('Subscription contoso-prod exports its Administrative Activity Log: diagnostic setting to-soc (Administrative to Log Analytics workspace /w).'),
    },
  ],
  unknown: [
    {
      name: 'diagnostic settings unreadable',
      inventory: inventory({ accounts: [ACCOUNT], audit: [audit(unknownValue('Microsoft.Insights/diagnosticSettings/read failed: AuthorizationFailed'))] }),
      resourceId: SUB_REF_ID,
      messageId: 'unreadable',
      also: (r) => expect(messageOf(azureActivityLogUnexported, r)).toBe('Whether subscription contoso-prod exports its Activity Log is unknown: Microsoft.Insights/diagnosticSettings/read failed: AuthorizationFailed.'),
    },
  ],
  none: [{ name: 'a regional audit entry is not a subscription setting', inventory: inventory({ audit: [audit(false, { region: 'westeurope' })] }), resourceId: SUB_REF_ID }],
});
