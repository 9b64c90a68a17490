// Azure Activity Log records to AuditEvents: the REST/portal schema, the resource-log schema of
// storage and Event Hub exports, and the Log Analytics AzureActivity table; every public sample,
// then request bodies and statuses the samples lack.
import { describe, expect, it } from 'vitest';
import { normaliseActivityLog } from '../../../src/logs/activity-log.js';
import type { Activity, AuditEvent } from '../../../src/logs/event.js';
import { fixtureJson, pantherCase, pantherCases } from './fixtures.js';

const SUB = '12345678-1234-1234-1234-123456789abc';
const NSG = `/subscriptions/${SUB}/resourceGroups/myresourcegroup/providers/Microsoft.Network/networkSecurityGroups/mynsg`;

interface Expectation {
  readonly action: string;
  readonly outcome: 'success' | 'failure';
  readonly actor: string;
  readonly resource: string;
  readonly activities: readonly Activity[];
}

const roleAssignment = (id: string): string => `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/${id}`;

const EXPECTED: Readonly<Record<string, Expectation>> = {
  'azure_nsg_deleted_or_modified.json|NSG Deleted Successfully': { action: 'Microsoft.Network/networkSecurityGroups/delete', outcome: 'success', actor: 'unknown', resource: NSG, activities: [] },
  // No request body in the record: the NSG is named, no ingress is guessed.
  'azure_nsg_deleted_or_modified.json|NSG Modified': { action: 'Microsoft.Network/networkSecurityGroups/write', outcome: 'success', actor: 'unknown', resource: NSG, activities: [] },
  'azure_nsg_deleted_or_modified.json|Security Rule Created': {
    action: 'Microsoft.Network/networkSecurityGroups/securityRules/write',
    outcome: 'success',
    actor: 'unknown',
    resource: `${NSG}/securityRules/AllowRDP`,
    activities: [],
  },
  'azure_nsg_deleted_or_modified.json|Security Rule Deleted': {
    action: 'Microsoft.Network/networkSecurityGroups/securityRules/delete',
    outcome: 'success',
    actor: 'unknown',
    resource: `${NSG}/securityRules/DenyAll`,
    activities: [],
  },
  'azure_nsg_deleted_or_modified.json|NSG Join Action': { action: 'Microsoft.Network/networkSecurityGroups/join/action', outcome: 'success', actor: 'unknown', resource: NSG, activities: [] },
  'azure_nsg_deleted_or_modified.json|Diagnostic Settings Modified': {
    action: 'Microsoft.Network/networkSecurityGroups/providers/microsoft.insights/diagnosticSettings/write',
    outcome: 'success',
    actor: 'unknown',
    resource: `${NSG}/providers/microsoft.insights/diagnosticSettings/default`,
    activities: [],
  },
  'azure_nsg_deleted_or_modified.json|Case Insensitive Match': {
    action: 'microsoft.network/networksecuritygroups/delete',
    outcome: 'success',
    actor: 'unknown',
    resource: `/subscriptions/${SUB}/resourceGroups/prod-rg/providers/Microsoft.Network/networkSecurityGroups/prodnsg`,
    activities: [],
  },
  'azure_nsg_deleted_or_modified.json|Different Operation': { action: 'Microsoft.Network/networkSecurityGroups/read', outcome: 'success', actor: 'unknown', resource: NSG, activities: [] },
  // The assignee comes from the request body; the evidence's principal is the caller.
  'azure_role_assignment_privileged_or_elevated.json|Owner Role Assignment': {
    action: 'Microsoft.Authorization/roleAssignments/write',
    outcome: 'success',
    actor: '6b6d44f0-b13a-46a0-bfde-161324d4c34d',
    resource: roleAssignment('a1b2c3d4-e5f6-7890-abcd-ef1234567890'),
    activities: [{ kind: 'principal-created', principal: '770797c4-e05a-43f9-bda2-1f1f379987ae' }],
  },
  'azure_role_assignment_privileged_or_elevated.json|Non-Privileged Role Assignment': {
    action: 'Microsoft.Authorization/roleAssignments/write',
    outcome: 'success',
    actor: '6b6d44f0-b13a-46a0-bfde-161324d4c34d',
    resource: roleAssignment('c3d4e5f6-a7b8-9012-cdef-111111111111'),
    activities: [{ kind: 'principal-created', principal: '22222222-3333-4444-5555-666666666666' }],
  },
  'azure_role_assignment_privileged_or_elevated.json|Elevated Role Assignment (Storage Blob Data Owner)': {
    action: 'Microsoft.Authorization/roleAssignments/write',
    outcome: 'success',
    actor: '6b6d44f0-b13a-46a0-bfde-161324d4c34d',
    resource: roleAssignment('d4e5f6a7-b8c9-0123-def4-111111111111'),
    activities: [{ kind: 'principal-created', principal: '33333333-4444-5555-6666-777777777777' }],
  },
  'azure_role_assignment_privileged_or_elevated.json|Elevate Access to All Azure Subscriptions': {
    action: 'Microsoft.Authorization/elevateAccess/action',
    outcome: 'success',
    actor: 'attacker@example.com',
    resource: '/providers/Microsoft.Authorization',
    activities: [],
  },
  'azure_vm_disk_sas_uri_generated.json|SAS URI Generated for Disk': {
    action: 'Microsoft.Compute/disks/beginGetAccess/action',
    outcome: 'success',
    actor: 'unknown',
    resource: `/subscriptions/${SUB}/resourceGroups/vm-rg/providers/Microsoft.Compute/disks/vm-prod-osdisk`,
    activities: [{ kind: 'export-link', target: `/subscriptions/${SUB}/resourceGroups/vm-rg/providers/Microsoft.Compute/disks/vm-prod-osdisk` }],
  },
  'azure_vm_disk_sas_uri_generated.json|Disk Export with Succeeded Status': {
    action: 'Microsoft.Compute/disks/beginGetAccess/action',
    outcome: 'success',
    actor: 'unknown',
    resource: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/prod-rg/providers/Microsoft.Compute/disks/database-server-disk',
    activities: [{ kind: 'export-link', target: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/prod-rg/providers/Microsoft.Compute/disks/database-server-disk' }],
  },
  'azure_vm_disk_sas_uri_generated.json|Case Insensitive Match': {
    action: 'microsoft.compute/disks/begingetaccess/action',
    outcome: 'success',
    actor: 'unknown',
    resource: '/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/security-rg/providers/Microsoft.Compute/disks/web-server-data-disk',
    activities: [{ kind: 'export-link', target: '/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/security-rg/providers/Microsoft.Compute/disks/web-server-data-disk' }],
  },
  'azure_vm_disk_sas_uri_generated.json|Data Disk SAS Generation': {
    action: 'Microsoft.Compute/disks/beginGetAccess/action',
    outcome: 'success',
    actor: 'unknown',
    resource: '/subscriptions/44444444-4444-4444-4444-444444444444/resourceGroups/app-rg/providers/Microsoft.Compute/disks/app-server-datadisk-001',
    activities: [{ kind: 'export-link', target: '/subscriptions/44444444-4444-4444-4444-444444444444/resourceGroups/app-rg/providers/Microsoft.Compute/disks/app-server-datadisk-001' }],
  },
  'azure_vm_disk_sas_uri_generated.json|Different Operation': {
    action: 'Microsoft.Compute/disks/read',
    outcome: 'success',
    actor: 'unknown',
    resource: '/subscriptions/77777777-7777-7777-7777-777777777777/resourceGroups/vm-rg/providers/Microsoft.Compute/disks/vm-disk',
    activities: [],
  },
  'azure_vm_snapshot_deleted.json|VM Snapshot Deleted Successfully': {
    action: 'MICROSOFT.COMPUTE/SNAPSHOTS/DELETE',
    outcome: 'success',
    actor: 'unknown',
    resource: `/subscriptions/${SUB}/resourceGroups/backup-rg/providers/Microsoft.Compute/snapshots/vm-backup-snapshot-20251222`,
    activities: [],
  },
  'azure_vm_snapshot_deleted.json|Snapshot Deleted Case Insensitive': {
    action: 'microsoft.compute/snapshots/delete',
    outcome: 'success',
    actor: 'unknown',
    resource: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/prod-backups/providers/Microsoft.Compute/snapshots/prod-snapshot-001',
    activities: [],
  },
  'azure_vm_snapshot_deleted.json|Different Operation': {
    action: 'MICROSOFT.COMPUTE/SNAPSHOTS/WRITE',
    outcome: 'success',
    actor: 'unknown',
    resource: '/subscriptions/44444444-4444-4444-4444-444444444444/resourceGroups/backup-rg/providers/Microsoft.Compute/snapshots/new-snapshot',
    activities: [
      { kind: 'snapshot-created', target: '/subscriptions/44444444-4444-4444-4444-444444444444/resourceGroups/backup-rg/providers/Microsoft.Compute/snapshots/new-snapshot', targetRole: 'snapshot' },
    ],
  },
};

function normalised(log: unknown, origin = 'test'): AuditEvent {
  const event = normaliseActivityLog(log, origin);
  if (!event) throw new Error('not normalised');
  return event;
}

describe('normaliseActivityLog on the Panther samples (resource-log schema)', () => {
  const cases = pantherCases('azure_');

  it('has an expectation for every Azure sample', () => {
    expect(cases.map((c) => `${c.file}|${c.name}`).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(cases.map((c) => [`${c.file} | ${c.name}`, c] as const))('%s', (_label, c) => {
    const expected = EXPECTED[`${c.file}|${c.name}`];
    const event = normalised(c.log);
    expect(event.provider).toBe('azure');
    expect(event.action).toBe(expected?.action);
    expect(event.outcome).toBe(expected?.outcome);
    expect(event.actor.id).toBe(expected?.actor);
    expect(event.resources[0]?.id).toBe(expected?.resource);
    expect(event.activities).toEqual(expected?.activities);
    expect(event.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('reads the subscription from the resource id, the caller address and the location', () => {
    const event = normalised(pantherCase('azure_nsg_deleted_or_modified.json', 'Security Rule Created'));
    expect(event).toMatchObject({ account: SUB, region: 'westus', service: 'Microsoft.Network', time: '2024-12-17T14:00:00.000Z' });
    expect(event.actor.sourceIp).toBe('4.4.4.4');
    expect(event.resources[0]).toEqual({ role: 'firewall', id: `${NSG}/securityRules/AllowRDP`, type: 'Microsoft.Network/networkSecurityGroups/securityRules' });
  });

  it('types the caller from the authorization evidence, and the assignee from the body', () => {
    const event = normalised(pantherCase('azure_role_assignment_privileged_or_elevated.json', 'Owner Role Assignment'));
    expect(event.actor).toMatchObject({ type: 'user', id: '6b6d44f0-b13a-46a0-bfde-161324d4c34d' });
    expect(event.resources).toContainEqual({ role: 'principal', id: '770797c4-e05a-43f9-bda2-1f1f379987ae', type: 'ServicePrincipal' });
  });
});

describe('normaliseActivityLog on the Microsoft samples', () => {
  it('reads the REST schema: caller, claims, status, eventDataId', () => {
    const event = normalised(fixtureJson('microsoft-docs/azure-activitylog-administrative-nsg-write.restapi-schema.json'));
    expect(event).toMatchObject({
      id: 'aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e',
      time: '2018-01-29T20:42:31.381Z',
      account: '<subscription ID>',
      action: 'Microsoft.Network/networkSecurityGroups/write',
      service: 'Microsoft.Network',
      outcome: 'success',
    });
    expect(event.actor).toEqual({ type: 'user', id: 'rob@contoso.com', name: 'Rob Robertson', sourceIp: '111.111.1.111' });
    // Its requestbody is empty: the NSG is recorded, no ingress is guessed.
    expect(event.resources.map((r) => r.role)).toEqual(['firewall']);
    expect(event.activities).toEqual([]);
  });

  it('reads the resource-log schema of an Event Hub or storage export', () => {
    const envelope = fixtureJson('microsoft-docs/azure-activitylog-resourcelog-schema-storage-eventhub.json') as { records: unknown[] };
    const event = normalised(envelope.records[0]);
    expect(event).toMatchObject({ action: 'microsoft.support/supporttickets/write', account: 's1', time: '2019-01-21T22:14:26.979Z', outcome: 'success', activities: [] });
    expect(event.actor).toMatchObject({ type: 'user', id: 'admin@contoso.com', name: 'John Smith', sourceIp: '111.111.111.11' });
  });

  it('reads the SIEM-normalised beginGetAccess sample (Stratus Red Team)', () => {
    const event = normalised(fixtureJson('stratus-doc-samples/azure-disk-beginGetAccess.datadog-normalized.doc-sample.json'));
    const disk = '/SUBSCRIPTIONS/<your-subscription-id>/RESOURCEGROUPS/RG-IKFFQ01Z/PROVIDERS/MICROSOFT.COMPUTE/DISKS/STRATUS-RED-TEAM-DISK';
    expect(event).toMatchObject({ action: 'MICROSOFT.COMPUTE/DISKS/BEGINGETACCESS/ACTION', outcome: 'success', account: '<your-subscription-id>' });
    expect(event.resources).toEqual([{ role: 'volume', id: disk, type: 'MICROSOFT.COMPUTE/DISKS' }]);
    expect(event.activities).toEqual([{ kind: 'export-link', target: disk }]);
  });
});

const DISK = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/disks/restored';
const SNAP = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/snapshots/snap1';

/** A REST-schema record around the fields a test cares about. */
function rest(operation: string, resourceId: string, status: string, properties: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    caller: 'mallory@contoso.com',
    claims: { 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': 'mallory@contoso.com', name: 'Mallory' },
    correlationId: 'corr-1',
    eventDataId: `ev-${status}`,
    eventTimestamp: '2024-05-01T08:00:00.1234567Z',
    operationName: { value: operation, localizedValue: operation },
    resourceId,
    status: { value: status, localizedValue: status },
    subStatus: { value: '', localizedValue: '' },
    subscriptionId: 's1',
    httpRequest: { clientIpAddress: '203.0.113.9', method: 'PUT' },
    properties,
    ...extra,
  };
}

describe('normaliseActivityLog statuses', () => {
  it.each([
    ['Started', 'success', 0],
    ['Accepted', 'success', 0],
    ['Succeeded', 'success', 1],
    ['Failed', 'failure', 0],
  ] as const)('%s → outcome %s with %d activities', (status, outcome, count) => {
    const event = normalised(rest('Microsoft.Compute/snapshots/beginGetAccess/action', SNAP, status));
    expect(event.outcome).toBe(outcome);
    expect(event.activities).toHaveLength(count);
    expect(event.resources).toEqual([{ role: 'snapshot', id: SNAP, type: 'Microsoft.Compute/snapshots' }]);
  });

  it('gives a failure its status and sub-status as the error', () => {
    const event = normalised({ ...rest('Microsoft.Compute/disks/write', DISK, 'Failed'), subStatus: { value: 'Conflict' } });
    expect(event.error).toBe('Failed: Conflict');
  });

  it('reads the AzureActivity table of Log Analytics with Properties as a JSON string', () => {
    const body = JSON.stringify({ properties: { creationData: { createOption: 'Copy', sourceResourceId: SNAP } } });
    const event = normalised({
      TimeGenerated: '2024-05-01T08:00:00Z',
      OperationNameValue: 'MICROSOFT.COMPUTE/DISKS/WRITE',
      ActivityStatusValue: 'Success',
      Caller: '0b1c2d3e-0000-4000-8000-000000000001',
      CallerIpAddress: '198.51.100.1',
      _ResourceId: DISK.toLowerCase(),
      SubscriptionId: 's1',
      CorrelationId: 'corr-2',
      EventDataId: 'row-1',
      Claims: JSON.stringify({ appid: 'app-1', idtyp: 'app' }),
      Properties: JSON.stringify({ statusCode: 'Created', responseBody: body }),
    });
    expect(event).toMatchObject({ id: 'row-1', account: 's1', time: '2024-05-01T08:00:00.000Z', outcome: 'success' });
    expect(event.actor).toEqual({ type: 'service-principal', id: '0b1c2d3e-0000-4000-8000-000000000001', sourceIp: '198.51.100.1' });
    expect(event.activities).toEqual([{ kind: 'restored', from: SNAP, created: DISK.toLowerCase(), createdRole: 'volume' }]);
  });

  it('reads an AzureActivity failure', () => {
    const event = normalised({ TimeGenerated: '2024-05-01T08:00:00Z', OperationNameValue: 'Microsoft.Compute/snapshots/beginGetAccess/action', ActivityStatusValue: 'Failure', ActivitySubstatusValue: 'Forbidden', _ResourceId: SNAP });
    expect(event).toMatchObject({ outcome: 'failure', error: 'Failure: Forbidden', activities: [] });
  });
});

describe('normaliseActivityLog activities from request and response bodies', () => {
  it('reads a managed identity from its claims', () => {
    const event = normalised(
      rest('Microsoft.Compute/snapshots/write', SNAP, 'Succeeded', {}, {
        caller: '9f0e0000-0000-4000-8000-000000000009',
        claims: { xms_mirid: '/subscriptions/s1/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/backup-id', appid: 'a', idtyp: 'app' },
      }),
    );
    expect(event.actor).toMatchObject({ type: 'managed-identity', id: '9f0e0000-0000-4000-8000-000000000009', name: 'backup-id' });
  });

  it('reads a snapshot made from a disk', () => {
    const body = JSON.stringify({ location: 'westeurope', properties: { creationData: { createOption: 'Copy', sourceResourceId: DISK } } });
    const event = normalised(rest('Microsoft.Compute/snapshots/write', SNAP, 'Succeeded', { requestbody: body }));
    expect(event.activities).toEqual([{ kind: 'snapshot-created', target: SNAP, targetRole: 'snapshot', source: DISK }]);
    expect(event.resources.map((r) => r.role)).toEqual(['snapshot', 'volume']);
  });

  it('reads a disk restored from a snapshot, and records a disk write without a body as the disk alone', () => {
    const body = JSON.stringify({ Properties: { CreationData: { CreateOption: 'Copy', SourceResourceId: SNAP } } });
    expect(normalised(rest('Microsoft.Compute/disks/write', DISK, 'Succeeded', { requestbody: body })).activities).toEqual([
      { kind: 'restored', from: SNAP, created: DISK, createdRole: 'volume' },
    ]);
    const bare = normalised(rest('Microsoft.Compute/disks/write', DISK, 'Succeeded'));
    expect(bare.activities).toEqual([]);
    expect(bare.resources).toEqual([{ role: 'volume', id: DISK, type: 'Microsoft.Compute/disks' }]);
  });

  it('reads a VM launched on a restored disk', () => {
    const vm = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1';
    const body = JSON.stringify({ properties: { storageProfile: { osDisk: { createOption: 'Attach', osType: 'Linux', managedDisk: { id: DISK } }, dataDisks: [] } } });
    expect(normalised(rest('Microsoft.Compute/virtualMachines/write', vm, 'Succeeded', { responseBody: body })).activities).toEqual([{ kind: 'instance-launched', instance: vm, from: [DISK] }]);
    expect(normalised(rest('Microsoft.Compute/virtualMachines/write', vm, 'Succeeded')).activities).toEqual([{ kind: 'instance-launched', instance: vm, from: [] }]);
  });

  it('reads an NSG rule open to the internet, with Azure tags spelled as ranges', () => {
    const rule = `${NSG}/securityRules/AllowSSH`;
    const body = JSON.stringify({
      properties: { protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '22', sourceAddressPrefix: 'Internet', destinationAddressPrefix: '*', access: 'Allow', priority: 100, direction: 'Inbound' },
    });
    expect(normalised(rest('Microsoft.Network/networkSecurityGroups/securityRules/write', rule, 'Succeeded', { requestbody: body })).activities).toEqual([
      { kind: 'ingress-opened', target: rule, protocol: 'tcp', ports: [{ from: 22, to: 22 }], sources: ['0.0.0.0/0', '::/0'] },
    ]);
  });

  it('reads each inbound allow rule of an NSG write and skips deny and outbound rules', () => {
    const body = JSON.stringify({
      location: 'westus',
      properties: {
        securityRules: [
          { name: 'rdp', properties: { protocol: '*', access: 'Allow', direction: 'Inbound', sourceAddressPrefix: '*', destinationPortRanges: ['3389', '5985-5986'] } },
          { name: 'deny', properties: { protocol: '*', access: 'Deny', direction: 'Inbound', sourceAddressPrefix: '*', destinationPortRange: '*' } },
          { name: 'out', properties: { protocol: '*', access: 'Allow', direction: 'Outbound', sourceAddressPrefix: '*', destinationPortRange: '*' } },
          { name: 'office', properties: { protocol: 'Tcp', access: 'Allow', direction: 'Inbound', sourceAddressPrefixes: ['198.51.100.0/24', '10.0.0.0/8'], destinationPortRange: '*' } },
        ],
      },
    });
    expect(normalised(rest('Microsoft.Network/networkSecurityGroups/write', NSG, 'Succeeded', { responseBody: body })).activities).toEqual([
      {
        kind: 'ingress-opened',
        target: `${NSG}/securityRules/rdp`,
        protocol: 'all',
        ports: [
          { from: 3389, to: 3389 },
          { from: 5985, to: 5986 },
        ],
        sources: ['0.0.0.0/0', '::/0'],
      },
      { kind: 'ingress-opened', target: `${NSG}/securityRules/office`, protocol: 'tcp', ports: [{ from: 0, to: 65535 }], sources: ['198.51.100.0/24', '10.0.0.0/8'] },
    ]);
  });

  it('draws no ingress from a Started record that holds the request body', () => {
    const rule = `${NSG}/securityRules/AllowSSH`;
    const body = JSON.stringify({ properties: { protocol: 'Tcp', destinationPortRange: '22', sourceAddressPrefix: '*', access: 'Allow', direction: 'Inbound' } });
    expect(normalised(rest('Microsoft.Network/networkSecurityGroups/securityRules/write', rule, 'Started', { requestbody: body })).activities).toEqual([]);
  });

  it('sets the actor account for a caller from another tenant', () => {
    const event = normalised({
      ...rest('Microsoft.Compute/snapshots/beginGetAccess/action', SNAP, 'Succeeded'),
      tenantId: 'home-tenant',
      claims: { upn: 'guest@partner.example', tid: 'partner-tenant' },
    });
    expect(event.actor).toMatchObject({ type: 'user', account: 'partner-tenant' });
  });

  it('declines values that are not Activity Log records', () => {
    expect(normaliseActivityLog({ operationName: 'read' }, 'x')).toBeUndefined();
    expect(normaliseActivityLog({ eventName: 'CreateSnapshot', eventSource: 'ec2.amazonaws.com', eventTime: '2024-01-01T00:00:00Z' }, 'x')).toBeUndefined();
    expect(normaliseActivityLog('Microsoft.Compute/disks/write', 'x')).toBeUndefined();
  });
});
