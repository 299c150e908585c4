import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import {
  fleetNodeOf, fleetReport, hashFile, runFleet, SSH_DEFAULTS, sshDestinationProblem, type FleetNode, type FleetProgress, type FleetReport, type FleetRun, type Payload,
} from '../../fleet/index.js';
import { createRedaction, MASK, redactDeep } from '../../report/index.js';
import { VERSION } from '../../version.js';
import { fleetNodes, fleetPeerPlan } from '../fleet-nodes.js';
import { recheckFleetOnce, watchFleet, type FleetRecheckContext, type FleetRound, type FleetRunner } from '../fleet-watch.js';
import { allowOnly, intFlag, type Flags, type ParsedArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { UsageError, type CliIo } from '../io.js';
import { fleetFormat, renderFleet } from '../render-fleet-report.js';
import { loadFleetReportFile } from '../report-file.js';
import { watchIntervalMs } from '../watch.js';
import { runFleetAgent } from './fleet-agent.js';
import { writeFleetBundle } from './fleet-bundle.js';
import type { Command } from './types.js';

const HELP = `netreq fleet --nodes LIST [site options]: the whole check on every node over SSH, merged

  netreq fleet --nodes gpu01:system-node,gpu02,gpu03 --product runai --control-plane runai.example.com

From this machine, over your own ssh (its keys, agent and ~/.ssh/config), for every node:
netreq is copied into a private temporary folder (0700; the single .mjs where the node has
Node.js 20.18+, else --executable), its digest checked, and run through a small wrapper that
deletes it as soon as it has started; it opens the node's listener (netreq listen), then
checks the node's own rules with the other nodes as peers. The reports come back over SSH,
are validated, and merged into one: root causes across nodes first, then each node, then the
matrix of targets by node. A node that could not be checked is a finding with its cause.

Nodes
  --nodes LIST        NAME[:ROLE],... (repeat); ROLE k8s-node (default) or system-node
  --fanout N          nodes set up or checked at once (default 32, as pdsh)
  --node-timeout S    each node's deadline for its setup and for its check (default: --max-time + 60)
  --sudo              run netreq on the nodes with sudo -n (ports below 1024 need root;
                      without it they are skip node.privileged-port)
SSH
  --ssh-jump HOST     through a jump host (ssh -J), e.g. the headnode
  --ssh-config FILE   this ssh configuration instead of ~/.ssh/config (ssh -F)
  --ssh-accept-new    trust a host key seen for the first time (StrictHostKeyChecking=accept-new);
                      without it an unknown key is node.host-key-unknown; checking is never off
What to copy
  --single-file FILE  the .mjs to copy (default: this netreq when it runs as one)
  --executable FILE   the standalone executable, for nodes without Node.js 20.18+
Again
  --from FILE         check again only what failed in an earlier fleet report (its JSON or its
                      --bundle): nodes that could not be checked are tried again in full, the
                      others re-check their failing targets and peers; the nodes, their roles
                      and the site flags come from the report (give the site flags when its
                      saved ones had a credential masked)
  --watch [SECONDS]   after the run (or --from), check what still fails again every SECONDS
                      (default 30) until it passes or Ctrl-C; each change is one line
Output
  --format F          text (default) | json (the fleet report) | md | html
  --bundle FILE       a .tar.gz: the merged report (fleet.json, fleet.txt) and each checked node's
                      own (nodes/NAME.json, nodes/NAME.html), redacted
The site flags (--product, --control-plane, --proxy, --ca-file, ...) and --timeout, --max-time,
--concurrency are passed to every node's check; a file named there must exist on the nodes.

Exit codes: 0 nothing failed on any node, 1 a node failed or could not be checked,
2 usage error, 130 interrupted (what finished is reported).
`;

const SITE_FLAGS = [
  'product', 'region', 'region-code', 'control-plane', 'co-located', 'headnode', 'prereqs', 'workload', 'wildcard', 'proxy', 'no-proxy',
  'ca-file', 'dns-server', 'connect-to', 'cni', 'runai-version', 'azureml-arc-version', 'arc-gateway', 'image', 'timeout', 'max-time', 'concurrency',
] as const satisfies readonly (keyof Flags)[];
const LISTEN_FLAGS = ['product', 'cni', 'runai-version', 'azureml-arc-version'] as const satisfies readonly (keyof Flags)[];
const ALLOWED = [
  ...SITE_FLAGS, 'nodes', 'from-bcm', 'from-kubernetes', 'mesh-limit', 'peer-sample', 'fanout', 'node-timeout', 'sudo', 'ssh-accept-new', 'ssh-jump', 'ssh-config', 'single-file', 'executable', 'format', 'bundle', 'no-color',
  'from', 'watch',
] as const satisfies readonly (keyof Flags)[];
/** How the nodes are chosen: the report's own with --from. */
const NODE_FLAGS = ['nodes', 'from-bcm', 'from-kubernetes'] as const satisfies readonly (keyof Flags)[];

/** Flags as argv again, for the node's own netreq. */
function passOn(flags: Flags, names: readonly (keyof Flags)[]): string[] {
  return names.flatMap((name) => {
    const value = flags[name];
    if (value === undefined || value === false) return [];
    if (value === true) return [`--${name}`];
    return (Array.isArray(value) ? value : [value]).map((v) => `--${name}=${String(v)}`);
  });
}

function rolesArgv(node: FleetNode): string[] {
  return node.roles.flatMap((role) => ['--role', role]);
}

/** The earlier report of --from, validated; its nodes stand for --nodes, which cannot be given with it. */
function earlierReport(flags: Flags, io: CliIo): FleetReport | undefined {
  if (flags.from === undefined) return undefined;
  const clash = NODE_FLAGS.filter((flag) => flags[flag] !== undefined);
  if (clash.length > 0) throw new UsageError(`--from takes the nodes from the report; ${clash.map((f) => `--${f}`).join(', ')} cannot be given with it`);
  return loadFleetReportFile(resolve(io.cwd, flags.from), flags.from, '--from');
}

/** The site flags the nodes check with: those given, else (with --from) the report's. */
function siteArgvOf(flags: Flags, earlier: FleetReport | undefined): string[] {
  const given = passOn(flags, SITE_FLAGS);
  if (given.length > 0 || earlier === undefined) return given;
  const saved = earlier.site ?? [];
  if (saved.some((arg) => arg.includes(MASK))) {
    throw new UsageError(`${flags.from ?? ''}: its site flags were saved with a credential masked (${saved.filter((a) => a.includes(MASK)).map((a) => a.split('=')[0]).join(', ')}); give the site flags again with --from`);
  }
  return saved;
}

async function payloads(flags: Flags, io: CliIo): Promise<{ mjs?: Payload; exe?: Payload }> {
  const running = process.argv[1];
  // The single file this netreq runs from (dist/netreq.mjs), not whatever else started node.
  const single = flags['single-file'] ?? (running !== undefined && /^netreq.*\.mjs$/.test(basename(running)) ? running : undefined);
  const exe = flags.executable ?? (basename(process.execPath).startsWith('netreq') ? process.execPath : undefined);
  if (single === undefined && exe === undefined) {
    throw new UsageError('netreq fleet needs the single file to copy: give --single-file dist/netreq.mjs (node scripts/build.mjs builds it) or --executable FILE');
  }
  const load = async (kind: Payload['kind'], path: string): Promise<Payload> => {
    const full = resolve(io.cwd, path);
    try {
      return { kind, path: full, sha256: await hashFile(full) };
    } catch (error: unknown) {
      throw new UsageError(`--${kind === 'mjs' ? 'single-file' : 'executable'} ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
  return { ...(single !== undefined ? { mjs: await load('mjs', single) } : {}), ...(exe !== undefined ? { exe: await load('exe', exe) } : {}) };
}

/** No node ran (--from found nothing to check again): the bundle holds the fleet report only. */
function noRun(report: FleetReport): FleetRun {
  return { startedAt: report.startedAt, finishedAt: report.finishedAt, results: [], interrupted: report.interrupted, timedOut: report.timedOut };
}

function progressLine(p: FleetProgress): string {
  return `netreq fleet: ${p.done}/${p.total} done, ${p.failing} failing, ${p.total - p.done} remaining  (${p.node}: ${p.what})\n`;
}

export const fleetCommand: Command = {
  name: 'fleet',
  summary: 'the whole check on every node over SSH, merged into one report',
  help: HELP,
  async run(args: ParsedArgs, io: CliIo): Promise<number> {
    if (args.positionals[0] === 'agent' && args.positionals.length === 2) return runFleetAgent(args.positionals[1] ?? '', io);
    const { flags } = args;
    allowOnly('fleet', flags, ALLOWED);
    if (args.positionals.length > 0) throw new UsageError(`'netreq fleet' takes no arguments, got '${args.positionals.join(' ')}'`);
    const format = fleetFormat(flags.format);
    const earlier = earlierReport(flags, io);
    if (flags.watch !== undefined) watchIntervalMs(flags.watch);
    const nodes = earlier !== undefined ? earlier.nodes.map(fleetNodeOf) : await fleetNodes(flags, io);
    const peerPlan = fleetPeerPlan(nodes, flags);
    const siteArgv = siteArgvOf(flags, earlier);
    const listenArgv = siteArgv.filter((arg) => LISTEN_FLAGS.some((name) => arg.startsWith(`--${name}=`)));
    for (const hop of flags['ssh-jump']?.split(',') ?? []) {
      const problem = sshDestinationProblem(hop.replace(/:\d+$/, ''));
      if (problem !== undefined) throw new UsageError(`--ssh-jump '${hop}': ${problem}`);
    }
    const fanout = intFlag('fanout', flags.fanout, 32, 1, 1024);
    const maxTimeS = intFlag('max-time', flags['max-time'], 120, 1, 86_400);
    const nodeTimeoutMs = intFlag('node-timeout', flags['node-timeout'], maxTimeS + 60, 5, 86_400) * 1000;
    // Setup and check of every node, a fanout at a time, plus the closing: the run's own bound.
    const totalTimeMs = Math.min(2 * nodeTimeoutMs * Math.ceil(nodes.length / fanout) + 30_000, 2_147_000_000);
    const found = await payloads(flags, io);
    const controlDir = mkdtempSync(join(tmpdir(), 'netreq-fleet-'));
    try {
      const runNodes: FleetRunner = (some, peersOf, checkArgv, listenOnly) => runFleet({
        nodes: some,
        peersOf,
        settings: {
          ssh: {
            ...SSH_DEFAULTS, controlDir, acceptNew: flags['ssh-accept-new'] === true,
            ...(flags['ssh-jump'] !== undefined ? { jump: flags['ssh-jump'] } : {}),
            ...(flags['ssh-config'] !== undefined ? { configFile: resolve(io.cwd, flags['ssh-config']) } : {}),
          },
          payloads: found,
          sudo: flags.sudo === true,
        },
        listenArgv: (node) => [...rolesArgv(node), ...listenArgv],
        checkArgv, fanout, nodeTimeoutMs, totalTimeMs, signal: io.signal,
        onProgress: (p) => io.stderr.write(progressLine(p)),
        ...(listenOnly !== undefined ? { listenOnly } : {}),
      });
      const meta = { version: VERSION, peers: `peers: ${peerPlan.summary}`, site: redactDeep(siteArgv, createRedaction()).value };
      const baseArgv = (node: FleetNode): string[] => [...rolesArgv(node), ...siteArgv];
      const context: FleetRecheckContext = {
        run: runNodes, baseArgv, plannedPeers: (name) => peerPlan.peersOf.get(name) ?? [], meta,
        out: format === 'text' ? io.stdout : io.stderr, signal: io.signal,
      };
      let round: FleetRound;
      if (earlier !== undefined) {
        round = await recheckFleetOnce(earlier, flags.from ?? 'the report', context);
      } else {
        const run = await runNodes(nodes, (node) => peerPlan.peersOf.get(node.name) ?? [], (node, peers) => [...baseArgv(node), ...peers.flatMap((p) => ['--peer', p])]);
        round = { report: fleetReport(run, meta), run };
      }
      if (flags.watch !== undefined) {
        round = await watchFleet(round, flags.from ?? 'the run', context, { intervalMs: watchIntervalMs(flags.watch), delayFirst: true });
      }
      const { report } = round;
      io.stdout.write(await renderFleet(report, format));
      if (flags.bundle !== undefined) {
        const bundled = await writeFleetBundle(resolve(io.cwd, flags.bundle), report, round.run ?? noRun(report));
        if (bundled !== undefined) {
          io.stderr.write(`netreq fleet: ${bundled}\n`);
          if (!report.interrupted) return EXIT.usage;
        }
      }
      if (report.interrupted) return EXIT.interrupted;
      return report.summary.failing > 0 || report.summary.notChecked > 0 ? EXIT.failed : EXIT.ok;
    } finally {
      rmSync(controlDir, { recursive: true, force: true });
    }
  },
};
