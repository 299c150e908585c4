// The host a registry's `redirect` middleware sends blob downloads to (a CDN or object store in
// the field): serves files from the registry's storage folder by path, or stalls on request.
import { createReadStream, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

export interface BlobRequest {
  readonly method: string;
  readonly path: string;
  /** Whether an Authorization header came (never its value). */
  readonly authorization: boolean;
  readonly query: boolean;
}

export interface BlobServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly requests: BlobRequest[];
  /** From now on, stall on the paths `stall` picks (undefined: stall on none). */
  setStall(stall: ((path: string) => boolean) | undefined): void;
  close(): Promise<void>;
}

export interface BlobServerOptions {
  /** The registry's storage root (asked per request: the registry may start after this server); a request's path is a file under it. */
  readonly root: () => string;
  /** Send the headers and the first this many bytes of a stalled blob, then nothing. */
  readonly stallAfterBytes?: number;
  /**
   * An object store's signed URL: a request without a query is sent (302) to the same path with
   * `X-Amz-Signature=...`, which is then served.
   */
  readonly signedRedirect?: boolean;
}

function stallOn(response: ServerResponse, file: string, size: number, bytes: number): void {
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
  createReadStream(file, { start: 0, end: Math.max(0, bytes - 1) }).on('data', (chunk) => response.write(chunk));
}

/** The signature a signed redirect carries: a test checks it never reaches an observation. */
export const SIGNATURE = 'netreq-signature-f00d';

export async function startBlobServer(options: BlobServerOptions): Promise<BlobServer> {
  const requests: BlobRequest[] = [];
  let stall: ((path: string) => boolean) | undefined;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://blob');
    requests.push({ method: request.method ?? 'GET', path: url.pathname, authorization: request.headers.authorization !== undefined, query: url.search !== '' });
    const relative = normalize(decodeURIComponent(url.pathname)).replace(/^\/+/, '');
    if (relative.startsWith('..')) return void response.writeHead(400).end();
    if (options.signedRedirect && url.search === '') {
      return void response.writeHead(302, { location: `${url.pathname}?X-Amz-Expires=60&X-Amz-Signature=${SIGNATURE}` }).end();
    }
    const file = join(options.root(), relative);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return void response.writeHead(404).end();
    }
    if (stall?.(url.pathname)) return stallOn(response, file, size, options.stallAfterBytes ?? 100);
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
    if (request.method === 'HEAD') return void response.end();
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    requests,
    setStall: (next) => {
      stall = next;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
