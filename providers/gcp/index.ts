// The GCP provider as the core sees it. Loading this module loads no Google library: `collect` and
// `pullLogs` import the client-backed code on first use (the Compute library alone costs over a second).
import type { Provider } from '../../src/provider.js';
import { gcpPermissions } from './permissions.js';

export const gcpProvider: Provider = {
  id: 'gcp',
  permissions: gcpPermissions,
  async collect(scope, context) {
    const { collectGcp } = await import('./collect.js');
    return collectGcp(scope, context);
  },
  async pullLogs(scope, request, context) {
    const { pullGcpLogs } = await import('./log-pull.js');
    return pullGcpLogs(scope, request, context);
  },
};
