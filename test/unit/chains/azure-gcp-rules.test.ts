import { describe, expect, it } from 'vitest';
import { fillCommand } from '../../../src/checks/define-check.js';
import type { CheckResult } from '../../../src/checks/define-check.js';
import { azure, chainSteps, DAY, gcp, HOUR, messageOf, PROJECT, resultsOf, ruleById, run, TRUSTED_MEMBER } from './factories.js';
import { AZ_DISK, AZ_RULE, AZ_SNAP, azureScenarios, GCP_DISK, GCP_FIREWALL, GCP_INSTANCE, GCP_SA, GCP_SNAP, gcpScenarios } from './scenarios.js';

function commandOf(result: CheckResult): string {
  return fillCommand(ruleById(result.checkId).remediation.command, result.data);
}

describe('chain-azure-snapshot-export-link and chain-azure-export-link', () => {
  const chain = 'chain-azure-snapshot-export-link';
  const lone = 'chain-azure-export-link';

  it('fires the chain rule on snapshot written → export link, and not the lone rule', () => {
    const chainRun = run(azureScenarios.createdThenExportLink());
    const result = resultsOf(chainRun, chain)[0]!;
    expect(ruleById(chain).severity).toBe('high');
    expect(result.resource).toMatchObject({ provider: 'azure', type: 'Microsoft.Compute/snapshots', id: AZ_SNAP, region: 'westeurope' });
    expect(chainSteps(result)).toEqual(['snapshot-created', 'export-link']);
    expect(messageOf(result)).toBe('mallory@contoso.example created db-snap at 2026-11-20T00:00:00.000Z and mallory@contoso.example generated an export link to it 20 minute(s) later.');
    expect(commandOf(result)).toBe(`az snapshot revoke-access --ids ${AZ_SNAP}`);
    expect(resultsOf(chainRun, lone)).toEqual([]);
  });

  it('reports a lone export link as its own medium finding', () => {
    const chainRun = run(azureScenarios.exportLinkAlone());
    const result = resultsOf(chainRun, lone)[0]!;
    expect(ruleById(lone).severity).toBe('medium');
    expect(chainSteps(result)).toEqual(['export-link']);
    expect(messageOf(result)).toBe('mallory@contoso.example generated an export link to db-snap at 2026-11-20T00:20:00.000Z.');
    expect(resultsOf(chainRun, chain)).toEqual([]);
  });

  it('treats a creation outside the window as no chain, and a failed link as nothing', () => {
    const outside = run(azureScenarios.createdThenExportLink(-4 * DAY));
    expect(resultsOf(outside, chain)).toEqual([]);
    expect(resultsOf(outside, lone)).toHaveLength(1);
    const failed = run(azureScenarios.createdThenExportLink().map((e) => (e.action.endsWith('beginGetAccess/action') ? { ...e, outcome: 'failure' as const } : e)));
    expect(failed.results).toEqual([]);
  });

  it('revokes a disk link with az disk', () => {
    const events = [azure({ minute: 1, action: 'Microsoft.Compute/disks/beginGetAccess/action', activities: [{ kind: 'export-link', target: AZ_DISK }] })];
    const result = resultsOf(run(events), lone)[0]!;
    expect(result.resource.type).toBe('Microsoft.Compute/disks');
    expect(commandOf(result)).toBe(`az disk revoke-access --ids ${AZ_DISK}`);
  });
});

describe('chain-azure-snapshot-restored-exposed', () => {
  const id = 'chain-azure-snapshot-restored-exposed';

  it('fires on disk from snapshot → VM → NSG rule letting the internet in on RDP', () => {
    const result = resultsOf(run(azureScenarios.restoredExposed()), id)[0]!;
    expect(result.resource).toMatchObject({ id: AZ_SNAP, type: 'Microsoft.Compute/snapshots' });
    expect(chainSteps(result)).toEqual(['restored', 'instance-launched', 'ingress-opened']);
    expect(result.evidence['join']).toBe('same-actor');
    expect(messageOf(result)).toBe(
      'jump runs on a disk restored from db-snap at 2026-11-20T00:00:00.000Z, and mallory@contoso.example allowed Internet in on 3389 (allow-rdp) at 2026-11-20T00:20:00.000Z.',
    );
    expect(commandOf(result)).toBe(`az network nsg rule update --ids ${AZ_RULE} --access Deny`);
  });

  it('does not fire on a private source or port 443 only', () => {
    expect(resultsOf(run(azureScenarios.restoredExposed({ sources: ['10.1.0.0/16'] })), id)).toEqual([]);
    expect(resultsOf(run(azureScenarios.restoredExposed({ ports: [{ from: 443, to: 443 }] })), id)).toEqual([]);
  });
});

