// The Azure provider as the core sees it. Loading this module loads no Azure SDK: `collect` and
// `pullLogs` import the SDK-backed code on first use.
import type { Provider } from '../../src/provider.js';
import { azurePermissions } from './permissions.js';

export const azureProvider: Provider = {
  id: 'azure',
  permissions: azurePermissions,
  async collect(scope, context) {
    const { collectAzure } = await import('./collect.js');
    return collectAzure(scope, context);
  },
  async pullLogs(scope, request, context) {
    const { pullAzureLogs } = await import('./log-pull.js');
    return pullAzureLogs(scope, request, context);
  },
};
