// A fleet lab: namespaces on a Linux bridge made in a namespace of their own: a "world" with the
// site's DNS (dnsmasq) and a registry (a TLS origin), an installer with the client's key and ssh
// configuration, and one namespace a node, each running a real sshd. The fleet integration test
// adds its faults through the node options; the bench (bench/lib/fleet-*.ts) uses healthy nodes.
// Imports no vitest: the bench runs it outside the test runner.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeBridge, plug } from './bridge.js';
import { startDnsmasq } from './dnsmasq.js';
import { createNamespace, type NamespaceOptions, type Netns } from './netns.js';
import { addSudoUser } from './node-user.js';
import { clientKeys, startNodeSshd, type ClientKeys, type NodeSshd, type NodeSshdOptions } from './node-sshd.js';
import { startOrigins } from './origin.js';

export const FLEET_REGISTRY = { host: 'runai.jfrog.io', address: '203.0.113.40' } as const;
export const FLEET_WORLD = '198.18.7.100';
export const FLEET_INSTALLER = '198.18.7.2';
/** Node i's address (1-based): 198.18.7.11, .12, … (at most 80 nodes). */
export const fleetNodeAddress = (i: number): string => `198.18.7.${10 + i}`;

export interface FleetLabNode {
  readonly address: string;
  /** Nothing answers at this address: no namespace is made for it. */
  readonly absent?: boolean;
  /** The node's resolver; default the world's dnsmasq. */
  readonly nameserver?: string;
  /** false: its sshd refuses every key. */
  readonly acceptsKey?: boolean;
  readonly sshd?: NodeSshdOptions;
  /** A non-root user (with NOPASSWD sudo) who logs in instead of root (the installer's ssh_config says so for this node). */
  readonly sudoUser?: string;
  /** Runs once the node's sshd listens (a test's fault: nftables rules, say). */
  readonly after?: (ns: Netns) => Promise<void>;
}

export interface FleetLab {
  readonly installer: Netns;
  readonly nodes: ReadonlyMap<string, { readonly ns: Netns; readonly sshd: NodeSshd }>;
  readonly keys: ClientKeys;
  /** The installer's ssh configuration (its key, the nodes' host keys, root). */
  readonly config: string;
  /** The registry's CA, for `--ca-file`. */
  readonly caPath: string;
  /** With `commonTmp`: the path at which every node's sessions see their own TMPDIR. */
  readonly commonTmp?: string;
  /** Every namespace made, so that a test can check none is left. */
  readonly spaces: readonly Netns[];
  destroy(): Promise<void>;
}

export interface FleetLabOptions {
  /**
   * Every node's TMPDIR bind-mounted (in its sshd's own mount namespace) at one path, the same on
   * every node: what a tool that copies to one path on all nodes (pdcp) needs, where the nodes
   * share this machine's filesystem.
   */
  readonly commonTmp?: boolean;
}

const RESOLV_OPTIONS = ['timeout:1', 'attempts:1'];
/** Nodes set up at once: each is a namespace, a veth pair and an sshd with a fresh host key. */
const SETUP_AT_ONCE = 4;

/** `sshd` options with the node's TMPDIR also bind-mounted at `common`. */
function withCommonTmp(options: NodeSshdOptions | undefined, common: string): NodeSshdOptions {
  const own = options?.prelude;
  return { ...options, prelude: (tmp, dir) => [own?.(tmp, dir), `mount --bind ${tmp} ${common}`].filter(Boolean).join(' && ') };
}

export async function makeFleetLab(nodes: readonly FleetLabNode[], options: FleetLabOptions = {}): Promise<FleetLab> {
  const spaces: Netns[] = [];
  const ns = async (opts: NamespaceOptions = {}): Promise<Netns> => {
    const made = await createNamespace(opts);
    spaces.push(made);
    return made;
  };
  const destroy = async (): Promise<void> => {
    await Promise.allSettled(spaces.map((s) => s.destroy()));
  };
  try {
    const bridge = await ns();
    await makeBridge(bridge);
    const commonTmp = options.commonTmp === true ? await bridge.tempDir('node-tmp') : undefined;
    const world = await ns();
    await plug(bridge, world, FLEET_WORLD);
    await startDnsmasq(world, { listen: FLEET_WORLD, records: { [FLEET_REGISTRY.host]: FLEET_REGISTRY.address } });
    const origins = await startOrigins(world, { sites: [{ names: [FLEET_REGISTRY.host], address: FLEET_REGISTRY.address, http: false }] });
    const installer = await ns({ nameservers: [FLEET_WORLD], resolvOptions: RESOLV_OPTIONS });
    await plug(bridge, installer, FLEET_INSTALLER);
    const keys = await clientKeys(join(installer.dir, 'client'));
    const made = new Map<string, { ns: Netns; sshd: NodeSshd }>();
    const present = nodes.filter((n) => n.absent !== true);
    for (let i = 0; i < present.length; i += SETUP_AT_ONCE) {
      await Promise.all(present.slice(i, i + SETUP_AT_ONCE).map(async (node) => {
        const space = await ns({ nameservers: [node.nameserver ?? FLEET_WORLD], resolvOptions: RESOLV_OPTIONS });
        await plug(bridge, space, node.address, FLEET_WORLD, ['203.0.113.0/24']);
        const user = node.sudoUser !== undefined ? await addSudoUser(space, node.sudoUser) : undefined;
        // A clean node: the sessions' HOME is an empty folder, not this machine's /root, whose
        // .bashrc (pyenv's rehash, under a lock) would make every ssh session slow and serial.
        const clean: NodeSshdOptions = { ...node.sshd, setEnv: (dir) => ({ HOME: join(dir, 'home'), ...node.sshd?.setEnv?.(dir) }) };
        const own = user !== undefined ? { ...clean, owner: { uid: user.uid, gid: user.gid } } : clean;
        const sshdOptions = commonTmp !== undefined ? withCommonTmp(own, commonTmp) : own;
        const sshd = await startNodeSshd(space, node.address, node.acceptsKey === false ? undefined : keys.publicKey, sshdOptions);
        await node.after?.(space);
        made.set(node.address, { ns: space, sshd });
      }));
    }
    // In the order given, whatever order they came up in.
    const ordered = new Map(present.map((n) => [n.address, made.get(n.address) as { ns: Netns; sshd: NodeSshd }]));
    // ssh takes the first value it finds: these nodes' users before `Host *`'s root.
    const users = present.filter((n) => n.sudoUser !== undefined).map((n) => `Host ${n.address}\n  User ${n.sudoUser ?? ''}\n`).join('');
    if (users !== '') await writeFile(keys.config, users + (await readFile(keys.config, 'utf8')), { mode: 0o600 });
    await writeFile(keys.knownHosts, `${[...ordered.values()].map((n) => n.sshd.hostKeyLine).join('\n')}\n`);
    return { installer, nodes: ordered, keys, config: keys.config, caPath: origins.ca.certPath, ...(commonTmp !== undefined ? { commonTmp } : {}), spaces, destroy };
  } catch (error: unknown) {
    await destroy();
    throw error;
  }
}
