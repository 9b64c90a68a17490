// Would snapshot activity in a region be seen (M1047)? CreateSnapshot, ModifySnapshotAttribute,
// CopySnapshot, CreateVolume and their RDS and AMI kin are management write events: recorded when
// a trail that applies to the region (its own, or a multi-region or organization trail) is logging
// and its selectors keep management write events. Block-level reads through the EBS direct APIs
// are data events, recorded only by an advanced selector for AWS::EC2::Snapshot.
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type AdvancedEventSelector, type EventSelector, type Trail } from '@aws-sdk/client-cloudtrail';
import type { CoverageRecorder } from '../../src/coverage.js';
import { isUnknown, unknownValue, type AuditCoverage, type Maybe } from '../../src/model.js';
import type { AwsClientFactory } from './clients.js';
import { classifyAwsError } from './errors.js';

export interface TrailFacts {
  readonly name: string;
  readonly arn: string;
  readonly homeRegion: string;
  readonly multiRegion: boolean;
  readonly organization: boolean;
  readonly logging: Maybe<boolean>;
  readonly managementWrites: Maybe<boolean>;
  readonly snapshotDataEvents: Maybe<boolean>;
}

const fieldValues = (selector: AdvancedEventSelector, field: string): { equals: string[]; notEquals: string[] } => {
  const f = (selector.FieldSelectors ?? []).find((s) => s.Field === field);
  return { equals: f?.Equals ?? [], notEquals: f?.NotEquals ?? [] };
};

/** Whether event selectors keep management write events (none at all: the default, which does). */
export function keepsManagementWrites(basic: readonly EventSelector[] | undefined, advanced: readonly AdvancedEventSelector[] | undefined): boolean {
  if (advanced && advanced.length > 0) {
    return advanced.some((s) => {
      const category = fieldValues(s, 'eventCategory');
      if (!category.equals.includes('Management')) return false;
      const readOnly = fieldValues(s, 'readOnly');
      const source = fieldValues(s, 'eventSource');
      const writesKept = !readOnly.equals.includes('true') && !readOnly.notEquals.includes('false');
      const ec2Kept = (source.equals.length === 0 || source.equals.includes('ec2.amazonaws.com')) && !source.notEquals.includes('ec2.amazonaws.com');
      return writesKept && ec2Kept;
    });
  }
  if (!basic || basic.length === 0) return true;
  return basic.some((s) => s.IncludeManagementEvents !== false && s.ReadWriteType !== 'ReadOnly');
}

/** Whether an advanced selector records data events on EBS snapshots (the EBS direct APIs). */
export function keepsSnapshotDataEvents(advanced: readonly AdvancedEventSelector[] | undefined): boolean {
  return (advanced ?? []).some((s) => fieldValues(s, 'eventCategory').equals.includes('Data') && fieldValues(s, 'resources.type').equals.includes('AWS::EC2::Snapshot'));
}

export interface TrailJob {
  readonly account: string;
  readonly clients: AwsClientFactory;
  readonly coverage: CoverageRecorder;
}

/** Status and selectors of each trail, read once per scan in its home region. */
export class TrailReader {
  private readonly facts = new Map<string, Promise<TrailFacts>>();

  constructor(private readonly job: TrailJob) {}

  private read(trail: Trail): Promise<TrailFacts> {
    const arn = trail.TrailARN ?? trail.Name ?? '';
    let read = this.facts.get(arn);
    if (!read) {
      read = this.readOne(trail, arn);
      this.facts.set(arn, read);
    }
    return read;
  }

