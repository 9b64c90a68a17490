// The AWS CLI words that undo a share, per kind of snapshot, and the security group revoke that
// undoes an ingress rule. One command template serves snapshots, AMIs and DB snapshots:
// `aws {{service}} {{modifyCommand}} --region {{region}} {{idFlag}} {{id}} {{removeArgs}}`.
import type { Grantee } from '../../logs/event.js';
import type { ResourceRef } from '../../model.js';
import type { ChainStep, Detection, History, RuleContext } from '../define-rule.js';
import { actorLabel, AWS_TYPES, describeGrantee, exposureOf, nameOf, resourceOf, shareExposure, type IngressActivity } from './lib.js';

export const AWS_UNSHARE_COMMAND = 'aws {{service}} {{modifyCommand}} --region {{region}} {{idFlag}} {{name}} {{removeArgs}}';

export interface AwsUnshareData {
  readonly [key: string]: string | readonly string[];
  readonly service: string;
  readonly modifyCommand: string;
  readonly idFlag: string;
  readonly name: string;
  readonly removeArgs: readonly string[];
}

/** Removes `grantees` (the group `all` for public) from the resource's sharing attribute. */
export function awsUnshareData(resource: ResourceRef, grantees: readonly Grantee[]): AwsUnshareData {
  const isPublic = grantees.some((g) => g.kind === 'public');
  const accounts = grantees.flatMap((g) => (g.kind === 'public' ? [] : [g.id]));
  const name = nameOf('aws', resource.id);
  switch (resource.type) {
    case AWS_TYPES.image: {
      const entries = [...(isPublic ? ['{Group=all}'] : []), ...accounts.map((a) => `{UserId=${a}}`)];
      return { service: 'ec2', modifyCommand: 'modify-image-attribute', idFlag: '--image-id', name, removeArgs: ['--launch-permission', `Remove=[${entries.join(',')}]`] };
    }
    case AWS_TYPES.dbSnapshot:
    case AWS_TYPES.dbClusterSnapshot: {
      const cluster = resource.type === AWS_TYPES.dbClusterSnapshot;
      return {
        service: 'rds',
        modifyCommand: cluster ? 'modify-db-cluster-snapshot-attribute' : 'modify-db-snapshot-attribute',
        idFlag: cluster ? '--db-cluster-snapshot-identifier' : '--db-snapshot-identifier',
        name,
        removeArgs: ['--attribute-name', 'restore', '--values-to-remove', ...(isPublic ? ['all'] : []), ...accounts],
      };
    }
    default:
      return {
        service: 'ec2',
        modifyCommand: 'modify-snapshot-attribute',
        idFlag: '--snapshot-id',
        name,
        removeArgs: ['--attribute', 'createVolumePermission', '--operation-type', 'remove', ...(isPublic ? ['--group-names', 'all'] : []), ...(accounts.length > 0 ? ['--user-ids', ...accounts] : [])],
      };
  }
}

/** The `--ip-permissions` shorthand of the offending rule, for `revoke-security-group-ingress`. */
export function awsIpPermission(activity: IngressActivity, source: string, range: { from: number; to: number }): string {
  const protocol = ['all', '*', 'any'].includes(activity.protocol.toLowerCase()) ? '-1' : activity.protocol.toLowerCase();
  const ports = protocol === '-1' ? '' : `FromPort=${range.from},ToPort=${range.to},`;
  const ranges = source.includes(':') ? `Ipv6Ranges=[{CidrIpv6=${source}}]` : `IpRanges=[{CidrIp=${source}}]`;
  return `IpProtocol=${protocol},${ports}${ranges}`;
}

/**
 * A share seen in CloudTrail, as the made-public and shared-external rules report it: open, or
 * reverted later in the window (still reported, lowered, with how long it stood).
 */
export function detectAwsShare<M extends string>(
  step: ChainStep,
  history: History,
  context: RuleContext,
  audience: 'public' | 'outside',
  messages: { readonly open: M; readonly reverted: M },
): Detection<M>[] {
  if (step.event.provider !== 'aws') return [];
  const exposure = shareExposure(step, history, context, audience);
  if (!exposure) return [];
  const resource = resourceOf(step.event, exposure.target, exposure.targetRole);
  const grantees = exposure.grantees.map((g) => g.grantee);
  const first = exposure.steps[0] ?? step;
  const data = {
    ...awsUnshareData(resource, grantees),
    id: exposure.target,
    region: step.event.region,
    actor: actorLabel(first.event),
    grantees: grantees.map(describeGrantee),
    time: step.event.time,
  };
  const reach = audience === 'public' ? 'public' : exposureOf(exposure.grantees.map((g) => g.reach));
  if (!exposure.reverted) return [{ resource, messageId: messages.open, data, steps: exposure.steps, signals: { exposure: reach } }];
  const openFor = `${Math.round((step.at - first.at) / 60_000)} minute(s)`;
  return [
    {
      resource,
      messageId: messages.reverted,
      data: { ...data, sharedAt: first.event.time, openFor },
      steps: exposure.steps,
      signals: { exposure: reach, inertBecause: `the ${audience === 'public' ? 'public ' : ''}share was removed at ${step.event.time}` },
    },
  ];
}
