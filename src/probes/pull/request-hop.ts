import { errorCode } from '../../net/index.js';
import type { PullHop, PullPurpose } from '../../schema/index.js';
import { readBody, type BodyRead } from './body-reader.js';
import { authorityOf, headersOfInterest, outcomeOfCode, portOf, recordedUrl } from './hop-record.js';
import type { ClientPool } from './origin-client.js';
import { MAX_REDIRECTS, SMALL_BODY_MAX_BYTES } from './types.js';

type HeaderValue = string | string[] | undefined;

/** What every request of one pull shares. */
export interface PullContext {
  readonly pool: ClientPool;
  /** Aborted when the pull's deadline passes or its caller aborts. */
  readonly signal: AbortSignal;
  /** Why `signal` aborted, once it has. */
  readonly stopReason: () => 'timeout' | 'aborted' | undefined;
  readonly progressMs: number;
  readonly hops: PullHop[];
  /** Told of a request's URL before it is sent (the pull's onHost, for hosts other than the registry). */
  readonly announce?: (url: URL) => void;
}

export interface HopRequest {
  readonly purpose: PullPurpose;
  readonly method: 'GET' | 'HEAD' | 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  /** Which credential `headers` or `body` carries, recorded by kind only. */
  readonly credential?: PullHop['credential'];
  readonly body?: string;
  /** For a 2xx answer: keep the bytes, the most allowed, and a budget to stop at (a layer read in part). */
  readonly keep: boolean;
  readonly maxBytes: number;
  readonly budget?: number;
}

export interface HopAnswer {
  readonly hop: PullHop;
  readonly status?: number;
  readonly headers: Readonly<Record<string, HeaderValue>>;
  readonly read?: BodyRead;
  /** Where a redirect points (with its query: it is followed, never recorded). */
  readonly location?: URL;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function locationOf(status: number, headers: Readonly<Record<string, HeaderValue>>, base: URL): URL | undefined {
  const raw = headers['location'];
  const location = Array.isArray(raw) ? raw[0] : raw;
  if (!REDIRECTS.has(status) || !location) return undefined;
  try {
    const url = new URL(location, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function readOutcome(read: BodyRead, ctx: PullContext): string {
  if (read.end === 'complete' || read.end === 'budget') return 'status';
  if (read.end === 'aborted' || read.end === 'error') return ctx.stopReason() ?? outcomeOfCode(read.code ?? 'ERR_BODY');
  return read.end;
}

/** One request on the origin's Client, its body read within bounds; the hop is recorded in `ctx.hops`. */
export async function requestHop(ctx: PullContext, request: HopRequest): Promise<HopAnswer> {
  const started = performance.now();
  ctx.announce?.(request.url);
  const origin = await ctx.pool.get(request.url);
  const base = {
    purpose: request.purpose,
    method: request.method,
    ...recordedUrl(request.url),
    host: request.url.hostname.replace(/^\[|\]$/g, ''),
    port: portOf(request.url),
    ...(request.credential ? { credential: request.credential } : {}),
  };
  const ms = (): number => Math.round((performance.now() - started) * 10) / 10;
  const address = (): { address?: string; via?: 'proxy' } => {
    const reached = origin.address();
    return { ...(reached ? { address: reached } : {}), ...(origin.proxied ? { via: 'proxy' as const } : {}) };
  };
  try {
    const path = `${request.url.pathname}${request.url.search}`;
    const response = await origin.client.request({
      method: request.method,
      // Forwarded by a proxy: the request names its origin (`GET http://host/path`), as Go's transport sends it.
      path: origin.forwarded ? `${request.url.origin}${path}` : path,
      headers: { ...request.headers, ...origin.forwarded?.headers },
      ...(request.body !== undefined ? { body: request.body } : {}),
      // undici closes the connection after a HEAD unless told not to; Go's client (containerd's) reuses it.
      ...(request.method === 'HEAD' ? { reset: false } : {}),
      signal: ctx.signal,
    });
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    const limits = ok ? { keep: request.keep, maxBytes: request.maxBytes, ...(request.budget !== undefined ? { budget: request.budget } : {}) } : { keep: true, maxBytes: SMALL_BODY_MAX_BYTES };
    const read = await readBody(response.body, { ...limits, progressMs: ctx.progressMs, signal: ctx.signal });
    const location = locationOf(response.statusCode, response.headers, request.url);
    const hop: PullHop = {
      ...base,
      ...address(),
      status: response.statusCode,
      bytes: read.bytes,
      ms: ms(),
      outcome: readOutcome(read, ctx),
      ...(read.code && read.end !== 'complete' && read.end !== 'budget' ? { code: read.code } : {}),
      ...(location ? { redirectedTo: recordedUrl(location).url } : {}),
      headers: headersOfInterest(response.headers, request.url),
    };
    ctx.hops.push(hop);
    return { hop, status: response.statusCode, headers: response.headers, read, ...(location ? { location } : {}) };
  } catch (error) {
    const code = ctx.stopReason() === 'aborted' ? 'ABORT_ERR' : ctx.stopReason() === 'timeout' ? 'ETIMEDOUT' : errorCode(error);
    const hop: PullHop = { ...base, ...address(), bytes: 0, ms: ms(), outcome: ctx.stopReason() ?? outcomeOfCode(code), code, headers: {} };
    ctx.hops.push(hop);
    return { hop, headers: {} };
  }
}

/**
 * A request and every redirect after it (hops of purpose `redirect`), as Go's client follows them
 * for containerd: at most MAX_REDIRECTS, a 303 becomes a GET, and the Authorization header goes
 * only to the origin it was meant for.
 */
export async function requestFollowing(ctx: PullContext, request: HopRequest): Promise<HopAnswer> {
  let current = request;
  for (let followed = 0; ; followed += 1) {
    const answer = await requestHop(ctx, current);
    if (!answer.location || followed >= MAX_REDIRECTS) return answer;
    const next = answer.location;
    const sameOrigin = authorityOf(next) === authorityOf(request.url) && next.protocol === request.url.protocol;
    const { authorization: _header, ...headers } = current.headers;
    const { credential: _kind, ...rest } = current;
    current = {
      ...rest,
      purpose: 'redirect',
      method: answer.status === 303 ? 'GET' : current.method,
      url: next,
      headers: sameOrigin ? current.headers : headers,
      ...(sameOrigin && current.credential ? { credential: current.credential } : {}),
    };
  }
}
