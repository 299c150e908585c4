import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Environment } from '../../src/report/index.js';
import { dockerDaemonProxies, gatherEnvironment, hostsLinesFor, nodeAddresses, parseDefaultRoutes, parseEnvFile, parseUnitEnvironment, readRuntimeProxy, RootFiles, splitWords, zoneNameOf } from '../../src/host/index.js';
import { fakeRoot, INTERFACES, PROC_IPV6_ROUTE, PROC_ROUTE, SYSTEM } from '../report/environment-fixtures.js';

const roots: { remove(): void }[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) r.remove();
});
function root(files: Record<string, string>): ReturnType<typeof fakeRoot> {
  const r = fakeRoot(files);
  roots.push(r);
  return r;
}

describe('systemd and environment files', () => {
  it.each([
    ['a b', ['a', 'b']],
    ['"HTTPS_PROXY=http://p:3128" "NO_PROXY=a,b"', ['HTTPS_PROXY=http://p:3128', 'NO_PROXY=a,b']],
    ["'A=x y' B=z\\ w", ['A=x y', 'B=z w']],
    ['A="quoted"tail', ['A=quotedtail']],
  ])('splitWords(%s)', (input, words) => {
    expect(splitWords(input)).toEqual(words);
  });

  it('reads Environment=, resets, EnvironmentFile= and continuations of [Service] only', () => {
    const text = [
      '[Unit]', 'Environment=IGNORED=1', '[Service]', '# comment', 'Environment="HTTPS_PROXY=http://p:3128" \\', '  "NO_PROXY=.corp"',
      'Environment=', 'Environment=HTTP_PROXY=http://q:8080', 'EnvironmentFile=-/etc/default/kubelet', 'EnvironmentFile=/etc/k.env',
    ].join('\n');
    expect(parseUnitEnvironment(text)).toEqual([
      { kind: 'Environment', assignments: [['HTTPS_PROXY', 'http://p:3128'], ['NO_PROXY', '.corp']] },
      { kind: 'Environment-reset' },
      { kind: 'Environment', assignments: [['HTTP_PROXY', 'http://q:8080']] },
      { kind: 'EnvironmentFile', path: '/etc/default/kubelet', optional: true },
      { kind: 'EnvironmentFile', path: '/etc/k.env', optional: false },
    ]);
  });

  it('reads env files and daemon.json proxies', () => {
    expect(parseEnvFile('# c\nexport HTTPS_PROXY="http://p:3128"\nNO_PROXY=a,b # trailing\nbad line\n')).toEqual({ HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'a,b' });
    expect(dockerDaemonProxies('{"proxies":{"https-proxy":"http://p:1","no-proxy":"x"}}')).toEqual({ HTTPS_PROXY: 'http://p:1', NO_PROXY: 'x' });
    expect(dockerDaemonProxies('{"debug":true}')).toBeUndefined();
    expect(dockerDaemonProxies('not json')).toBeUndefined();
  });
});

