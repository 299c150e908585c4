import type { Duplex } from 'node:stream';
import type { Deadline, Network } from '../net/index.js';
import { VERSION } from '../version.js';
import { header, readResponse, type WireResponse, outcomeFor } from './http-wire.js';
import { httpHead } from './http-head.js';
import type { HttpStep } from '../schema/index.js';
import { hostPort } from './text.js';

/** The application checks the catalog names, each with the path it asks for by default. */
export const CHECK_PATHS: Readonly<Record<string, string>> = {
  'registry-v2': '/v2/',
  'helm-index': '/',
  'pypi-simple': '/simple/pip/',
  'apt-mirror': '/ubuntu/dists/',
  'http-any': '/',
  'https-reachable': '/',
};

export interface HttpProbeInput {
  readonly check: string;
  readonly host: string;
  readonly port: number;
  readonly scheme: 'http' | 'https';
  /** Overrides the check's default path (a Helm index, an apt mirror's dists). */
  readonly path?: string;
  /** The stream is a plain connection to a proxy: send an absolute URI (http targets through a proxy). */
  readonly viaProxyAbsoluteUri?: boolean;
  /** Basic credentials for the proxy when `viaProxyAbsoluteUri` (from its URL); never recorded. */
  readonly proxyAuthorization?: string;
}

const HTTP_HEADERS = [
  'www-authenticate',
  'location',
  'server',
  'content-type',
  'date',
  'retry-after',
  'via',
  'x-squid-error',
  // A registry writes it on every answer, errors included: the service itself answered.
  'docker-distribution-api-version',
];

export function pathFor(input: Pick<HttpProbeInput, 'check' | 'path'>): string {
  return input.path ?? CHECK_PATHS[input.check] ?? '/';
}

function urlFor(input: HttpProbeInput): string {
  const defaultPort = input.scheme === 'https' ? 443 : 80;
  const authority = input.port === defaultPort ? (input.host.includes(':') ? `[${input.host}]` : input.host) : hostPort(input.host, input.port);
  return `${input.scheme}://${authority}${pathFor(input)}`;
}

function requestText(input: HttpProbeInput): string {
  const url = new URL(urlFor(input));
  const target = input.viaProxyAbsoluteUri ? url.href : `${url.pathname}${url.search}`;
  const lines = [`GET ${target} HTTP/1.1`, `Host: ${url.host}`, `User-Agent: netreq/${VERSION}`, 'Accept: */*', 'Connection: close'];
  if (input.viaProxyAbsoluteUri && input.proxyAuthorization) lines.push(`Proxy-Authorization: ${input.proxyAuthorization}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Seconds the local clock is ahead of the server's Date (negative: behind); undefined without a valid Date. */
export function clockSkewSeconds(dateHeader: string | undefined, now: number): number | undefined {
  if (!dateHeader) return undefined;
  const server = Date.parse(dateHeader);
  return Number.isFinite(server) ? Math.round((now - server) / 1000) : undefined;
}

/** The HTTP step's evidence from a response already read (an absolute-URI GET the proxy step made). */
export function httpStepFromResponse(input: HttpProbeInput, response: WireResponse, ms: number, now: number): HttpStep {
  const skew = clockSkewSeconds(header(response.headers, 'date'), now);
  return {
    step: 'http',
    ok: true,
    outcome: 'status',
    ms,
    startedAt: new Date(now).toISOString(),
    evidence: {
      method: 'GET',
      url: urlFor(input),
      check: input.check,
      response: httpHead(response, HTTP_HEADERS),
      ...(skew !== undefined ? { clockSkewSeconds: skew } : {}),
    },
  };
}

/**
 * One HTTP/1.1 GET over an open stream (plain, TLS, or a proxy connection with an absolute
 * URI), `Connection: close`, the response read within the deadline and caps. Records the
 * status, the headers of interest, the title and a snippet, and the clock skew from Date.
 * The stream is closed afterwards.
 */
export async function probeHttp(network: Network, socket: Duplex, input: HttpProbeInput, deadline: Deadline): Promise<HttpStep> {
  const started = performance.now();
  const startedAt = new Date(network.now()).toISOString();
  socket.write(requestText(input));
  const read = await readResponse(socket, deadline);
  socket.destroy();
  const ms = Math.round((performance.now() - started) * 10) / 10;
  if (!read.ok) {
    return {
      step: 'http',
      ok: false,
      outcome: outcomeFor(read.code),
      ms,
      startedAt,
      code: read.code,
      evidence: { method: 'GET', url: urlFor(input), check: input.check },
    };
  }
  return { ...httpStepFromResponse(input, read.response, ms, network.now()), startedAt };
}
