import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { connect as tlsConnect, createSecureContext, TLSSocket } from 'node:tls';
import type { CertFactory } from './certs.js';
import { LOOPBACK, closeServer, listenLoopback } from './listen.js';
import { filterPaths } from './proxy-path-filter.js';
import { challengeHeaders, checkAuth, intercepts, policyVerdict } from './proxy-policy.js';
import type { ProxySpec } from './schema.js';
import { serialise, squidError, via, type SquidError, type SquidErrorResponse } from './squid-errors.js';

export type ProxyResolution = { readonly ok: true; readonly address: string } | { readonly ok: false };

export interface ProxyServerOptions {
  readonly spec: ProxySpec;
  /** The site's DNS as the proxy sees it. */
  resolve(host: string): ProxyResolution;
  /** Where a connection to a simulated address really goes. */
  route(address: string, port: number): { readonly address: string; readonly port: number };
  /** Does the target speak TLS (so an intercepting proxy terminates it)? */
  expectsTls(address: string, port: number): boolean;
  readonly certs: CertFactory;
}

/** One request the proxy saw. The password is never kept, only whether credentials came. */
export interface ProxyRequestLog {
  readonly method: string;
  readonly host: string;
  readonly port: number;
  readonly hadCredentials: boolean;
  readonly authorized: boolean;
  readonly status: number;
  readonly error?: SquidError;
  readonly intercepted?: boolean;
  /** A request inside a decrypted tunnel (with `denyPaths`): its path. */
  readonly path?: string;
}

export interface ProxyServer {
  readonly port: number;
  /** http://[user:pass@]127.0.0.1:PORT */
  url(withCredentials?: boolean): string;
  requests(): readonly ProxyRequestLog[];
  close(): Promise<void>;
}

type Upstream = { readonly ok: true; readonly socket: Socket } | { readonly ok: false; readonly error: SquidError; readonly errno: number };

