// Service control policies in force for an account: the policies attached at each level of its
// path in the organization (root, each OU down, the account). Only the management account (or a
// delegated administrator) may read them; without them, capabilities are evaluated as if no SCP
// narrowed them, which can only over-report, and the coverage says so.
import { DescribePolicyCommand, ListParentsCommand, paginateListPoliciesForTarget } from '@aws-sdk/client-organizations';
import type { CoverageRecorder } from '../../src/coverage.js';
import { unknownValue, type Maybe } from '../../src/model.js';
import type { AwsClientFactory } from './clients.js';
import { classifyAwsError } from './errors.js';
import type { OrganizationPolicy } from './iam-eval.js';
import { parsePolicyDocument } from './iam-policy.js';

/** Organizations nests OUs at most five deep under the root. */
const MAX_DEPTH = 7;

export class ScpReader {
  private readonly documents = new Map<string, Promise<OrganizationPolicy>>();
  private readonly levels = new Map<string, Promise<OrganizationPolicy[]>>();

  constructor(
    private readonly factory: AwsClientFactory,
    private readonly home: string,
  ) {}

  private policy(id: string, name: string): Promise<OrganizationPolicy> {
    let read = this.documents.get(id);
    if (!read) {
      read = this.factory
        .organizations(this.home)
        .send(new DescribePolicyCommand({ PolicyId: id }))
        .then((out) => ({ name, document: parsePolicyDocument(out.Policy?.Content ?? '') }));
      this.documents.set(id, read);
    }
    return read;
  }

  /** The SCPs attached to one target (root, OU or account), shared by every account below it. */
  private attached(target: string): Promise<OrganizationPolicy[]> {
    let read = this.levels.get(target);
    if (!read) {
      read = (async () => {
        const refs: Array<{ id: string; name: string }> = [];
        for await (const page of paginateListPoliciesForTarget({ client: this.factory.organizations(this.home) }, { TargetId: target, Filter: 'SERVICE_CONTROL_POLICY' })) {
          for (const p of page.Policies ?? []) if (p.Id) refs.push({ id: p.Id, name: p.Name ?? p.Id });
        }
        return Promise.all(refs.map((r) => this.policy(r.id, r.name)));
      })();
      this.levels.set(target, read);
    }
    return read;
  }

  /** Root first, the account last; Unknown when the path or a policy could not be read. */
  async levelsFor(account: string, coverage: CoverageRecorder): Promise<Maybe<OrganizationPolicy[][]>> {
    try {
      const path = [account];
      let child = account;
      for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
        const parent = (await this.factory.organizations(this.home).send(new ListParentsCommand({ ChildId: child }))).Parents?.[0];
        if (!parent?.Id) break;
        path.unshift(parent.Id);
        if (parent.Type === 'ROOT') break;
        child = parent.Id;
      }
      return await Promise.all(path.map((target) => this.attached(target)));
    } catch (error) {
      const failure = classifyAwsError(error);
      const detail = `service control policies could not be read (${failure.detail}); permissions are evaluated without them, which can only over-report`;
      coverage.gap('global', 'organizations', failure.status === 'error' ? 'error' : 'skipped', 'organizations:ListPoliciesForTarget', detail);
      return unknownValue(detail);
    }
  }
}
