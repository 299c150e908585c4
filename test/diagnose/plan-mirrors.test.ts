// withMirrors over the plan of two real catalog registries (Docker Hub, registry.k8s.io), the
// mirrors read from real containerd files under a temporary system root (or given as --mirror).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/index.js';
import { routeFor, withMirrors, type MirrorsOf } from '../../src/diagnose/index.js';
import { planSite } from '../../src/engine/index.js';
import { mirrorsFrom, registryOfTarget } from '../../src/engine/mirrors.js';
import { readMirrorFlags, readRegistryConfig, type RegistryConfig } from '../../src/host/index.js';
import { proxyFromEnv } from '../../src/net/index.js';
import type { Target } from '../../src/schema/index.js';
import { topologyFromFlags } from '../../src/topology/index.js';

const RULES = new Set(['runai.prereqs.registry-1-docker-io', 'runai.prereqs.registry-k8s-io']);
const HOSTS_TOML = '/etc/containerd/certs.d/docker.io/hosts.toml';
const folder = mkdtempSync(join(tmpdir(), 'netreq-plan-mirrors-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const proxy = proxyFromEnv({});
const route = (host: string, port: number): ReturnType<typeof routeFor> => routeFor('https', host, port, proxy);

/** The two registries' targets as the engine plans them, with their pulls, and no mirror yet. */
function registryTargets(): Target[] {
  const full = loadCatalog();
  const catalog = { ...full, rules: full.rules.filter((rule) => RULES.has(rule.id)) };
  const topology = topologyFromFlags({ product: ['runai'], role: ['k8s-node'], prereqs: true, 'runai-version': 'runai-bcm-guide', image: ['docker.io/library/busybox:1.36'] });
  const targets = planSite(catalog, topology, proxy, { pulls: true }).targets;
  expect(targets.map((t) => `${t.host}:${t.port}`).sort()).toEqual(['registry-1.docker.io:443', 'registry.k8s.io:443']);
  return [...targets];
}

/** containerd's registry configuration under a fresh root: config_path, and docker.io's hosts.toml. */
function containerdRoot(name: string, hostsToml: string): RegistryConfig {
  const root = join(folder, name);
  mkdirSync(join(root, 'etc/containerd/certs.d/docker.io'), { recursive: true });
  writeFileSync(join(root, 'etc/containerd/config.toml'), 'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "/etc/containerd/certs.d"\n');
  writeFileSync(join(root, HOSTS_TOML), hostsToml);
  return readRegistryConfig(root);
}

const planned = (mirrorsOf: MirrorsOf): Target[] => withMirrors(registryTargets(), mirrorsOf, registryOfTarget, route);
const find = (targets: readonly Target[], host: string): Target | undefined => targets.find((t) => t.host === host && t.mirror === undefined);

describe('mirrors 2: withMirrors, the runtime\'s mirrors in the plan (src/diagnose/plan-mirrors.ts)', () => {
  it('mirrors 2: a registry with a pull mirror becomes skip registry.via-mirror, and the mirror is checked with its images, path and CA', () => {
    const config = containerdRoot('pull-mirror', [
      'server = "https://registry-1.docker.io"',
      '[host."https://harbor.corp.example:8443/v2/dockerhub"]',
      '  capabilities = ["pull", "resolve"]',
      '  override_path = true',
      '  ca = "/etc/containerd/certs.d/docker.io/harbor-ca.crt"',
      '',
    ].join('\n'));
    const before = find(registryTargets(), 'registry-1.docker.io');
    const targets = planned(mirrorsFrom(config));
    expect(targets).toHaveLength(3);
    const upstream = find(targets, 'registry-1.docker.io');
    expect(upstream?.skip?.cause).toBe('registry.via-mirror');
    expect(upstream?.skip?.detail).toBe(`docker.io is pulled through harbor.corp.example:8443 (${HOSTS_TOML}:2); the runtime falls back to it only when the mirror fails`);
    const mirror = targets.find((t) => t.mirror !== undefined);
    expect(mirror).toMatchObject({
      key: 'https://harbor.corp.example:8443/tcp via direct mirror of docker.io',
      host: 'harbor.corp.example', port: 8443, scheme: 'https', check: 'registry-v2', client: 'runtime', siteOwned: true,
      ruleIds: before?.ruleIds,
      pull: before?.pull,
      mirror: { of: 'docker.io', apiPath: '/v2/dockerhub', caFiles: ['/etc/containerd/certs.d/docker.io/harbor-ca.crt'], source: `${HOSTS_TOML}:2`, runtime: 'containerd' },
    });
    expect(mirror?.pull?.map((p) => p.ref)).toEqual(['docker.io/library/hello-world:latest', 'docker.io/library/busybox:1.36']);
  });

  it('mirrors 2: a registry without a mirror stays as planned', () => {
    const config = containerdRoot('k8s-untouched', '[host."https://mirror.corp.example"]\n  capabilities = ["pull", "resolve"]\n');
    const before = find(registryTargets(), 'registry.k8s.io');
    const targets = planned(mirrorsFrom(config));
    expect(find(targets, 'registry.k8s.io')).toEqual(before);
    expect(targets.filter((t) => t.mirror !== undefined).map((t) => t.mirror?.of)).toEqual(['docker.io']);
  });

  it('mirrors 2: a mirror that may not pull is not used (containerd never pulls from it), and the file\'s finding says so', () => {
    const config = containerdRoot('resolve-only', '[host."https://mirror.corp.example"]\n  capabilities = ["resolve"]\n');
    const before = registryTargets();
    expect(planned(mirrorsFrom(config))).toEqual(before);
    expect(config.issues.map((i) => i.code)).toContain('mirror.no-pull-capability');
  });

  it('mirrors 2: the first mirror that may pull is checked, the others named; a pull-only mirror counts', () => {
    const config = containerdRoot('two-mirrors', [
      '[host."https://resolver.corp.example"]', '  capabilities = ["resolve"]',
      '[host."https://first.corp.example"]', '  capabilities = ["pull"]',
      '[host."https://second.corp.example:5000"]', '  capabilities = ["pull", "resolve"]', '',
    ].join('\n'));
    const mirror = planned(mirrorsFrom(config)).find((t) => t.mirror !== undefined);
    expect(mirror).toMatchObject({ host: 'first.corp.example', port: 443, mirror: { others: ['second.corp.example:5000'] } });
  });

  it('mirrors 2: a --mirror planned for a registry: the upstream is never asked, and the mirror keeps the flag\'s CA', () => {
    const flags = readMirrorFlags(['docker.io=https://harbor.corp.example/v2/dockerhub,ca=/etc/pki/harbor-ca.pem']);
    if ('problem' in flags) throw new Error(flags.problem);
    const targets = planned(mirrorsFrom({ runtimes: [flags.registries], issues: [] }));
    expect(find(targets, 'registry-1.docker.io')?.skip?.detail).toBe('docker.io is pulled through harbor.corp.example:443 (--mirror); the runtime never asks it');
    expect(targets.find((t) => t.mirror !== undefined)?.mirror).toMatchObject({ apiPath: '/v2/dockerhub', caFiles: ['/etc/pki/harbor-ca.pem'], source: '--mirror' });
  });

  it('mirrors 2: no registry configuration at all: the plan is unchanged', () => {
    const before = registryTargets();
    expect(planned(mirrorsFrom({ runtimes: [], issues: [] }))).toEqual(before);
  });
});

describe('mirrors 2: a registry host\'s other rules stay with the upstream when the runtime pulls through a mirror', () => {
  it('mirrors 2: runai.jfrog.io behind a mirror: its images go to the mirror, its Helm repository is still checked at runai.jfrog.io on the shell\'s route', () => {
    const full = loadCatalog();
    const ids = new Set(['runai.registry', 'runai.helm-repo']);
    const catalog = { ...full, rules: full.rules.filter((rule) => ids.has(rule.id)) };
    const topology = topologyFromFlags({ product: ['runai'], role: ['installer', 'k8s-node'], 'runai-version': 'runai-bcm-guide', 'control-plane': 'runai.corp.example' });
    const mirrors = readMirrorFlags(['runai.jfrog.io=https://harbor.corp.example/v2/runai']);
    if ('problem' in mirrors) throw new Error(mirrors.problem);
    const plannedHere = planSite(catalog, topology, proxy, { pulls: true }).targets;
    const merged = plannedHere.find((t) => t.host === 'runai.jfrog.io');
    expect(merged?.ruleIds).toEqual(expect.arrayContaining(['runai.registry', 'runai.helm-repo']));
    const targets = planSite(catalog, topology, proxy, { pulls: true, mirrors: mirrorsFrom({ runtimes: [mirrors.registries], issues: [] }) }).targets;
    const jfrog = targets.filter((t) => t.host === 'runai.jfrog.io');
    const skipped = jfrog.find((t) => t.skip !== undefined);
    const helm = jfrog.find((t) => t.skip === undefined);
    const mirror = targets.find((t) => t.mirror !== undefined);
    expect(skipped).toMatchObject({ ruleIds: ['runai.registry'], skip: { cause: 'registry.via-mirror' } });
    expect(mirror).toMatchObject({ host: 'harbor.corp.example', ruleIds: ['runai.registry'], mirror: { of: 'runai.jfrog.io', apiPath: '/v2/runai' } });
    expect(helm).toMatchObject({ ruleIds: ['runai.helm-repo'], check: 'helm-index', path: '/artifactory/cp-charts-prod/index.yaml', client: 'installer' });
    expect(helm?.pull).toBeUndefined();
    // Each target has its own key: the run keeps one finding per key.
    expect(new Set(targets.map((t) => t.key)).size).toBe(targets.length);
  });
});
