// The Logging query language reader: which filters match a Compute audit entry, and which it
// admits it cannot read.
import { describe, expect, it } from 'vitest';
import { parseLogFilter, type Tri } from '../../../providers/gcp/log-filter.js';

const entry = {
  logName: 'projects/p/logs/cloudaudit.googleapis.com%2Fdata_access',
  severity: 'INFO',
  resource: { type: 'gce_snapshot', labels: { project_id: 'p' } },
  protoPayload: { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', serviceName: 'compute.googleapis.com', methodName: 'v1.compute.snapshots.get' },
};

const table: Array<[string, Tri]> = [
  ['', true],
  ['protoPayload.serviceName="compute.googleapis.com"', true],
  ['protoPayload.serviceName="storage.googleapis.com"', false],
  ['protoPayload.methodName:"snapshots"', true],
  ['protoPayload.methodName:"SNAPSHOTS"', true],
  ['protoPayload.serviceName="compute.googleapis.com" AND protoPayload.methodName:"snapshots"', true],
  ['protoPayload.serviceName="compute.googleapis.com" protoPayload.methodName:"disks"', false],
  ['resource.type="gce_disk" OR resource.type="gce_snapshot"', true],
  ['NOT resource.type="gce_snapshot"', false],
  ['-resource.type="gce_snapshot"', false],
  ['-resource.type="gce_instance"', true],
  ['resource.labels.project_id="p"', true],
  ['protoPayload."@type"="type.googleapis.com/google.cloud.audit.AuditLog"', true],
  ['protoPayload.methodName=~"^v1\\.compute\\.(snapshots|disks)\\."', true],
  ['protoPayload.methodName!~"snapshots"', false],
  ['severity>=WARNING', false],
  ['severity<=INFO', true],
  ['LOG_ID("cloudaudit.googleapis.com/data_access")', true],
  ['NOT LOG_ID("cloudaudit.googleapis.com/activity") AND NOT LOG_ID("cloudaudit.googleapis.com/system_event")', true],
  ['log_id("cloudaudit.googleapis.com/activity")', false],
  ['protoPayload.status.code!=0', true],
  ['protoPayload.status.code=7', false],
  ['sample(insertId, 0.25) AND resource.type="gce_snapshot"', true],
  ['"snapshots.get"', true],
  ['(resource.type="gce_snapshot" OR resource.type="gce_image") AND severity="INFO"', true],
  ['SEARCH("snapshot")', 'unknown'],
  ['resource.type="gce_snapshot" AND SEARCH("x")', 'unknown'],
  ['resource.type="gce_disk" AND SEARCH("x")', false],
  ['resource.type="gce_snapshot" OR SEARCH("x")', true],
  ['(resource.type="gce_snapshot"', 'unknown'],
];

describe('parseLogFilter', () => {
  for (const [filter, expected] of table) {
    it(`${filter || '(empty)'} → ${String(expected)}`, () => {
      expect(parseLogFilter(filter).matches(entry)).toBe(expected);
    });
  }
});
