// Would anyone see a disk being copied out: the project's audit config and sinks → AuditCoverage.
import { describe, expect, it } from 'vitest';
import { isUnknown, unknownValue } from '../../../src/model.js';
import { computeDataAccess, projectAuditCoverage, type GcpLogSink } from '../../../providers/gcp/audit.js';
import type { GcpProjectPolicy } from '../../../providers/gcp/principals.js';

const P = 'acme-prod';
const REQUIRED = ['activity', 'system_event', 'access_transparency'].map((l) => `cloudaudit.googleapis.com/${l}`);
const required: GcpLogSink = { name: '_Required', destination: `logging.googleapis.com/projects/${P}/locations/global/buckets/_Required`, filter: REQUIRED.map((l) => `LOG_ID("${l}")`).join(' OR ') };
const defaults = (extra: Partial<GcpLogSink> = {}): GcpLogSink => ({
  name: '_Default',
  destination: `logging.googleapis.com/projects/${P}/locations/global/buckets/_Default`,
  filter: REQUIRED.map((l) => `NOT LOG_ID("${l}")`).join(' AND '),
  ...extra,
});
const siem = (extra: Partial<GcpLogSink> = {}): GcpLogSink => ({ name: 'to-siem', destination: 'pubsub.googleapis.com/projects/acme-sec/topics/audit', filter: 'logName:"cloudaudit.googleapis.com"', ...extra });
const adminRead: GcpProjectPolicy = { auditConfigs: [{ service: 'compute.googleapis.com', auditLogConfigs: [{ logType: 'ADMIN_READ' }, { logType: 'DATA_READ' }] }] };
const dropSnapshots = { name: 'drop-snaps', filter: 'protoPayload.serviceName="compute.googleapis.com" AND protoPayload.methodName:"snapshots"' };

describe('computeDataAccess', () => {
  it('joins compute.googleapis.com and allServices, by name or enum number, with exemptions', () => {
    const config = computeDataAccess({
      auditConfigs: [
        { service: 'allServices', auditLogConfigs: [{ logType: 3, exemptedMembers: ['user:bot@acme.example'] }] },
        { service: 'compute.googleapis.com', auditLogConfigs: [{ logType: 'ADMIN_READ', exemptedMembers: ['user:ci@acme.example'] }] },
        { service: 'storage.googleapis.com', auditLogConfigs: [{ logType: 'DATA_WRITE' }] },
      ],
    });
    expect(config).toEqual({ logTypes: ['ADMIN_READ', 'DATA_READ'], exempted: { DATA_READ: ['user:bot@acme.example'], ADMIN_READ: ['user:ci@acme.example'] }, via: ['allServices', 'compute.googleapis.com'] });
    expect(computeDataAccess({}).logTypes).toEqual([]);
  });
});

