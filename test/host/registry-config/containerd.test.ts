import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hostUrlText, readRegistryConfig, resolvePullHosts, resolvePullPlan, type RegistryConfig } from '../../../src/host/index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/registry-config/${name}`, import.meta.url));
const CERTS_D = '/etc/containerd/certs.d';

function hostsOf(config: RegistryConfig, registry: string): string[] {
  return resolvePullHosts(config, registry).map((h) => `${h.role} ${hostUrlText(h.url)} ${h.capabilities.join(',')}`);
}

describe('containerd with config_path (hosts.toml as containerd 1.6 reads it)', () => {
  const config = readRegistryConfig(fixture('containerd-certs-d'));
  const issue = (registry: string, code: string) => config.issues.find((i) => i.registry === registry && i.code === code);

  it('mirrors 1: a Harbor proxy cache with override_path is tried first at its own path, with its CA beside the file, then the server', () => {
    const hosts = resolvePullHosts(config, 'registry-1.docker.io', { repository: 'library/busybox' });
    expect(hosts.map((h) => hostUrlText(h.url))).toEqual(['https://harbor.corp.example/v2/dockerhub', 'https://registry-1.docker.io/v2']);
    expect(hosts[0]).toMatchObject({
      role: 'mirror', overridePath: true, capabilities: ['pull', 'resolve'], repository: 'library/busybox', runtime: 'containerd',
      caFiles: [`${CERTS_D}/docker.io/harbor-ca.crt`], source: `${CERTS_D}/docker.io/hosts.toml:4`,
    });
    expect(hosts[1]).toMatchObject({ role: 'server', capabilities: ['pull', 'resolve', 'push'], source: `${CERTS_D}/docker.io/hosts.toml:2` });
    expect(config.issues.filter((i) => i.registry === 'docker.io')).toEqual([]);
  });

  it('mirrors 1: hosts in file order, capabilities as written, header names kept and their values never', () => {
    expect(hostsOf(config, 'registry.k8s.io')).toEqual([
      'mirror https://public-mirror.example.com/v2 pull',
      'mirror https://docker-mirror.internal/v2 pull,resolve',
      'server https://registry.k8s.io/v2 pull,resolve,push',
    ]);
    const internal = resolvePullHosts(config, 'registry.k8s.io')[1];
    expect(internal?.headerNames).toEqual(['x-custom-1', 'authorization']);
    expect(internal?.clientCertificates).toEqual([{ cert: '/etc/pki/client.cert', key: '/etc/pki/client.key' }]);
    expect(JSON.stringify(config)).not.toContain('not-a-real-token');
    expect(JSON.stringify(config)).not.toContain('custom header');
    expect(issue('registry.k8s.io', 'mirror.no-resolve-capability')).toMatchObject({ severity: 'info', line: 3 });
  });

  it('mirrors 1: a CA file that is not there is an error naming the file, the line and what containerd does', () => {
    expect(issue('registry.k8s.io', 'mirror.ca-unreadable')).toMatchObject({
      severity: 'error', file: `${CERTS_D}/registry.k8s.io/hosts.toml`, line: 5,
      detail: expect.stringContaining(`${CERTS_D}/registry.k8s.io/docker-mirror.crt does not exist`),
    });
    // The client pair is there and is PEM: no issue for it.
    expect(issue('registry.k8s.io', 'mirror.client-cert-unreadable')).toBeUndefined();
  });

  it('mirrors 1: a hosts.toml with server and ca but no [host] table is ignored by containerd 1.x, its server and CA with it', () => {
    expect(issue('nvcr.io', 'mirror.config-ignored')).toMatchObject({
      severity: 'error', file: `${CERTS_D}/nvcr.io/hosts.toml`, detail: expect.stringMatching(/invalid `host` tree.*server https:\/\/artifactory\.corp\.example\/artifactory\/api\/docker\/nvcr-remote and its ca are not used/),
    });
    const hosts = resolvePullHosts(config, 'nvcr.io');
    expect(hosts.map((h) => hostUrlText(h.url))).toEqual(['https://nvcr.io/v2']);
    expect(hosts[0]?.caFiles).toEqual([]);
  });

  it('mirrors 1: containerd 2.x accepts the same file: the server named, with the CA, and no /v2 doubling', () => {
    const v2 = readRegistryConfig(fixture('containerd-certs-d'), { containerdGeneration: '2.x' });
    expect(v2.issues.find((i) => i.code === 'mirror.config-ignored')).toBeUndefined();
    const hosts = resolvePullHosts(v2, 'nvcr.io');
    expect(hosts.map((h) => hostUrlText(h.url))).toEqual(['https://artifactory.corp.example/artifactory/api/docker/nvcr-remote/v2']);
    expect(hosts[0]?.caFiles).toEqual(['/etc/pki/corp-ca.pem']);
  });

  it('mirrors 1: a TOML syntax error is reported with its line, and the folder falls back to the registry itself', () => {
    expect(issue('harbor.corp.example:8443', 'mirror.config-invalid')).toMatchObject({ severity: 'error', line: 3, detail: expect.stringContaining('not valid TOML') });
    expect(hostsOf(config, 'harbor.corp.example:8443')).toEqual(['server https://harbor.corp.example:8443/v2 pull,resolve,push']);
  });

  it('mirrors 1: a folder with only certificate files gives the registry its *.crt (Docker layout)', () => {
    expect(resolvePullHosts(config, 'quay.io')[0]?.caFiles).toEqual([`${CERTS_D}/quay.io/ca.crt`]);
  });

  it('mirrors 1: a registry without a folder takes _default, whose server stands in for every registry', () => {
    const plan = resolvePullPlan(config, 'ghcr.io');
    expect(plan.matched).toEqual({ file: `${CERTS_D}/_default/hosts.toml`, registry: '_default' });
    expect(plan.hosts.map((h) => hostUrlText(h.url))).toEqual(['https://registry.example.com/v2', 'https://registry.example.com/v2']);
  });

  it('mirrors 1: a host path without /v2 and no override_path gets /v2 appended, as containerd asks; unknown keys are warned of', () => {
    expect(hostsOf(config, 'gcr.io')[0]).toBe('mirror https://harbor.corp.example/v2/gcr/v2 pull,resolve');
    expect(issue('gcr.io', 'mirror.path-appended')).toMatchObject({ severity: 'warning', line: 3, detail: expect.stringContaining('override_path = true') });
    expect(issue('gcr.io', 'mirror.unknown-key')).toMatchObject({ detail: expect.stringContaining("'capabilitys'") });
    expect(resolvePullHosts(config, 'gcr.io')[0]?.skipVerify).toBe(true);
  });

  it('mirrors 1: a folder named registry-1.docker.io is never looked up for Docker Hub images', () => {
    expect(issue('registry-1.docker.io', 'mirror.config-unused')).toMatchObject({ severity: 'warning', file: `${CERTS_D}/registry-1.docker.io` });
  });

  it('mirrors 4: resolve and pull are asked of different hosts when a mirror lacks resolve', () => {
    expect(resolvePullHosts(config, 'registry.k8s.io', { operation: 'resolve' }).map((h) => h.url.host)).toEqual(['docker-mirror.internal', 'registry.k8s.io']);
    expect(resolvePullHosts(config, 'registry.k8s.io', { operation: 'pull' }).map((h) => h.url.host)).toEqual(['public-mirror.example.com', 'docker-mirror.internal', 'registry.k8s.io']);
  });
});