describe('chain-gcp-snapshot-made-public', () => {
  const id = 'chain-gcp-snapshot-made-public';

  it('fires on setIamPolicy adding allUsers', () => {
    const result = resultsOf(run(gcpScenarios.madePublic()), id)[0]!;
    expect(ruleById(id).severity).toBe('high');
    expect(result.resource).toMatchObject({ provider: 'gcp', account: PROJECT, type: 'compute.googleapis.com/Snapshot', id: GCP_SNAP });
    expect(result.signals.exposure).toBe('public');
    expect(messageOf(result)).toBe('mallory@corp.example made db-snap public (allUsers) at 2026-11-20T00:10:00.000Z.');
    expect(commandOf(result)).toBe(`gcloud compute snapshots remove-iam-policy-binding db-snap --project=${PROJECT} --member=allUsers --role=ROLE`);
  });

  it('reports the binding removed later as reverted', () => {
    const events = [...gcpScenarios.madePublic(), gcp({ minute: 12, action: 'v1.compute.snapshots.setIamPolicy', activities: [{ kind: 'unshared', target: GCP_SNAP, targetRole: 'snapshot', grantees: [{ kind: 'public', detail: 'allUsers' }] }] })];
    const result = resultsOf(run(events), id)[0]!;
    expect(result.messageId).toBe('publicReverted');
    expect(chainSteps(result)).toEqual(['shared', 'unshared']);
  });

  it('names disks with their zone', () => {
    const events = [gcp({ minute: 1, action: 'v1.compute.disks.setIamPolicy', activities: [{ kind: 'shared', target: GCP_DISK, targetRole: 'volume', grantees: [{ kind: 'public', detail: 'allAuthenticatedUsers' }] }] })];
    const result = resultsOf(run(events), id)[0]!;
    expect(result.resource.type).toBe('compute.googleapis.com/Disk');
    expect(commandOf(result)).toBe(`gcloud compute disks remove-iam-policy-binding db-restored --project=${PROJECT} --zone=us-central1-a --member=allAuthenticatedUsers --role=ROLE`);
  });
});

describe('chain-gcp-snapshot-shared-external', () => {
  const id = 'chain-gcp-snapshot-shared-external';

  it('fires on an outside member and not on a trusted one', () => {
    const result = resultsOf(run(gcpScenarios.sharedExternal()), id)[0]!;
    expect(result.signals.exposure).toBe('external');
    expect(messageOf(result)).toBe('mallory@corp.example granted user:eve@evil.example access to db-snap at 2026-11-20T00:10:00.000Z, outside the organization and the trusted list.');
    expect(resultsOf(run(gcpScenarios.sharedExternal(TRUSTED_MEMBER)), id)).toEqual([]);
  });
});

