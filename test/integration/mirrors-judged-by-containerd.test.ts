// Issue 22's check, with real containerd as the judge: an air-gapped site (no internet, so
// registry-1.docker.io is closed by construction) whose containerd pulls docker.io through a
// mirror on loopback (a CNCF distribution registry with TLS). netreq reads the same system root's
// registry configuration through the engine; its verdict must be ctr's (pass ⇔ `ctr images pull`
// exits 0), and its finding must name the host and the cause.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadCatalog, type Catalog } from '../../src/catalog/index.js';
import { registryConfigServices } from '../../src/cli/execute-run.js';
import { checkSite } from '../../src/engine/index.js';
import { gatherEnvironment } from '../../src/host/index.js';
import { createNetwork, proxyFromEnv } from '../../src/net/index.js';
import type { Finding, Report } from '../../src/schema/index.js';
import { topologyFromFlags } from '../../src/topology/index.js';
import { createCa, issueCert, type TestCa } from '../harness/certs.js';
import { startContainerd, type Containerd } from '../harness/containerd.js';
import { describeWithDeps } from '../harness/deps.js';
import { pushRunnableImage } from '../harness/oci-image.js';
import { startPathProxy, type PathProxy } from '../harness/path-proxy.js';
import { execTracked, type ExecResult } from '../harness/proc.js';
import { REGISTRY_BIN, startRegistry, type Registry } from '../harness/registry.js';

const RULE = 'runai.prereqs.registry-1-docker-io';
const PROBE_IMAGE = 'docker.io/library/hello-world:latest';
const PRESENT = 'docker.io/library/busybox:1.36';
const ABSENT = 'docker.io/library/absent-from-mirror:1.0';
const CA_PATH = '/etc/containerd/certs.d/docker.io/ca.crt';
const CRI_CONFIG = 'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "/etc/containerd/certs.d"\n';

interface NetreqRun {
  readonly report: Report;
  /** Each checked target's finding by its plan key (`... mirror of docker.io` for the mirror). */
  readonly byKey: ReadonlyMap<string, Finding>;
}

