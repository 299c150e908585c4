import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createSecureContext, createServer as createTlsServer, type SecureContext, type TLSSocket } from 'node:tls';
import type { CertFactory } from './certs.js';
import type { EndpointBehaviour } from './endpoint-behaviour.js';
import { respond, type SimResponse, type SiteResponder } from './http-responder.js';
import { listenLoopback, closeServer } from './listen.js';

export interface EndpointServer {
  readonly port: number;
  readonly behaviour: EndpointBehaviour;
  close(): Promise<void>;
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
}

/** Name for a certificate when the client sends no SNI (an IP address target). */
export const NO_SNI_NAME = 'sim.invalid';

const RESET_AFTER_MS = 20;
/** The most of a request body read (a token request's form); more is cut off. */
const REQUEST_BODY_MAX_BYTES = 64 * 1024;

/** A request's body, at most REQUEST_BODY_MAX_BYTES of it. */
function readRequestBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size >= REQUEST_BODY_MAX_BYTES) return;
      chunks.push(chunk.subarray(0, REQUEST_BODY_MAX_BYTES - size));
      size += chunk.length;
    });
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', () => resolve(''));
  });
}

/** Writes an answer; a stalled one sends its headers and first bytes and then nothing, until the client gives up. */
function send(res: ServerResponse, answer: SimResponse): void {
  res.writeHead(answer.status, answer.headers);
  if (answer.stallAfterBytes === undefined) {
    res.end(answer.body);
    return;
  }
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body;
  res.write(body.subarray(0, answer.stallAfterBytes));
}

/**
 * One loopback listener with one behaviour. The certificate follows the client's SNI, so hosts that
 * behave alike share a listener; `fallbackName` names it when no SNI comes.
 */
export async function startEndpointServer(
  behaviour: EndpointBehaviour,
  certs: CertFactory,
  fallbackName: string = NO_SNI_NAME,
  site?: SiteResponder,
): Promise<EndpointServer> {
  if (behaviour.tcp !== 'open' && behaviour.tcp !== 'reset') {
    throw new Error(`an endpoint server cannot be '${behaviour.tcp}': the site routes that to its own port`);
  }
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  };
  const later = (fn: () => void): void => {
    if (closed) return;
    if (behaviour.latencyMs <= 0) return fn();
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) fn();
    }, behaviour.latencyMs);
    timers.add(timer);
  };

  const app = behaviour.app;
  const http =
    app.kind === 'http'
      ? createHttpServer({ keepAliveTimeout: 2_000 }, (req: IncomingMessage, res: ServerResponse) => {
          const servername = (req.socket as Partial<TLSSocket>).servername;
          const hostHeader = req.headers.host?.replace(/:\d+$/, '');
          const host = hostHeader ?? (typeof servername === 'string' ? servername : fallbackName);
          void readRequestBody(req).then((body) => {
            const request = { host, path: req.url ?? '/', method: req.method ?? 'GET', headers: flatHeaders(req), body };
            const answer = respond(app.http, request, site);
            if (answer === undefined) return; // says nothing: the client's deadline ends it
            later(() => send(res, answer));
          });
        })
      : undefined;

  const serveApp = (socket: Socket): void => {
    switch (app.kind) {
      case 'http':
        http?.emit('connection', socket);
        return;
      case 'banner':
        socket.resume();
        later(() => socket.write(`${app.banner}\r\n`));
        return;
      case 'silent':
        socket.resume();
        return;
      default: {
        const unreachable: never = app;
        return unreachable;
      }
    }
  };

  const tlsBehaviour = behaviour.tls;
  let tlsServer: ReturnType<typeof createTlsServer> | undefined;
  if (tlsBehaviour !== undefined) {
    const contexts = new Map<string, Promise<SecureContext>>();
    const contextFor = (name: string): Promise<SecureContext> => {
      let found = contexts.get(name);
      if (found === undefined) {
        found = certs.leaf(name, tlsBehaviour.validity, tlsBehaviour.issuer, tlsBehaviour.leafOnly).then((c) => createSecureContext({ key: c.keyPem, cert: c.chainPem }));
        contexts.set(name, found);
      }
      return found;
    };
    const fallback = await certs.leaf(fallbackName, tlsBehaviour.validity, tlsBehaviour.issuer, tlsBehaviour.leafOnly);
    tlsServer = createTlsServer({
      key: fallback.keyPem,
      cert: fallback.chainPem,
      SNICallback: (servername, callback) => {
        contextFor(servername).then(
          (context) => callback(null, context),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), undefined),
        );
      },
    });
    tlsServer.on('tlsClientError', (_error, socket) => socket.destroy());
    tlsServer.on('secureConnection', (socket: TLSSocket) => {
      track(socket);
      serveApp(socket);
    });
  }

  // Reset after the client's first bytes (a DPI box reading the ClientHello) or shortly after accept:
  // a reset in the same instant as the accept can reach a same-process client before its connect completes.
  const resetSoon = (socket: Socket): void => {
    const reset = (): void => {
      clearTimeout(timer);
      timers.delete(timer);
      if (!socket.destroyed) socket.resetAndDestroy();
    };
    const timer = setTimeout(reset, RESET_AFTER_MS);
    timers.add(timer);
    socket.once('data', reset);
  };

  const server: Server = createNetServer((socket) => {
    track(socket);
    if (closed) return void socket.destroy();
    if (behaviour.tcp === 'reset') return resetSoon(socket);
    if (tlsServer !== undefined) {
      const tls = tlsServer;
      later(() => tls.emit('connection', socket));
      return;
    }
    serveApp(socket);
  });
  const port = await listenLoopback(server);

  return {
    port,
    behaviour,
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await closeServer(server);
    },
  };
}
