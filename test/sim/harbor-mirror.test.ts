import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readRegistryConfig, resolvePullPlan } from '../../src/host/index.js';
import { probePull } from '../../src/probes/index.js';
import type { PullStep } from '../../src/schema/index.js';
import { parseSiteSpec, startSite, type SimSite, type SiteSpecInput } from '../../src/sim/index.js';
import { synthesiseImage } from '../../src/sim/registry-images.js';

// An air-gapped site's Harbor and the node's containerd configuration that points at it, as the
// simulator plays them: the files are read back by netreq's own reader, the pulls made by its probe.

const sites: SimSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

const CA = 'Corp Root CA';
const CA_FILE = '/etc/containerd/certs.d/nvcr.io/corp-root-ca.crt';

function harborSite(validity: 'good' | 'expired' = 'good'): SiteSpecInput {
  return {
    hosts: { 'harbor.corp.example': { dns: { addresses: ['10.20.0.40'] }, ports: { 443: { tls: { issuedBy: CA, validity } } } } },
    registries: { 'harbor.corp.example': { harbor: { proxyCache: { nvcr: 'nvcr.io', dockerhub: 'docker.io' } } } },
    runtime: {
      containerd: {
        registries: {
          'nvcr.io': { server: 'https://nvcr.io', mirrors: [{ url: 'https://harbor.corp.example/v2/nvcr', overridePath: true, ca: CA }] },
          'docker.io': { mirrors: [{ url: 'https://harbor.corp.example/v2/dockerhub', overridePath: true, ca: CA }] },
          'registry.corp.example:5000': { mirrors: [{ url: 'https://harbor.corp.example' }] },
        },
      },
    },
  };
}

async function site(spec: SiteSpecInput): Promise<SimSite> {
  const started = await startSite(spec);
  sites.push(started);
  return started;
}

function pullFromHarbor(s: SimSite, apiPath: string, repository: string, reference: string, hostCaPems: readonly string[]): Promise<PullStep> {
  return probePull({ network: s.network, host: 'harbor.corp.example', port: 443, apiPath, repository, reference, hostCaPems, timeoutMs: 5_000, progressMs: 2_000, signal: new AbortController().signal });
}

const hops = (step: PullStep): string[] => step.evidence.hops.map((h) => `${h.purpose} ${h.method} ${new URL(h.url).pathname} ${h.status ?? h.outcome}`);

