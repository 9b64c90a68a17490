import type { IngressPath } from '../model.js';
import { resourceGroupOf } from './azure-snapshot-public-network.js';
import { defineCheck } from './define-check.js';
import { CIS_AZURE_2_1, CIS_AZURE_3 } from './lib/compliance.js';
import { instanceMessages, judgeInstanceExposure } from './lib/instance-exposure.js';

/** The NSG rule behind the first exposing path, as `az network nsg rule update` wants it. */
function ruleArguments(paths: readonly IngressPath[]): { resourceGroup: string; nsg: string; rule: string } {
  const rule = paths.flatMap((p) => p.via).find((r) => r.kind === 'nsg' && r.id !== 'none');
  if (!rule) return { resourceGroup: 'RESOURCE-GROUP', nsg: 'ADD-A-NETWORK-SECURITY-GROUP', rule: 'RULE' };
  return { resourceGroup: resourceGroupOf(rule.id), nsg: rule.id.split('/').pop() ?? rule.id, rule: rule.name ?? 'RULE' };
}

export const azureVmFromSnapshotExposed = defineCheck({
  id: 'azure-vm-from-snapshot-exposed',
  title: 'VM with a disk copied from a snapshot or restore point is reachable from the internet on SSH, RDP or all ports',
  description:
    "Creating a disk from a copied snapshot, attaching it to a VM with a public IP and opening SSH is how a disk is read out of a subscription. A VM with such a disk (or one booted from a stranger's gallery image) that the internet reaches on 22, 3389 or every port — after the subnet's and the NIC's network security groups, by priority, deny before allow — is that path.",
  severity: 'high',
  provider: 'azure',
  resourceType: 'Microsoft.Compute/virtualMachines',
  threat: { techniques: ['T1578.002', 'T1578.001'], mitigations: ['M1047', 'M1018'] },
  compliance: [
    { ...CIS_AZURE_3, controls: ['7.1', '7.2'] },
    { ...CIS_AZURE_2_1, controls: ['6.1', '6.2'] },
  ],
  messages: instanceMessages('VM'),
  remediation: {
    text: 'Close the path from the internet (deny the rule, or reach the VM through Azure Bastion), then find out who created the disk from the snapshot and why.',
    command: 'az network nsg rule update --resource-group {{resourceGroup}} --nsg-name {{nsg}} --name {{rule}} --access Deny',
    docs: 'https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview',
  },
  evaluate(inventory, report) {
    for (const vm of inventory.instances) judgeInstanceExposure(report, vm, ruleArguments);
  },
});
