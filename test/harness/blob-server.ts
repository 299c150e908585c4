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
  close(): Promise<void>;
}

export interface BlobServerOptions {
  /** The registry's storage root; a request's path is a file under it. */
  readonly root: string;
  /** For these paths: send the headers and the first `stallAfterBytes` bytes, then nothing. */
  readonly stall?: (path: string) => boolean;
  readonly stallAfterBytes?: number;
}

function stallOn(response: ServerResponse, file: string, size: number, bytes: number): void {
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
  createReadStream(file, { start: 0, end: Math.max(0, bytes - 1) }).on('data', (chunk) => response.write(chunk));
}

export async function startBlobServer(options: BlobServerOptions): Promise<BlobServer> {
  const requests: BlobRequest[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://blob');
    requests.push({ method: request.method ?? 'GET', path: url.pathname, authorization: request.headers.authorization !== undefined, query: url.search !== '' });
    const relative = normalize(decodeURIComponent(url.pathname)).replace(/^\/+/, '');
    if (relative.startsWith('..')) return void response.writeHead(400).end();
    const file = join(options.root, relative);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return void response.writeHead(404).end();
    }
    if (options.stall?.(url.pathname)) return stallOn(response, file, size, options.stallAfterBytes ?? 100);
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
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
