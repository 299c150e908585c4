import { afterEach, describe, expect, it } from 'vitest';
import { probePull, type PullCredentials } from '../../src/probes/index.js';
import type { PullStep } from '../../src/schema/index.js';
import { SiteSpec, startScenarioSite, startSite, type SimSite, type SiteSpecInput } from '../../src/sim/index.js';
import { topologyFromFlags } from '../../src/topology/index.js';
import { catalogProbeImages } from '../../src/sim/registry-catalog.js';
import { synthesiseImage } from '../../src/sim/registry-images.js';
import { viaProxy } from './proxied-network.js';

// containerd's pull (the pull probe) against the simulated registries, over the site's Network.

const sites: SimSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

async function site(spec: SiteSpecInput): Promise<SimSite> {
  const started = await startSite(spec);
  sites.push(started);
  return started;
}

interface Pull {
  readonly registry: string;
  readonly repository: string;
  readonly reference: string;
  readonly credentials?: PullCredentials;
  readonly progressMs?: number;
  readonly timeoutMs?: number;
}

function pull(s: SimSite, image: Pull, network = s.network): Promise<PullStep> {
  return probePull({
    network,
    host: image.registry,
    port: 443,
    repository: image.repository,
    reference: image.reference,
    timeoutMs: image.timeoutMs ?? 5_000,
    progressMs: image.progressMs ?? 2_000,
    signal: new AbortController().signal,
    ...(image.credentials === undefined ? {} : { credentials: image.credentials }),
  });
}

const JFROG_LOGIN = { user: 'runai-customer', password: 'sim-password-1' };
const hops = (step: PullStep): string[] => step.evidence.hops.map((h) => `${h.purpose} ${h.method} ${h.host} ${h.status ?? h.outcome}`);

describe('follow-the-pull 8: simulated registries answer a pull as the real ones do', () => {
  it('follow-the-pull 8: every catalog probe image is pulled from a healthy site, the layer read whole and its digest checked', async () => {
    const s = await site({ registries: { 'runai.jfrog.io': { credentials: JFROG_LOGIN } } });
    const images = catalogProbeImages();
    expect(images.map((i) => `${i.registry}/${i.repository}:${i.tag}`)).toEqual(
      expect.arrayContaining([
        'registry.k8s.io/pause:3.10',
        'registry-1.docker.io/library/hello-world:latest',
        'quay.io/prometheus/busybox:latest',
        'gcr.io/distroless/static-debian12:nonroot',
        'nvcr.io/nvidia/k8s-device-plugin:v0.17.1',
        'mcr.microsoft.com/oss/kubernetes/pause:3.6',
        'us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0',
        'runai.jfrog.io/demo/quickstart:latest',
        'linuxgeneva-microsoft.azurecr.io/genevamdm:master_20220401.1',
      ]),
    );
    for (const image of images) {
      const credentials = image.registry === 'runai.jfrog.io' ? { username: JFROG_LOGIN.user, password: JFROG_LOGIN.password } : undefined;
      const step = await pull(s, { registry: image.registry, repository: image.repository, reference: image.tag, ...(credentials ? { credentials } : {}) });
      expect({ image: step.evidence.image, outcome: step.outcome, code: step.code }).toEqual({ image: step.evidence.image, outcome: 'pulled', code: undefined });
      const amd64 = synthesiseImage(image.registry, image.repository, image.tag);
      // The tag's manifest (after registry.k8s.io's redirect) is the synthesised index.
      expect(step.evidence.hops.filter((h) => h.method === 'GET' && h.headers['docker-content-digest'] === amd64.index.digest)).toHaveLength(1);
      expect(amd64.blobs.has(step.evidence.layer?.digest ?? '')).toBe(true);
      expect(step.evidence.layer?.verified).toBe(true);
    }
  });

  it("follow-the-pull 8: each registry's realm and layer host are the real ones (Docker Hub, Quay, registry.k8s.io, MCR, ACR)", async () => {
    const s = await site({});
    const docker = await pull(s, { registry: 'registry-1.docker.io', repository: 'library/hello-world', reference: 'latest' });
    expect(docker.evidence.discoveredHosts).toEqual(['auth.docker.io:443', 'production.cloudflare.docker.com:443']);
    expect(hops(docker)).toEqual([
      'ping GET registry-1.docker.io 401',
      'token GET auth.docker.io 200',
      'manifest-head HEAD registry-1.docker.io 200',
      'manifest GET registry-1.docker.io 200',
      'platform-manifest GET registry-1.docker.io 200',
      'config GET registry-1.docker.io 307',
      'redirect GET production.cloudflare.docker.com 200',
      'layer GET registry-1.docker.io 307',
      'redirect GET production.cloudflare.docker.com 200',
    ]);
    const quay = await pull(s, { registry: 'quay.io', repository: 'prometheus/busybox', reference: 'latest' });
    expect(quay.evidence.discoveredHosts).toEqual(['cdn01.quay.io:443']);
    const k8s = await pull(s, { registry: 'registry.k8s.io', repository: 'pause', reference: '3.10' });
    expect(k8s.outcome).toBe('pulled');
    expect(hops(k8s).slice(0, 3)).toEqual(['ping GET registry.k8s.io 200', 'manifest-head HEAD registry.k8s.io 307', 'redirect HEAD us-west1-docker.pkg.dev 200']);
    expect(k8s.evidence.discoveredHosts).toEqual(['us-west1-docker.pkg.dev:443']);
    const mcr = await pull(s, { registry: 'mcr.microsoft.com', repository: 'oss/kubernetes/pause', reference: '3.6' });
    expect(mcr.evidence.discoveredHosts).toEqual(['westus.data.mcr.microsoft.com:443']);
    const acr = await pull(s, { registry: 'linuxgeneva-microsoft.azurecr.io', repository: 'genevamdm', reference: 'master_20220401.1' });
    expect(acr.evidence.discoveredHosts).toEqual(['simacrprodstore01.blob.core.windows.net:443']);
  });

  it('follow-the-pull 8: an image the registry does not have is 404 MANIFEST_UNKNOWN, as is one the spec marks missing', async () => {
    const s = await site({ registries: { 'registry.k8s.io': { missing: ['pause:3.10'] } } });
    // containerd's HEAD comes first: a 404 with no body (HTTP_404); the GET's body is distribution's error.
    const unknown = await pull(s, { registry: 'quay.io', repository: 'prometheus/no-such-image', reference: 'latest' });
    expect([unknown.outcome, unknown.code]).toEqual(['manifest-unknown', 'HTTP_404']);
    expect(unknown.evidence.hops.at(-1)).toMatchObject({ purpose: 'manifest-head', status: 404 });
    const missing = await pull(s, { registry: 'registry.k8s.io', repository: 'pause', reference: '3.10' });
    expect(missing.outcome).toBe('manifest-unknown');
    expect(missing.evidence.hops.at(-1)).toMatchObject({ host: 'us-west1-docker.pkg.dev', status: 404 });
  });

  it('follow-the-pull 8: a registry that needs a login refuses an anonymous token, and takes the right credentials', async () => {
    const s = await site({ registries: { 'quay.io': { credentials: { user: 'robot', password: 'sim-robot-pass' } } } });
    const jfrog = await pull(s, { registry: 'runai.jfrog.io', repository: 'demo/quickstart', reference: 'latest' });
    expect([jfrog.outcome, jfrog.code, jfrog.evidence.hops.at(-1)?.purpose]).toEqual(['auth-required', 'UNAUTHORIZED', 'token']);
    const anonymous = await pull(s, { registry: 'quay.io', repository: 'prometheus/busybox', reference: 'latest' });
    expect(anonymous.outcome).toBe('auth-required');
    const wrong = await pull(s, { registry: 'quay.io', repository: 'prometheus/busybox', reference: 'latest', credentials: { username: 'robot', password: 'wrong' } });
    expect([wrong.outcome, wrong.evidence.sentCredentials]).toEqual(['auth-required', true]);
    const right = await pull(s, { registry: 'quay.io', repository: 'prometheus/busybox', reference: 'latest', credentials: { username: 'robot', password: 'sim-robot-pass' } });
    expect(right.outcome).toBe('pulled');
  });
});

