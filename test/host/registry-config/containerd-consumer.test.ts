// The hosts.toml reader held against its consumer: the containerd installed here (Debian 12's
// 1.6) resolves a tag through `ctr content fetch --hosts-dir`, and the HEAD requests loopback
// registries receive, in order, must be the hosts resolvePullHosts predicts for `resolve`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readRegistryConfig, resolvePullHosts } from '../../../src/host/index.js';
import { startContainerd, type Containerd } from '../../harness/containerd.js';
import { describeWithDeps } from '../../harness/deps.js';

interface Recorder {
  readonly port: number;
  readonly server: Server;
}

/** A registry that knows no manifest: it records `PORT PATH` of each request and answers 404. */
async function recorder(log: string[]): Promise<Recorder> {
  const server = createServer((request, response) => {
    const address = server.address() as AddressInfo;
    log.push(`${address.port} ${(request.url ?? '').split('?')[0] ?? ''}`);
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

describeWithDeps('mirrors 1: containerd itself agrees with the hosts.toml reader', ['containerd', 'ctr'], () => {
  const log: string[] = [];
  let containerd: Containerd;
  let upstream: Recorder;
  let mirror: Recorder;
  let other: Recorder;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'netreq-hosts-'));
    [upstream, mirror, other] = [await recorder(log), await recorder(log), await recorder(log)];
    containerd = await startContainerd();
  }, 30_000);
  afterAll(async () => {
    await containerd?.stop();
    for (const r of [upstream, mirror, other]) r?.server.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /** Writes the registry's hosts.toml under a fresh root, fetches with ctr, returns what containerd asked and what netreq predicts. */
  async function compare(name: string, hostsToml: (ports: { mirror: number; other: number }) => string, folderName?: string): Promise<{ asked: string[]; predicted: string[] }> {
    const root = join(folder, name);
    const registry = `127.0.0.1:${upstream.port}`;
    const certsD = join(root, 'etc/containerd/certs.d');
    const folderOf = folderName ?? `127.0.0.1_${upstream.port}_`;
    mkdirSync(join(certsD, folderOf), { recursive: true });
    writeFileSync(join(root, 'etc/containerd/config.toml'), 'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "/etc/containerd/certs.d"\n');
    writeFileSync(join(certsD, folderOf, 'hosts.toml'), hostsToml({ mirror: mirror.port, other: other.port }));
    log.length = 0;
    const ctr = await containerd.ctr(['content', 'fetch', '--hosts-dir', certsD, `${registry}/library/busybox:1`], 30_000);
    expect(ctr.code).not.toBe(0);
    const hosts = resolvePullHosts(readRegistryConfig(root), registry, { operation: 'resolve', repository: 'library/busybox' });
    const predicted = hosts.map((h) => `${h.url.port ?? ''} ${h.url.path}/${h.repository ?? ''}/manifests/1`);
    return { asked: [...log], predicted };
  }

  it('mirrors 1: a Harbor proxy-cache host with override_path, then the registry', async () => {
    const { asked, predicted } = await compare('harbor', ({ mirror }) => `[host."http://127.0.0.1:${mirror}/v2/dockerhub"]\n  capabilities = ["pull", "resolve"]\n  override_path = true\n`);
    expect(asked).toEqual([`${mirror.port} /v2/dockerhub/library/busybox/manifests/1`, `${upstream.port} /v2/library/busybox/manifests/1`]);
    expect(predicted).toEqual(asked);
  }, 40_000);

  it('mirrors 1: a hosts.toml with a server and no [host] table is ignored: only the registry is asked', async () => {
    const { asked, predicted } = await compare('no-host', ({ mirror }) => `server = "http://127.0.0.1:${mirror}"\n`);
    expect(asked).toEqual([`${upstream.port} /v2/library/busybox/manifests/1`]);
    expect(predicted).toEqual(asked);
  }, 40_000);

  it('mirrors 1: a pull-only host is not asked to resolve; a path without /v2 gets it appended; server replaces the registry', async () => {
    const { asked, predicted } = await compare('capabilities', ({ mirror, other }) =>
      [`server = "http://127.0.0.1:${other}"`, `[host."http://127.0.0.1:${mirror}/pull-only"]`, '  capabilities = ["pull"]', `[host."http://127.0.0.1:${mirror}/m2"]`, ''].join('\n'),
    );
    expect(asked).toEqual([`${mirror.port} /m2/v2/library/busybox/manifests/1`, `${other.port} /v2/library/busybox/manifests/1`]);
    expect(predicted).toEqual(asked);
  }, 40_000);

  it('mirrors 1: a hosts.toml that is not TOML is ignored: only the registry is asked', async () => {
    const { asked, predicted } = await compare('syntax', ({ mirror }) => `[host."http://127.0.0.1:${mirror}"\n  capabilities = ["pull", "resolve"]\n`);
    expect(asked).toEqual([`${upstream.port} /v2/library/busybox/manifests/1`]);
    expect(predicted).toEqual(asked);
  }, 40_000);

  it('mirrors 1: a registry with no folder of its own takes _default, and its server is the registry asked', async () => {
    const { asked, predicted } = await compare('default', ({ mirror }) => `[host."http://127.0.0.1:${mirror}/v2/all"]\n  capabilities = ["pull", "resolve"]\n  override_path = true\n`, '_default');
    expect(asked).toEqual([`${mirror.port} /v2/all/library/busybox/manifests/1`, `${upstream.port} /v2/library/busybox/manifests/1`]);
    expect(predicted).toEqual(asked);
  }, 40_000);
});
