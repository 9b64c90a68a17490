// `snapaudit emulator`: serve an estate on 127.0.0.1 through the real cloud APIs until interrupted,
// and print how to point each cloud's CLI and SDK at it.
import { EXIT, type ExitCode } from '../errors.js';
import { readJsonFile } from '../validate.js';
import { parseInteger } from './commands.js';

export interface EmulatorFlags {
  readonly estate?: string;
  readonly port?: string;
  readonly latency?: string;
  readonly rateLimit?: boolean;
  readonly pageCap?: string;
}

export async function emulatorCommand(flags: EmulatorFlags): Promise<ExitCode> {
  const port = parseInteger('--port', flags.port, 0, 65535);
  const latencyMs = parseInteger('--latency', flags.latency, 0, 60_000);
  const pageCap = parseInteger('--page-cap', flags.pageCap, 1, 10_000);
  const [{ startEmulator, writeCaCertificate }, { DEMO_CREDENTIALS, DEMO_ESTATE, DEMO_GCP_TOKEN }, { parseEstate }] = await Promise.all([
    import('../emulator/index.js'),
    import('../emulator/demo-estate.js'),
    import('../emulator/estate.js'),
  ]);
  const estate = parseEstate(flags.estate ? await readJsonFile(flags.estate, 'estate') : DEMO_ESTATE);
  const emulator = await startEmulator({
    estate,
    ...(port !== undefined ? { port } : {}),
    ...(latencyMs !== undefined ? { latencyMs } : {}),
    ...(pageCap !== undefined ? { pageCap } : {}),
    ...(flags.rateLimit ? { rateLimit: true } : {}),
  });
  const key = flags.estate ? (estate.aws?.accounts[0]?.accessKeyIds[0] ?? 'AN-ACCESS-KEY-FROM-THE-ESTATE') : DEMO_CREDENTIALS.accessKeyId;
  const lines = [
    `snapaudit emulator listening on ${emulator.url}`,
    'Point the AWS CLI or SDK at it (the keys are local to the emulator):',
    `  export AWS_ENDPOINT_URL=${emulator.url} AWS_ACCESS_KEY_ID=${key} AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1`,
  ];
  const principal = estate.azure?.principals[0];
  if (emulator.azureUrl && emulator.caCert && principal && estate.azure) {
    const caPath = await writeCaCertificate(emulator.caCert);
    lines.push(
      `Azure Resource Manager and login on ${emulator.azureUrl} (certificate: ${caPath}):`,
      `  export AZURE_RESOURCE_MANAGER_URL=${emulator.azureUrl} AZURE_AUTHORITY_HOST=${emulator.azureUrl} NODE_EXTRA_CA_CERTS=${caPath} NO_PROXY=127.0.0.1,localhost`,
      `  export AZURE_TENANT_ID=${estate.azure.tenantId} AZURE_CLIENT_ID=${principal.clientId} AZURE_CLIENT_SECRET=${flags.estate ? 'THE-SECRET-FROM-THE-ESTATE' : principal.clientSecret}`,
    );
  }
  const token = estate.gcp?.tokens[0];
  if (emulator.gcpUrl && token) {
    lines.push(
      `Google Compute Engine and Resource Manager on ${emulator.gcpUrl} (gcloud's endpoint overrides; the token is local to the emulator):`,
      `  export CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE=${emulator.gcpUrl}/compute/v1/ CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER=${emulator.gcpUrl}/`,
      `  export GOOGLE_OAUTH_ACCESS_TOKEN=${flags.estate ? 'A-TOKEN-FROM-THE-ESTATE' : DEMO_GCP_TOKEN}`,
    );
  }
  process.stdout.write([...lines, 'Press Ctrl-C to stop.', ''].join('\n'));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  return EXIT.ok;
}