describe("containerd's CRI plugin settings in config.toml", () => {
  it('mirrors 1: the deprecated registry.mirrors: endpoints in order with their configs TLS, the path as written, then the registry; "*" for the rest', () => {
    const config = readRegistryConfig(fixture('containerd-legacy'));
    expect(hostsOf(config, 'docker.io')).toEqual([
      'mirror https://mirror.corp.example:5000/v2 pull,resolve',
      'mirror https://harbor.corp.example/v2/dockerhub pull,resolve',
      'server https://registry-1.docker.io/v2 pull,resolve',
    ]);
    const first = resolvePullHosts(config, 'docker.io')[0];
    expect(first).toMatchObject({ caFiles: ['/etc/containerd/certs/mirror-ca.crt'], headerNames: ['X-Meta-Site'] });
    expect(hostsOf(config, 'nvcr.io')).toEqual(['mirror https://mirror.corp.example:5000/v2 pull,resolve', 'server https://nvcr.io/v2 pull,resolve']);
    // The mirror's own images: the mirror is the registry, not tried twice.
    expect(hostsOf(config, 'mirror.corp.example:5000')).toEqual(['server https://mirror.corp.example:5000/v2 pull,resolve']);
    expect(JSON.stringify(config)).not.toContain('s3cret-legacy-password');
  });

  it('mirrors 1: hosts.toml files are not read while config_path is unset (containerd 1.x), and that is said', () => {
    const config = readRegistryConfig(fixture('containerd-legacy'));
    expect(config.issues.find((i) => i.code === 'mirror.config-unused')).toMatchObject({ severity: 'warning', detail: expect.stringContaining('config_path is not set') });
    expect(resolvePullHosts(config, 'docker.io').some((h) => h.overridePath && h.source.includes('hosts.toml'))).toBe(false);
  });

  it('mirrors 1: config_path together with mirrors stops the CRI plugin from loading', () => {
    const config = readRegistryConfig(fixture('containerd-conflict'));
    expect(config.issues).toEqual([expect.objectContaining({ code: 'mirror.config-conflict', severity: 'error', file: '/etc/containerd/config.toml', line: 4 })]);
  });
});