describe('chain-gcp-snapshot-exfiltration', () => {
  const id = 'chain-gcp-snapshot-exfiltration';

  it('fires on snapshots.insert → shared with an outside member', () => {
    const result = resultsOf(run(gcpScenarios.createdThenShared()), id)[0]!;
    expect(ruleById(id).severity).toBe('critical');
    expect(result.messageId).toBe('createdShared');
    expect(chainSteps(result)).toEqual(['snapshot-created', 'shared']);
    expect(messageOf(result)).toBe('mallory@corp.example created db-snap at 2026-11-20T00:00:00.000Z and mallory@corp.example granted user:eve@evil.example access to it 10 minute(s) later.');
    expect(commandOf(result)).toBe(`gcloud compute snapshots remove-iam-policy-binding db-snap --project=${PROJECT} --member=user:eve@evil.example --role=ROLE`);
  });

  it('fires on a snapshot of another project\'s disk', () => {
    const result = resultsOf(run(gcpScenarios.crossProject()), id)[0]!;
    expect(result.messageId).toBe('crossProject');
    expect(messageOf(result)).toBe(`mallory@corp.example created snapshot db-snap in ${PROJECT} from disk db of project other-project at 2026-11-20T00:05:00.000Z.`);
    expect(commandOf(result)).toBe(`gcloud compute snapshots delete db-snap --project=${PROJECT}`);
  });

  it('does not fire on a same-project snapshot, a share without a creation in the window, or a trusted share', () => {
    expect(resultsOf(run(gcpScenarios.crossProject(PROJECT)), id)).toEqual([]);
    expect(resultsOf(run(gcpScenarios.createdThenShared(-4 * DAY)), id)).toEqual([]);
    const trusted = [gcpScenarios.createdThenShared()[0]!, ...gcpScenarios.sharedExternal(TRUSTED_MEMBER)];
    expect(resultsOf(run(trusted), id)).toEqual([]);
  });
});

describe('chain-gcp-snapshot-restored-exposed', () => {
  const id = 'chain-gcp-snapshot-restored-exposed';

  it('fires on disks.insert from the snapshot → instances.insert → firewall open to 0.0.0.0/0 on 22', () => {
    const result = resultsOf(run(gcpScenarios.restoredExposed()), id)[0]!;
    expect(result.resource).toMatchObject({ id: GCP_SNAP, type: 'compute.googleapis.com/Snapshot' });
    expect(chainSteps(result)).toEqual(['restored', 'instance-launched', 'ingress-opened']);
    expect(result.evidence['resources']).toEqual(expect.arrayContaining([GCP_SNAP, GCP_DISK, GCP_INSTANCE, GCP_FIREWALL]));
    expect(messageOf(result)).toBe(
      'jump runs on a disk restored from db-snap at 2026-11-20T00:00:00.000Z, and mallory@corp.example opened 22 to 0.0.0.0/0 with firewall rule allow-ssh at 2026-11-20T00:20:00.000Z.',
    );
    expect(commandOf(result)).toBe(`gcloud compute firewall-rules update allow-ssh --project=${PROJECT} --disabled`);
  });

  it('does not fire on a private source, port 443 only, or a firewall opened after the window', () => {
    expect(resultsOf(run(gcpScenarios.restoredExposed({ sources: ['192.168.0.0/16'] })), id)).toEqual([]);
    expect(resultsOf(run(gcpScenarios.restoredExposed({ ports: [{ from: 443, to: 443 }] })), id)).toEqual([]);
    expect(resultsOf(run(gcpScenarios.restoredExposed({ firewallMinute: 4 * DAY })), id)).toEqual([]);
  });
});

describe('chain-gcp-new-principal-snapshot-access', () => {
  const id = 'chain-gcp-new-principal-snapshot-access';

  it('fires when a just-created service account restores a snapshot, and disables it', () => {
    const result = resultsOf(run(gcpScenarios.newPrincipal()), id)[0]!;
    expect(result.resource.id).toBe(GCP_SNAP);
    expect(chainSteps(result)).toEqual(['principal-created', 'restored']);
    expect(messageOf(result)).toBe(`projects/${PROJECT}/serviceAccounts/${GCP_SA} was set up at 2026-11-20T00:00:00.000Z by mallory@corp.example (google.iam.admin.v1.CreateServiceAccount) and restored db-snap 15 minute(s) later (v1.compute.disks.insert).`);
    expect(commandOf(result)).toBe(`gcloud iam service-accounts disable ${GCP_SA} --project=${PROJECT}`);
  });

  it('disables the new key when one was created', () => {
    const result = resultsOf(run(gcpScenarios.newPrincipal({ key: true })), id)[0]!;
    expect(chainSteps(result)).toEqual(['credential-created', 'restored']);
    expect(commandOf(result)).toBe(`gcloud iam service-accounts keys disable 0123abcd --iam-account=${GCP_SA} --project=${PROJECT}`);
  });

  it('does not fire for a service account created long before newPrincipalMs', () => {
    expect(resultsOf(run(gcpScenarios.newPrincipal({ restoreMinute: 30 * HOUR })), id)).toEqual([]);
  });
});
