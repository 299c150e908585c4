// A registry site inside a test namespace, by name, for judging netreq's pulls against containerd's:
// docker-registry over TLS (token auth, its `redirect` middleware sending blobs to another host),
// the token service and the blob host (pull-servers.mjs), dnsmasq answering their names, and a real
// containerd whose `ctr images pull` (fetch and unpack, native snapshotter) runs inside the namespace
// with a hosts.toml giving the registry's CA.
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { createCa, issueCert, type TestCa } from './certs.js';
import { startContainerd, type Containerd } from './containerd.js';
import { startDnsmasq } from './dnsmasq.js';
import type { Netns } from './netns.js';
import { runNetreq, type NetreqRun } from './netreq.js';
import { REGISTRY_BIN, registryConfig, startRegistry } from './registry.js';
import { pushIndex } from './registry-push.js';
import { pushTarImage } from './tar-layer.js';

const SERVERS = fileURLToPath(new URL('./pull-servers.mjs', import.meta.url));

// Names under .internal, as a site's own registry has (a public name trusted only through --ca-file is a warning of its own).
export const NAMES = { registry: 'registry.site.internal', auth: 'auth.site.internal', blobs: 'blobs.site.internal' } as const;
export const ADDRESSES = { registry: '203.0.113.10', auth: '203.0.113.11', blobs: '203.0.113.12' } as const;
export const USER = { username: 'puller', password: 'pull-secret-4711' } as const;
/** Repositories pushed: an index for amd64 and arm64, and an image one of whose layers is not its digest. */
export const IMAGES = {
  index: `${NAMES.registry}/netreq/app:multi`,
  corrupt: `${NAMES.registry}/netreq/corrupt:v1`,
} as const;
/** Every blob is larger than this, so a path-MTU black hole below it stops every download. */
export const LAYER_BYTES = 64 * 1024;

export interface CtrRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly ms: number;
}

export interface CtrOptions {
  readonly user?: boolean;
  /** The containerd service's environment (HTTPS_PROXY, NO_PROXY), which its pulls take. */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Another CA for the registry's hosts.toml (a bumping proxy's). */
  readonly extraCa?: string;
}

export interface NetreqOptions {
  readonly registryAuth?: boolean;
  /** containerd's systemd drop-in: `Environment="NAME=VALUE"` lines. */
  readonly dropIn?: Readonly<Record<string, string>>;
  /** The shell's environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly extra?: readonly string[];
  readonly timeoutMs?: number;
}

export interface PullSite {
  readonly ca: TestCa;
  readonly dir: string;
  /** The Docker config.json with the user's credentials (for --registry-auth). */
  readonly authFile: string;
  /** The tokens the token service has issued so far. */
  tokens(): string[];
  /** What the token service and the blob host printed (requests, errors). */
  serversLog(): string;
  ctr(ref: string, options?: CtrOptions): Promise<CtrRun>;
  netreq(ref: string, options?: NetreqOptions): Promise<NetreqRun>;
}

async function pushAll(root: string): Promise<void> {
  // Pushed through a loopback registry on the same storage; the namespace's registry serves it.
  const pusher = await startRegistry({ root });
  try {
    const amd64 = await pushTarImage(pusher.url, 'netreq/app', { layerSizes: [LAYER_BYTES + 1000, LAYER_BYTES * 2] });
    const arm64 = await pushTarImage(pusher.url, 'netreq/app', { layerSizes: [LAYER_BYTES + 2000], architecture: 'arm64' });
    await pushIndex(pusher.url, 'netreq/app', 'multi', [{ image: amd64, architecture: 'amd64' }, { image: arm64, architecture: 'arm64' }]);
    const corrupt = await pushTarImage(pusher.url, 'netreq/corrupt', { layerSizes: [LAYER_BYTES + 3000], tag: 'v1' });
    const layer = pusher.blobFile(corrupt.layers[0]?.digest ?? '');
    await writeFile(layer, randomBytes(statSync(layer).size));
  } finally {
    await pusher.stop();
  }
}

async function startRegistryIn(ns: Netns, dir: string, root: string, ca: TestCa, tokenCa: TestCa): Promise<void> {
  const leaf = await issueCert(ca, dir, { commonName: NAMES.registry }, 'registry');
  const options = {
    tls: { certificate: leaf.certPath, key: leaf.keyPath },
    redirectBaseUrl: `http://${NAMES.blobs}`,
    tokenAuth: { realm: `http://${NAMES.auth}/token`, service: 'netreq-test-registry', issuer: 'netreq-test-issuer', rootCertBundle: tokenCa.certPath },
  };
  const config = parse(registryConfig(root, 443, options)) as { http: Record<string, unknown> };
  config.http['addr'] = `${ADDRESSES.registry}:443`;
  const file = join(dir, 'registry.yml');
  await writeFile(file, stringify(config));
  const registry = ns.spawn(REGISTRY_BIN, ['serve', file]);
  ns.onDestroy(() => registry.stop(2_000));
  await ns.waitForPort(443);
}

