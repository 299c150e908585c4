import type { HttpPreset, HttpResponseSpec, HttpSpec } from './schema.js';

export interface SimRequest {
  readonly host: string;
  readonly path: string;
}

export interface SimResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const SERVER = 'netreq-sim';

function healthy({ host, path }: SimRequest): SimResponse {
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

function preset(name: Exclude<HttpPreset, 'none'>, request: SimRequest): SimResponse {
  switch (name) {
    case 'default':
      return healthy(request);
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

function answerWith(spec: HttpPreset | HttpResponseSpec, request: SimRequest): SimResponse | undefined {
  if (spec === 'none') return undefined;
  return typeof spec === 'string' ? preset(spec, request) : fromSpec(spec);
}

function matchPath(paths: Readonly<Record<string, HttpPreset | HttpResponseSpec>>, path: string): HttpPreset | HttpResponseSpec | undefined {
  const bare = path.split('?')[0] ?? path;
  const exact = paths[bare];
  if (exact !== undefined) return exact;
  let best: { length: number; spec: HttpPreset | HttpResponseSpec } | undefined;
  for (const [key, spec] of Object.entries(paths)) {
    if (!key.endsWith('*')) continue;
    const prefix = key.slice(0, -1);
    if (bare.startsWith(prefix) && (best === undefined || prefix.length > best.length)) best = { length: prefix.length, spec };
  }
  return best?.spec;
}

/** The response a simulated HTTP server gives; undefined means it says nothing at all. */
export function respond(spec: HttpSpec, request: SimRequest): SimResponse | undefined {
  if (typeof spec === 'string') return answerWith(spec, request);
  const byPath = spec.paths === undefined ? undefined : matchPath(spec.paths, request.path);
  if (byPath !== undefined) return answerWith(byPath, request);
  const hasOwn = spec.status !== undefined || spec.headers !== undefined || spec.body !== undefined;
  return hasOwn ? fromSpec(spec) : healthy(request);
}
