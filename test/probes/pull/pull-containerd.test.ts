import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Network } from '../../../src/net/index.js';
import { startContainerd, type Containerd } from '../../harness/containerd.js';
import { describeWithDeps } from '../../harness/deps.js';
import { REGISTRY_BIN, startRegistry, type Registry } from '../../harness/registry.js';
import { pushImage, pushIndex } from '../../harness/registry-push.js';
import { startTokenServer, type TokenServer } from '../../harness/token-server.js';
import { pullFrom, realNetwork } from './pull-fixture.js';

const USER = { username: 'puller', password: 'pull-secret-4711' };

// The probe is held against the consumer it imitates: containerd's own fetch of the same images
// from the same registries (`ctr content fetch`: the manifest, the platform's, config and layers).
describeWithDeps('follow-the-pull 7: containerd and the pull probe agree on the same registry', [REGISTRY_BIN, 'containerd', 'ctr'], () => {
  let folder: string;
  let tokens: TokenServer;
  let open: Registry;
  let closed: Registry;
  let containerd: Containerd;
  let network: Network;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'netreq-agree-'));
    tokens = await startTokenServer({ dir: folder, user: USER });
    open = await startRegistry();
    closed = await startRegistry({ tokenAuth: { realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.rootCertBundle } });
    containerd = await startContainerd();
    network = realNetwork();
    const amd64 = await pushImage(open.url, 'netreq/app', { layerSizes: [3000, 1000 * 1024] });
    const arm64 = await pushImage(open.url, 'netreq/app', { layerSizes: [2000], architecture: 'arm64' });
    await pushIndex(open.url, 'netreq/app', 'multi', [{ image: amd64, architecture: 'amd64' }, { image: arm64, architecture: 'arm64' }]);
    const corrupt = await pushImage(open.url, 'netreq/corrupt', { layerSizes: [2500, 5000], tag: 'v1' });
    writeFileSync(open.blobFile(corrupt.layers[0]?.digest ?? ''), randomBytes(2500));
    await pushImage(closed.url, 'netreq/private', { layerSizes: [1200], tag: 'v1', authorization: `Bearer ${tokens.mint(['repository:netreq/private:pull,push'])}` });
  }, 40_000);
  afterAll(async () => {
    await containerd?.stop();
    await open?.stop();
    await closed?.stop();
    await tokens?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  const fetchWithCtr = (registry: Registry, image: string, extra: readonly string[] = []) =>
    containerd.ctr(['content', 'fetch', '--plain-http', '--platform', 'linux/amd64', ...extra, `127.0.0.1:${registry.port}/${image}`], 30_000);

  it.each([
    ['an index resolved to linux/amd64', 'netreq/app', 'multi', 0, 'pulled'],
    ['a tag the repository lacks', 'netreq/app', 'missing', 1, 'manifest-unknown'],
    ['a layer whose bytes are not its digest', 'netreq/corrupt', 'v1', 1, 'digest-mismatch'],
  ])('follow-the-pull 7: %s', async (_name, repository, tag, ctrExit, outcome) => {
    const ctr = await fetchWithCtr(open, `${repository}:${tag}`);
    expect({ code: ctr.code === 0 ? 0 : 1, output: ctr.stderr }).toMatchObject({ code: ctrExit });
    const step = await pullFrom(network, open, repository, tag);
    expect(step.outcome).toBe(outcome);
  });

  it('follow-the-pull 7: a token realm: both pull with a username and password, neither without', async () => {
    const anonymous = await fetchWithCtr(closed, 'netreq/private:v1');
    expect(anonymous.code).not.toBe(0);
    expect((await pullFrom(network, closed, 'netreq/private', 'v1')).outcome).toBe('auth-required');
    const shape = (from: number) => tokens.requests.slice(from, from + 2).map(({ method, grant, basic }) => ({ method, grant, basic }));
    const beforeCtr = tokens.requests.length;
    const withUser = await fetchWithCtr(closed, 'netreq/private:v1', ['--user', `${USER.username}:${USER.password}`]);
    expect({ code: withUser.code, stderr: withUser.stderr }).toMatchObject({ code: 0 });
    const beforeProbe = tokens.requests.length;
    expect((await pullFrom(network, closed, 'netreq/private', 'v1', { credentials: USER })).outcome).toBe('pulled');
    // The same questions of the realm: the OAuth password grant, refused, then a GET with Basic.
    expect(shape(beforeProbe)).toEqual(shape(beforeCtr));
    expect(shape(beforeProbe)).toEqual([{ method: 'POST', grant: 'password', basic: false }, { method: 'GET', grant: undefined, basic: true }]);
  });
});
