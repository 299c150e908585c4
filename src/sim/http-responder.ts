import type { HttpPreset, HttpResponseSpec, HttpSpec } from './schema.js';

export interface SimRequest {
  readonly host: string;
  readonly path: string;
  readonly method?: string;
  /** Lower-case names. */
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
}

export interface SimResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
  /** Send the headers and this many bytes of the body, then nothing more (a stalled download). */
  readonly stallAfterBytes?: number;
}

/** Answers the healthy responder defers to (the site's registries); undefined: not theirs. */
export type SiteResponder = (request: SimRequest) => SimResponse | undefined;

const SERVER = 'netreq-sim';

function healthy(request: SimRequest, site?: SiteResponder): SimResponse {
  const own = site?.(request);
  if (own !== undefined) return own;
  const { host, path } = request;
  const bare = path.split('?')[0] ?? path;
  if (bare === '/v2/' || bare === '/v2') {
    return {
      status: 401,
      headers: {
        'content-type': 'application/json',
        'docker-distribution-api-version': 'registry/2.0',
        'www-authenticate': `Bearer realm="https://${host}/token",service="${host}"`,
        server: SERVER,
      },
      body: '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}\n',
    };
  }
  if (bare === '/token') {
    return { status: 200, headers: { 'content-type': 'application/json', server: SERVER }, body: '{"token":"sim","expires_in":300}\n' };
  }
  if (bare.endsWith('/index.yaml')) {
    return {
      status: 200,
      headers: { 'content-type': 'application/x-yaml', server: SERVER },
      body: `apiVersion: v1\nentries: {}\ngenerated: "${new Date().toISOString()}"\n`,
    };
  }
  if (bare === '/simple' || bare.startsWith('/simple/')) {
    return {
      status: 200,
      headers: { 'content-type': 'text/html', server: SERVER },
      body: '<!DOCTYPE html>\n<html><head><meta name="pypi:repository-version" content="1.1"><title>Simple index</title></head>\n<body><a href="/simple/pip/">pip</a></body></html>\n',
    };
  }
  if (bare.includes('/dists/')) {
    return { status: 200, headers: { 'content-type': 'text/plain', server: SERVER }, body: 'Origin: Sim\nLabel: Sim\nSuite: stable\n' };
  }
  return { status: 200, headers: { 'content-type': 'text/html', server: SERVER }, body: `<!DOCTYPE html><html><head><title>${host}</title></head><body>OK</body></html>\n` };
}

function preset(name: Exclude<HttpPreset, 'none'>, request: SimRequest, site?: SiteResponder): SimResponse {
  switch (name) {
    case 'default':
      return healthy(request, site);
    case 'redirect-https': {
      const location = `https://${request.host}${request.path}`;
      return {
        status: 301,
        headers: { location, 'content-type': 'text/html', server: SERVER },
        body: `<html><head><title>301 Moved Permanently</title></head><body><a href="${location}">Moved</a></body></html>\n`,
      };
    }
    case 'block-page':
      return {
        status: 403,
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
        body:
          '<!DOCTYPE html><html><head><title>Web Page Blocked</title></head><body><h1>Web Page Blocked</h1>' +
          `<p>Access to the web page you were trying to visit has been blocked in accordance with company policy.</p><p>URL: ${request.host}${request.path}</p>` +
          '<p>Category: unknown</p></body></html>\n',
      };
    case 'rate-limited':
      return {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '60', server: SERVER },
        body: '{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit."}]}\n',
      };
    default: {
      const unreachable: never = name;
      return unreachable;
    }
  }
}

function fromSpec(spec: HttpResponseSpec): SimResponse {
  return { status: spec.status ?? 200, headers: spec.headers ?? {}, body: spec.body ?? '' };
}

function answerWith(spec: HttpPreset | HttpResponseSpec, request: SimRequest, site?: SiteResponder): SimResponse | undefined {
  if (spec === 'none') return undefined;
  return typeof spec === 'string' ? preset(spec, request, site) : fromSpec(spec);
}

/** A path pattern's matcher: `*` stands for any run of characters, `/` included (so `/v2/ * /blobs/ *` without the spaces matches every blob). */
export function globMatches(pattern: string, path: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(path);
}

/** The spec for a path: an exact key first, else the pattern with the most literal characters. */
function matchPath(paths: Readonly<Record<string, HttpPreset | HttpResponseSpec>>, path: string): HttpPreset | HttpResponseSpec | undefined {
  const bare = path.split('?')[0] ?? path;
  const exact = paths[bare];
  if (exact !== undefined) return exact;
  let best: { length: number; spec: HttpPreset | HttpResponseSpec } | undefined;
  for (const [key, spec] of Object.entries(paths)) {
    if (!key.includes('*') || !globMatches(key, bare)) continue;
    const literal = key.replaceAll('*', '').length;
    if (best === undefined || literal > best.length) best = { length: literal, spec };
  }
  return best?.spec;
}

/**
 * The response a simulated HTTP server gives; undefined means it says nothing at all. `site`
 * answers first wherever the healthy responder would (the site's registries, realms, layer hosts).
 */
export function respond(spec: HttpSpec, request: SimRequest, site?: SiteResponder): SimResponse | undefined {
  if (typeof spec === 'string') return answerWith(spec, request, site);
  const byPath = spec.paths === undefined ? undefined : matchPath(spec.paths, request.path);
  if (byPath !== undefined) return answerWith(byPath, request, site);
  const hasOwn = spec.status !== undefined || spec.headers !== undefined || spec.body !== undefined;
  return hasOwn ? fromSpec(spec) : healthy(request, site);
}
