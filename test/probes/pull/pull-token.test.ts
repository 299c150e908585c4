import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Network } from '../../../src/net/index.js';
import { describeWithRegistry, startRegistry, type Registry } from '../../harness/registry.js';
import { pushImage, type PushedImage } from '../../harness/registry-push.js';
import { startTokenServer, type TokenServer } from '../../harness/token-server.js';
import { observationText, pullFrom, purposes, realNetwork } from './pull-fixture.js';

const USER = { username: 'puller', password: 'pull-secret-4711' };
const IDENTITY = 'identity-token-0815';

// distribution's own `auth: token`: the registry verifies the token server's ES256 JWTs against
// the token CA (`rootcertbundle`), so the realm, the challenge and the scope are the registry's.
describeWithRegistry('follow-the-pull 1: a registry behind a token realm (distribution auth: token)', () => {
  let folder: string;
  let tokens: TokenServer;
  let registry: Registry;
  let network: Network;
  let image: PushedImage;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'netreq-token-'));
    tokens = await startTokenServer({ dir: folder, user: USER, identityToken: IDENTITY });
    registry = await startRegistry({ tokenAuth: { realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.rootCertBundle } });
    network = realNetwork();
    const push = `Bearer ${tokens.mint(['repository:netreq/private:pull,push'])}`;
    image = await pushImage(registry.url, 'netreq/private', { layerSizes: [2048, 4096], tag: 'v1', authorization: push });
  });
  afterAll(async () => {
    await registry?.stop();
    await tokens?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const secrets = (): string[] => [USER.password, IDENTITY, Buffer.from(`${USER.username}:${USER.password}`).toString('base64'), 'eyJ'];

  it('follow-the-pull 1: with a username and password: the challenge, the OAuth POST, a GET with Basic when the realm refuses the POST, the pull with the token', async () => {
    const step = await pullFrom(network, registry, 'netreq/private', 'v1', { credentials: USER });
    expect(step).toMatchObject({ ok: true, outcome: 'pulled' });
    expect(purposes(step)).toEqual(['ping', 'token', 'token', 'manifest-head', 'manifest', 'config', 'layer']);
    const [ping, post, token, head] = step.evidence.hops;
    expect(ping).toMatchObject({ status: 401 });
    expect(ping?.headers['www-authenticate']).toContain(`realm="${tokens.realm}"`);
    expect(post).toMatchObject({ method: 'POST', port: tokens.port, status: 401, credential: 'password', url: tokens.realm });
    expect(token).toMatchObject({ method: 'GET', port: tokens.port, status: 200, credential: 'basic', url: tokens.realm, queryStripped: true });
    expect(head).toMatchObject({ credential: 'bearer', status: 200 });
    expect(step.evidence).toMatchObject({ sentCredentials: true, discoveredHosts: [`127.0.0.1:${tokens.port}`] });
    expect(step.evidence.layer).toMatchObject({ digest: image.layers[0]?.digest, verified: true });
    expect(tokens.requests.at(-1)).toMatchObject({ method: 'GET', basic: true, scopes: ['repository:netreq/private:pull'] });
    for (const secret of secrets()) expect(observationText(step)).not.toContain(secret);
  });

  it('follow-the-pull 1: a realm that takes the OAuth password grant gives the token at the POST, no GET after it', async () => {
    tokens.acceptPasswordGrant(true);
    try {
      const step = await pullFrom(network, registry, 'netreq/private', 'v1', { credentials: USER });
      expect(step.outcome).toBe('pulled');
      expect(purposes(step).slice(0, 3)).toEqual(['ping', 'token', 'manifest-head']);
      expect(step.evidence.hops[1]).toMatchObject({ method: 'POST', status: 200, credential: 'password' });
      for (const secret of secrets()) expect(observationText(step)).not.toContain(secret);
    } finally {
      tokens.acceptPasswordGrant(false);
    }
  });

  it('follow-the-pull 1: with an identity token: the OAuth POST containerd makes, never the token in the observation', async () => {
    const step = await pullFrom(network, registry, 'netreq/private', 'v1', { credentials: { identityToken: IDENTITY } });
    expect(step.outcome).toBe('pulled');
    expect(step.evidence.hops[1]).toMatchObject({ purpose: 'token', method: 'POST', credential: 'refresh-token', status: 200 });
    expect(tokens.requests.at(-1)).toMatchObject({ method: 'POST', grant: 'refresh_token' });
    for (const secret of secrets()) expect(observationText(step)).not.toContain(secret);
  });

  it('follow-the-pull 1: anonymous, or with a wrong password, the realm refuses: auth-required', async () => {
    const anonymous = await pullFrom(network, registry, 'netreq/private', 'v1');
    expect(anonymous).toMatchObject({ ok: false, outcome: 'auth-required', code: 'UNAUTHORIZED' });
    expect(anonymous.evidence.sentCredentials).toBe(false);
    expect(purposes(anonymous)).toEqual(['ping', 'token']);
    expect(anonymous.evidence.hops[1]).toMatchObject({ method: 'GET' });
    expect(anonymous.evidence.hops[1]).not.toHaveProperty('credential');
    const wrong = await pullFrom(network, registry, 'netreq/private', 'v1', { credentials: { username: USER.username, password: 'not-it' } });
    expect(wrong).toMatchObject({ ok: false, outcome: 'auth-required', code: 'UNAUTHORIZED' });
    expect(wrong.evidence.sentCredentials).toBe(true);
    expect(observationText(wrong)).not.toContain('not-it');
  });
});
