// The AWS provider as the core sees it. Loading this module loads no SDK: `collect` and `pullLogs`
// import the SDK-backed code on first use, so `snapaudit permissions` and non-AWS runs stay fast.
import type { Provider } from '../../src/provider.js';
import { awsPermissions } from './permissions.js';

export const awsProvider: Provider = {
  id: 'aws',
  permissions: awsPermissions,
  async collect(scope, context) {
    const { collectAws } = await import('./collect.js');
    return collectAws(scope, context);
  },
  async pullLogs(scope, request, context) {
    const { pullAwsLogs } = await import('./log-pull.js');
    return pullAwsLogs(scope, request, context);
  },
};