async function startServersIn(ns: Netns, dir: string, root: string, tokenCa: TestCa): Promise<() => string> {
  const file = join(dir, 'pull-servers.json');
  await writeFile(file, JSON.stringify({
    token: { host: ADDRESSES.auth, port: 80, keyPath: tokenCa.keyPath, certPath: tokenCa.certPath, service: 'netreq-test-registry', issuer: 'netreq-test-issuer', user: USER },
    blobs: { host: ADDRESSES.blobs, port: 80, root },
  }));
  const servers = ns.spawn(process.execPath, [SERVERS, file]);
  ns.onDestroy(() => servers.stop(1_000));
  await servers.waitForOutput(/\{"ready":true\}/);
  return () => servers.output();
}

async function hostsDir(dir: string, cas: readonly string[]): Promise<string> {
  const hosts = join(dir, `hosts-${cas.length}`);
  await mkdir(join(hosts, NAMES.registry), { recursive: true });
  // containerd 1.6 reads a host's CA only from a [host."..."] table; without one it ignores the file.
  await writeFile(join(hosts, NAMES.registry, 'hosts.toml'), [
    `server = "https://${NAMES.registry}"`,
    `[host."https://${NAMES.registry}"]`,
    '  capabilities = ["pull", "resolve"]',
    `  ca = [${cas.map((file) => `"${file}"`).join(', ')}]`,
    '',
  ].join('\n'));
  return hosts;
}

let runs = 0;

/** A system root for NETREQ_SYSTEM_ROOT: containerd installed, its proxy drop-in when given. */
async function systemRoot(dir: string, dropIn: Readonly<Record<string, string>> | undefined): Promise<string> {
  const root = join(dir, `root-${++runs}`);
  await mkdir(join(root, 'usr/bin'), { recursive: true });
  await writeFile(join(root, 'usr/bin/containerd'), '');
  if (dropIn !== undefined) {
    const folder = join(root, 'etc/systemd/system/containerd.service.d');
    await mkdir(folder, { recursive: true });
    const lines = Object.entries(dropIn).map(([name, value]) => `Environment="${name}=${value}"`);
    await writeFile(join(folder, 'http-proxy.conf'), `[Service]\n${lines.join('\n')}\n`);
  }
  return root;
}

/** Starts the site in `ns` (its resolver is the namespace's 127.0.0.1); everything stops with the namespace. */
export async function startPullSite(ns: Netns): Promise<PullSite> {
  const dir = await ns.tempDir('pull-site');
  const root = join(dir, 'storage');
  await ns.addAddress(...Object.values(ADDRESSES));
  const ca = await createCa(dir, 'netreq test registry CA');
  const tokenCa = await createCa(dir, 'netreq test token signer', 'token-ca');
  await pushAll(root);
  await startDnsmasq(ns, { records: { [NAMES.registry]: ADDRESSES.registry, [NAMES.auth]: ADDRESSES.auth, [NAMES.blobs]: ADDRESSES.blobs } });
  await startRegistryIn(ns, dir, root, ca, tokenCa);
  const serversLog = await startServersIn(ns, dir, root, tokenCa);
  const containerd: Containerd = await startContainerd({ isolatedContent: true });
  ns.onDestroy(() => containerd.stop());
  const authFile = join(dir, 'docker-config.json');
  await writeFile(authFile, JSON.stringify({ auths: { [NAMES.registry]: { auth: Buffer.from(`${USER.username}:${USER.password}`).toString('base64') } } }), { mode: 0o600 });
  return {
    ca,
    dir,
    authFile,
    serversLog,
    tokens: () => serversLog().split('\n').filter((l) => l.startsWith('{"token"')).map((l) => (JSON.parse(l) as { token: string }).token),
    async ctr(ref, options = {}) {
      // A containerd namespace of its own per run, content not shared: nothing fetched earlier is reused.
      const hosts = await hostsDir(dir, [ca.certPath, ...(options.extraCa !== undefined ? [options.extraCa] : [])]);
      const args = ['-a', containerd.address, '-n', `judge${++runs}`, 'images', 'pull', '--snapshotter', 'native', '--hosts-dir', hosts, '--platform', 'linux/amd64'];
      if (options.user === true) args.push('--user', `${USER.username}:${USER.password}`);
      const r = await ns.exec('ctr', [...args, ref], { timeoutMs: options.timeoutMs ?? 30_000, env: options.env ?? {} });
      return { code: r.code, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut, ms: r.ms };
    },
    async netreq(ref, options = {}) {
      const system = await systemRoot(dir, options.dropIn);
      return runNetreq(ns, [
        'check', '--product', 'runai', '--role', 'installer', '--image', ref, '--ca-file', ca.certPath, '--dns-server', '127.0.0.1',
        '--timeout', '3000', ...(options.extra?.includes('--format') === true ? [] : ['--format', 'json']),
        ...(options.registryAuth === true ? ['--registry-auth', authFile] : []), ...(options.extra ?? []),
      ], { env: { NETREQ_SYSTEM_ROOT: system, ...options.env }, timeoutMs: options.timeoutMs ?? 60_000 });
    },
  };
}