describe('runtime proxy settings, as systemd applies them', () => {
  it('containerd: unit, drop-ins in name order (/etc masks /usr/lib), EnvironmentFile overriding, DefaultEnvironment under all', () => {
    const r = root({
      '/etc/systemd/system.conf': '[Manager]\nDefaultEnvironment="NO_PROXY=default.example"\n',
      '/usr/lib/systemd/system/containerd.service': '[Service]\nExecStart=/usr/bin/containerd\n',
      '/usr/lib/systemd/system/containerd.service.d/10-proxy.conf': '[Service]\nEnvironment="HTTPS_PROXY=http://masked:1"\n',
      '/etc/systemd/system/containerd.service.d/10-proxy.conf': '[Service]\nEnvironment="HTTPS_PROXY=http://u:pw@proxy:3128"\n',
      '/etc/systemd/system/containerd.service.d/20-more.conf': '[Service]\nEnvironment="NO_PROXY=.corp.example"\nEnvironmentFile=-/etc/containerd/proxy.env\n',
      '/etc/containerd/proxy.env': 'NO_PROXY=.corp.example,10.0.0.0/8\n',
    });
    const rt = readRuntimeProxy('containerd', new RootFiles(r.root));
    expect(rt.present).toBe(true);
    expect(rt.effective).toEqual({ httpsProxy: 'http://u:pw@proxy:3128', noProxy: '.corp.example,10.0.0.0/8' });
    expect(rt.sources.map((s) => [s.path, s.kind])).toEqual([
      ['/etc/systemd/system.conf', 'DefaultEnvironment='],
      ['/etc/systemd/system/containerd.service.d/10-proxy.conf', 'Environment='],
      ['/etc/systemd/system/containerd.service.d/20-more.conf', 'Environment='],
      ['/etc/containerd/proxy.env', 'EnvironmentFile'],
    ]);
  });

  it('kubelet: /etc/default/kubelet counts only when the unit names it; docker: daemon.json wins', () => {
    const r = root({
      '/lib/systemd/system/kubelet.service': '[Service]\nExecStart=/usr/bin/kubelet\n',
      '/etc/default/kubelet': 'HTTPS_PROXY=http://ignored:1\n',
      '/etc/sysconfig/docker': 'HTTPS_PROXY=http://env:1\n',
      '/etc/docker/daemon.json': '{"proxies":{"https-proxy":"http://daemon:3128"}}',
    });
    const files = new RootFiles(r.root);
    const kubelet = readRuntimeProxy('kubelet', files);
    expect(kubelet.effective).toEqual({});
    expect(kubelet.sources).toEqual([{ path: '/etc/default/kubelet', kind: 'EnvironmentFile', loaded: false, variables: { HTTPS_PROXY: 'http://ignored:1' } }]);
    // No docker unit readable: the distribution's file is the best guess, and daemon.json overrides it.
    const docker = readRuntimeProxy('docker', files);
    expect(docker.effective).toEqual({ httpsProxy: 'http://daemon:3128' });
    expect(docker.sources.map((s) => s.path)).toEqual(['/etc/sysconfig/docker', '/etc/docker/daemon.json']);
  });

  it('field-ready 5: a runtime is installed by its program, unit or drop-in, never by a folder', () => {
    const r = root({
      // The registry server's package owns /etc/docker/registry; an uninstall leaves /etc/containerd behind.
      '/etc/docker/registry/config.yml': 'version: 0.1\n',
      '/etc/containerd/': '',
      '/usr/local/bin/kubelet/': '',
    });
    const files = new RootFiles(r.root);
    for (const name of ['docker', 'containerd', 'kubelet'] as const) expect(readRuntimeProxy(name, files).present).toBe(false);
    const env = gatherEnvironment({ root: r.root, env: { PATH: '/usr/bin' }, hosts: [], netreqVersion: '0', interfaces: INTERFACES, system: SYSTEM, timeZone: 'UTC' });
    expect(env.runtimes.filter((x) => x.present)).toEqual([]);

    const installed = root({
      '/usr/bin/dockerd': '#!/bin/sh\n',
      '/opt/k8s/bin/kubelet': '#!/bin/sh\n',
      '/etc/systemd/system/containerd.service.d/http-proxy.conf': '[Service]\nEnvironment="HTTPS_PROXY=http://p:3128"\n',
    });
    const there = new RootFiles(installed.root);
    expect(readRuntimeProxy('docker', there)).toMatchObject({ present: true, evidence: ['/usr/bin/dockerd'] });
    expect(readRuntimeProxy('kubelet', there).present).toBe(false);
    expect(readRuntimeProxy('kubelet', there, ['/opt/k8s/bin'])).toMatchObject({ present: true, evidence: ['/opt/k8s/bin/kubelet'] });
    expect(readRuntimeProxy('containerd', there).present).toBe(true);
  });

  it('an absent runtime is not present and has no settings', () => {
    const rt = readRuntimeProxy('containerd', new RootFiles(root({ '/etc/hostname': 'x' }).root));
    expect(rt).toMatchObject({ present: false, evidence: [], sources: [], effective: {} });
  });
});

describe('network facts', () => {
  it('parses default routes of both families', () => {
    expect(parseDefaultRoutes(PROC_ROUTE, PROC_IPV6_ROUTE)).toEqual([
      { family: 'IPv4', interface: 'eth0', gateway: '10.0.0.1', metric: 100 },
      { family: 'IPv6', interface: 'eth0', gateway: 'fe80::1', metric: 1024 },
    ]);
    expect(parseDefaultRoutes(undefined, undefined)).toEqual([]);
  });

  it('keeps /etc/hosts lines naming a checked host or a name under a wildcard', () => {
    const hosts = '127.0.0.1 localhost\n10.1.1.1 runai.jfrog.io # pinned\n10.2.2.2 myacr.azurecr.io\n# 1.1.1.1 runai.jfrog.io\n';
    expect(hostsLinesFor(hosts, ['runai.jfrog.io', '*.azurecr.io'])).toEqual(['10.1.1.1 runai.jfrog.io', '10.2.2.2 myacr.azurecr.io']);
  });

  it('the node addresses are those on the default route interface, link-local left out', () => {
    const routes = parseDefaultRoutes(PROC_ROUTE, undefined);
    expect(nodeAddresses({ eth0: [{ address: '10.0.0.5', family: 'IPv4', internal: false }, { address: 'fe80::1', family: 'IPv6', internal: false }], docker0: [{ address: '172.17.0.1', family: 'IPv4', internal: false }] }, routes)).toEqual(['10.0.0.5']);
  });
});

