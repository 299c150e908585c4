import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hostUrlText, readRegistryConfig, resolvePullHosts, resolvePullPlan } from '../../../src/host/index.js';
import { fakeRoot } from '../../report/environment-fixtures.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/registry-config/${name}`, import.meta.url));
const urls = (hosts: readonly { url: Parameters<typeof hostUrlText>[0] }[]): string[] => hosts.map((h) => hostUrlText(h.url));

describe('CRI-O and Podman: registries.conf and registries.conf.d', () => {
  const config = readRegistryConfig(fixture('crio'));

  it('mirrors 1: read into the same model, labelled cri-o (its /etc/crio is there), with no issues', () => {
    expect(config.runtimes.map((r) => r.runtime)).toEqual(['cri-o']);
    expect(config.runtimes[0]?.files).toEqual(['/etc/containers/registries.conf', '/etc/containers/registries.conf.d/50-nvidia.conf']);
    expect(config.issues).toEqual([]);
  });

  it('mirrors 1: mirrors in order, then the location; a digest-only mirror only for pulls by digest; the certs.d CA picked up', () => {
    const byTag = resolvePullHosts(config, 'docker.io', { repository: 'busybox' });
    expect(urls(byTag)).toEqual(['https://mirror.corp.example:5000/v2', 'https://registry-1.docker.io/v2']);
    expect(byTag[0]).toMatchObject({ role: 'mirror', caFiles: ['/etc/containers/certs.d/mirror.corp.example:5000/ca.crt'], repository: 'library/busybox', source: '/etc/containers/registries.conf:8' });
    const byDigest = resolvePullHosts(config, 'docker.io', { repository: 'busybox', byDigest: true });
    expect(urls(byDigest)).toEqual(['https://mirror.corp.example:5000/v2', 'https://harbor.corp.example/v2', 'https://registry-1.docker.io/v2']);
    expect(byDigest[1]?.repository).toBe('dockerhub/library/busybox');
  });

  it('mirrors 1: a drop-in prefix with a namespace rewrites the repository at each host; other repositories keep the defaults', () => {
    const hosts = resolvePullHosts(config, 'nvcr.io', { repository: 'nvidia/k8s-device-plugin' });
    expect(hosts.map((h) => `${hostUrlText(h.url)} ${h.repository ?? ''}`)).toEqual([
      'https://mirror.corp.example:5000/v2 nvcr/nvidia/k8s-device-plugin',
      'https://harbor.corp.example/v2 nvcr/nvidia/k8s-device-plugin',
    ]);
    expect(urls(resolvePullHosts(config, 'nvcr.io', { repository: 'other/image' }))).toEqual(['https://nvcr.io/v2']);
  });

  it('mirrors 1: blocked refuses the pull; insecure skips verification and allows plain HTTP', () => {
    expect(resolvePullPlan(config, 'ghcr.io')).toMatchObject({ blocked: true, hosts: [] });
    expect(resolvePullHosts(config, 'registry.internal:5000')[0]).toMatchObject({ skipVerify: true, plainHttpFallback: true, role: 'server' });
  });

  it('mirrors 1: a bad registries.conf fails the whole configuration, said with the file and why', () => {
    const root = fakeRoot({
      '/etc/containers/registries.conf': '[[registry]]\nlocation = "https://harbor.corp.example"\n',
      '/etc/containers/registries.conf.d/10-v1.conf': '[registries.search]\nregistries = ["docker.io"]\n',
      '/usr/bin/podman': '',
    });
    try {
      const bad = readRegistryConfig(root.root);
      expect(bad.runtimes.map((r) => r.runtime)).toEqual(['podman']);
      expect(bad.issues.map((i) => [i.code, i.file, i.detail.split(';')[0]])).toEqual([
        ['mirror.config-invalid', '/etc/containers/registries.conf', "invalid location 'https://harbor.corp.example': URI schemes are not supported"],
        ['mirror.config-invalid', '/etc/containers/registries.conf.d/10-v1.conf', 'a drop-in in the v1 format ([registries.search] and the like)'],
      ]);
    } finally {
      root.remove();
    }
  });
});

