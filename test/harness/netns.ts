// A network namespace a test creates: its own loopback with documentation-range addresses that
// stand for the public internet, its own resolv.conf/hosts (which `ip netns exec` bind-mounts over
// /etc), and every process started in it stopped on destroy. Nothing here touches the machine's
// own namespace apart from creating and deleting namespaces and /etc/netns/NAME.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS_PREFIX, removeNamespaceSync, sweepStale, track, untrack } from './cleanup.js';
import { execTracked, run, spawnTracked, type ExecOptions, type ExecResult, type SpawnOptions, type TrackedProcess } from './proc.js';

export interface NamespaceOptions {
  /** Added to `lo` (IPv4 as /32, IPv6 as /128). Use 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32. */
  readonly addresses?: readonly string[];
  /**
   * The machine's own addresses, on lo too; default 192.0.2.1 and 2001:db8::1. A real host has a
   * non-loopback address, and getaddrinfo's AI_ADDRCONFIG (getent ahosts, curl) skips a family
   * without one: with none, `getent ahostsv4` fails before sending any query (OBSERVED.md).
   */
  readonly hostAddresses?: readonly string[];
  /** resolv.conf nameservers; default the namespace's own 127.0.0.1 (start dnsmasq there). */
  readonly nameservers?: readonly string[];
  /** resolv.conf `options` line, e.g. ['timeout:1', 'attempts:1']; default none (glibc: 5 s, 2 tries). */
  readonly resolvOptions?: readonly string[];
  /** Extra /etc/hosts lines as address -> names; localhost is always there. */
  readonly hosts?: Readonly<Record<string, readonly string[]>>;
}

export interface WaitForPortOptions {
  readonly proto?: 'tcp' | 'udp';
  readonly timeoutMs?: number;
}

export interface Netns {
  readonly name: string;
  /** A temporary folder for this namespace's servers (mode 0755), removed on destroy. */
  readonly dir: string;
  readonly addresses: ReadonlySet<string>;
  /** Runs a command inside the namespace; never throws for a non-zero exit. */
  exec(cmd: string, args?: readonly string[], opts?: ExecOptions): Promise<ExecResult>;
  /** Like exec, but throws unless it exits 0; returns stdout. */
  run(cmd: string, args?: readonly string[], opts?: ExecOptions): Promise<string>;
  /** Starts a long-running process inside the namespace; destroy() stops it. */
  spawn(cmd: string, args?: readonly string[], opts?: SpawnOptions): TrackedProcess;
  addAddress(...addresses: string[]): Promise<void>;
  writeResolvConf(nameservers: readonly string[], options?: readonly string[]): Promise<void>;
  writeHosts(entries: Readonly<Record<string, readonly string[]>>): Promise<void>;
  /** Resolves once something listens on the port inside the namespace. */
  waitForPort(port: number, opts?: WaitForPortOptions): Promise<void>;
  /** A fresh folder under `dir`. */
  tempDir(prefix: string): Promise<string>;
  /** Runs before the processes are killed and the namespace deleted (servers register their stop here). */
  onDestroy(fn: () => Promise<void> | void): void;
  destroy(): Promise<void>;
}

let counter = 0;
export const DEFAULT_HOST_ADDRESSES: readonly string[] = ['192.0.2.1', '2001:db8::1'];

export function isIPv6(address: string): boolean {
  return address.includes(':');
}

