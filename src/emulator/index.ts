// The local cloud emulator: serves an estate through the clouds' real wire protocols on loopback so
// that the real SDK clients run end to end (signing, pagination, retries, error parsing). AWS is
// served over HTTP on `url`; Azure (ARM and the Entra token endpoint), when the estate has an
// `azure` section, over HTTPS on `azureUrl` with a self-signed certificate made at start; Google
// (Compute Engine v1 and Resource Manager v3 project search), when the estate has a `gcp` section,
// over plain HTTP on `gcpUrl`, its own listener as Google's APIs are their own hosts.
import { InputError } from '../errors.js';
import { createAwsCloud } from './aws/index.js';
import { createAzureCloud } from './azure/index.js';
import { parseEstate, type Estate } from './estate.js';
import { createGcpCloud } from './gcp/index.js';
import { applyKnobsPatch, DEFAULT_KNOBS, parseKnobsPatch, type KnobsPatch } from './knobs.js';
import { CallPipeline } from './pipeline.js';
import { closeListener, listen, type Listener } from './server.js';
import { createCertificate } from './tls.js';
import type { EmulatedCloud, Knobs, ServedCall } from './types.js';

export type { Fault, FaultKind, Knobs, RateLimit, RateLimitPolicy, ServedCall } from './types.js';
export type { KnobsPatch } from './knobs.js';
export { EC2_ACTIONS, SERVED_ACTIONS, type AwsServiceId } from './aws/index.js';
export { ARM_DEFAULT_PAGE_SIZE, AZURE_ACTIONS, ENTRA_ACTIONS, ENTRA_SERVICE } from './azure/index.js';
export { COMPUTE_MAX_RESULTS, GCP_ACTIONS, PROJECT_SEARCH_PAGE_SIZE, type GcpServiceId } from './gcp/index.js';
export { ARM_READ_RATE_LIMIT, EC2_RATE_LIMIT, GCP_COMPUTE_READ_RATE_LIMIT, GCP_PROJECT_SEARCH_RATE_LIMIT, RDS_RATE_LIMIT } from './token-bucket.js';
export { writeCaCertificate } from './tls.js';

export interface EmulatorOptions extends KnobsPatch {
  /** An estate, validated here (a plain JSON value is fine). */
  readonly estate: Estate | unknown;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** The Azure listener's port, when the estate has Azure; 0 (the default) picks a free port. */
  readonly azurePort?: number;
  /** The Google listener's port, when the estate has GCP; 0 (the default) picks a free port. */
  readonly gcpPort?: number;
  readonly host?: '127.0.0.1';
  /**
   * Bearer tokens ARM accepts as they are (token → client id of an estate principal), so that a
   * demo can use a static TokenCredential instead of the token endpoint. They never expire.
   */
  readonly azureStaticTokens?: Readonly<Record<string, string>>;
}

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:53187`; pass it as the AWS SDK client's `endpoint`. */
  readonly url: string;
  readonly port: number;
  /**
   * e.g. `https://127.0.0.1:53188`, when the estate has Azure: the Azure SDK clients' `endpoint`
   * and the credentials' `authorityHost` (or AZURE_AUTHORITY_HOST). Credentials also need
   * `disableInstanceDiscovery: true`: MSAL sends instance discovery to login.microsoftonline.com
   * whatever the authority. With HTTPS_PROXY set, also set NO_PROXY=127.0.0.1,localhost.
   */
  readonly azureUrl?: string;
  readonly azurePort?: number;
  /**
   * The Azure listener's self-signed certificate (PEM), when the estate has Azure. Trust it with
   * `tlsOptions: { ca: caCert }` on SDK clients and credentials, or write it with
   * `writeCaCertificate` for NODE_EXTRA_CA_CERTS of a child process.
   */
  readonly caCert?: string;
  /**
   * e.g. `http://127.0.0.1:53189`, when the estate has GCP. The Google clients take the host and
   * port apart, with the REST transport: `{ apiEndpoint: '127.0.0.1', port: gcpPort, protocol:
   * 'http', fallback: true, authClient }` (the port is not read from `apiEndpoint`), where
   * `authClient` sends `Authorization: Bearer <one of the estate's tokens>`.
   */
  readonly gcpUrl?: string;
  readonly gcpPort?: number;
  /** The calls served so far, oldest first. */
  calls(): readonly ServedCall[];
  resetCalls(): void;
  /** Changes knobs while running; `faults` and `rateLimit` start afresh when given. */
  configure(knobs: KnobsPatch): void;
  readonly knobs: Knobs;
  /** Stops listening and releases calls still waiting on latency or a timeout fault. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const { estate: estateInput, port = 0, azurePort = 0, gcpPort = 0, host = '127.0.0.1', azureStaticTokens, ...knobInput } = options;
  const estate = parseEstate(estateInput);
  const knobs = applyKnobsPatch(DEFAULT_KNOBS, parseKnobsPatch(knobInput));
  if (azureStaticTokens !== undefined && estate.azure === undefined) {
    throw new InputError('invalid emulator option azureStaticTokens: the estate has no azure section');
  }
  const clouds: EmulatedCloud[] = [createAwsCloud(estate.aws)];
  if (estate.azure !== undefined) clouds.push(createAzureCloud(estate.azure, azureStaticTokens === undefined ? {} : { staticTokens: azureStaticTokens }));
  if (estate.gcp !== undefined) clouds.push(createGcpCloud(estate.gcp));
  const pipeline = new CallPipeline(clouds, knobs);
  const certificate = estate.azure === undefined ? undefined : await createCertificate();

  const listeners: Listener[] = [];
  const closeAll = (): Promise<void> => Promise.all(listeners.map(closeListener)).then(() => undefined);
  let aws: Listener;
  let azure: Listener | undefined;
  let gcp: Listener | undefined;
  try {
    aws = await listen(pipeline, host, port, { clouds: ['aws'] });
    listeners.push(aws);
    if (certificate !== undefined) {
      azure = await listen(pipeline, host, azurePort, { clouds: ['azure'], tls: certificate });
      listeners.push(azure);
    }
    if (estate.gcp !== undefined) {
      gcp = await listen(pipeline, host, gcpPort, { clouds: ['gcp'] });
      listeners.push(gcp);
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host}:${aws.port}`,
    port: aws.port,
    ...(azure === undefined || certificate === undefined ? {} : { azureUrl: `https://${host}:${azure.port}`, azurePort: azure.port, caCert: certificate.cert }),
    ...(gcp === undefined ? {} : { gcpUrl: `http://${host}:${gcp.port}`, gcpPort: gcp.port }),
    calls: () => pipeline.calls(),
    resetCalls: () => pipeline.resetCalls(),
    configure(patch) {
      pipeline.configure(applyKnobsPatch(pipeline.knobs, parseKnobsPatch(patch)));
    },
    get knobs() {
      return pipeline.knobs;
    },
    close() {
      if (closing === undefined) {
        pipeline.abort();
        closing = closeAll();
      }
      return closing;
    },
  };
}
