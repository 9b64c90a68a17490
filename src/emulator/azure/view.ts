// One subscription of the estate as ARM shows it: resource ids, and the back-references ARM fills
// in on the referenced side (a NIC's VM, a public IP's IP configuration, an NSG's NICs and
// subnets), indexed once because the estate does not change while it is served.
import { azureId, type AzureDiskEstate, type AzureSubscriptionEstate, type AzureVmEstate } from '../estate.js';

/** The id of a NIC's IP configuration. */
export function ipConfigurationId(nicId: string, name: string): string {
  return `${nicId}/ipConfigurations/${name}`;
}

function push(index: Map<string, string[]>, key: string | undefined, value: string): void {
  if (key === undefined) return;
  const k = key.toLowerCase();
  const list = index.get(k);
  if (list === undefined) index.set(k, [value]);
  else list.push(value);
}

export class SubscriptionView {
  readonly subscription: AzureSubscriptionEstate;
  readonly #resourceGroups = new Set<string>();
  readonly #disks = new Map<string, AzureDiskEstate>();
  readonly #vmsByNic = new Map<string, { vm: AzureVmEstate; primary: boolean }>();
  readonly #vms = new Map<string, AzureVmEstate>();
  readonly #ipConfigurationsByPublicIp = new Map<string, string[]>();
  readonly #ipConfigurationsBySubnet = new Map<string, string[]>();
  readonly #nicsByNsg = new Map<string, string[]>();
  readonly #subnetsByNsg = new Map<string, string[]>();

  constructor(subscription: AzureSubscriptionEstate) {
    this.subscription = subscription;
    const s = subscription;
    const everything = [
      ...s.snapshots,
      ...s.disks,
      ...s.galleries,
      ...s.restorePointCollections,
      ...s.virtualMachines,
      ...s.networkInterfaces,
      ...s.publicIpAddresses,
      ...s.networkSecurityGroups,
      ...s.virtualNetworks,
    ];
    for (const resource of everything) this.#resourceGroups.add(resource.resourceGroup.toLowerCase());
    for (const disk of s.disks) this.#disks.set(this.id(disk.resourceGroup, 'Microsoft.Compute/disks', disk.name).toLowerCase(), disk);
    for (const vm of s.virtualMachines) {
      this.#vms.set(this.id(vm.resourceGroup, 'Microsoft.Compute/virtualMachines', vm.name).toLowerCase(), vm);
      vm.nicIds.forEach((nicId, index) => this.#vmsByNic.set(nicId.toLowerCase(), { vm, primary: index === 0 }));
    }
    for (const nic of s.networkInterfaces) {
      const nicId = this.id(nic.resourceGroup, 'Microsoft.Network/networkInterfaces', nic.name);
      push(this.#nicsByNsg, nic.networkSecurityGroupId, nicId);
      for (const config of nic.ipConfigurations) {
        const configId = ipConfigurationId(nicId, config.name);
        push(this.#ipConfigurationsByPublicIp, config.publicIpAddressId, configId);
        push(this.#ipConfigurationsBySubnet, config.subnetId, configId);
      }
    }
    for (const vnet of s.virtualNetworks) {
      const vnetId = this.id(vnet.resourceGroup, 'Microsoft.Network/virtualNetworks', vnet.name);
      for (const subnet of vnet.subnets) push(this.#subnetsByNsg, subnet.networkSecurityGroupId, `${vnetId}/subnets/${subnet.name}`);
    }
  }

  get subscriptionId(): string {
    return this.subscription.id;
  }

  /** `type` like `Microsoft.Compute/snapshots`. */
  id(resourceGroup: string, type: string, name: string): string {
    return azureId(this.subscription.id, resourceGroup, type, name);
  }

  hasResourceGroup(name: string): boolean {
    return this.#resourceGroups.has(name.toLowerCase());
  }

  disk(id: string | undefined): AzureDiskEstate | undefined {
    return id === undefined ? undefined : this.#disks.get(id.toLowerCase());
  }

  vm(id: string | undefined): AzureVmEstate | undefined {
    return id === undefined ? undefined : this.#vms.get(id.toLowerCase());
  }

  /** The VM a NIC is attached to, and whether it is the VM's primary NIC. */
  vmOfNic(nicId: string): { vm: AzureVmEstate; primary: boolean } | undefined {
    return this.#vmsByNic.get(nicId.toLowerCase());
  }

  ipConfigurationsWithPublicIp(publicIpId: string): readonly string[] {
    return this.#ipConfigurationsByPublicIp.get(publicIpId.toLowerCase()) ?? [];
  }

  ipConfigurationsInSubnet(subnetId: string): readonly string[] {
    return this.#ipConfigurationsBySubnet.get(subnetId.toLowerCase()) ?? [];
  }

  nicsWithNsg(nsgId: string): readonly string[] {
    return this.#nicsByNsg.get(nsgId.toLowerCase()) ?? [];
  }

  subnetsWithNsg(nsgId: string): readonly string[] {
    return this.#subnetsByNsg.get(nsgId.toLowerCase()) ?? [];
  }
}
