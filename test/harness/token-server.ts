// A registry token service on 127.0.0.1, as distribution's `auth: token` expects one: JWTs signed
// ES256 by a test CA's key, its certificate in the `x5c` header, the CA file the registry's
// `rootcertbundle`. Optional Basic users and an identity (refresh) token for the OAuth POST.
import { createPrivateKey, randomBytes, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCa } from './certs.js';

export interface TokenRequest {
  readonly method: string;
  readonly scopes: readonly string[];
  /** Whether Basic credentials came (never their value). */
  readonly basic: boolean;
  readonly grant?: string;
}

export interface TokenServer {
  readonly port: number;
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** The CA certificate file, for the registry's `rootcertbundle`. */
  readonly rootCertBundle: string;
  readonly requests: TokenRequest[];
  /** A token for `scopes` (`repository:NAME:pull,push`), as the service would issue it. */
  mint(scopes: readonly string[]): string;
  /** Whether the OAuth POST takes a username and password (`grant_type=password`); off at the start, as distribution's own docs' servers. */
  acceptPasswordGrant(on: boolean): void;
  close(): Promise<void>;
}

export interface TokenServerOptions {
  /** A folder for the CA's files. */
  readonly dir: string;
  /** When given, a GET must carry these Basic credentials. */
  readonly user?: { readonly username: string; readonly password: string };
  /** When given, the OAuth POST accepts this refresh token. */
  readonly identityToken?: string;
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

function access(scopes: readonly string[]): { type: string; name: string; actions: string[] }[] {
  return scopes.flatMap((scope) => {
    const match = /^([a-z]+):(.+):([a-z*,]+)$/.exec(scope);
    return match ? [{ type: match[1] ?? '', name: match[2] ?? '', actions: (match[3] ?? '').split(',') }] : [];
  });
}

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      if (text.length < 65_536) text += chunk.toString('utf8');
    });
    request.on('end', () => resolve(text));
  });
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const ca = await createCa(options.dir, 'netreq test token signer', 'token-ca');
  const key = createPrivateKey(readFileSync(ca.keyPath));
  const der = new X509Certificate(ca.certPem).raw;
  const service = 'netreq-test-registry';
  const issuer = 'netreq-test-issuer';
  const requests: TokenRequest[] = [];
  let passwordGrant = false;
  const mint = (scopes: readonly string[]): string => {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'ES256', x5c: [der.toString('base64')] };
    const claims = { iss: issuer, sub: 'netreq-test', aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access: access(scopes) };
    const signed = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(signed), { key, dsaEncoding: 'ieee-p1363' });
    return `${signed}.${base64url(signature)}`;
  };
  const expected = options.user ? `Basic ${Buffer.from(`${options.user.username}:${options.user.password}`).toString('base64')}` : undefined;
  const answer = (response: ServerResponse, status: number, document: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(document));
  };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://token');
    const basic = (request.headers.authorization ?? '').startsWith('Basic ');
    if (request.method === 'POST') {
      void body(request).then((text) => {
        const form = new URLSearchParams(text);
        const scopes = form.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
        requests.push({ method: 'POST', scopes, basic, grant: form.get('grant_type') ?? '' });
        const refresh = options.identityToken !== undefined && form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === options.identityToken;
        const user = options.user;
        const password = passwordGrant && user !== undefined && form.get('grant_type') === 'password' && form.get('username') === user.username && form.get('password') === user.password;
        const good = refresh || password;
        if (!good) answer(response, 401, { errors: [{ code: 'UNAUTHORIZED' }] });
        else answer(response, 200, { access_token: mint(scopes), expires_in: 300 });
      });
      return;
    }
    const scopes = url.searchParams.getAll('scope');
    requests.push({ method: request.method ?? 'GET', scopes, basic });
    if (expected !== undefined && request.headers.authorization !== expected) answer(response, 401, { errors: [{ code: 'UNAUTHORIZED' }] });
    else answer(response, 200, { token: mint(scopes), expires_in: 300 });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    rootCertBundle: ca.certPath,
    requests,
    mint,
    acceptPasswordGrant: (on) => {
      passwordGrant = on;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