describe('mirrors 2: the simulated node pulls through a Harbor mirror its containerd configuration names', () => {
  it("mirrors 2: runtime.containerd.registries is config.toml's config_path and a hosts.toml per registry, which netreq's reader reads as containerd would, with no issue", async () => {
    const s = await site(harborSite());
    const root = s.systemRoot ?? '';
    expect(readFileSync(join(root, 'etc/containerd/config.toml'), 'utf8')).toContain('config_path = "/etc/containerd/certs.d"');
    const config = readRegistryConfig(root);
    expect(config.issues).toEqual([]);
    const nvcr = resolvePullPlan(config, 'nvcr.io', { operation: 'pull' }).hosts;
    // The mirror first (its path kept as the API prefix, its CA), then the server containerd falls back to.
    expect(nvcr.map((h) => [h.role, h.url.host, h.url.path, h.caFiles])).toEqual([
      ['mirror', 'harbor.corp.example', '/v2/nvcr', [CA_FILE]],
      ['server', 'nvcr.io', '/v2', []],
    ]);
    expect(readFileSync(join(root, CA_FILE), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    // Docker Hub's folder is docker.io; with no server written, containerd falls back to registry-1.docker.io.
    const hub = resolvePullPlan(config, 'registry-1.docker.io', { operation: 'pull' }).hosts;
    expect(hub.map((h) => `${h.role} ${h.url.host}${h.url.path}`)).toEqual(['mirror harbor.corp.example/v2/dockerhub', 'server registry-1.docker.io/v2']);
    // A registry with a port is containerd's folder host_port_, read back as host:port.
    const own = resolvePullPlan(config, 'registry.corp.example:5000', { operation: 'pull' }).hosts;
    expect(existsSync(join(root, 'etc/containerd/certs.d/registry.corp.example_5000_/hosts.toml'))).toBe(true);
    expect(own.map((h) => `${h.role} ${h.url.host}${h.url.port === undefined ? '' : `:${h.url.port}`}${h.url.path}`)).toEqual(['mirror harbor.corp.example/v2', 'server registry.corp.example:5000/v2']);
    // No proxy drop-in is written when the spec gives no environment.
    expect(existsSync(join(root, 'etc/systemd/system/containerd.service.d/http-proxy.conf'))).toBe(false);
  });

  it("mirrors 2: the Harbor serves each proxy-cache project's images with the upstream's digests, a token from /service/token, trusted only with the hosts.toml CA", async () => {
    const s = await site(harborSite());
    const ca = readFileSync(join(s.systemRoot ?? '', CA_FILE), 'utf8');
    const step = await pullFromHarbor(s, '/v2/nvcr', 'nvidia/k8s-device-plugin', 'v0.17.1', [ca]);
    expect(step.ok, JSON.stringify(step.evidence.hops)).toBe(true);
    expect(hops(step).slice(0, 3)).toEqual(['ping GET /v2/nvcr/ 401', 'token GET /service/token 200', 'manifest-head HEAD /v2/nvcr/nvidia/k8s-device-plugin/manifests/v0.17.1 200']);
    const manifest = step.evidence.hops.find((h) => h.purpose === 'manifest');
    expect(manifest?.headers['docker-content-digest']).toBe(synthesiseImage('nvcr.io', 'nvidia/k8s-device-plugin', 'v0.17.1').index.digest);
    expect(step.evidence.layer?.verified).toBe(true);
    // Docker Hub's image under the dockerhub project.
    expect((await pullFromHarbor(s, '/v2/dockerhub', 'library/hello-world', 'latest', [ca])).ok).toBe(true);
    // The site's CA is not in the node's store: without the hosts.toml CA the handshake is refused.
    const untrusted = await pullFromHarbor(s, '/v2/nvcr', 'nvidia/k8s-device-plugin', 'v0.17.1', []);
    expect(untrusted.evidence.hops.map((h) => h.outcome)).toEqual(['tls-error']);
  });

  it('mirrors 2: an image the upstream does not have is not in its proxy cache either (MANIFEST_UNKNOWN)', async () => {
    const s = await site(harborSite());
    const ca = readFileSync(join(s.systemRoot ?? '', CA_FILE), 'utf8');
    const step = await pullFromHarbor(s, '/v2/nvcr', 'nvidia/no-such-image', 'v1', [ca]);
    expect(step.outcome).toBe('manifest-unknown');
  });

  it("mirrors 2: the Harbor's expired certificate fails the handshake even with the CA the hosts.toml names", async () => {
    const s = await site(harborSite('expired'));
    const ca = readFileSync(join(s.systemRoot ?? '', CA_FILE), 'utf8');
    const step = await pullFromHarbor(s, '/v2/nvcr', 'nvidia/k8s-device-plugin', 'v0.17.1', [ca]);
    expect(step.evidence.hops.map((h) => `${h.outcome} ${h.code ?? ''}`)).toEqual(['tls-error CERT_HAS_EXPIRED']);
  });

  it('mirrors 2: a bad runtime registry or Harbor entry is an error naming its path and what was expected', () => {
    const parsed = parseSiteSpec({
      registries: { 'harbor.corp.example': { harbor: { proxyCache: { DockerHub: 'docker.io', nvcr: 'https://nvcr.io' } } } },
      runtime: { containerd: { registries: { 'nvcr.io': { mirrors: [{ url: 'harbor.corp.example/v2/nvcr' }, { url: 'https://harbor.corp.example/v2/x', ca: 'a "quoted" CA' }] } } } },
    });
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^registries\.harbor\.corp\.example\.harbor\.proxyCache\.DockerHub: .*Harbor project name/),
        expect.stringMatching(/^registries\.harbor\.corp\.example\.harbor\.proxyCache\.nvcr: .*docker\.io or nvcr\.io/),
        expect.stringMatching(/^runtime\.containerd\.registries\.nvcr\.io\.mirrors\.0\.url: .*https:\/\/harbor/),
        expect.stringMatching(/^runtime\.containerd\.registries\.nvcr\.io\.mirrors\.1\.ca: .*without quotes/),
      ]),
    );
  });
});
