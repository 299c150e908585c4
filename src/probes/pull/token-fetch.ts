import { tokenFromAnswer, tokenUrl, type BearerChallenge } from './auth-challenge.js';
import { requestFollowing, type HopAnswer, type PullContext } from './request-hop.js';
import { TOKEN_MAX_BYTES, type PullCredentials } from './types.js';

export type TokenResult =
  | { readonly ok: true; readonly token: string; readonly sentCredentials: boolean }
  | { readonly ok: false; readonly answer?: HopAnswer; readonly code?: string; readonly sentCredentials: boolean };

/** `Basic base64(user:password)` for a username and password; undefined otherwise. */
export function basicAuthorization(credentials: PullCredentials | undefined): string | undefined {
  if (!credentials || !('username' in credentials)) return undefined;
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** The statuses after which containerd gives up the OAuth POST and asks again with a GET (remotes/docker/authorizer.go). */
const POST_FALLBACK = new Set([400, 401, 404]);

function oauthPost(ctx: PullContext, realm: URL, form: URLSearchParams, kind: 'password' | 'refresh-token'): Promise<HopAnswer> {
  return requestFollowing(ctx, {
    purpose: 'token',
    method: 'POST',
    url: realm,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    credential: kind,
    body: form.toString(),
    keep: true,
    maxBytes: TOKEN_MAX_BYTES,
  });
}

/**
 * The registry token from the challenge's realm (a host of its own, with its own Client), as
 * containerd asks for it. Anonymous: a GET. With a username and password: the OAuth POST
 * (`grant_type=password`), and when the realm answers 400, 401, 404 (or 405) a GET with Basic
 * credentials. With an identity token: the OAuth POST (`grant_type=refresh_token`), falling back
 * to an anonymous GET likewise.
 */
export async function fetchToken(ctx: PullContext, challenge: BearerChallenge, repository: string, credentials: PullCredentials | undefined): Promise<TokenResult> {
  const url = tokenUrl(challenge, repository);
  if (!url) return { ok: false, code: 'BAD_REALM', sentCredentials: false };
  let answer: HopAnswer | undefined;
  if (credentials) {
    const grant =
      'identityToken' in credentials
        ? { grant_type: 'refresh_token', refresh_token: credentials.identityToken }
        : { grant_type: 'password', username: credentials.username, password: credentials.password };
    const form = new URLSearchParams({ ...grant, client_id: 'containerd-client' });
    if (challenge.service) form.set('service', challenge.service);
    form.set('scope', url.searchParams.get('scope') ?? '');
    answer = await oauthPost(ctx, new URL(challenge.realm), form, 'identityToken' in credentials ? 'refresh-token' : 'password');
    const status = answer.status ?? 0;
    const fallBack = POST_FALLBACK.has(status) || (status === 405 && !('identityToken' in credentials));
    if (!fallBack) return tokenOf(answer);
  }
  const basic = basicAuthorization(credentials);
  answer = await requestFollowing(ctx, {
    purpose: 'token',
    method: 'GET',
    url,
    headers: basic ? { authorization: basic } : {},
    ...(basic ? { credential: 'basic' as const } : {}),
    keep: true,
    maxBytes: TOKEN_MAX_BYTES,
  });
  return tokenOf(answer, credentials !== undefined);
}

function tokenOf(answer: HopAnswer, sent = true): TokenResult {
  if (answer.status !== 200 || !answer.read?.data || answer.hop.outcome !== 'status') return { ok: false, answer, sentCredentials: sent };
  const token = tokenFromAnswer(answer.read.data);
  return token ? { ok: true, token, sentCredentials: sent } : { ok: false, answer, code: 'TOKEN_MISSING', sentCredentials: sent };
}
