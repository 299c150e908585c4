import type { PullHop } from '../../schema/index.js';
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

/**
 * The registry token from the challenge's realm (a host of its own, with its own Client): a GET
 * with Basic credentials when a username and password are given (anonymously without), or with an
 * identity token the OAuth POST containerd makes (`grant_type=refresh_token`, client_id containerd).
 */
export async function fetchToken(ctx: PullContext, challenge: BearerChallenge, repository: string, credentials: PullCredentials | undefined): Promise<TokenResult> {
  const url = tokenUrl(challenge, repository);
  if (!url) return { ok: false, code: 'BAD_REALM', sentCredentials: false };
  const read = { keep: true, maxBytes: TOKEN_MAX_BYTES } as const;
  let answer: HopAnswer;
  let sent = false;
  if (credentials && 'identityToken' in credentials) {
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.identityToken, client_id: 'containerd-client' });
    if (challenge.service) form.set('service', challenge.service);
    form.set('scope', url.searchParams.get('scope') ?? '');
    const post = new URL(url.href);
    post.search = '';
    sent = true;
    answer = await requestFollowing(ctx, {
      purpose: 'token',
      method: 'POST',
      url: post,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      authorization: 'refresh-token' satisfies PullHop['authorization'],
      body: form.toString(),
      ...read,
    });
  } else {
    const basic = basicAuthorization(credentials);
    sent = basic !== undefined;
    answer = await requestFollowing(ctx, {
      purpose: 'token',
      method: 'GET',
      url,
      headers: basic ? { authorization: basic } : {},
      ...(basic ? { authorization: 'basic' as const } : {}),
      ...read,
    });
  }
  if (answer.status !== 200 || !answer.read?.data || answer.hop.outcome !== 'status') return { ok: false, answer, sentCredentials: sent };
  const token = tokenFromAnswer(answer.read.data);
  return token ? { ok: true, token, sentCredentials: sent } : { ok: false, answer, code: 'TOKEN_MISSING', sentCredentials: sent };
}
