import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { listenerPorts, loadCatalog, Product, type ListenerPortPlan } from '../../catalog/index.js';
import { openListener, type FailedPort, type ListenerContact } from '../../net/index.js';
import { expandRoles, type Topology } from '../../topology/index.js';
import { allowOnly, intFlag, type ParsedArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { UsageError, type CliIo } from '../io.js';
import { topologyFrom } from '../site-input.js';
import type { Command } from './types.js';

const HELP = `netreq listen [options]: open this machine's inbound and internal ports for peers to check

  netreq listen --role k8s-node [--cni calico|cilium|flannel|other] [--duration S]
  netreq listen --role system-node      (also the HTTPS entrypoint, port 443)

Opens every port of the inbound and internal rules whose destination is a machine of this role
and that no other service holds: TCP, and UDP for the network plugin's overlay (VXLAN, Geneve).
Each TCP connection gets one greeting line carrying this run's token and is closed; each UDP
echo request gets one reply no larger than itself. Nothing a peer sends is read or kept.

From another machine, the 'netreq check ... --peer THIS-HOST:ROLE#TOKEN' line it prints checks
every one of those ports: the token proves the answer came from this listener, not from a device
on the way. A port already in use is checked as it is (its service answers instead); a port
below 1024 needs root.

Options
  --role R        this machine's role (repeat): k8s-node, system-node
  --cni C         the cluster's network plugin, for its overlay ports
  --product P     default: every product
  --duration S    stop after S seconds (default: on Ctrl-C)

Exit codes: 0 stopped normally, 1 no port could be opened, 2 usage error.
`;

export const ALLOWED = ['role', 'product', 'cni', 'runai-version', 'azureml-arc-version', 'duration', 'answers', 'verbose', 'no-color'] as const;

function listenTopology(args: ParsedArgs, io: CliIo): Topology {
  const flags = { ...args.flags };
  if (flags.product === undefined && flags.answers === undefined) flags.product = [...Product.options];
  return topologyFrom(flags, io);
}

function reasonFor(failed: FailedPort, root: boolean): string {
  switch (failed.code) {
    case 'EADDRINUSE':
      return 'in use: another service already listens here; a check reaches that service instead (see ss -lntup)';
    case 'EACCES':
    case 'EPERM':
      return root ? `not allowed (${failed.code})` : 'privileged: ports below 1024 need root; run netreq listen with sudo to open it';
    case 'EADDRNOTAVAIL':
    case 'EAFNOSUPPORT':
      return `no address to listen on (${failed.code})`;
    default:
      return `could not open it (${failed.code})`;
  }
}

function portLabel(port: number, transport: string): string {
  return `${port}/${transport}`.padEnd(11);
}

function planLine(plan: ListenerPortPlan): string {
  const sample = plan.sampledFrom !== undefined ? ` (sample of ${plan.sampledFrom})` : '';
  return `${plan.ruleIds.join(', ')}${sample}`;
}

function ownAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => !a.internal && !a.address.startsWith('fe80:'))
    .map((a) => a.address);
}

/** The `--peer` a checker gives for this machine. */
function peerFlag(topology: Topology, token: string, addresses: readonly string[]): string {
  const role = expandRoles(topology.roles).includes('system-node') ? 'system-node' : 'k8s-node';
  const address = addresses[0] ?? 'THIS-HOST';
  return `${address.includes(':') ? `[${address}]` : address}:${role}#${token}`;
}

/** The `netreq check` line another machine runs against this listener: the same products and network plugin. */
export function peerCheckCommand(topology: Topology, token: string, addresses: readonly string[]): string {
  const products = topology.products.map((p) => `--product ${p}`).join(' ');
  const cni = topology.cni !== undefined ? ` --cni ${topology.cni}` : '';
  return `netreq check ${products} --role k8s-node${cni} --peer ${peerFlag(topology, token, addresses)}`;
}

export const listenCommand: Command = {
  name: 'listen',
  summary: "open this machine's inbound/internal ports for peers to check",
  help: HELP,
  async run(args: ParsedArgs, io: CliIo): Promise<number> {
    allowOnly('listen', args.flags, ALLOWED);
    if (args.positionals.length > 0) throw new UsageError(`'netreq listen' takes no arguments, got '${args.positionals.join(' ')}'`);
    const durationMs = args.flags.duration !== undefined ? intFlag('duration', args.flags.duration, 0, 1, 2_000_000) * 1000 : undefined;
    const topology = listenTopology(args, io);
    const plans = listenerPorts(loadCatalog(), topology);
    if (plans.length === 0) {
      throw new UsageError(`no inbound or internal rule has a machine of role ${topology.roles.join(', ')} as its destination; listen with --role k8s-node or --role system-node`);
    }
    const token = randomBytes(6).toString('hex');
    const out = io.stdout;
    const contact = (c: ListenerContact): void => {
      out.write(`${new Date().toTimeString().slice(0, 8)}  ${c.address} reached ${c.port}/${c.transport}\n`);
    };
    const listener = await openListener(plans.map((p) => ({ port: p.port, transport: p.transport })), { token, onContact: contact });
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    const addresses = ownAddresses();
    out.write(`netreq listen: token ${token}\n`);
    if (listener.opened.length > 0) {
      out.write(`listening on every address of this machine${addresses.length > 0 ? ` (${addresses.join(', ')})` : ''}:\n`);
      for (const opened of listener.opened) {
        const plan = plans.find((p) => p.port === opened.requested && p.transport === opened.transport);
        out.write(`  ${portLabel(opened.port, opened.transport)} ${plan ? planLine(plan) : ''}\n`);
      }
    }
    if (listener.failed.length > 0) {
      out.write('not opened:\n');
      for (const failed of listener.failed) out.write(`  ${portLabel(failed.port, failed.transport)} ${reasonFor(failed, root)}\n`);
    }
    if (listener.opened.length === 0) {
      io.stderr.write('netreq listen: no port could be opened\n');
      await listener.close();
      return EXIT.failed;
    }
    out.write(`check it from another machine with:\n  ${peerCheckCommand(topology, token, addresses)}\n`);
    out.write(`listening ${durationMs !== undefined ? `for ${durationMs / 1000} s (or until Ctrl-C)` : 'until Ctrl-C'}\n`);
    try {
      await sleep(durationMs ?? 2_147_483_647, undefined, { signal: io.signal });
    } catch {
      // Ctrl-C: the normal way to stop
    }
    await listener.close();
    out.write('netreq listen: stopped\n');
    return EXIT.ok;
  },
};
