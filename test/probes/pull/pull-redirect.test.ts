import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Network } from '../../../src/net/index.js';
import { SIGNATURE, startBlobServer, type BlobServer } from '../../harness/blob-server.js';
import { describeWithRegistry, startRegistry, type Registry } from '../../harness/registry.js';
import { pushImage, type PushedImage } from '../../harness/registry-push.js';
import { startTokenServer, type TokenServer } from '../../harness/token-server.js';
import { observationText, pullFrom, purposes, realNetwork } from './pull-fixture.js';

// distribution's `redirect` storage middleware sends every blob GET to another host (here a Node
// server reading the registry's storage folder, which then redirects once more to a signed URL, as
// an object store does); the registry itself asks for a token, so its requests carry Authorization.
describeWithRegistry('follow-the-pull 1: blobs redirected to another host (distribution redirect middleware)', () => {
  let folder: string;
  let tokens: TokenServer;
  let blobs: BlobServer;
  let registry: Registry;
  let network: Network;
  let image: PushedImage;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'netreq-redirect-'));
    tokens = await startTokenServer({ dir: folder });
    blobs = await startBlobServer({ root: () => registry.root, signedRedirect: true, stallAfterBytes: 100 });
    registry = await startRegistry({
      redirectBaseUrl: blobs.url,
      tokenAuth: { realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.rootCertBundle },
    });
    network = realNetwork();
    image = await pushImage(registry.url, 'netreq/cdn', { layerSizes: [3000, 9000], tag: 'v1', authorization: `Bearer ${tokens.mint(['repository:netreq/cdn:pull,push'])}` });
  });
  afterEach(() => blobs.setStall(undefined));
  afterAll(async () => {
    await registry?.stop();
    await blobs?.close();
    await tokens?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const layerHex = (): string => (image.layers[0]?.digest ?? '').replace('sha256:', '');

  it('follow-the-pull 1: every redirect is followed and recorded, the layer host is discovered, Authorization stays with the registry', async () => {
    const step = await pullFrom(network, registry, 'netreq/cdn', 'v1');
    expect(step).toMatchObject({ ok: true, outcome: 'pulled' });
    expect(purposes(step)).toEqual(['ping', 'token', 'manifest-head', 'manifest', 'config', 'redirect', 'redirect', 'layer', 'redirect', 'redirect']);
    const [layer, first, signed] = step.evidence.hops.slice(7);
    expect(layer).toMatchObject({ status: 307, credential: 'bearer', redirectedTo: expect.stringContaining(`http://127.0.0.1:${blobs.port}/docker/registry/v2/blobs/sha256/`) });
    expect(layer?.headers['location-host']).toBe(`127.0.0.1:${blobs.port}`);
    expect(first).toMatchObject({ port: blobs.port, status: 302 });
    expect(first).not.toHaveProperty('credential');
    expect(signed).toMatchObject({ port: blobs.port, status: 200, queryStripped: true, bytes: 3000 });
    expect(signed?.url).not.toContain('?');
    expect(step.evidence.layer).toEqual({ digest: image.layers[0]?.digest, size: 3000, bytesRead: 3000, verified: true });
    expect(step.evidence.discoveredHosts).toEqual([`127.0.0.1:${tokens.port}`, `127.0.0.1:${blobs.port}`]);
    expect(blobs.requests.length).toBeGreaterThan(0);
    expect(blobs.requests.every((request) => !request.authorization)).toBe(true);
    expect(observationText(step)).not.toContain(SIGNATURE);
  });

  it('follow-the-pull 1: a layer host that sends headers and a few bytes, then nothing, is stalled within the progress deadline', async () => {
    blobs.setStall((path) => path.includes(layerHex()));
    const started = performance.now();
    const step = await pullFrom(network, registry, 'netreq/cdn', 'v1', { progressMs: 300 });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(step).toMatchObject({ ok: false, outcome: 'stalled' });
    expect(step.evidence.hops.at(-1)).toMatchObject({ purpose: 'redirect', status: 200, outcome: 'stalled', bytes: 100 });
    expect(step.evidence.layer).toEqual({ digest: image.layers[0]?.digest, size: 3000, bytesRead: 100 });
  });

  it('follow-the-pull 1: the abort signal ends a pull promptly, mid-layer', async () => {
    blobs.setStall((path) => path.includes(layerHex()));
    const controller = new AbortController();
    // Aborted once the layer host has started its stalled answer, however long a loaded machine takes to get there.
    let abortedAt = Number.NaN;
    const watch = setInterval(() => {
      if (!blobs.requests.some((r) => r.path.includes(layerHex()))) return;
      clearInterval(watch);
      setTimeout(() => {
        abortedAt = performance.now();
        controller.abort();
      }, 100);
    }, 10);
    const step = await pullFrom(network, registry, 'netreq/cdn', 'v1', { progressMs: 8000, signal: controller.signal }).finally(() => clearInterval(watch));
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(step).toMatchObject({ ok: false, outcome: 'aborted' });
    expect(step.evidence.hops.at(-1)).toMatchObject({ outcome: 'aborted', bytes: 100 });
  });

  it('follow-the-pull 1: the step deadline ends a pull that makes no progress, as a timeout', async () => {
    blobs.setStall((path) => path.includes(layerHex()));
    const step = await pullFrom(network, registry, 'netreq/cdn', 'v1', { progressMs: 8000, timeoutMs: 800 });
    expect(step).toMatchObject({ ok: false, outcome: 'timeout' });
    expect(step.ms).toBeLessThan(1500);
  });
});
