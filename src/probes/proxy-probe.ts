import type { Duplex } from 'node:stream';
import { redactUrl } from '../net/index.js';
import type { Deadline } from '../net/index.js';
import { giveBack, header, readResponse, type WireResponse, outcomeFor } from './http-wire.js';
import { httpHead } from './http-head.js';
import type { ProxyStep } from '../schema/index.js';
import { hostPort } from './text.js';

export interface ProxyProbeInput {
  readonly proxyUrl: URL;
  readonly targetHost: string;
  readonly targetPort: number;
  /** CONNECT for https (and any TLS or raw TCP target); GET with an absolute URI for http. */
  readonly method: 'CONNECT' | 'GET';
  /** The path of the absolute-URI GET; default `/`. */
  readonly path?: string;
  readonly userAgent?: string;
}

export interface ProxyProbeResult {
  readonly result: ProxyStep;
  /** The tunnel after a 200 to CONNECT; the caller owns it. */
  readonly tunnel?: Duplex;
  /** For GET: the origin's (or the proxy's) response, for the HTTP step. */
  readonly response?: WireResponse;
}

const PROXY_HEADERS = ['x-squid-error', 'via', 'server', 'proxy-authenticate', 'x-cache', 'mime-version', 'content-type', 'date'];

/** The scheme names a 407 offers (Basic, NTLM, Negotiate, Digest), once each, in order. */
export function authSchemes(values: readonly string[]): string[] {
  const schemes: string[] = [];
  for (const value of values) {
    // A header may carry several challenges: a scheme is a token not followed by `=`.
    for (const match of value.matchAll(/(?:^|,)\s*([A-Za-z][\w-]*)(?=\s|$|,)/g)) {
      const scheme = match[1];
      if (scheme && !schemes.some((s) => s.toLowerCase() === scheme.toLowerCase())) schemes.push(scheme);
    }
  }
  return schemes;
}

/** `squid/5.7` from a Server header, or the product in a Via comment (`1.1 proxy (squid/5.7)`). */
export function proxyProduct(headers: readonly (readonly [string, string])[]): string | undefined {
  const server = header(headers, 'server');
  const via = header(headers, 'via');
  const fromVia = via ? /\(([^)]+)\)/.exec(via)?.[1] : undefined;
  const product = server?.split(/\s+/)[0] ?? fromVia;
  return product || undefined;
}

/**
 * squid's error identity from its page, for when a middlebox stripped X-Squid-Error: the page
 * names it as `<body id=ERR_ACCESS_DENIED>` and again as `<!-- ERR_ACCESS_DENIED -->` (OBSERVED.md).
 */
export function squidPageError(body: string): string | undefined {
  return (/<body\s+id=["']?(ERR_[A-Z_]+)/i.exec(body) ?? /<!--\s*(ERR_[A-Z_]+)\s*-->/.exec(body))?.[1];
}

function requestText(input: ProxyProbeInput, target: string): string {
  const lines =
    input.method === 'CONNECT'
      ? [`CONNECT ${target} HTTP/1.1`, `Host: ${target}`]
      : [`GET http://${target}${input.path ?? '/'} HTTP/1.1`, `Host: ${input.targetPort === 80 ? input.targetHost : target}`, 'Accept: */*', 'Connection: close'];
  if (input.userAgent) lines.push(`User-Agent: ${input.userAgent}`);
  if (input.proxyUrl.username) {
    const user = decodeURIComponent(input.proxyUrl.username);
    const password = decodeURIComponent(input.proxyUrl.password);
    lines.push(`Proxy-Authorization: Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * Asks the proxy for the target over an open connection to it and records what it answered:
 * status, the headers that identify it and its error (squid's X-Squid-Error), the schemes a
 * 407 offers, its error page's title. Never records the credentials it sent.
 */
export async function probeProxy(socket: Duplex, input: ProxyProbeInput, deadline: Deadline): Promise<ProxyProbeResult> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const target = hostPort(input.targetHost, input.targetPort);
  const sentCredentials = input.proxyUrl.username !== '';
  const base = { proxy: redactUrl(input.proxyUrl), method: input.method, target, sentCredentials, ...(sentCredentials ? { sentPassword: input.proxyUrl.password !== '' } : {}) };
  const ms = (): number => Math.round((performance.now() - started) * 10) / 10;
  socket.write(requestText(input, target));
  const read = await readResponse(socket, deadline, { noBodyFor: (status) => input.method === 'CONNECT' && status >= 200 && status < 300 });
  if (!read.ok) {
    socket.destroy();
    const outcome = outcomeFor(read.code);
    return { result: { step: 'proxy', ok: false, outcome, ms: ms(), startedAt, code: read.code, evidence: base } };
  }
  const response = read.response;
  const headers = response.headers;
  const head = httpHead(response, PROXY_HEADERS);
  const schemes = response.status === 407 ? authSchemes(headers.filter(([n]) => n === 'proxy-authenticate').map(([, v]) => v)) : undefined;
  const squidError = header(headers, 'x-squid-error') ?? (response.status >= 400 ? squidPageError(response.body.toString('utf8')) : undefined);
  const product = proxyProduct(headers);
  const tunnelled = input.method === 'CONNECT' && response.status === 200;
  // For GET the response may be the origin's: it goes on to the HTTP step unless the proxy itself refused.
  const ok = tunnelled || (input.method === 'GET' && response.status !== 407 && squidError === undefined);
  const result: ProxyStep = {
    step: 'proxy',
    ok,
    outcome: tunnelled ? 'connected' : 'status',
    ms: ms(),
    startedAt,
    evidence: {
      ...base,
      response: head,
      ...(schemes ? { authSchemes: schemes } : {}),
      ...(squidError ? { proxyError: squidError } : {}),
      ...(product ? { proxyProduct: product } : {}),
    },
  };
  if (tunnelled) {
    giveBack(socket, response.rest);
    return { result, tunnel: socket };
  }
  socket.destroy();
  return input.method === 'GET' ? { result, response } : { result };
}