describe('projectAuditCoverage', () => {
  const cover = (policy: Parameters<typeof projectAuditCoverage>[0]['policy'], sinks: Parameters<typeof projectAuditCoverage>[0]['sinks'], parent?: string) =>
    projectAuditCoverage({ project: P, policy, sinks, ...(parent ? { parent } : {}) });

  it('always logs snapshot creation, sharing and restores (Admin Activity, _Required)', () => {
    const audit = cover(unknownValue('denied'), unknownValue('denied'));
    expect(audit).toMatchObject({ provider: 'gcp', account: P, region: 'global', snapshotEventsLogged: true });
    expect(audit.sources[0]).toMatch(/_Required bucket/);
  });

  it('Data Access on, an export sink, no exclusions: complete', () => {
    const audit = cover(adminRead, [required, defaults(), siem()]);
    expect(audit.dataEventsLogged).toBe(true);
    expect(audit.gaps).toEqual([]);
    expect(audit.sources).toEqual([expect.stringMatching(/_Required/), expect.stringMatching(/ADMIN_READ, DATA_READ\), enabled through compute.googleapis.com/), 'sink to-siem copies Compute Engine Admin Activity entries to pubsub.googleapis.com/projects/acme-sec/topics/audit']);
    expect(audit.nextStep).toBeUndefined();
  });

  it('Data Access off in a standalone project: not logged, and the fix', () => {
    const audit = cover({}, [required, defaults(), siem()]);
    expect(audit.dataEventsLogged).toBe(false);
    expect(audit.gaps).toEqual([expect.stringMatching(/^Compute Engine Data Access audit logs \(ADMIN_READ\) are off/)]);
    expect(audit.nextStep).toMatch(/^gcloud projects get-iam-policy acme-prod --format=yaml > policy.yaml/);
  });

  it('Data Access off here but under an organization: unknown, since the organization may enable it', () => {
    const audit = cover({}, [required, defaults()], 'organizations/123');
    expect(isUnknown(audit.dataEventsLogged) && audit.dataEventsLogged.reason).toMatch(/organizations\/123 above it may enable them/);
    // Nor is the missing export sink claimed: an aggregated sink above may copy the logs.
    expect(audit.gaps).toEqual([]);
  });

  it('an exclusion on _Default drops the Data Access entries, not the Admin Activity ones', () => {
    const audit = cover(adminRead, [required, defaults({ exclusions: [dropSnapshots] }), siem()]);
    expect(audit.gaps).toEqual([
      'exclusion drop-snaps on sink _Default drops Compute Engine snapshot Data Access entries (v1.compute.snapshots.list, v1.compute.snapshots.get, v1.compute.snapshots.getIamPolicy) bound for logging.googleapis.com/projects/acme-prod/locations/global/buckets/_Default',
    ]);
    // The disk reads still get through, so some Data Access entries are kept.
    expect(audit.dataEventsLogged).toBe(true);
    expect(audit.nextStep).toBe('gcloud logging sinks update _Default --project=acme-prod --remove-exclusions=drop-snaps');
  });

  it('a disabled exclusion drops nothing', () => {
    expect(cover(adminRead, [required, defaults({ exclusions: [{ ...dropSnapshots, disabled: true }] }), siem()]).gaps).toEqual([]);
  });

  it("an exclusion on an export sink drops the Admin Activity copy it sends out", () => {
    const audit = cover(adminRead, [required, defaults(), siem({ exclusions: [{ name: 'no-compute', filter: 'protoPayload.serviceName="compute.googleapis.com"' }] })]);
    expect(audit.gaps).toEqual([
      expect.stringMatching(/^exclusion no-compute on sink to-siem drops Compute Engine snapshot Admin Activity and Data Access entries/),
      expect.stringMatching(/^no sink copies Compute Engine Admin Activity entries out of the _Required bucket/),
    ]);
  });

  it('a disabled _Default sink with nothing else: Data Access entries are written and discarded', () => {
    const audit = cover(adminRead, [required, defaults({ disabled: true }), siem({ filter: 'LOG_ID("cloudaudit.googleapis.com/activity")' })]);
    expect(audit.dataEventsLogged).toBe(false);
    expect(audit.gaps).toEqual([expect.stringMatching(/_Default sink is disabled or missing/)]);
  });

  it('an exclusion it cannot read is a gap to check, not a pass', () => {
    const audit = cover(adminRead, [required, defaults({ exclusions: [{ name: 'odd', filter: 'SEARCH("snapshot")' }] }), siem()]);
    expect(audit.gaps).toEqual([expect.stringMatching(/could not read exclusion odd on sink _Default/)]);
  });

  it('sinks unreadable with Data Access on: unknown where the entries go', () => {
    const audit = cover(adminRead, unknownValue('logging.sinks.list failed: PERMISSION_DENIED'));
    expect(isUnknown(audit.dataEventsLogged)).toBe(true);
    expect(audit.gaps).toEqual([]);
  });

  it('the policy unreadable: Data Access unknown', () => {
    const audit = cover(unknownValue('resourcemanager.projects.getIamPolicy failed'), [required, defaults(), siem()]);
    expect(isUnknown(audit.dataEventsLogged)).toBe(true);
    expect(audit.gaps).toEqual([]);
  });

  it('exempted members are a gap even with Data Access on', () => {
    const policy: GcpProjectPolicy = { auditConfigs: [{ service: 'allServices', auditLogConfigs: [{ logType: 'ADMIN_READ', exemptedMembers: ['user:ci@acme.example'] }] }] };
    const audit = cover(policy, [required, defaults(), siem()]);
    expect(audit.dataEventsLogged).toBe(true);
    expect(audit.gaps).toEqual(['reads of snapshots and their IAM policies by user:ci@acme.example are exempted from Compute Engine\'s Data Access audit logs']);
  });
});
