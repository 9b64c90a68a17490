// The Azure listener's certificate: self-signed, made in memory at start for 127.0.0.1 and
// localhost, valid for a day. Clients trust it by passing the PEM as `tlsOptions.ca` (Azure SDK
// clients and credentials) or through a file named by NODE_EXTRA_CA_CERTS (read once, when Node
// starts: for child processes only).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificate {
  /** PEM private key; stays in the emulator. */
  readonly key: string;
  /** PEM certificate; what clients trust. */
  readonly cert: string;
}

const VALIDITY_MS = 24 * 60 * 60 * 1000;
/** Backdated a little, so that a client whose clock lags does not see a certificate from the future. */
const BACKDATE_MS = 5 * 60 * 1000;

export async function createCertificate(now = Date.now()): Promise<Certificate> {
  // Loaded only when an estate has Azure: most runs never need it.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'snapaudit emulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - BACKDATE_MS),
    notAfterDate: new Date(now + VALIDITY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/**
 * Writes a CA certificate (PEM) to a new file in a fresh temporary directory, or to `path`, and
 * returns the path: for NODE_EXTRA_CA_CERTS of a child process, or a CLI's `--ca` option.
 */
export async function writeCaCertificate(pem: string, path?: string): Promise<string> {
  const target = path ?? join(await mkdtemp(join(tmpdir(), 'snapaudit-emulator-')), 'emulator-ca.pem');
  await writeFile(target, pem, { encoding: 'utf8', mode: 0o644 });
  return target;
}