describe("follow-the-pull 8: a scenario's own images", () => {
  it("follow-the-pull 8: the topology's images (--image) are served by the scenario's registries, unless the spec marks them missing", async () => {
    const spec = SiteSpec.parse({ registries: { 'contosomlacr.azurecr.io': { missing: ['train/base:2'] } } });
    const topology = topologyFromFlags({}, { products: ['azureml-arc'], roles: ['k8s-node'], images: ['contosomlacr.azurecr.io/train/base:1', 'contosomlacr.azurecr.io/train/base:2'] });
    const { site: s } = await startScenarioSite(spec, topology);
    sites.push(s);
    const one = await pull(s, { registry: 'contosomlacr.azurecr.io', repository: 'train/base', reference: '1' });
    expect(one.outcome).toBe('pulled');
    expect(one.evidence.discoveredHosts).toEqual(['simacrprodstore01.blob.core.windows.net:443']);
    const two = await pull(s, { registry: 'contosomlacr.azurecr.io', repository: 'train/base', reference: '2' });
    expect(two.outcome).toBe('manifest-unknown');
  });
});

describe('follow-the-pull 8: the faults of a pull', () => {
  it('follow-the-pull 8: a layer host that refuses: the manifest comes, the blob redirect does not connect', async () => {
    const s = await site({ hosts: { 'production.cloudflare.docker.com': { ports: { 443: 'refused' } } } });
    const step = await pull(s, { registry: 'registry-1.docker.io', repository: 'library/hello-world', reference: 'latest' });
    expect(step.outcome).toBe('refused');
    expect(step.evidence.hops.at(-1)).toMatchObject({ purpose: 'redirect', host: 'production.cloudflare.docker.com', outcome: 'refused' });
    expect(step.evidence.hops.at(-2)).toMatchObject({ purpose: 'config', status: 307 });
  });

  it('follow-the-pull 8: a layer redirect to a host no rule lists, which the site drops', async () => {
    const s = await site({
      registries: { 'registry-1.docker.io': { layerHost: 'production.cloudfront.docker.com' } },
      hosts: { 'production.cloudfront.docker.com': { ports: { 443: 'silent' } } },
    });
    const step = await pull(s, { registry: 'registry-1.docker.io', repository: 'library/hello-world', reference: 'latest', timeoutMs: 1_500 });
    expect(step.outcome).toBe('timeout');
    expect(step.evidence.discoveredHosts).toEqual(['auth.docker.io:443', 'production.cloudfront.docker.com:443']);
    expect(step.evidence.hops.at(-1)).toMatchObject({ purpose: 'redirect', host: 'production.cloudfront.docker.com', outcome: 'timeout' });
  });

  it("follow-the-pull 8: through a proxy whose allowlist lacks the layer host: the tunnel to it is refused 403, the registry's passes", async () => {
    const s = await site({
      registries: { 'registry-1.docker.io': { layerHost: 'production.cloudfront.docker.com' } },
      proxy: { mode: 'deny', allow: ['registry-1.docker.io', 'auth.docker.io', 'production.cloudflare.docker.com'] },
    });
    const step = await pull(s, { registry: 'registry-1.docker.io', repository: 'library/hello-world', reference: 'latest' }, viaProxy(s.network, s.proxyEndpoint ?? ''));
    expect([step.outcome, step.code]).toEqual(['error', 'PROXY_403']);
    expect(step.evidence.hops.at(-1)).toMatchObject({ purpose: 'redirect', host: 'production.cloudfront.docker.com', code: 'PROXY_403' });
    expect(s.proxyRequests().map((r) => `${r.host} ${r.status}`)).toEqual(expect.arrayContaining(['registry-1.docker.io 200', 'auth.docker.io 200', 'production.cloudfront.docker.com 403']));
  });

  it("follow-the-pull 8: a bumping proxy's URL filter on blob paths: the registry's API passes, its first blob is the proxy's 403", async () => {
    const s = await site({ proxy: { mode: 'intercept', denyPaths: ['/v2/*/blobs/*'] }, trustInterceptCa: true });
    const step = await pull(s, { registry: 'quay.io', repository: 'prometheus/busybox', reference: 'latest' }, viaProxy(s.network, s.proxyEndpoint ?? ''));
    expect([step.outcome, step.code]).toEqual(['auth-required', 'HTTP_403']);
    expect(hops(step).at(-1)).toBe('config GET quay.io 403');
    expect(step.evidence.hops.at(-1)?.headers['content-type']).toMatch(/text\/html/);
  });

  it("follow-the-pull 8: a web filter's block page on the blob paths while /v2/ and the manifests pass", async () => {
    const s = await site({ hosts: { 'quay.io': { ports: { 443: { http: { paths: { '/v2/*/blobs/*': 'block-page' } } } } } } });
    const step = await pull(s, { registry: 'quay.io', repository: 'prometheus/busybox', reference: 'latest' });
    expect([step.outcome, step.code]).toEqual(['auth-required', 'HTTP_403']);
    expect(hops(step)).toEqual([
      'ping GET quay.io 401',
      'token GET quay.io 200',
      'manifest-head HEAD quay.io 200',
      'manifest GET quay.io 200',
      'platform-manifest GET quay.io 200',
      'config GET quay.io 403',
    ]);
    expect(step.evidence.hops.at(-1)?.headers['content-type']).toMatch(/text\/html/);
  });

  it('follow-the-pull 8: a stalled layer: headers and a few bytes, then silence, ended by the progress deadline', async () => {
    const s = await site({ registries: { 'registry-1.docker.io': { stallLayer: { afterBytes: 300 } } } });
    const started = performance.now();
    const step = await pull(s, { registry: 'registry-1.docker.io', repository: 'library/hello-world', reference: 'latest', progressMs: 400, timeoutMs: 10_000 });
    const took = performance.now() - started;
    expect(step.outcome).toBe('stalled');
    expect(step.evidence.hops.at(-1)).toMatchObject({ purpose: 'redirect', host: 'production.cloudflare.docker.com', status: 200, bytes: 300, outcome: 'stalled' });
    expect(step.evidence.layer).toMatchObject({ bytesRead: 300 });
    expect(took).toBeLessThan(5_000);
  });

  it('follow-the-pull 8: a stall at registry.k8s.io is its upstream\'s: the Artifact Registry download stalls', async () => {
    const s = await site({ registries: { 'registry.k8s.io': { stallLayer: { afterBytes: 100 } } } });
    const step = await pull(s, { registry: 'registry.k8s.io', repository: 'pause', reference: '3.10', progressMs: 300 });
    expect(step.outcome).toBe('stalled');
    expect(step.evidence.hops.at(-1)).toMatchObject({ host: 'us-west1-docker.pkg.dev', bytes: 100 });
  });
});
