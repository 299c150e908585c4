import { afterEach, describe, expect, it } from 'vitest';
import { hostUrlText, readRegistryConfig, resolvePullHosts } from '../../../src/host/index.js';
import { fakeRoot } from '../../report/environment-fixtures.js';

const roots: { remove(): void }[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) r.remove();
});
function root(files: Record<string, string>): string {
  const r = fakeRoot(files);
  roots.push(r);
  return r.root;
}

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const CONFIG_V2 = 'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "/etc/containerd/certs.d"\n';
const HOSTS = '/etc/containerd/certs.d';

describe('reading the machine, bounded and never throwing', () => {
  it('mirrors 1: nothing configured is no runtime and no issue; a pull goes to the registry itself', () => {
    const config = readRegistryConfig(root({ '/etc/hostname': 'node-1\n' }));
    expect(config).toEqual({ runtimes: [], issues: [] });
    expect(resolvePullHosts(config, 'docker.io').map((h) => hostUrlText(h.url))).toEqual(['https://registry-1.docker.io/v2']);
    expect(resolvePullHosts(config, 'localhost:5000')[0]).toMatchObject({ url: { scheme: 'http' }, skipVerify: true, plainHttpFallback: true });
  });

  it('mirrors 1: an imported file replaces the CRI plugin section of config.toml, as containerd merges imports', () => {
    const config = readRegistryConfig(root({
      '/etc/containerd/config.toml': 'version = 2\nimports = ["/etc/containerd/conf.d/*.toml"]\n[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "/nowhere"\n',
      '/etc/containerd/conf.d/50-registry.toml': CONFIG_V2,
      [`${HOSTS}/docker.io/hosts.toml`]: '[host."https://mirror.corp"]\n  capabilities = ["pull", "resolve"]\n',
    }));
    expect(config.runtimes[0]?.files).toEqual(['/etc/containerd/config.toml', '/etc/containerd/conf.d/50-registry.toml', HOSTS]);
    expect(resolvePullHosts(config, 'docker.io').map((h) => hostUrlText(h.url))).toEqual(['https://mirror.corp/v2', 'https://registry-1.docker.io/v2']);
  });

  it('mirrors 1: a file over the size bound, or one that cannot be read, is an issue and the rest is still read', () => {
    const big = root({ '/etc/containerd/config.toml': `${CONFIG_V2}# ${'x'.repeat(2048)}\n` });
    const limited = readRegistryConfig(big, { limits: { maxFileBytes: 1024, maxFolderEntries: 8 } });
    expect(limited.issues).toEqual([expect.objectContaining({ code: 'mirror.config-invalid', detail: expect.stringMatching(/bytes; netreq reads files of at most 1024 bytes/) })]);
    const folderAsFile = root({ '/etc/docker/daemon.json/': '', '/etc/containers/registries.conf': '[[registry]]\nlocation = "quay.io"\n' });
    const read = readRegistryConfig(folderAsFile);
    expect(read.issues).toEqual([expect.objectContaining({ code: 'mirror.config-invalid', runtime: 'docker', detail: expect.stringContaining('cannot be read (EISDIR)') })]);
    expect(read.runtimes.map((r) => r.runtime)).toEqual(['podman', 'docker']);
  });

  it('mirrors 1: at most maxFolderEntries registry folders are read, and the cut is said', () => {
    const files: Record<string, string> = { '/etc/containerd/config.toml': CONFIG_V2 };
    for (let i = 0; i < 6; i += 1) files[`${HOSTS}/r${i}.corp/hosts.toml`] = '[host."https://m.corp"]\n';
    const config = readRegistryConfig(root(files), { limits: { maxFileBytes: 65536, maxFolderEntries: 4 } });
    expect(config.runtimes[0]?.hostsRoots?.[0]?.folders.map((f) => f.name)).toEqual(['r0.corp', 'r1.corp', 'r2.corp', 'r3.corp']);
    expect(config.issues).toEqual([expect.objectContaining({ code: 'mirror.read-limit', detail: expect.stringContaining('2 folders') })]);
  });

  it('mirrors 1: values containerd refuses drop the whole file (referrers in 1.x, a bad ca type), a CA that is a folder or not PEM is unreadable', () => {
    const config = readRegistryConfig(root({
      '/etc/containerd/config.toml': CONFIG_V2,
      [`${HOSTS}/a.corp/hosts.toml`]: '[host."https://m.corp"]\n  capabilities = ["pull", "referrers"]\n',
      [`${HOSTS}/b.corp/hosts.toml`]: '[host."https://m.corp"]\n  ca = 42\n',
      [`${HOSTS}/c.corp/hosts.toml`]: '[host."https://m.corp"]\n  ca = "ca-dir"\n  client = [["client.pem", ""]]\n',
      [`${HOSTS}/c.corp/ca-dir/`]: '',
      [`${HOSTS}/c.corp/client.pem`]: PEM,
      [`${HOSTS}/d.corp/hosts.toml`]: '[host."https://m.corp"]\n  ca = "/etc/pki/not-pem.txt"\n',
      '/etc/pki/not-pem.txt': 'hello\n',
    }));
    const by = (registry: string): string[] => config.issues.filter((i) => i.registry === registry).map((i) => `${i.code}: ${i.detail}`);
    expect(by('a.corp')).toEqual([expect.stringMatching(/^mirror\.config-invalid: containerd refuses it: unknown capability 'referrers' \(containerd 1\.x knows pull, resolve, push\); containerd ignores the file/)]);
    expect(by('b.corp')).toEqual([expect.stringMatching(/^mirror\.config-invalid: containerd refuses it: ca must be a file name or a list of them;/)]);
    expect(resolvePullHosts(config, 'a.corp').map((h) => h.role)).toEqual(['server']);
    expect(by('c.corp')).toEqual([
      `mirror.ca-unreadable: the CA file ${HOSTS}/c.corp/ca-dir cannot be read (EISDIR): containerd fails every pull from this registry while the file is unusable`,
      `mirror.client-cert-unreadable: the client key ${HOSTS}/c.corp/client.pem holds no PEM block of the expected kind: containerd fails every pull from this registry while the file is unusable`,
    ]);
    expect(resolvePullHosts(config, 'c.corp')[0]?.clientCertificates).toEqual([{ cert: `${HOSTS}/c.corp/client.pem` }]);
    expect(by('d.corp')).toEqual([expect.stringMatching(/^mirror\.ca-unreadable: the CA file \/etc\/pki\/not-pem\.txt holds no PEM block/)]);
  });

  it('mirrors 1: a registry section under the plugin name of another config version, or a misspelt key, is said to be unused', () => {
    const config = readRegistryConfig(root({
      '/etc/containerd/config.toml': 'version = 2\n[plugins."io.containerd.cri.v1.images".registry]\n  config_path = "/etc/containerd/certs.d"\n[plugins."io.containerd.grpc.v1.cri".registry]\n  config-path = "/etc/containerd/certs.d"\n',
      [`${HOSTS}/docker.io/hosts.toml`]: '[host."https://mirror.corp"]\n',
    }));
    expect(config.issues.map((i) => [i.code, i.detail.split(';')[0]])).toEqual([
      ['mirror.config-unused', '[plugins."io.containerd.cri.v1.images".registry] is not read by a config.toml of version 2 (it reads [plugins."io.containerd.grpc.v1.cri".registry])'],
      ['mirror.unknown-key', "'config-path' is not a setting of the CRI plugin's registry section (config_path, mirrors, configs, auths, headers)"],
      ['mirror.config-unused', `${HOSTS} has registry folders, but config_path is not set: containerd 1.x reads hosts.toml files only from the folder config_path names`],
    ]);
    expect(resolvePullHosts(config, 'docker.io').map((h) => hostUrlText(h.url))).toEqual(['https://registry-1.docker.io/v2']);
  });

  it('mirrors 1: a config.toml that is not TOML stops containerd, and the line is given', () => {
    const config = readRegistryConfig(root({ '/etc/containerd/config.toml': 'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry\n' }));
    expect(config.issues).toEqual([expect.objectContaining({ code: 'mirror.config-invalid', severity: 'error', line: 2, detail: expect.stringContaining('containerd does not start') })]);
  });
});