describeWithDeps('mirrors 1: an air-gapped site pulling docker.io through a TLS mirror, judged by containerd', [REGISTRY_BIN, 'containerd', 'ctr', 'unshare', 'openssl'], () => {
  let folder: string;
  let ca: TestCa;
  let plain: Registry;
  let mirror: Registry;
  let harbor: PathProxy;
  let rootless: PathProxy;
  let containerd: Containerd;
  let catalog: Catalog;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'netreq-mirrors-'));
    ca = await createCa(folder, 'netreq mirror CA');
    const leaf = await issueCert(ca, folder, { commonName: 'mirror.netreq.test', ips: ['127.0.0.1'] });
    plain = await startRegistry();
    // The catalog's probe image for Docker Hub, and one site image; the other site image is left out.
    await pushRunnableImage(plain.url, 'library/hello-world', 'latest');
    await pushRunnableImage(plain.url, 'library/busybox', '1.36');
    // The same storage over HTTPS: the mirror the site's containerd names.
    mirror = await startRegistry({ root: plain.root, tls: { certificate: leaf.certPath, key: leaf.keyPath } });
    // A proxy cache's project path in front of the same registry (Harbor's /v2/dockerhub).
    harbor = await startPathProxy(plain.url, '/v2/dockerhub', { certificate: leaf.certPath, key: leaf.keyPath });
    rootless = await startPathProxy(plain.url, '/v2/dockerhub', { certificate: leaf.certPath, key: leaf.keyPath }, { apiRoot: false });
    containerd = await startContainerd();
    const full = loadCatalog();
    catalog = { ...full, rules: full.rules.filter((rule) => rule.id === RULE) };
    expect(catalog.rules).toHaveLength(1);
  }, 60_000);
  afterAll(async () => {
    await containerd?.stop();
    await mirror?.stop();
    await harbor?.close();
    await rootless?.close();
    await plain?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  const mirrorHost = (): string => `[host."https://127.0.0.1:${mirror.port}"]\n  capabilities = ["pull", "resolve"]\n`;

  /** A system root: containerd's CRI config naming certs.d, docker.io's hosts.toml, the mirror's CA beside it. */
  function systemRoot(name: string, hostsToml: string): string {
    const root = join(folder, name);
    const docker = join(root, 'etc/containerd/certs.d/docker.io');
    mkdirSync(docker, { recursive: true });
    writeFileSync(join(root, 'etc/containerd/config.toml'), CRI_CONFIG);
    writeFileSync(join(docker, 'hosts.toml'), hostsToml);
    writeFileSync(join(root, CA_PATH), ca.certPem);
    return root;
  }

  /**
   * `ctr images pull --hosts-dir` as the site's node runs it: in a mount namespace of its own where
   * the root's /etc/containerd is /etc/containerd, so the absolute `ca` path of hosts.toml is the
   * root's file (ctr reads the hosts folder and the CA on the client side). Bounded.
   */
  async function ctrPull(root: string, image: string): Promise<ExecResult> {
    const script = 'mount --bind "$0" /etc/containerd && exec ctr "$@"';
    const args = ['-a', containerd.address, '-n', 'netreq', 'images', 'pull', '--hosts-dir', join(root, 'etc/containerd/certs.d'), image];
    const pulled = await execTracked('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, join(root, 'etc/containerd'), ...args], { timeoutMs: 45_000 });
    // The next case pulls afresh: resolving the tag always asks the registry, and its blobs are gone too.
    await containerd.ctr(['images', 'rm', image], 15_000);
    await containerd.ctr(['content', 'prune', 'references'], 15_000);
    return pulled;
  }

  /** netreq through the engine, reading the root's registry configuration and CAs as the CLI does. */
  async function netreq(root: string, images: readonly string[] = []): Promise<NetreqRun> {
    const topology = topologyFromFlags({ product: ['runai'], role: ['k8s-node'], prereqs: true, 'runai-version': 'runai-bcm-guide', image: images });
    const byKey = new Map<string, Finding>();
    const input = { topology, catalog, proxy: proxyFromEnv({}), limits: { stepTimeoutMs: 3_000, maxTimeMs: 60_000, concurrency: 4 } };
    const services = {
      network: createNetwork({ systemCaPath: null, env: {} }),
      signal: AbortSignal.timeout(90_000),
      host: (hosts: readonly string[]) => gatherEnvironment({ root, env: {}, hosts, netreqVersion: 'test' }),
      ...registryConfigServices(root),
    };
    for await (const event of checkSite(input, services)) {
      if (event.type === 'finding') byKey.set(event.key, event.finding);
      if (event.type === 'done') return { report: event.report, byKey };
    }
    throw new Error('the engine ended without a report');
  }

  const verdict = (ctr: ExecResult): 'pass' | 'fail' => (ctr.code === 0 ? 'pass' : 'fail');
  const mirrorFinding = (run: NetreqRun): Finding | undefined => run.byKey.get([...run.byKey.keys()].find((key) => key.endsWith(' mirror of docker.io')) ?? '');
  const upstreamFinding = (run: NetreqRun): Finding | undefined => run.report.findings.find((f) => f.target.host === 'registry-1.docker.io' && f.target.port === 443);
  const summary = (f: Finding | undefined): string => JSON.stringify({ status: f?.status, cause: f?.cause, explanation: f?.explanation, notes: f?.notes });

  it('mirrors 1: a mirror with its CA in hosts.toml, the internet closed: ctr pulls, and so does netreq through the mirror', async () => {
    const root = systemRoot('with-ca', `server = "https://registry-1.docker.io"\n${mirrorHost()}  ca = "${CA_PATH}"\n`);
    const ctr = await ctrPull(root, PROBE_IMAGE);
    expect({ code: ctr.code, stderr: ctr.stderr }).toMatchObject({ code: 0 });
    const run = await netreq(root);
    const found = mirrorFinding(run);
    expect(found?.status, summary(found)).toBe(verdict(ctr));
    expect(found?.target).toMatchObject({ host: '127.0.0.1', port: mirror.port });
    const used = found?.notes.find((note) => note.code === 'registry.mirror-used');
    expect(used?.text).toContain('docker.io');
    expect(used?.text).toContain(`127.0.0.1:${mirror.port}`);
    const upstream = upstreamFinding(run);
    expect(upstream).toMatchObject({ status: 'skip', cause: 'registry.via-mirror' });
    expect(upstream?.explanation).toContain(`127.0.0.1:${mirror.port}`);
    // The mirror passing passes the site: nothing fails.
    expect(run.report.findings.filter((f) => f.status === 'fail').map((f) => `${f.target.host} ${f.cause ?? ''}`)).toEqual([]);
  }, 120_000);

  it('mirrors 2: the same mirror without `ca` in hosts.toml: ctr refuses its certificate; netreq fails the mirror in TLS, not the closed upstream', async () => {
    // The CA file still lies in the folder: with a hosts.toml, containerd trusts only the `ca` it names.
    const root = systemRoot('without-ca', `server = "https://registry-1.docker.io"\n${mirrorHost()}`);
    const ctr = await ctrPull(root, PROBE_IMAGE);
    expect(ctr.code).not.toBe(0);
    expect(ctr.stderr).toMatch(/certificate signed by unknown authority/);
    const run = await netreq(root);
    const found = mirrorFinding(run);
    expect(found?.status, summary(found)).toBe(verdict(ctr));
    expect(found?.cause).toBe('registry.pull-failed');
    expect(found?.explanation).toMatch(/TLS/);
    expect(found?.explanation).toContain(`127.0.0.1:${mirror.port}`);
    expect(found?.explanation).not.toContain('registry-1.docker.io');
    expect(upstreamFinding(run)).toMatchObject({ status: 'skip', cause: 'registry.via-mirror' });
  }, 120_000);

  it('mirrors 2: the mirror fails (its CA left out) and the configuration\'s open server serves: ctr pulls by falling back; netreq warns registry.mirror-fallback naming both', async () => {
    // A site registry on its own address: its hosts.toml names the broken mirror first, then itself (plain HTTP) as the server.
    const registry = `127.0.0.1:${plain.port}`;
    const image = `${registry}/library/busybox:1.36`;
    const root = join(folder, 'fallback');
    const hosts = join(root, `etc/containerd/certs.d/${registry}`);
    mkdirSync(hosts, { recursive: true });
    writeFileSync(join(root, 'etc/containerd/config.toml'), CRI_CONFIG);
    writeFileSync(join(hosts, 'hosts.toml'), `server = "http://${registry}"\n${mirrorHost()}`);
    const ctr = await ctrPull(root, image);
    expect({ code: ctr.code, stderr: ctr.stderr }).toMatchObject({ code: 0 });
    const run = await netreq(root, [image]);
    const key = [...run.byKey.keys()].find((k) => k.endsWith(` mirror of ${registry}`)) ?? '';
    const found = run.byKey.get(key);
    // containerd's pull worked: netreq's verdict is not a failure; it says the mirror is broken and who served.
    expect(found?.status, summary(found)).toBe('warn');
    expect(found?.cause).toBe('registry.mirror-fallback');
    expect(found?.explanation).toContain(`127.0.0.1:${mirror.port}`);
    expect(found?.explanation).toContain('the runtime tried its next host');
    expect(found?.explanation).toContain(registry);
    expect(found?.notes.map((n) => n.code)).toContain('registry.pull-failed');
    const pulls = found?.steps.flatMap((s) => (s.step === 'pull' ? [`${s.ok ? 'ok' : 'failed'} ${s.evidence.fallback ?? 'mirror'}`] : [])) ?? [];
    expect(pulls).toEqual(['failed mirror', `ok ${registry}`]);
  }, 120_000);

  it('mirrors 3: the mirror lacks one of the site\'s images: ctr fails on that one; netreq fails registry.image-missing naming it', async () => {
    const root = systemRoot('one-missing', `server = "https://registry-1.docker.io"\n${mirrorHost()}  ca = "${CA_PATH}"\n`);
    const present = await ctrPull(root, PRESENT);
    const absent = await ctrPull(root, ABSENT);
    expect({ code: present.code, stderr: present.stderr }).toMatchObject({ code: 0 });
    expect(absent.code).not.toBe(0);
    // The mirror answered 404 for it (then the closed upstream was tried, as containerd falls back).
    expect(absent.stderr).toMatch(new RegExp(`StatusNotFound" host="127.0.0.1:${mirror.port}"`));
    const run = await netreq(root, [PRESENT, ABSENT]);
    const found = mirrorFinding(run);
    // The site needs every image it names: one missing fails, as one failed pull fails the install.
    expect(found?.status, summary(found)).toBe(present.code === 0 && absent.code === 0 ? 'pass' : 'fail');
    expect(found?.cause).toBe('registry.image-missing');
    expect(found?.explanation).toContain(ABSENT);
    expect(found?.explanation).toContain(`127.0.0.1:${mirror.port}`);
  }, 120_000);

  it('mirrors 4: a hosts.toml with no [host] table: containerd 1.6 ignores it and asks the closed upstream; netreq says the file is ignored and fails the upstream', async () => {
    const root = systemRoot('no-host-table', `server = "https://127.0.0.1:${mirror.port}"\nca = "${CA_PATH}"\n`);
    const ctr = await ctrPull(root, PROBE_IMAGE);
    expect(ctr.code).not.toBe(0);
    expect(ctr.stderr).toMatch(/registry-1\.docker\.io/);
    const run = await netreq(root);
    expect(mirrorFinding(run)).toBeUndefined();
    const ignored = run.report.findings.find((f) => f.cause === 'mirror.config-ignored');
    expect(ignored?.status).toBe('fail');
    expect(ignored?.explanation).toContain('hosts.toml');
    const upstream = upstreamFinding(run);
    expect(upstream?.status, summary(upstream)).toBe(verdict(ctr));
    expect(upstream?.cause).toMatch(/^dns\./);
  }, 120_000);
  it.each([
    ['its API root under the path', () => harbor],
    ['no API root of its own (containerd never asks one)', () => rootless],
  ])('mirrors 5: a Harbor-style proxy cache under /v2/dockerhub with override_path, %s: both pull through the project path', async (_name, which) => {
    const harbor = which();
    const root = systemRoot(`harbor-${harbor.port}`, [
      'server = "https://registry-1.docker.io"',
      `[host."https://127.0.0.1:${harbor.port}/v2/dockerhub"]`,
      '  capabilities = ["pull", "resolve"]',
      '  override_path = true',
      `  ca = "${CA_PATH}"`,
      '',
    ].join('\n'));
    harbor.requests.length = 0;
    const ctr = await ctrPull(root, PROBE_IMAGE);
    expect({ code: ctr.code, stderr: ctr.stderr }).toMatchObject({ code: 0 });
    expect(harbor.requests).toContain('HEAD /v2/dockerhub/library/hello-world/manifests/latest');
    harbor.requests.length = 0;
    const run = await netreq(root);
    const found = mirrorFinding(run);
    expect(found?.status, summary(found)).toBe(verdict(ctr));
    expect(found?.target).toMatchObject({ host: '127.0.0.1', port: harbor.port });
    expect(harbor.requests).toContain('HEAD /v2/dockerhub/library/hello-world/manifests/latest');
    expect(harbor.requests.filter((r) => !r.includes(' /v2/dockerhub'))).toEqual([]);
    expect(upstreamFinding(run)).toMatchObject({ status: 'skip', cause: 'registry.via-mirror' });
  }, 120_000);
});
