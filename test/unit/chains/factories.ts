// Typed factories for audit events and chain runs: a successful call by a plain user unless a case
// says otherwise. Times are minutes after a fixed origin, so timelines read as arithmetic.
import { fillMessage, type CheckResult, type JsonValue } from '../../../src/checks/define-check.js';
import { createCorrelator, type ChainOptions, type ChainRun } from '../../../src/chains/correlate.js';
import type { Rule } from '../../../src/chains/define-rule.js';
import { RULES } from '../../../src/chains/index.js';
import type { Activity, Actor, AuditEvent, EventResource, Grantee } from '../../../src/logs/event.js';
import type { ProviderId } from '../../../src/model.js';

export const AWS_ACCOUNT = '111122223333';
export const TRUSTED_ACCOUNT = '444455556666';
export const OUTSIDE_ACCOUNT = '999988887777';
export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
export const PROJECT = 'prod-project';
export const OUTSIDE_MEMBER = 'user:eve@evil.example';
export const TRUSTED_MEMBER = 'group:backup@partner.example';

export const HOUR = 60;
export const DAY = 24 * HOUR;
const ORIGIN = Date.parse('2026-11-20T00:00:00Z');

export function at(minutes: number): string {
  return new Date(ORIGIN + minutes * 60_000).toISOString();
}

export const mallory: Actor = { type: 'user', id: `arn:aws:iam::${AWS_ACCOUNT}:user/mallory`, name: 'mallory', accessKeyId: 'AKIAMALLORY000000001' };
export const backupRole: Actor = { type: 'assumed-role', id: `arn:aws:sts::${AWS_ACCOUNT}:assumed-role/AWSBackupDefaultServiceRole/session`, sessionIssuer: `arn:aws:iam::${AWS_ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole` };
export const azureUser: Actor = { type: 'user', id: 'mallory@contoso.example', name: 'mallory@contoso.example' };
export const gcpUser: Actor = { type: 'user', id: 'mallory@corp.example' };

let sequence = 0;

const ACCOUNT_OF: Readonly<Record<ProviderId, string>> = { aws: AWS_ACCOUNT, azure: SUBSCRIPTION, gcp: PROJECT };
const REGION_OF: Readonly<Record<ProviderId, string>> = { aws: 'us-east-1', azure: 'westeurope', gcp: 'us-central1' };
const ACTOR_OF: Readonly<Record<ProviderId, Actor>> = { aws: mallory, azure: azureUser, gcp: gcpUser };

export interface EventInput {
  readonly minute: number;
  readonly action: string;
  readonly activities: readonly Activity[];
  readonly actor?: Actor;
  readonly resources?: readonly EventResource[];
  readonly outcome?: 'success' | 'failure';
  readonly region?: string;
  readonly account?: string;
  readonly service?: string;
}

export function event(provider: ProviderId, input: EventInput): AuditEvent {
  sequence++;
  return {
    provider,
    id: `${provider}-event-${sequence}`,
    time: at(input.minute),
    account: input.account ?? ACCOUNT_OF[provider],
    region: input.region ?? REGION_OF[provider],
    actor: input.actor ?? ACTOR_OF[provider],
    service: input.service ?? { aws: 'ec2.amazonaws.com', azure: 'Microsoft.Compute', gcp: 'compute.googleapis.com' }[provider],
    action: input.action,
    outcome: input.outcome ?? 'success',
    ...(input.outcome === 'failure' ? { error: 'Client.UnauthorizedOperation' } : {}),
    resources: input.resources ?? [],
    activities: input.activities,
    origin: `test-log.json#${sequence}`,
  };
}

export const aws = (input: EventInput): AuditEvent => event('aws', input);
export const azure = (input: EventInput): AuditEvent => event('azure', input);
export const gcp = (input: EventInput): AuditEvent => event('gcp', input);

export const PUBLIC: Grantee = { kind: 'public', detail: 'all' };
export const account = (id: string): Grantee => ({ kind: 'account', id });
export const member = (id: string): Grantee => ({ kind: 'member', id });

/** Our own accounts are internal, the config's trusted ones trusted, `unknown-…` unreadable, the rest external. */
export function classify(_provider: ProviderId, eventAccount: string, grantee: Grantee): 'internal' | 'trusted' | 'external' | 'unknown' {
  if (grantee.kind === 'public') throw new Error('public grantees never go to classify');
  if (grantee.id === eventAccount || grantee.id.endsWith('@corp.example')) return 'internal';
  if (grantee.id === TRUSTED_ACCOUNT || grantee.id === TRUSTED_MEMBER) return 'trusted';
  if (grantee.id.startsWith('unknown-')) return 'unknown';
  return 'external';
}

export function options(overrides: Partial<ChainOptions> = {}): ChainOptions {
  return { windowMs: 72 * 3_600_000, newPrincipalMs: 24 * 3_600_000, benignCallers: [], classify, ...overrides };
}

export function run(events: readonly AuditEvent[], overrides: Partial<ChainOptions> = {}, rules: readonly Rule[] = RULES): ChainRun {
  const correlator = createCorrelator(rules, options(overrides));
  for (const e of events) correlator.push(e);
  return correlator.finish();
}

export function resultsOf(chainRun: ChainRun, ruleId: string): CheckResult[] {
  return chainRun.results.filter((r) => r.checkId === ruleId);
}

export function ruleById(id: string): Rule {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}

export function messageOf(result: CheckResult): string {
  const template = ruleById(result.checkId).messages[result.messageId];
  if (template === undefined) throw new Error(`${result.checkId} has no message ${result.messageId}`);
  return fillMessage(template, result.data);
}

export function chainSteps(result: CheckResult): string[] {
  const chain = result.evidence['chain'] as readonly { readonly [key: string]: JsonValue }[];
  return chain.map((s) => s['step'] as string);
}

export function chainActions(result: CheckResult): string[] {
  const chain = result.evidence['chain'] as readonly { readonly [key: string]: JsonValue }[];
  return chain.map((s) => s['action'] as string);
}