  private async readOne(trail: Trail, arn: string): Promise<TrailFacts> {
    const home = trail.HomeRegion ?? 'us-east-1';
    const client = this.job.clients.cloudtrail(home);
    const attempt = async <T>(action: string, read: () => Promise<T>): Promise<Maybe<T>> => {
      try {
        return await read();
      } catch (error) {
        const failure = classifyAwsError(error);
        this.job.coverage.gap(home, 'cloudtrail', failure.status, action, failure.detail, arn);
        return unknownValue(`${action} failed for ${trail.Name ?? arn}: ${failure.detail}`);
      }
    };
    const [status, selectors] = await Promise.all([
      attempt('cloudtrail:GetTrailStatus', () => client.send(new GetTrailStatusCommand({ Name: arn }))),
      attempt('cloudtrail:GetEventSelectors', () => client.send(new GetEventSelectorsCommand({ TrailName: arn }))),
    ]);
    return {
      name: trail.Name ?? arn,
      arn,
      homeRegion: home,
      multiRegion: trail.IsMultiRegionTrail === true,
      organization: trail.IsOrganizationTrail === true,
      logging: isUnknown(status) ? status : status.IsLogging === true,
      managementWrites: isUnknown(selectors) ? selectors : keepsManagementWrites(selectors.EventSelectors, selectors.AdvancedEventSelectors),
      snapshotDataEvents: isUnknown(selectors) ? selectors : keepsSnapshotDataEvents(selectors.AdvancedEventSelectors),
    };
  }

  /** The audit coverage of one region of the account. */
  async region(region: string): Promise<AuditCoverage> {
    let trails: Trail[];
    try {
      trails = (await this.job.clients.cloudtrail(region).send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
    } catch (error) {
      const failure = classifyAwsError(error);
      this.job.coverage.gap(region, 'cloudtrail', failure.status, 'cloudtrail:DescribeTrails', failure.detail);
      return { provider: 'aws', account: this.job.account, region, snapshotEventsLogged: unknownValue(`cloudtrail:DescribeTrails failed: ${failure.detail}`), sources: [], gaps: [] };
    }
    const applying = trails.filter((t) => t.HomeRegion === region || t.IsMultiRegionTrail === true);
    const facts = await Promise.all(applying.map((t) => this.read(t)));
    return judgeRegion(this.job.account, region, facts);
  }
}

const label = (t: TrailFacts): string => `${t.organization ? 'organization trail' : 'trail'} ${t.name}`;

/** Pure: a region's trails to its audit coverage, with what is missing and the first fix. */
export function judgeRegion(account: string, region: string, trails: readonly TrailFacts[]): AuditCoverage {
  const recording = trails.filter((t) => t.logging === true && t.managementWrites === true);
  const base = { provider: 'aws' as const, account, region };
  const dataEventsLogged: Maybe<boolean> = recording.some((t) => t.snapshotDataEvents === true)
    ? true
    : recording.some((t) => isUnknown(t.snapshotDataEvents))
      ? unknownValue('the event selectors of a trail could not be read')
      : false;
  if (recording.length > 0) {
    return { ...base, snapshotEventsLogged: true, dataEventsLogged, sources: recording.map(label), gaps: dataEventsLogged === false ? ['no trail records EBS direct-API data events (block-level reads of snapshots)'] : [] };
  }
  const undecided = trails.find((t) => isUnknown(t.logging) || isUnknown(t.managementWrites));
  if (undecided) {
    const reason = isUnknown(undecided.logging) ? undecided.logging.reason : isUnknown(undecided.managementWrites) ? undecided.managementWrites.reason : '';
    return { ...base, snapshotEventsLogged: unknownValue(reason), sources: [], gaps: [] };
  }
  const gaps: string[] = [];
  let nextStep: string;
  if (trails.length === 0) {
    gaps.push(`no trail applies to ${region}`);
    nextStep = 'aws cloudtrail create-trail --name snapaudit-audit --s3-bucket-name BUCKET --is-multi-region-trail && aws cloudtrail start-logging --name snapaudit-audit';
  } else {
    const stopped = trails.filter((t) => t.logging === false);
    const filtered = trails.filter((t) => t.logging === true && t.managementWrites === false);
    for (const t of stopped) gaps.push(`${label(t)} is not logging`);
    for (const t of filtered) gaps.push(`${label(t)} drops management write events`);
    nextStep = stopped[0]
      ? `aws cloudtrail start-logging --region ${stopped[0].homeRegion} --name ${stopped[0].arn}`
      : `aws cloudtrail put-event-selectors --region ${filtered[0]!.homeRegion} --trail-name ${filtered[0]!.arn} --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'`;
  }
  return { ...base, snapshotEventsLogged: false, dataEventsLogged: false, sources: [], gaps, nextStep };
}
