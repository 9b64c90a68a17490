// The listeners: each reads a request whole and passes it to the call pipeline with the clouds it
// serves. AWS and Google are served over HTTP (Google's clients take `protocol: 'http'`); Azure over
// HTTPS, because the Azure SDK sends bearer tokens over TLS only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { CallPipeline } from './pipeline.js';
import type { EmulatorRequest } from './types.js';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

async function readRequest(req: IncomingMessage): Promise<EmulatorRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { method: req.method ?? 'GET', url: req.url ?? '/', headers, body: Buffer.concat(chunks).toString('utf8') };
}

async function respond(pipeline: CallPipeline, clouds: readonly string[] | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const response = await pipeline.handle(await readRequest(req), clouds);
    if (res.destroyed) return;
    const body = Buffer.from(response.body, 'utf8');
    res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
    res.end(body);
  } catch (error) {
    // A bug in the emulator, not an emulated error: say so plainly.
    if (res.destroyed || res.headersSent) return;
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`emulator failure: ${message}\n`);
  }
}

export interface Listener {
  readonly server: Server;
  readonly port: number;
}

export interface ListenOptions {
  /** PEM key and certificate: serve HTTPS. */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** The clouds this listener serves; every cloud when absent. */
  readonly clouds?: readonly string[];
}

export async function listen(pipeline: CallPipeline, host: string, port: number, options: ListenOptions = {}): Promise<Listener> {
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void respond(pipeline, options.clouds, req, res);
  };
  const server: Server = options.tls === undefined ? createServer(handler) : createTlsServer({ key: options.tls.key, cert: options.tls.cert }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return { server, port: address.port };
}

export async function closeListener(listener: Listener): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => {
    listener.server.close((error) => (error ? reject(error) : resolve()));
  });
  listener.server.closeAllConnections();
  await closed;
}