describe('Docker: daemon.json', () => {
  const config = readRegistryConfig(fixture('docker'));

  it('mirrors 1: registry-mirrors serve Docker Hub only, in order, before registry-1.docker.io; insecure-registries by name and CIDR', () => {
    const hub = resolvePullHosts(config, 'docker.io');
    expect(urls(hub)).toEqual(['https://mirror.corp.example:5000/v2', 'http://10.20.0.15:5000/v2', 'https://registry-1.docker.io/v2']);
    expect(hub[0]).toMatchObject({ caFiles: ['/etc/docker/certs.d/mirror.corp.example:5000/ca.crt'], skipVerify: false, source: '/etc/docker/daemon.json:3' });
    expect(hub[1]).toMatchObject({ skipVerify: true, plainHttpFallback: true });
    expect(urls(resolvePullHosts(config, 'nvcr.io'))).toEqual(['https://nvcr.io/v2']);
    expect(resolvePullHosts(config, 'registry.internal:5000')[0]).toMatchObject({ skipVerify: true, plainHttpFallback: true });
    expect(config.issues).toEqual([]);
  });

  it('mirrors 1: a JSON syntax error and a misspelt key are reported with their lines', () => {
    const root = fakeRoot({ '/etc/docker/daemon.json': '{\n  "registry-mirrors": ["https://m.corp"],\n}\n' });
    const typo = fakeRoot({ '/etc/docker/daemon.json': '{\n  "registry-mirror": ["https://m.corp"]\n}\n' });
    const withPath = fakeRoot({ '/etc/docker/daemon.json': '{\n  "registry-mirrors": [\n    "https://harbor.corp/v2/dockerhub"\n  ]\n}\n' });
    try {
      expect(readRegistryConfig(root.root).issues).toEqual([expect.objectContaining({ code: 'mirror.config-invalid', line: 3, detail: expect.stringContaining('not valid JSON') })]);
      expect(readRegistryConfig(typo.root).issues).toEqual([expect.objectContaining({ code: 'mirror.unknown-key', severity: 'error', line: 2 })]);
      expect(readRegistryConfig(withPath.root).issues).toEqual([expect.objectContaining({ code: 'mirror.config-invalid', line: 3, detail: expect.stringContaining("has the path '/v2/dockerhub'; dockerd refuses") })]);
    } finally {
      root.remove();
      typo.remove();
      withPath.remove();
    }
  });
});

describe('k3s: registries.yaml', () => {
  const config = readRegistryConfig(fixture('k3s'));

  it('mirrors 1: endpoints in order with their TLS by host; the default endpoint left out when config.yaml disables it', () => {
    expect(config.runtimes[0]).toMatchObject({ runtime: 'k3s', upstreamDisabled: true });
    const hub = resolvePullHosts(config, 'docker.io');
    expect(urls(hub)).toEqual(['https://harbor.corp.example/v2/dockerhub', 'https://mirror.corp.example:5000/v2']);
    expect(hub[0]).toMatchObject({ overridePath: true, caFiles: ['/etc/pki/harbor-ca.crt'], source: '/etc/rancher/k3s/registries.yaml:4' });
    expect(hub[1]?.caFiles).toEqual(['/etc/pki/mirror-ca.crt']);
    expect(resolvePullPlan(config, 'nvcr.io')).toMatchObject({ matched: { registry: '*' } });
    expect(urls(resolvePullHosts(config, 'nvcr.io'))).toEqual(['https://mirror.corp.example:5000/v2']);
  });

  it('mirrors 1: credentials are never in the model; a misspelt TLS key and a missing CA are issues with lines', () => {
    expect(JSON.stringify(config)).not.toContain('s3cret-k3s-password');
    expect(JSON.stringify(config)).not.toContain('xxxxxx');
    expect(config.issues.map((i) => [i.code, i.line])).toEqual([
      ['mirror.unknown-key', 16],
      ['mirror.ca-unreadable', 4],
    ]);
  });

  it('mirrors 1: endpoints as k3s normalises them: localhost on a port is http, docker.io is registry-1.docker.io, repeats once', () => {
    const r = fakeRoot({ '/etc/rancher/k3s/registries.yaml': 'mirrors:\n  registry.corp:\n    endpoint: ["localhost:5000", "docker.io", "localhost:5000/"]\n' });
    try {
      expect(urls(resolvePullHosts(readRegistryConfig(r.root), 'registry.corp'))).toEqual(['http://localhost:5000/v2', 'https://registry-1.docker.io/v2', 'https://registry.corp/v2']);
    } finally {
      r.remove();
    }
  });

  it('mirrors 1: a YAML syntax error is reported with its line', () => {
    const root = fakeRoot({ '/etc/rancher/rke2/registries.yaml': 'mirrors:\n  docker.io:\n    endpoint: [ "https://m.corp"\n' });
    try {
      const bad = readRegistryConfig(root.root);
      expect(bad.runtimes.map((r) => r.runtime)).toEqual(['rke2']);
      expect(bad.issues).toEqual([expect.objectContaining({ code: 'mirror.config-invalid', runtime: 'rke2', file: '/etc/rancher/rke2/registries.yaml', line: expect.any(Number) })]);
    } finally {
      root.remove();
    }
  });
});
