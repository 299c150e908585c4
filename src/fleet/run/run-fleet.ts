// The fleet run: every node started (copy, agent, listener) at most `fanout` at once, then every
// live node's check with the other live nodes as peers, again `fanout` at once; each node with
// its own deadline, the whole run with one, Ctrl-C stopping everything at once. Whatever
// happens, each node ends with a Report or a NodeFailure, and every session is closed (closing it
// is what makes the node's agent stop and delete its copy).
import type { Report } from '../../schema/index.js';
import type { FleetNode } from '../types.js';
import type { NodeFailure } from './node-cause.js';
import { checkNode, startNode, type Listening, type LiveNode, type NodeRunSettings } from './node-session.js';
import { boundedPool } from './pool.js';
import { sshExitArgv } from './ssh-argv.js';
import { runSshProcess } from './ssh-process.js';

export interface NodeResult {
  readonly node: FleetNode;
  readonly report?: Report;
  readonly failure?: NodeFailure;
  /** What its listener opened and could not open, when it got that far. */
  readonly listening?: Listening;
  /** Whether the agent ran as root (ports below 1024 open only then). */
  readonly root?: boolean;
}

export interface FleetProgress {
  readonly total: number;
  readonly done: number;
  readonly failing: number;
  readonly node: string;
  readonly what: string;
}

export interface FleetRunOptions {
  readonly nodes: readonly FleetNode[];
  /** The nodes each node checks as peers (names); those that are not listening are left out. */
  readonly peersOf: (node: FleetNode) => readonly string[];
  readonly settings: NodeRunSettings;
  readonly listenArgv: (node: FleetNode) => readonly string[];
  /** The node's `check` flags, given its peers as `--peer` values; undefined: nothing to check (its peers are not live), it only listened. */
  readonly checkArgv: (node: FleetNode, peers: readonly string[]) => readonly string[] | undefined;
  readonly fanout: number;
  readonly nodeTimeoutMs: number;
  readonly totalTimeMs: number;
  readonly signal: AbortSignal;
  readonly onProgress?: (progress: FleetProgress) => void;
  /** Nodes that only open their listener for the others' checks and check nothing (`fleet --from`); they end with no report and no failure. */
  readonly listenOnly?: ReadonlySet<string>;
}

export interface FleetRun {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly results: readonly NodeResult[];
  readonly interrupted: boolean;
  readonly timedOut: boolean;
}

/** `HOST:ROLE#TOKEN` for `check --peer`, or undefined for a node no inbound rule points at. */
export function peerValue(node: FleetNode, token: string): string | undefined {
  const role = node.roles.includes('system-node') ? 'system-node' : node.roles.includes('k8s-node') ? 'k8s-node' : undefined;
  if (role === undefined) return undefined;
  const host = node.address ?? node.name.slice(node.name.lastIndexOf('@') + 1);
  return `${host.includes(':') ? `[${host}]` : host}:${role}#${token}`;
}

export async function runFleet(options: FleetRunOptions): Promise<FleetRun> {
  const startedAt = new Date().toISOString();
  const run = new AbortController();
  let timedOut = false;
  const total = setTimeout(() => {
    timedOut = true;
    run.abort();
  }, options.totalTimeMs);
  const onAbort = (): void => run.abort();
  options.signal.addEventListener('abort', onAbort, { once: true });
  if (options.signal.aborted) run.abort();

  const results = new Map<string, NodeResult>();
  const live = new Map<string, LiveNode>();
  const listened = new Set(options.listenOnly ?? []);
  let failing = 0;
  let done = 0;
  const progress = (node: string, what: string): void => {
    done += 1;
    options.onProgress?.({ total: options.nodes.length - (options.listenOnly?.size ?? 0), done, failing, node, what });
  };
  const finish = (result: NodeResult, what: string): void => {
    results.set(result.node.name, result);
    // A node that only listens for the others is no node checked: its progress is theirs.
    if (options.listenOnly?.has(result.node.name) === true) return;
    if ((result.failure !== undefined && result.failure.cause !== 'node.interrupted') || (result.report?.summary.fail ?? 0) > 0) failing += 1;
    progress(result.node.name, what);
  };

  try {
    await boundedPool(options.nodes, options.fanout, run.signal, async (node) => {
      const started = await startNode(options.settings, node.name, options.listenArgv(node), Date.now() + options.nodeTimeoutMs, run.signal);
      if (started.ok) live.set(node.name, started.live);
      else finish({ node, failure: started.failure }, started.failure.cause);
    });
    const ready = options.nodes.filter((n) => live.has(n.name) && options.listenOnly?.has(n.name) !== true);
    await boundedPool(ready, options.fanout, run.signal, async (node) => {
      const session = live.get(node.name) as LiveNode;
      const peers = options.peersOf(node).flatMap((name) => {
        const peer = live.get(name);
        const peerNode = options.nodes.find((n) => n.name === name);
        const value = peer !== undefined && peerNode !== undefined ? peerValue(peerNode, peer.listening.token) : undefined;
        return value !== undefined ? [value] : [];
      });
      const argv = options.checkArgv(node, peers);
      if (argv === undefined) {
        listened.add(node.name);
        progress(node.name, 'nothing to check: its peers are not listening');
        return;
      }
      const checked = await checkNode(session, argv, Date.now() + options.nodeTimeoutMs, run.signal);
      const base = { node, listening: session.listening, root: session.root };
      if (checked.ok) finish({ ...base, report: checked.report }, checked.report.summary.fail > 0 ? 'failing' : 'passed');
      else finish({ ...base, failure: checked.failure }, checked.failure.cause);
    });
  } finally {
    clearTimeout(total);
    options.signal.removeEventListener('abort', onAbort);
    if (run.signal.aborted) for (const session of live.values()) session.channel.kill();
    await Promise.allSettled([...live.values()].map((session) => session.channel.close(5_000)));
    await Promise.allSettled(options.nodes.map((node) => closeMaster(options.settings, node.name)));
  }
  const interrupted = options.signal.aborted;
  const cut: NodeFailure = interrupted
    ? { cause: 'node.interrupted', detail: 'the run was interrupted before this node finished' }
    : { cause: 'node.timeout', detail: 'the run reached its time limit before this node finished' };
  const ordered = options.nodes.map((node) => {
    const result = results.get(node.name);
    // The run's own deadline stopped this node: that is a timeout, not a Ctrl-C.
    if (result?.failure?.cause === 'node.interrupted' && !interrupted) return { ...result, failure: cut };
    if (result !== undefined) return result;
    const session = live.get(node.name);
    if (session !== undefined && listened.has(node.name)) return { node, listening: session.listening, root: session.root };
    return { node, failure: cut, ...(session !== undefined ? { listening: session.listening, root: session.root } : {}) };
  });
  return { startedAt, finishedAt: new Date().toISOString(), results: ordered, interrupted, timedOut: timedOut && !interrupted };
}

/** Ends the node's master connection (ControlPersist would keep it a minute longer). */
async function closeMaster(settings: NodeRunSettings, host: string): Promise<void> {
  await runSshProcess({
    program: settings.ssh.ssh, args: sshExitArgv(settings.ssh, host),
    deadlineMs: 3_000, signal: new AbortController().signal, maxStdout: 1024, maxStderr: 1024,
  });
}