/** A JS stream over a socket whose first bytes were already read (CONNECT's `head`), for TLS to wrap. */
function withHead(socket: Socket, head: Buffer): Duplex {
  const duplex = new Duplex({
    read: () => void socket.resume(),
    write: (chunk: Buffer, _encoding, callback) => void socket.write(chunk, callback),
    final: (callback) => {
      socket.end();
      callback();
    },
    destroy: (error, callback) => {
      socket.destroy();
      callback(error);
    },
  });
  if (head.length > 0) duplex.push(head);
  socket.on('data', (chunk: Buffer) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.once('end', () => duplex.push(null));
  socket.once('close', () => duplex.destroy());
  return duplex;
}

export async function startProxyServer(options: ProxyServerOptions): Promise<ProxyServer> {
  const { spec } = options;
  const log: ProxyRequestLog[] = [];
  const sockets = new Set<Socket | Duplex>();
  let closed = false;
  const track = <T extends Socket | Duplex>(socket: T): T => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
    return socket;
  };

  const connectUpstream = (host: string, port: number): Promise<Upstream & { address?: string }> => {
    const resolved = options.resolve(host);
    if (!resolved.ok) return Promise.resolve({ ok: false, error: 'ERR_DNS_FAIL', errno: 0 });
    const target = options.route(resolved.address, port);
    return new Promise((resolve) => {
      const socket = track(netConnect({ host: target.address, port: target.port }));
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ ok: false, error: 'ERR_CONNECT_FAIL', errno: 110 });
      }, spec.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve({ ok: true, socket, address: resolved.address });
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({ ok: false, error: 'ERR_CONNECT_FAIL', errno: error.code === 'ECONNRESET' ? 104 : 111 });
      });
      // Destroyed by close(): settle now rather than holding the process until the timer fires.
      socket.once('close', () => {
        clearTimeout(timer);
        resolve({ ok: false, error: 'ERR_CONNECT_FAIL', errno: 110 });
      });
    });
  };

  const refusal = (error: SquidError, errno: number, url: string, challenge: boolean): SquidErrorResponse =>
    squidError(error, { url, proxyName: spec.name, errno, ...(challenge ? { extraHeaders: challengeHeaders(spec) } : {}) });

  const interceptContexts = new Map<string, ReturnType<typeof createSecureContext>>();
  const interceptContext = async (host: string): Promise<ReturnType<typeof createSecureContext>> => {
    const cached = interceptContexts.get(host);
    if (cached !== undefined) return cached;
    const leaf = await options.certs.leaf(host, 'good', spec.interceptCa);
    const context = createSecureContext({ key: leaf.keyPem, cert: leaf.chainPem });
    interceptContexts.set(host, context);
    return context;
  };

  /** Squid's client-first bump: 200 to CONNECT, TLS with the inspection CA, then the error page as the answer to the request inside. */
  const failInTunnel = async (client: Socket, head: Buffer, host: string, error: SquidError, errno: number, record: (status: number, extra?: Partial<ProxyRequestLog>) => void): Promise<void> => {
    record(200, { intercepted: true, error });
    client.write('HTTP/1.1 200 Connection established\r\n\r\n');
    const inner = track(new TLSSocket(track(withHead(client, head)), { isServer: true, secureContext: await interceptContext(host) }));
    let request = '';
    inner.on('data', (chunk: Buffer) => {
      if (request.includes('\r\n\r\n')) return;
      request += chunk.toString('latin1');
      if (!request.includes('\r\n\r\n')) return;
      const path = /^[A-Z]+ (\S+)/.exec(request)?.[1] ?? '/';
      inner.end(serialise(refusal(error, errno, `https://${host}${path}`, false)));
    });
  };

  const onConnect = async (req: IncomingMessage, client: Socket, head: Buffer): Promise<void> => {
    track(client);
    const target = req.url ?? '';
    const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(target);
    const host = match?.[1] ?? target;
    const port = Number(match?.[2] ?? 443);
    const auth = checkAuth(spec, req.headers['proxy-authorization']);
    const record = (status: number, extra: Partial<ProxyRequestLog> = {}): void => {
      log.push({ method: 'CONNECT', host, port, hadCredentials: auth.hadCredentials, authorized: auth.authorized, status, ...extra });
    };
    const verdict = policyVerdict(spec, host, auth);
    // A client-first bump answers 200 before going onward: what fails onward fails inside the tunnel.
    const bumpsFirst = spec.bump === 'client-first' && intercepts(spec, host) && port !== 80;
    const onward = (error: SquidError): boolean => error !== 'ERR_ACCESS_DENIED' && error !== 'ERR_CACHE_ACCESS_DENIED';
    if (verdict.kind === 'refuse' && bumpsFirst && onward(verdict.error)) return failInTunnel(client, head, host, verdict.error, verdict.errno, record);
    if (verdict.kind === 'refuse') {
      const response = refusal(verdict.error, verdict.errno, `${host}:${port}`, verdict.challenge === true);
      record(response.status, { error: verdict.error });
      client.end(serialise(response));
      return;
    }
    const upstream = await connectUpstream(host, port);
    if (closed) return;
    if (!upstream.ok && bumpsFirst) return failInTunnel(client, head, host, upstream.error, upstream.errno, record);
    if (!upstream.ok) {
      const response = refusal(upstream.error, upstream.errno, `${host}:${port}`, false);
      record(response.status, { error: upstream.error });
      client.end(serialise(response));
      return;
    }
    const intercepted = intercepts(spec, host) && upstream.address !== undefined && options.expectsTls(upstream.address, port);
    record(200, intercepted ? { intercepted } : {});
    client.write('HTTP/1.1 200 Connection established\r\n\r\n');
    if (!intercepted) {
      if (head.length > 0) upstream.socket.write(head);
      upstream.socket.pipe(client).pipe(upstream.socket);
      return;
    }
    const context = await interceptContext(host);
    const inner = track(new TLSSocket(track(withHead(client, head)), { isServer: true, secureContext: context }));
    if (spec.denyPaths !== undefined) {
      upstream.socket.destroy();
      filterPaths(inner, {
        host,
        port,
        denyPaths: spec.denyPaths,
        proxyName: spec.name,
        openOrigin: async () => {
          const origin = await connectUpstream(host, port);
          return origin.ok ? track(tlsConnect({ socket: origin.socket, servername: host, rejectUnauthorized: false })) : undefined;
        },
        record: (method, path, status, denied) => record(status, { method, path, intercepted: true, ...(denied ? { error: 'ERR_ACCESS_DENIED' as const } : {}) }),
        track,
      });
      return;
    }
    const outer = track(tlsConnect({ socket: upstream.socket, servername: host, rejectUnauthorized: false }));
    inner.once('close', () => outer.destroy());
    outer.once('close', () => inner.destroy());
    inner.pipe(outer).pipe(inner);
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('absolute URI required\n');
      return;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const auth = checkAuth(spec, req.headers['proxy-authorization']);
    const method = req.method ?? 'GET';
    const record = (status: number, error?: SquidError): void => {
      log.push({ method, host, port, hadCredentials: auth.hadCredentials, authorized: auth.authorized, status, ...(error === undefined ? {} : { error }) });
    };
    const fail = (error: SquidError, errno: number, challenge: boolean): void => {
      const response = refusal(error, errno, url.href, challenge);
      record(response.status, error);
      if (!res.headersSent) res.writeHead(response.status, response.reason, response.headers.flat()).end(response.body);
    };
    const verdict = policyVerdict(spec, host, auth);
    if (verdict.kind === 'refuse') return fail(verdict.error, verdict.errno, verdict.challenge === true);
    const upstream = await connectUpstream(host, port);
    if (closed) return;
    if (!upstream.ok) return fail(upstream.error, upstream.errno, false);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const forward = httpRequest({ method, path: `${url.pathname}${url.search}`, headers: { ...headers, host: url.host }, createConnection: () => upstream.socket });
    forward.once('response', (answer) => {
      record(answer.statusCode ?? 0);
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, via: via(spec.name) });
      answer.pipe(res);
    });
    forward.once('error', () => fail('ERR_READ_ERROR', 104, false));
    req.pipe(forward);
  };

  const server = createServer();
  server.on('connection', (socket: Socket) => track(socket));
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => void onConnect(req, socket, head).catch(() => socket.destroy()));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => void onRequest(req, res).catch(() => res.destroy()));
  const port = await listenLoopback(server);

  let closing: Promise<void> | undefined;
  return {
    port,
    url(withCredentials = true) {
      const creds = spec.credentials;
      const userinfo = withCredentials && creds !== undefined ? `${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@` : '';
      return `http://${userinfo}${LOOPBACK}:${port}`;
    },
    requests: () => log,
    close() {
      closing ??= (async () => {
        closed = true;
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        await closeServer(server);
      })();
      return closing;
    },
  };
}
