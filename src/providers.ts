// The provider registry. Each entry loads its module on demand, so a run imports only the clouds
// it scans and `snapaudit --help` imports none.
import type { ProviderId } from './model.js';
import type { Provider } from './provider.js';

const LOADERS: Readonly<Partial<Record<ProviderId, () => Promise<Provider>>>> = {
  aws: async () => (await import('../providers/aws/index.js')).awsProvider,
  azure: async () => (await import('../providers/azure/index.js')).azureProvider,
  gcp: async () => (await import('../providers/gcp/index.js')).gcpProvider,
};

export function availableProviders(): ProviderId[] {
  return Object.keys(LOADERS) as ProviderId[];
}

export async function loadProvider(id: ProviderId): Promise<Provider | undefined> {
  const load = LOADERS[id];
  return load ? load() : undefined;
}
