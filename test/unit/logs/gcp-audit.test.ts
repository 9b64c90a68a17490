// Google Cloud audit-log entries to AuditEvents: every public sample (Panther's, with its renamed
// fields; Stratus Red Team's shortened ones), then methods and shapes the samples lack.
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src/logs/event.js';
import { normaliseGcpAuditLog } from '../../../src/logs/gcp-audit.js';
import { fixtureJson, fixtureFiles, pantherCase, pantherCases } from './fixtures.js';

function normalised(log: unknown, origin = 'test'): AuditEvent {
  const event = normaliseGcpAuditLog(log, origin);
  if (!event) throw new Error('not normalised');
  return event;
}

const FIREWALL = 'projects/test-project-123456/global/firewalls/firewall-create';

describe('normaliseGcpAuditLog on the Panther samples', () => {
  it('covers every GCP sample: records with a protoPayload normalise, bare method stubs do not', () => {
    const cases = pantherCases('gcp_');
    expect(cases).toHaveLength(18);
    const declined = cases.filter((c) => normaliseGcpAuditLog(c.log, 'x') === undefined).map((c) => c.name);
    expect(declined).toEqual([
      'compute.non-create.firewall.method-should-not-alert',
      'appengine.compute.non-create.firewall.method-should-not-alert',
      'compute.non-update.firewall.method-should-not-alert',
      'appengine.compute.non-update.firewall.method-should-not-alert',
    ]);
  });

  it('reads setIamPolicy on a disk: grantees from the new policy, key name, caller', () => {
    const event = normalised(pantherCase('gcp_compute_set_iam_policy.json', 'IAM policy update on a Compute Disk'));
    const disk = 'projects/test-project/zones/us-central1-a/disks/disk-1';
    expect(event).toMatchObject({ id: '1abcd23efg456', time: '2023-10-01T12:34:56.789Z', account: 'test-project', region: 'us-central1', service: 'compute.googleapis.com', action: 'v1.compute.disks.setIamPolicy', outcome: 'success' });
    expect(event.actor).toEqual({
      type: 'service-account',
      id: 'user@example.com',
      accessKeyId: 'projects/test-project/serviceAccounts/user@example.com/keys/key-id',
      sourceIp: '192.0.2.1',
      userAgent: 'google-cloud-sdk',
    });
    expect(event.resources).toEqual([{ role: 'volume', id: disk, type: 'compute.googleapis.com/Disk' }]);
    expect(event.activities).toEqual([{ kind: 'shared', target: disk, targetRole: 'volume', grantees: [{ kind: 'member', id: 'user:anonymized@example.com', role: 'roles/owner' }] }]);
  });

  it('reads setIamPolicy on an image', () => {
    const event = normalised(pantherCase('gcp_compute_set_iam_policy.json', 'IAM policy update on a Compute Image'));
    expect(event.region).toBe('global');
    expect(event.activities).toEqual([{ kind: 'shared', target: 'projects/test-project/global/images/image-1', targetRole: 'image', grantees: [{ kind: 'member', id: 'user:anonymized@example.com', role: 'roles/owner' }] }]);
  });

  it('draws nothing from a method that does not exist (disks.create)', () => {
    const event = normalised(pantherCase('gcp_compute_set_iam_policy.json', 'Non-IAM policy update on a Compute Disk'));
    expect(event).toMatchObject({ action: 'v1.compute.disks.create', outcome: 'success', activities: [] });
  });

  it('reads an instance insert with Panther field names (at_sign_type, space-separated time)', () => {
    const event = normalised(pantherCase('gcp_computeinstances_create_privilege_escalation.json', 'GCP compute.instances - Potential Privilege Escalation'));
    const instance = 'projects/some-project/zones/us-central1-f/instances/abc';
    expect(event).toMatchObject({ time: '2024-01-30T12:52:34.676Z', account: 'some-project', region: 'us-central1', outcome: 'success' });
    expect(event.actor).toMatchObject({ type: 'user', id: 'some.user@company.com', sourceIp: '1.2.3.4' });
    expect(event.activities).toEqual([{ kind: 'instance-launched', instance, from: [] }]);
  });

  it('reads a failed instance insert: status code, no activity', () => {
    const event = normalised(pantherCase('gcp_computeinstances_create_privilege_escalation.json', 'GCP compute.instances - Error'));
    expect(event).toMatchObject({ outcome: 'failure', error: "5: The resource 'abc' was not found", activities: [] });
    expect(event.resources.map((r) => r.id)).toEqual(['projects/some-project/zones/us-central1-f/instances/abc']);
  });

  it('draws nothing from a record whose fields are placeholders', () => {
    const event = normalised(pantherCase('gcp_computeinstances_create_privilege_escalation.json', 'GCP compute.instances - Not All Permissions'));
    expect(event.activities).toEqual([]);
  });

  it.each([
    ['gcp_firewall_rule_created.json', 'compute.firewalls.create-should-alert', 'v1.compute.firewalls.insert'],
    ['gcp_firewall_rule_modified.json', 'compute.firewalls.update-should-alert', 'v1.compute.firewalls.patch'],
  ])('reads %s (a deny rule: no ingress) with lower-case insertid', (file, name, action) => {
    const event = normalised(pantherCase(file, name));
    expect(event).toMatchObject({ id: '-xxxxxxxxxxxx', action, account: 'test-project-123456', time: '2023-05-23T19:19:40.353Z', outcome: 'success', activities: [] });
    expect(event.resources).toEqual([{ role: 'firewall', id: FIREWALL, type: 'compute.googleapis.com/Firewall' }]);
  });

  it.each([
    ['gcp_firewall_rule_created.json', 'appengine.firewall.create-should-alert', 'google.appengine.v1.Firewall.CreateIngressRule'],
    ['gcp_firewall_rule_modified.json', 'appengine.firewall.update-should-alert', 'google.appengine.v1.Firewall.UpdateIngressRule'],
    ['gcp_firewall_rule_created.json', 'randomservice.firewall-create.method-should-alert', 'randomservice.compute.v1.Firewall.CreateIngressRule'],
    ['gcp_firewall_rule_modified.json', 'randomservice.firewall-update.method-should-alert', 'randomservice.compute.v1.Firewall.UpdateIngressRule'],
  ])('reads %s / %s (lower-case protopayload, no compute activity)', (file, name, action) => {
    const event = normalised(pantherCase(file, name));
    expect(event).toMatchObject({ action, account: 'test-project-123456', actor: { id: 'user@domain.com', sourceIp: '12.12.12.12' }, activities: [] });
  });

  it.each([
    ['Snapshot creation by user with unexpected domain', 'snapshot-1', 'user@unexpected-domain.com'],
    ['Snapshot creation by user with expected domain', 'snapshot-2', 'user@your-domain.tld'],
  ])('reads snapshots.insert: %s', (name, snapshot, actor) => {
    const event = normalised(pantherCase('gcp_snapshot_insert.json', name));
    expect(event.actor.id).toBe(actor);
    expect(event.activities).toEqual([{ kind: 'snapshot-created', target: `projects/test-project/global/snapshots/${snapshot}`, targetRole: 'snapshot' }]);
  });
});

