import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { globMatches } from './http-responder.js';
import { squidError, via } from './squid-errors.js';

/**
 * What a bumping proxy with a URL filter does inside the TLS it decrypted (squid's
 * `http_access deny CONNECT_host urlpath_regex ...` after `ssl_bump bump`): each request whose
 * path matches a pattern gets the proxy's ERR_ACCESS_DENIED page; every other one goes to the
 * origin, on a connection of its own, and its answer (a stall included) comes back as it is.
 */
export interface PathFilterOptions {
  readonly host: string;
  readonly port: number;
  readonly denyPaths: readonly string[];
  readonly proxyName: string;
  /** A TLS connection to the origin, or undefined when it cannot be had. */
  openOrigin(): Promise<TLSSocket | undefined>;
  /** The proxy's log of what it did with one request. */
  record(method: string, path: string, status: number, denied: boolean): void;
  /** Every socket the proxy holds, so that close() ends them. */
  track<T extends Duplex>(socket: T): T;
}

/** Serves the requests that arrive inside a decrypted tunnel. */
export function filterPaths(inner: TLSSocket, options: PathFilterOptions): void {
  const server = createServer({ keepAliveTimeout: 2_000 }, (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    const bare = path.split('?')[0] ?? path;
    if (options.denyPaths.some((pattern) => globMatches(pattern, bare))) {
      const page = squidError('ERR_ACCESS_DENIED', { url: `https://${options.host}${bare}`, proxyName: options.proxyName });
      options.record(method, bare, page.status, true);
      res.writeHead(page.status, page.reason, page.headers.flat()).end(page.body);
      return;
    }
    void options.openOrigin().then((origin) => {
      if (origin === undefined) {
        const page = squidError('ERR_CONNECT_FAIL', { url: `https://${options.host}${bare}`, proxyName: options.proxyName, errno: 111 });
        options.record(method, bare, page.status, false);
        res.writeHead(page.status, page.reason, page.headers.flat()).end(page.body);
        return;
      }
      const forward = httpRequest({ method, path, headers: { ...req.headers, host: `${options.host}:${options.port}` }, createConnection: () => origin });
      forward.once('response', (answer) => {
        options.record(method, bare, answer.statusCode ?? 0, false);
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, via: via(options.proxyName) });
        answer.pipe(res);
      });
      forward.once('error', () => res.destroy());
      res.once('close', () => origin.destroy());
      req.pipe(forward);
    });
  });
  server.emit('connection', options.track(inner));
}