export async function createNamespace(opts: NamespaceOptions = {}): Promise<Netns> {
  sweepStale();
  const name = `${NS_PREFIX}${process.pid}-${++counter}`;
  const etcDir = `/etc/netns/${name}`;
  const dir = await mkdtemp(join(tmpdir(), `${name}-`));
  await chmod(dir, 0o755); // squid and dnsmasq drop privileges and must reach their files
  track(name, [dir]);
  const processes = new Set<TrackedProcess>();
  const destroyHooks: Array<() => Promise<void> | void> = [];
  const addresses = new Set<string>();
  let destroyed = false;

  const nsExec = (cmd: string, args: readonly string[] = [], o: ExecOptions = {}): Promise<ExecResult> =>
    execTracked('ip', ['netns', 'exec', name, cmd, ...args], o);
  const nsRun = (cmd: string, args: readonly string[] = [], o: ExecOptions = {}): Promise<string> =>
    run('ip', ['netns', 'exec', name, cmd, ...args], o);

  const writeResolvConf = async (nameservers: readonly string[], options: readonly string[] = []): Promise<void> => {
    const lines = nameservers.map((s) => `nameserver ${s}`);
    if (options.length > 0) lines.push(`options ${options.join(' ')}`);
    await writeFile(join(etcDir, 'resolv.conf'), `${lines.join('\n')}\n`);
  };
  const writeHosts = async (entries: Readonly<Record<string, readonly string[]>>): Promise<void> => {
    const lines = ['127.0.0.1 localhost', '::1 localhost ip6-localhost ip6-loopback'];
    for (const [addr, names] of Object.entries(entries)) lines.push(`${addr} ${names.join(' ')}`);
    await writeFile(join(etcDir, 'hosts'), `${lines.join('\n')}\n`);
  };

  const ns: Netns = {
    name,
    dir,
    addresses,
    exec: nsExec,
    run: nsRun,
    spawn(cmd, args = [], o = {}) {
      if (destroyed) throw new Error(`namespace ${name} is destroyed`);
      const p = spawnTracked('ip', ['netns', 'exec', name, cmd, ...args], o);
      processes.add(p);
      void p.exited.then(() => processes.delete(p));
      return p;
    },
    async addAddress(...addrs) {
      for (const a of addrs) {
        if (addresses.has(a)) continue;
        const args = isIPv6(a) ? ['-6', 'addr', 'add', `${a}/128`, 'dev', 'lo', 'nodad'] : ['addr', 'add', `${a}/32`, 'dev', 'lo'];
        await run('ip', ['-n', name, ...args]);
        addresses.add(a);
      }
    },
    writeResolvConf,
    writeHosts,
    async waitForPort(port, o = {}) {
      const deadline = Date.now() + (o.timeoutMs ?? 10_000);
      const flag = o.proto === 'udp' ? '-Hlnu' : '-Hlnt';
      for (;;) {
        const r = await execTracked('ss', ['-N', name, flag, `sport = :${port}`], { timeoutMs: 5_000 });
        if (r.code === 0 && r.stdout.trim() !== '') return;
        if (Date.now() > deadline) throw new Error(`nothing listens on ${o.proto ?? 'tcp'} port ${port} in ${name}`);
        await new Promise((res) => setTimeout(res, 50));
      }
    },
    async tempDir(prefix) {
      const d = await mkdtemp(join(dir, `${prefix}-`));
      await chmod(d, 0o755);
      return d;
    },
    onDestroy(fn) {
      destroyHooks.push(fn);
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      // Servers stop side by side (squid alone takes a second or two); a failing stop must not
      // keep the namespace alive: whatever survives is killed below.
      await Promise.allSettled(destroyHooks.map(async (hook) => hook()));
      await Promise.all([...processes].map((p) => p.stop(2_000)));
      removeNamespaceSync(name);
      untrack(name);
      if (process.env['NETREQ_KEEP_TMP'] === undefined) await rm(dir, { recursive: true, force: true });
    },
  };

  try {
    await run('ip', ['netns', 'add', name]);
    await run('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
    await mkdir(etcDir, { recursive: true });
    await writeResolvConf(opts.nameservers ?? ['127.0.0.1'], opts.resolvOptions);
    await writeHosts(opts.hosts ?? {});
    // Only files and DNS, in that order, whatever the machine's own nsswitch says (mdns, systemd).
    await writeFile(
      join(etcDir, 'nsswitch.conf'),
      'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n',
    );
    await ns.addAddress(...(opts.hostAddresses ?? DEFAULT_HOST_ADDRESSES), ...(opts.addresses ?? []));
  } catch (err) {
    await ns.destroy();
    throw err;
  }
  return ns;
}

export interface LinkOptions {
  /** Default 198.18.N.1 / 198.18.N.2 (the benchmarking range), /30. */
  readonly addrA?: string;
  readonly addrB?: string;
  readonly prefix?: number;
}

export interface VethLink {
  readonly ifA: string;
  readonly ifB: string;
  readonly addrA: string;
  readonly addrB: string;
}

let linkCounter = 0;

/** A veth pair between two namespaces, created inside them (never in the machine's own namespace). */
export async function link(a: Netns, b: Netns, opts: LinkOptions = {}): Promise<VethLink> {
  const n = ++linkCounter;
  const ifA = `nrv${n}a`;
  const ifB = `nrv${n}b`;
  const addrA = opts.addrA ?? `198.18.${n % 256}.1`;
  const addrB = opts.addrB ?? `198.18.${n % 256}.2`;
  const prefix = opts.prefix ?? (isIPv6(addrA) ? 64 : 30);
  await run('ip', ['-n', a.name, 'link', 'add', ifA, 'type', 'veth', 'peer', 'name', ifB, 'netns', b.name]);
  const v6 = isIPv6(addrA) ? ['nodad'] : [];
  await run('ip', ['-n', a.name, 'addr', 'add', `${addrA}/${prefix}`, 'dev', ifA, ...v6]);
  await run('ip', ['-n', b.name, 'addr', 'add', `${addrB}/${prefix}`, 'dev', ifB, ...v6]);
  await run('ip', ['-n', a.name, 'link', 'set', ifA, 'up']);
  await run('ip', ['-n', b.name, 'link', 'set', ifB, 'up']);
  // Carrier comes a moment after `up`; until then the kernel (and Node's networkInterfaces) treat the link as down.
  for (const [ns, dev] of [[a.name, ifA], [b.name, ifB]] as const) {
    for (let tries = 0; tries < 100; tries += 1) {
      const stdout = await run('ip', ['-n', ns, '-o', 'link', 'show', 'dev', dev]);
      if (stdout.includes('LOWER_UP')) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return { ifA, ifB, addrA, addrB };
}