describe('normaliseGcpAuditLog on the Stratus Red Team samples', () => {
  it('has a test for each GCP sample', () => {
    expect(fixtureFiles('stratus-doc-samples', 'gcp-')).toEqual([
      'stratus-doc-samples/gcp-disks.setIamPolicy.doc-sample.json',
      'stratus-doc-samples/gcp-images.setIamPolicy.doc-sample.json',
      'stratus-doc-samples/gcp-snapshots.insert.cross-project.doc-sample.json',
      'stratus-doc-samples/gcp-snapshots.setIamPolicy.doc-sample.json',
    ]);
  });

  it.each([
    ['gcp-disks.setIamPolicy', 'compute.disks.setIamPolicy', 'projects/victim-project/zones/us-central1-a/disks/stratus-red-team-victim-disk', 'volume'],
    ['gcp-images.setIamPolicy', 'compute.images.setIamPolicy', 'projects/victim-project/global/images/stratus-red-team-victim-image', 'image'],
    ['gcp-snapshots.setIamPolicy', 'compute.snapshots.setIamPolicy', 'projects/victim-project/global/snapshots/stratus-red-team-victim-snapshot', 'snapshot'],
  ] as const)('%s: method taken from the request type, shared with the attacker', (file, action, target, targetRole) => {
    const event = normalised(fixtureJson(`stratus-doc-samples/${file}.doc-sample.json`));
    expect(event).toMatchObject({ action, account: 'victim-project', outcome: 'success' });
    expect(event.actor.type).toBe('user');
    expect(event.activities).toEqual([{ kind: 'shared', target, targetRole, grantees: [{ kind: 'member', id: 'user:attacker@gmail.com', role: 'roles/owner' }] }]);
  });

  it('reads the cross-project snapshots.insert seen from the victim project as an export of its disk', () => {
    const event = normalised(fixtureJson('stratus-doc-samples/gcp-snapshots.insert.cross-project.doc-sample.json'));
    const disk = 'projects/victim-project/zones/us-central1-a/disks/stratus-red-team-victim-disk';
    expect(event).toMatchObject({ action: 'v1.compute.snapshots.insert', account: 'victim-project', actor: { type: 'user', id: 'attacker@gmail.com' } });
    expect(event.resources).toEqual([{ role: 'volume', id: disk, type: 'compute.googleapis.com/Disk' }]);
    expect(event.activities).toEqual([{ kind: 'exported', target: disk }]);
  });
});

