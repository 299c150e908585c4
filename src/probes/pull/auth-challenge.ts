/** A Bearer challenge from `WWW-Authenticate` (RFC 6750, as the distribution spec uses it). */
export interface BearerChallenge {
  readonly realm: string;
  readonly service?: string;
  readonly scope?: string;
}

const PARAM = /\s*([A-Za-z][\w-]*)\s*=\s*("((?:[^"\\]|\\.)*)"|[^,\s]*)\s*,?/y;

/** The parameters after a scheme, or undefined when they do not parse. */
function params(text: string): Map<string, string> {
  const found = new Map<string, string>();
  PARAM.lastIndex = 0;
  let rest = text;
  while (rest.trim() !== '') {
    PARAM.lastIndex = 0;
    const match = PARAM.exec(rest);
    if (!match || match[0] === '') break;
    const value = match[3] !== undefined ? match[3].replace(/\\(.)/g, '$1') : (match[2] ?? '');
    found.set((match[1] ?? '').toLowerCase(), value);
    rest = rest.slice(match[0].length);
  }
  return found;
}

/**
 * The Bearer challenge among a header's challenges, or undefined: none, or one without a realm.
 * Several challenges in one header are split where a new scheme starts (`, Basic realm=`).
 */
export function parseBearerChallenge(header: string | undefined): BearerChallenge | undefined {
  if (!header) return undefined;
  const parts = header.split(/,(?=\s*[A-Za-z][\w-]*\s+[A-Za-z][\w-]*\s*=)/);
  for (const part of parts) {
    const scheme = /^\s*([A-Za-z][\w-]*)\s+(.*)$/s.exec(part);
    if (!scheme || scheme[1]?.toLowerCase() !== 'bearer') continue;
    const found = params(scheme[2] ?? '');
    const realm = found.get('realm');
    if (!realm) return undefined;
    const service = found.get('service');
    const scope = found.get('scope');
    return { realm, ...(service ? { service } : {}), ...(scope ? { scope } : {}) };
  }
  return undefined;
}

/** The scheme a challenge names first (`Basic`, `Bearer`), lower-case. */
export function challengeScheme(header: string | undefined): string | undefined {
  return header ? /^\s*([A-Za-z][\w-]*)/.exec(header)?.[1]?.toLowerCase() : undefined;
}

/** The token request's URL: the realm with `service` and `scope` (the repository's pull scope when the challenge has none). */
export function tokenUrl(challenge: BearerChallenge, repository: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(challenge.realm);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (challenge.service) url.searchParams.set('service', challenge.service);
  url.searchParams.set('scope', challenge.scope ?? `repository:${repository}:pull`);
  return url;
}

/** The token from a realm's JSON answer (`token`, or OAuth's `access_token`). */
export function tokenFromAnswer(body: Buffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (!parsed || typeof parsed !== 'object') return undefined;
    const record = parsed as Record<string, unknown>;
    const token = record['token'] ?? record['access_token'];
    return typeof token === 'string' && token !== '' ? token : undefined;
  } catch {
    return undefined;
  }
}
