import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Network } from '../../../src/net/index.js';
import { StepResult } from '../../../src/schema/index.js';
import { describeWithRegistry, startRegistry, type Registry } from '../../harness/registry.js';
import { pushImage, pushIndex, type PushedImage } from '../../harness/registry-push.js';
import { pullFrom, purposes, realNetwork } from './pull-fixture.js';

const KB = 1024;

describeWithRegistry('follow-the-pull 1: the pull probe against a real registry (docker-registry 2.8)', () => {
  let registry: Registry;
  let network: Network;
  let amd64: PushedImage;
  let arm64: PushedImage;
  let big: PushedImage;
  let corrupt: PushedImage;

  beforeAll(async () => {
    registry = await startRegistry();
    network = realNetwork();
    amd64 = await pushImage(registry.url, 'netreq/app', { layerSizes: [3 * KB, 5 * KB, 1000 * KB], tag: 'single' });
    arm64 = await pushImage(registry.url, 'netreq/app', { layerSizes: [4 * KB, 2 * KB], architecture: 'arm64' });
    await pushIndex(registry.url, 'netreq/app', 'multi', [{ image: amd64, architecture: 'amd64' }, { image: arm64, architecture: 'arm64' }]);
    big = await pushImage(registry.url, 'netreq/big', { layerSizes: [1000 * KB], tag: 'v1' });
    corrupt = await pushImage(registry.url, 'netreq/corrupt', { layerSizes: [3 * KB + 7, 6 * KB], tag: 'v1' });
    // Same length, other bytes: the registry serves it under the old digest.
    writeFileSync(registry.blobFile(corrupt.layers[0]?.digest ?? ''), randomBytes(3 * KB + 7));
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('follow-the-pull 1: an anonymous pull goes /v2/, manifest HEAD and GET, config, the smallest layer read whole and verified', async () => {
    const step = await pullFrom(network, registry, 'netreq/app', 'single');
    expect(StepResult.parse(step)).toEqual(step);
    expect(step).toMatchObject({ step: 'pull', ok: true, outcome: 'pulled' });
    expect(purposes(step)).toEqual(['ping', 'manifest-head', 'manifest', 'config', 'layer']);
    expect(step.evidence.hops.map((hop) => hop.status)).toEqual([200, 200, 200, 200, 200]);
    expect(step.evidence.layer).toEqual({ digest: amd64.layers[0]?.digest, size: 3 * KB, bytesRead: 3 * KB, verified: true });
    const manifest = step.evidence.hops.find((hop) => hop.purpose === 'manifest');
    expect(manifest?.headers).toMatchObject({ 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': amd64.manifest.digest });
    expect(manifest).toMatchObject({ method: 'GET', host: '127.0.0.1', port: registry.port, address: '127.0.0.1', url: `http://127.0.0.1:${registry.port}/v2/netreq/app/manifests/single` });
    expect(step.evidence).toMatchObject({ image: `127.0.0.1:${registry.port}/netreq/app:single`, platform: 'linux/amd64', sentCredentials: false, discoveredHosts: [] });
  });

  it('follow-the-pull 1: a multi-platform index is resolved to linux/amd64 by default, to arm64 when asked', async () => {
    const step = await pullFrom(network, registry, 'netreq/app', 'multi');
    expect(step.outcome).toBe('pulled');
    expect(purposes(step)).toEqual(['ping', 'manifest-head', 'manifest', 'platform-manifest', 'config', 'layer']);
    expect(step.evidence.hops[2]?.headers['content-type']).toBe('application/vnd.oci.image.index.v1+json');
    expect(step.evidence.hops[3]?.url).toContain(amd64.manifest.digest);
    expect(step.evidence.layer?.digest).toBe(amd64.layers[0]?.digest);

    const arm = await pullFrom(network, registry, 'netreq/app', 'multi', { platform: 'linux/arm64' });
    expect(arm.outcome).toBe('pulled');
    expect(arm.evidence.hops[3]?.url).toContain(arm64.manifest.digest);
    expect(arm.evidence.layer).toMatchObject({ digest: arm64.layers[1]?.digest, size: 2 * KB, verified: true });

    const none = await pullFrom(network, registry, 'netreq/app', 'multi', { platform: 'linux/s390x' });
    expect(none).toMatchObject({ ok: false, outcome: 'platform-missing' });
  });

  it('follow-the-pull 1: a layer past the whole-read limit is read to its budget, unverified; under it, whole', async () => {
    const part = await pullFrom(network, registry, 'netreq/big', 'v1', { wholeLayerBytes: 512 * KB, partialLayerBytes: 256 * KB });
    expect(part.outcome).toBe('pulled');
    expect(part.evidence.layer).toEqual({ digest: big.layers[0]?.digest, size: 1000 * KB, bytesRead: 256 * KB });
    const whole = await pullFrom(network, registry, 'netreq/big', 'v1');
    expect(whole.evidence.layer).toMatchObject({ bytesRead: 1000 * KB, verified: true });
  });

  it('follow-the-pull 1: a blob whose bytes are not its digest is a digest-mismatch', async () => {
    const step = await pullFrom(network, registry, 'netreq/corrupt', 'v1');
    expect(step).toMatchObject({ ok: false, outcome: 'digest-mismatch', code: 'SHA256' });
    expect(step.evidence.layer).toEqual({ digest: corrupt.layers[0]?.digest, size: 3 * KB + 7, bytesRead: 3 * KB + 7, verified: false });
  });

  it('follow-the-pull 1: a tag the repository lacks is manifest-unknown, with the registry\'s own code', async () => {
    const step = await pullFrom(network, registry, 'netreq/app', 'missing');
    expect(step).toMatchObject({ ok: false, outcome: 'manifest-unknown' });
    expect(purposes(step)).toEqual(['ping', 'manifest-head']);
    expect(step.evidence.hops[1]?.status).toBe(404);
  });
});