/** A LogEntry around the fields a test cares about. */
function entry(methodName: string, resourceName: string, request: unknown, extra: Record<string, unknown> = {}, payloadExtra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    insertId: `ins-${methodName}`,
    logName: 'projects/proj-a/logs/cloudaudit.googleapis.com%2Factivity',
    timestamp: '2024-06-01T09:00:00.123456Z',
    resource: { type: 'gce_instance', labels: { project_id: 'proj-a', zone: 'europe-west1-b' } },
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      serviceName: 'compute.googleapis.com',
      methodName,
      resourceName,
      authenticationInfo: { principalEmail: 'eve@example.org', principalSubject: 'user:eve@example.org' },
      requestMetadata: { callerIp: '203.0.113.50', callerSuppliedUserAgent: 'gcloud' },
      request,
      ...payloadExtra,
    },
    ...extra,
  };
}

describe('normaliseGcpAuditLog activities beyond the samples', () => {
  it('reads beta. method names like v1.', () => {
    const snapshot = 'projects/proj-a/global/snapshots/s1';
    const event = normalised(entry('beta.compute.snapshots.insert', snapshot, { name: 's1', sourceDisk: 'https://www.googleapis.com/compute/beta/projects/proj-a/zones/europe-west1-b/disks/d1' }));
    expect(event.activities).toEqual([{ kind: 'snapshot-created', target: snapshot, targetRole: 'snapshot', source: 'projects/proj-a/zones/europe-west1-b/disks/d1' }]);
    expect(event.time).toBe('2024-06-01T09:00:00.123Z');
  });

  it('reads a snapshot of another project\'s disk as created here and exported from there', () => {
    const snapshot = 'projects/proj-a/global/snapshots/stolen';
    const event = normalised(entry('v1.compute.snapshots.insert', snapshot, { name: 'stolen', sourceDisk: 'projects/victim/zones/us-central1-a/disks/db' }));
    expect(event.activities).toEqual([
      { kind: 'snapshot-created', target: snapshot, targetRole: 'snapshot', source: 'projects/victim/zones/us-central1-a/disks/db' },
      { kind: 'exported', target: 'projects/victim/zones/us-central1-a/disks/db', destination: 'proj-a' },
    ]);
    expect(event.resources).toContainEqual({ role: 'volume', id: 'projects/victim/zones/us-central1-a/disks/db', type: 'compute.googleapis.com/Disk', account: 'victim' });
  });

  it('reads disks.createSnapshot, images.insert and machineImages.insert', () => {
    const disk = 'projects/proj-a/zones/europe-west1-b/disks/d1';
    expect(normalised(entry('v1.compute.disks.createSnapshot', disk, { name: 'snap-x' })).activities).toEqual([
      { kind: 'snapshot-created', target: 'projects/proj-a/global/snapshots/snap-x', targetRole: 'snapshot', source: disk },
    ]);
    expect(normalised(entry('v1.compute.images.insert', 'projects/proj-a/global/images/img', { name: 'img', sourceSnapshot: 'global/snapshots/snap-x' })).activities).toEqual([
      { kind: 'snapshot-created', target: 'projects/proj-a/global/images/img', targetRole: 'image', source: 'projects/proj-a/global/snapshots/snap-x' },
    ]);
    expect(normalised(entry('v1.compute.machineImages.insert', 'projects/proj-a/global/machineImages/mi', { name: 'mi', sourceInstance: 'zones/europe-west1-b/instances/vm' })).activities).toEqual([
      { kind: 'snapshot-created', target: 'projects/proj-a/global/machineImages/mi', targetRole: 'image', source: 'projects/proj-a/zones/europe-west1-b/instances/vm' },
    ]);
  });

  it('reads setIamPolicy deltas: allUsers public, removals unshared', () => {
    const snapshot = 'projects/proj-a/global/snapshots/s1';
    const event = normalised(
      entry('v1.compute.snapshots.setIamPolicy', snapshot, { policy: { bindings: [{ role: 'roles/compute.storageAdmin', members: ['allUsers', 'user:keep@example.org'] }] } }, {}, {
        serviceData: {
          '@type': 'type.googleapis.com/google.iam.v1.logging.AuditData',
          policyDelta: {
            bindingDeltas: [
              { action: 'ADD', role: 'roles/compute.storageAdmin', member: 'allUsers' },
              { action: 'REMOVE', role: 'roles/compute.storageAdmin', member: 'user:old@example.org' },
            ],
          },
        },
      }),
    );
    expect(event.activities).toEqual([
      { kind: 'shared', target: snapshot, targetRole: 'snapshot', grantees: [{ kind: 'public', detail: 'allUsers', role: 'roles/compute.storageAdmin' }] },
      { kind: 'unshared', target: snapshot, targetRole: 'snapshot', grantees: [{ kind: 'member', id: 'user:old@example.org', role: 'roles/compute.storageAdmin' }] },
    ]);
  });

  it('reads disks.insert from a snapshot as a restore', () => {
    const disk = 'projects/proj-a/zones/europe-west1-b/disks/copy';
    expect(normalised(entry('v1.compute.disks.insert', disk, { name: 'copy', sourceSnapshot: 'projects/proj-b/global/snapshots/shared' })).activities).toEqual([
      { kind: 'restored', from: 'projects/proj-b/global/snapshots/shared', created: disk, createdRole: 'volume' },
    ]);
    expect(normalised(entry('v1.compute.disks.insert', disk, { name: 'blank', sizeGb: '10' })).activities).toEqual([]);
  });

  it('reads instances.insert with a boot disk from a snapshot and an attached disk', () => {
    const vm = 'projects/proj-a/zones/europe-west1-b/instances/vm';
    const event = normalised(
      entry('v1.compute.instances.insert', vm, {
        name: 'vm',
        disks: [
          { boot: true, initializeParams: { sourceSnapshot: 'projects/proj-b/global/snapshots/shared' } },
          { source: 'projects/proj-a/zones/europe-west1-b/disks/data' },
        ],
      }),
    );
    expect(event.activities).toEqual([
      { kind: 'instance-launched', instance: vm, from: ['projects/proj-b/global/snapshots/shared', 'projects/proj-a/zones/europe-west1-b/disks/data'] },
      { kind: 'restored', from: 'projects/proj-b/global/snapshots/shared', created: vm, createdRole: 'instance' },
    ]);
  });

  it('reads firewall rules: allowed ports, the insert default of 0.0.0.0/0, egress and patches without sources', () => {
    const fw = 'projects/proj-a/global/firewalls/open';
    expect(
      normalised(entry('v1.compute.firewalls.insert', fw, { name: 'open', direction: 'INGRESS', sourceRanges: ['0.0.0.0/0'], alloweds: [{ IPProtocol: 'tcp', ports: ['22', '8000-8080'] }, { IPProtocol: 'icmp' }] }))
        .activities,
    ).toEqual([
      {
        kind: 'ingress-opened',
        target: fw,
        protocol: 'tcp',
        ports: [
          { from: 22, to: 22 },
          { from: 8000, to: 8080 },
        ],
        sources: ['0.0.0.0/0'],
      },
      { kind: 'ingress-opened', target: fw, protocol: 'icmp', ports: [], sources: ['0.0.0.0/0'] },
    ]);
    expect(normalised(entry('v1.compute.firewalls.insert', fw, { name: 'open', allowed: [{ IPProtocol: 'all' }] })).activities).toEqual([
      { kind: 'ingress-opened', target: fw, protocol: 'all', ports: [{ from: 0, to: 65535 }], sources: ['0.0.0.0/0'] },
    ]);
    expect(normalised(entry('v1.compute.firewalls.insert', fw, { name: 'e', direction: 'EGRESS', allowed: [{ IPProtocol: 'all' }] })).activities).toEqual([]);
    expect(normalised(entry('v1.compute.firewalls.patch', fw, { alloweds: [{ IPProtocol: 'tcp', ports: ['3389'] }] })).activities).toEqual([]);
    expect(normalised(entry('v1.compute.firewalls.patch', fw, { sourceRanges: ['::/0'], alloweds: [{ IPProtocol: 'tcp', ports: ['3389'] }] })).activities).toEqual([
      { kind: 'ingress-opened', target: fw, protocol: 'tcp', ports: [{ from: 3389, to: 3389 }], sources: ['::/0'] },
    ]);
  });

  it('draws activities from the first entry of an operation, not from its last', () => {
    const fw = 'projects/proj-a/global/firewalls/open';
    const request = { name: 'open', sourceRanges: ['0.0.0.0/0'], alloweds: [{ IPProtocol: 'tcp', ports: ['22'] }] };
    expect(normalised(entry('v1.compute.firewalls.insert', fw, request, { operation: { id: 'op-1', producer: 'compute.googleapis.com', first: true } })).activities).toHaveLength(1);
    const last = normalised(entry('v1.compute.firewalls.insert', fw, undefined, { operation: { id: 'op-1', producer: 'compute.googleapis.com', last: true } }));
    expect(last).toMatchObject({ outcome: 'success', activities: [] });
    const failedLast = normalised(
      entry('v1.compute.firewalls.insert', fw, request, { operation: { id: 'op-1', last: true } }, { status: { code: 3, message: 'Invalid value for field' } }),
    );
    expect(failedLast).toMatchObject({ outcome: 'failure', error: '3: Invalid value for field', activities: [] });
  });

  it('reads service account and key creation, keeping only the key name', () => {
    const iam = { resource: { type: 'service_account', labels: { project_id: 'proj-a' } } };
    const created = normalised(
      entry('google.iam.admin.v1.CreateServiceAccount', 'projects/proj-a', { '@type': 'type.googleapis.com/google.iam.admin.v1.CreateServiceAccountRequest', name: 'projects/proj-a', account_id: 'backdoor' }, iam, {
        serviceName: 'iam.googleapis.com',
        response: { email: 'backdoor@proj-a.iam.gserviceaccount.com', name: 'projects/proj-a/serviceAccounts/backdoor@proj-a.iam.gserviceaccount.com' },
      }),
    );
    expect(created.activities).toEqual([{ kind: 'principal-created', principal: 'backdoor@proj-a.iam.gserviceaccount.com' }]);
    const keyName = 'projects/proj-a/serviceAccounts/backdoor@proj-a.iam.gserviceaccount.com/keys/0123abcd';
    const key = normalised(
      entry('google.iam.admin.v1.CreateServiceAccountKey', 'projects/-/serviceAccounts/backdoor@proj-a.iam.gserviceaccount.com', { name: 'projects/-/serviceAccounts/backdoor@proj-a.iam.gserviceaccount.com' }, iam, {
        serviceName: 'iam.googleapis.com',
        response: { name: keyName, private_key_data: 'c2VjcmV0LWtleS1tYXRlcmlhbA==' },
      }),
    );
    expect(key.activities).toEqual([{ kind: 'credential-created', principal: 'backdoor@proj-a.iam.gserviceaccount.com', credential: keyName }]);
    expect(JSON.stringify(key)).not.toContain('c2VjcmV0');
  });

  it('reads a member added to a project policy as a new principal there', () => {
    const event = normalised(
      entry('SetIamPolicy', 'projects/proj-a', { policy: {} }, {}, {
        serviceName: 'cloudresourcemanager.googleapis.com',
        serviceData: { policyDelta: { bindingDeltas: [{ action: 'ADD', role: 'roles/owner', member: 'user:outsider@gmail.com' }] } },
      }),
    );
    expect(event.activities).toEqual([{ kind: 'principal-created', principal: 'user:outsider@gmail.com' }]);
  });

  it('types service agents as services and cross-project service accounts with their project', () => {
    const agent = normalised(entry('v1.compute.disks.insert', 'projects/proj-a/zones/z/disks/d', {}, {}, { authenticationInfo: { principalEmail: 'service-123@compute-system.iam.gserviceaccount.com' } }));
    expect(agent.actor.type).toBe('service');
    const foreign = normalised(entry('v1.compute.disks.insert', 'projects/proj-a/zones/z/disks/d', {}, {}, { authenticationInfo: { principalEmail: 'runner@proj-b.iam.gserviceaccount.com' } }));
    expect(foreign.actor).toMatchObject({ type: 'service-account', account: 'proj-b' });
  });

  it('declines entries that are not audit logs', () => {
    expect(normaliseGcpAuditLog({ methodName: 'v1.compute.firewalls.patch' }, 'x')).toBeUndefined();
    expect(normaliseGcpAuditLog({ textPayload: 'hello', resource: {} }, 'x')).toBeUndefined();
    expect(normaliseGcpAuditLog({ protoPayload: { '@type': 'type.googleapis.com/google.appengine.logging.v1.RequestLog', methodName: 'x' } }, 'x')).toBeUndefined();
  });
});