describe('gatherEnvironment', () => {
  it('collects everything from the root, masks passwords, lists unreadable files, and matches its schema', () => {
    const r = root({
      '/etc/resolv.conf': 'nameserver 10.0.0.2\nnameserver fd00::53\nsearch corp.example lab.example\noptions ndots:2 timeout:1\n',
      '/etc/hosts': '127.0.0.1 localhost\n10.9.9.9 runai.jfrog.io\n',
      '/etc/os-release': 'NAME="Debian"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n',
      '/etc/environment': 'HTTPS_PROXY=http://svc:EnvPw@proxy:3128\nPATH=/usr/bin\n',
      '/proc/net/route': PROC_ROUTE,
      '/proc/net/ipv6_route': PROC_IPV6_ROUTE,
      '/etc/systemd/system/kubelet.service.d/http-proxy.conf': '[Service]\nEnvironment="HTTPS_PROXY=http://svc:DropPw@proxy:3128"\n',
      '/etc/default/docker': 'secret\n',
    });
    r.unreadable('/etc/default/docker');
    const env = gatherEnvironment({
      root: r.root,
      env: { https_proxy: 'http://me:ShellPw@proxy:3128', NO_PROXY: '.corp.example', HOME: '/root' },
      hosts: ['runai.jfrog.io'],
      netreqVersion: '9.9.9',
      catalogVersion: 'cat-1',
      now: new Date('2025-06-01T12:00:00Z'),
      interfaces: INTERFACES,
      system: SYSTEM,
      timeZone: 'Europe/Paris',
    });
    expect(Environment.parse(env)).toEqual(env);
    expect(env).toMatchObject({
      collectedAt: '2025-06-01T12:00:00.000Z',
      timeZone: 'Europe/Paris',
      os: { kernel: '6.1.0-test', hostname: 'node-1', distribution: 'Debian GNU/Linux 12 (bookworm)' },
      netreq: '9.9.9',
      catalogVersion: 'cat-1',
      resolvConf: { nameservers: ['10.0.0.2', 'fd00::53'], search: ['corp.example', 'lab.example'], options: ['ndots:2', 'timeout:1'] },
      hostsLines: ['10.9.9.9 runai.jfrog.io'],
      proxyVariables: { https_proxy: 'http://me:***@proxy:3128', NO_PROXY: '.corp.example' },
      etcEnvironment: { HTTPS_PROXY: 'http://svc:***@proxy:3128' },
      defaultRoutes: [{ interface: 'eth0', gateway: '10.0.0.1' }, { interface: 'eth0', gateway: 'fe80::1' }],
    });
    expect(env.interfaces['eth0']?.[0]).toEqual({ address: '10.0.0.5', family: 'IPv4', cidr: '10.0.0.5/24', internal: false });
    expect(JSON.stringify(env)).not.toMatch(/02:42|ShellPw|EnvPw|DropPw/);
    expect(env.runtimes.find((x) => x.name === 'kubelet')).toMatchObject({ present: true, effective: { httpsProxy: 'http://svc:***@proxy:3128' } });
    if (process.getuid?.() !== 0) expect(env.unreadable).toEqual([{ path: '/etc/default/docker', code: 'EACCES' }]);
  });
});

describe('the time zone name', () => {
  it('comes from TZ, else the zone /etc/localtime links to, else /etc/timezone, as ICU looks for it', () => {
    expect(zoneNameOf('Europe/Paris', '/usr/share/zoneinfo/Asia/Tokyo', 'Etc/UTC\n')).toBe('Europe/Paris');
    expect(zoneNameOf(':America/Argentina/Salta', undefined, undefined)).toBe('America/Argentina/Salta');
    expect(zoneNameOf(':/usr/share/zoneinfo/Etc/GMT+5', undefined, undefined)).toBe('Etc/GMT+5');
    expect(zoneNameOf(undefined, '/usr/share/zoneinfo/Asia/Tokyo', 'Etc/UTC\n')).toBe('Asia/Tokyo');
    expect(zoneNameOf('', '../usr/share/zoneinfo/posix/Europe/Berlin', undefined)).toBe('Europe/Berlin');
    expect(zoneNameOf(undefined, '/var/db/timezone/zoneinfo/America/New_York', undefined)).toBe('America/New_York');
    expect(zoneNameOf(undefined, undefined, 'Etc/UTC\n')).toBe('Etc/UTC');
    expect(zoneNameOf(undefined, undefined, 'UTC')).toBe('UTC');
  });

  it('is undefined when the source that decides names no zone, so ICU is asked', () => {
    expect(zoneNameOf('EST5EDT,M3.2.0,M11.1.0', '/usr/share/zoneinfo/Asia/Tokyo', undefined)).toBeUndefined();
    expect(zoneNameOf(':/etc/localtime', '/usr/share/zoneinfo/Asia/Tokyo', undefined)).toBeUndefined();
    expect(zoneNameOf(undefined, undefined, undefined)).toBeUndefined();
    expect(zoneNameOf(undefined, '/etc/zones/../../passwd', 'not a zone\n')).toBeUndefined();
  });

  it('gatherEnvironment follows the root\'s /etc/localtime when the caller names no zone', () => {
    const r = root({ '/usr/share/zoneinfo/Asia/Kolkata': 'TZif', '/etc/': '' });
    symlinkSync(join(r.root, 'usr/share/zoneinfo/Asia/Kolkata'), join(r.root, 'etc/localtime'));
    const env = gatherEnvironment({ root: r.root, env: {}, hosts: [], netreqVersion: '9.9.9', interfaces: INTERFACES, system: SYSTEM });
    expect(env.timeZone).toBe('Asia/Kolkata');
    expect(new RootFiles(r.root).link('/etc/hosts')).toBeUndefined();
  });
});
