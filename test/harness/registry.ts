// A real CNCF distribution registry (`docker-registry serve`, 2.8) on 127.0.0.1: a temporary folder
// for its configuration and filesystem storage, a free port, stopped (and the folder removed) after.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, it } from 'vitest';
import { isCI, missingDeps } from './deps.js';
import { spawnTracked, type TrackedProcess } from './proc.js';

export const REGISTRY_BIN = '/usr/bin/docker-registry';

export interface RegistryOptions {
  /**
   * distribution's `redirect` storage middleware: every blob GET or HEAD answers 307 to this base
   * (scheme and host:port; distribution keeps no path of it) plus the blob's storage path.
   */
  readonly redirectBaseUrl?: string;
  /** distribution's `auth: token`: JWTs from `realm`, signed by a key whose certificate chains to `rootCertBundle`. */
  /** Serve HTTPS with this certificate and key (PEM files). */
  readonly tls?: { readonly certificate: string; readonly key: string };
  /** Use this storage root (another registry's, to serve what was pushed there) instead of a new one. */
  readonly root?: string;
  readonly tokenAuth?: { readonly realm: string; readonly service: string; readonly issuer: string; readonly rootCertBundle: string };
}

export interface Registry {
  readonly port: number;
  /** `http://127.0.0.1:PORT` (https with `tls`) */
  readonly url: string;
  /** The filesystem storage's root folder. */
  readonly root: string;
  readonly process: TrackedProcess;
  /** The file holding a blob in the storage (`docker/registry/v2/blobs/sha256/ab/abcd.../data`). */
  blobFile(digest: string): string;
  stop(): Promise<void>;
}

/** A port free on 127.0.0.1 now (the kernel's choice for port 0, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address && typeof address === 'object' ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The storage path of a blob, relative to the storage root, as distribution's path mapper lays it out. */
export function blobPath(digest: string): string {
  const [algorithm = 'sha256', hex = ''] = digest.split(':');
  return join('docker/registry/v2/blobs', algorithm, hex.slice(0, 2), hex, 'data');
}

export function registryConfig(root: string, port: number, options: RegistryOptions = {}): string {
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'warn', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: root },
      maintenance: { uploadpurging: { enabled: false } },
      delete: { enabled: true },
    },
    http: { addr: `127.0.0.1:${port}`, secret: 'netreq-test-only', ...(options.tls ? { tls: options.tls } : {}) },
  };
  if (options.tokenAuth) {
    const { realm, service, issuer, rootCertBundle } = options.tokenAuth;
    config['auth'] = { token: { realm, service, issuer, rootcertbundle: rootCertBundle } };
  }
  if (options.redirectBaseUrl) config['middleware'] = { storage: [{ name: 'redirect', options: { baseurl: options.redirectBaseUrl } }] };
  return stringify(config);
}

/** The status of `GET /v2/`, any certificate accepted (readiness only), or undefined when nothing answers. */
function pingStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const request = get(`${url}/v2/`, { rejectUnauthorized: false, timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', () => resolve(undefined));
    request.on('timeout', () => request.destroy());
  });
}

async function waitReady(url: string, process: TrackedProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!process.isRunning()) throw new Error(`docker-registry exited:\n${process.output()}`);
    const status = await pingStatus(url);
    // 401: a registry with token auth is up, and asks for a token.
    if (status === 200 || status === 401) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`docker-registry not ready within ${timeoutMs} ms:\n${process.output()}`);
}

/** Starts a registry on 127.0.0.1 and waits until `GET /v2/` answers (200, or 401 with token auth). */
export async function startRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const folder = mkdtempSync(join(tmpdir(), 'netreq-registry-'));
  const root = options.root ?? join(folder, 'storage');
  const configFile = join(folder, 'config.yml');
  const port = await freePort();
  writeFileSync(configFile, registryConfig(root, port, options));
  const process = spawnTracked(REGISTRY_BIN, ['serve', configFile]);
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await process.stop();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await waitReady(url, process, 10_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, url, root, process, blobFile: (digest) => join(root, blobPath(digest)), stop };
}

/**
 * A describe block that needs docker-registry (no root): without it, one test skipped (failed
 * under CI) that names it, so no beforeAll tries to start it.
 */
export function describeWithRegistry(name: string, body: () => void): void {
  const missing = missingDeps([REGISTRY_BIN], false);
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    it('has docker-registry', (ctx) => {
      const message = `missing: ${missing.join(', ')} (apt-get install docker-registry)`;
      if (isCI()) throw new Error(message);
      ctx.skip(message);
    });
  });
}
