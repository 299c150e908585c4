// A Harbor-style proxy cache stand-in: HTTPS on 127.0.0.1, serving a registry's API under a
// project path (`/v2/dockerhub/...` is the registry's `/v2/...`); any other path is 404, so a
// client that ignores the path fails. Every request is recorded (method and path).
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface PathProxy {
  readonly port: number;
  /** `METHOD PATH` of each request, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Serves `upstream` (an http://127.0.0.1:PORT registry) under `prefix` (`/v2/dockerhub`) with this certificate. */
/** `apiRoot: false`: `PREFIX/` itself is 404 (a project path with no API root of its own; containerd never asks it). */
export async function startPathProxy(upstream: string, prefix: string, tls: { readonly certificate: string; readonly key: string }, options: { readonly apiRoot?: boolean } = {}): Promise<PathProxy> {
  const requests: string[] = [];
  const target = new URL(upstream);
  const server: Server = createServer({ cert: readFileSync(tls.certificate), key: readFileSync(tls.key) }, (incoming, outgoing) => {
    const path = incoming.url ?? '/';
    requests.push(`${incoming.method ?? 'GET'} ${path.split('?')[0] ?? ''}`);
    const rootAsked = path === prefix || path === `${prefix}/`;
    if ((path !== prefix && !path.startsWith(`${prefix}/`)) || (rootAsked && options.apiRoot === false)) {
      outgoing.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"NOT_FOUND","message":"no such project"}]}');
      return;
    }
    const headers = { ...incoming.headers, host: target.host };
    const forwarded = httpRequest({ host: target.hostname, port: target.port, method: incoming.method, path: `/v2${path.slice(prefix.length)}`, headers, timeout: 10_000 }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forwarded.on('timeout', () => forwarded.destroy(new Error('upstream timeout')));
    forwarded.on('error', () => (outgoing.headersSent ? outgoing.destroy() : outgoing.writeHead(502).end()));
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
