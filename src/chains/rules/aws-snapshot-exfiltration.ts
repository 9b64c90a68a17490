import type { ChainStep } from '../define-rule.js';
import { defineRule } from '../define-rule.js';
import { AWS_UNSHARE_COMMAND, awsUnshareData } from './aws-fix.js';
import { activeGrants, actorLabel, creationOf, describeGrantee, exposureOf, ordered, outsideGrantees, resourceOf, within } from './lib.js';

/** CloudTrail's records, in the owner's account, of another account using a shared snapshot. */
const SHARED_USE = /^SharedSnapshot(CopyInitiated|VolumeCreated)$/;
const ACCOUNT_ID = /^\d{12}$/;

/** A use of a snapshot by another account: its copy, a volume from it, an export to another account. */
function outsideUseOf(step: ChainStep): { target: string; recipient?: string } | undefined {
  const { event, activity: a } = step;
  const foreignActor = event.actor.account && event.actor.account !== event.account ? event.actor.account : undefined;
  const named = SHARED_USE.test(event.action);
  if (a.kind === 'exported') {
    const destination = a.destination && ACCOUNT_ID.test(a.destination) && a.destination !== event.account ? a.destination : undefined;
    const recipient = destination ?? foreignActor;
    return recipient || named ? { target: a.target, ...(recipient ? { recipient } : {}) } : undefined;
  }
  if (a.kind === 'restored' || (a.kind === 'snapshot-created' && a.source)) {
    const target = a.kind === 'restored' ? a.from : (a.source as string);
    const product = a.kind === 'restored' ? a.created : a.target;
    const productAccount = event.resources.find((r) => r.id === product)?.account;
    const recipient = foreignActor ?? (productAccount && productAccount !== event.account ? productAccount : undefined);
    return recipient || named ? { target, ...(recipient ? { recipient } : {}) } : undefined;
  }
  return undefined;
}

export const awsSnapshotExfiltration = defineRule({
  id: 'chain-aws-snapshot-exfiltration',
  title: 'Snapshot shared outside and then used by another account',
  description:
    'A snapshot, AMI or DB snapshot (often freshly created or copied) was shared publicly or with an outside account, and then another account copied it or made a volume from it: the data has left the account (T1578.001 followed by T1537).',
  severity: 'critical',
  provider: 'aws',
  resourceType: 'AWS::EC2::Snapshot',
  threat: { techniques: ['T1578.001', 'T1537'], mitigations: ['M1018', 'M1047', 'M1057'] },
  compliance: [],
  messages: {
    createdSharedUsed: '{{creator}} created {{id}} at {{createdAt}}, {{actor}} shared it with {{grantees}} at {{sharedAt}}, and {{recipient}} used it at {{time}} ({{action}}).',
    sharedUsed: '{{actor}} shared {{id}} with {{grantees}} at {{sharedAt}}, and {{recipient}} used it at {{time}} ({{action}}).',
  },
  remediation: {
    text: 'Remove the share now so no further account can copy it. The copy already made cannot be recalled: treat every secret and key on the disk as disclosed and rotate them, and find out who made the share.',
    command: AWS_UNSHARE_COMMAND,
    docs: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html',
  },
  detect(step, history, context) {
    if (step.event.provider !== 'aws') return [];
    const use = outsideUseOf(step);
    if (!use) return [];
    const grants = [...activeGrants(history, use.target).values()].filter((g) => within(context, g.step, step));
    const reaching = grants.flatMap((g) =>
      outsideGrantees(g.step, [g.grantee], context)
        .filter((o) => o.reach === 'public' || !use.recipient || (o.grantee.kind === 'account' && o.grantee.id === use.recipient))
        .map((o) => ({ ...o, step: g.step })),
    );
    const share = reaching[0];
    if (!share) return [];
    const creation = creationOf(history, use.target, share.step, context);
    const resource = resourceOf(share.step.event, use.target, share.step.activity.kind === 'shared' ? share.step.activity.targetRole : undefined);
    const grantees = reaching.map((r) => r.grantee);
    const data = {
      ...awsUnshareData(resource, grantees),
      id: use.target,
      region: share.step.event.region,
      actor: actorLabel(share.step.event),
      grantees: grantees.map(describeGrantee),
      sharedAt: share.step.event.time,
      recipient: use.recipient ? `account ${use.recipient}` : 'another account',
      action: step.event.action,
      time: step.event.time,
      ...(creation ? { creator: actorLabel(creation.event), createdAt: creation.event.time } : {}),
    };
    return [
      {
        resource,
        messageId: creation && creation.at <= share.step.at ? 'createdSharedUsed' : 'sharedUsed',
        data,
        steps: ordered([...(creation && creation.at <= share.step.at ? [creation] : []), ...reaching.map((r) => r.step), step]),
        signals: { exposure: exposureOf(reaching.map((r) => r.reach)) },
      },
    ];
  },
});
