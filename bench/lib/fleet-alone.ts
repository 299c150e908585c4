// The floor under a fleet run: one node's own check run alone, in its namespace, no ssh, while the
// other nodes' listeners (started the same way, directly) wait for it: the same flags and peers
// as in the fleet, timed spawn to exit.
import type { FleetLab } from '../../test/harness/fleet-lab.js';
import { inNamespace, runTimed, startTimed, tail, type TimedProcess } from './fleet-exec.js';
import { FLEET_ROLE, nodeOutcome, RUN_DEADLINE_MS, siteFlags } from './fleet-work.js';
import { SINGLE_FILE } from './single-file.js';

export interface AloneRun {
  readonly wallMs: number;
  readonly runMs: number;
}

const LISTEN_DEADLINE_MS = 120_000;

function nsName(lab: FleetLab, node: string): string {
  const entry = lab.nodes.get(node);
  if (entry === undefined) throw new Error(`no node ${node} in the lab`);
  return entry.ns.name;
}

/** A listener on `node`; resolves with its `--peer` value once it prints it. */
async function startListener(lab: FleetLab, node: string): Promise<{ listener: TimedProcess; peer: string }> {
  let text = '';
  let heard: (peer: string) => void = () => undefined;
  const peer = new Promise<string>((resolve) => (heard = resolve));
  const listener = startTimed(...inNamespace(nsName(lab, node), process.execPath, [SINGLE_FILE, 'listen', '--role', FLEET_ROLE, '--product', 'runai']), {
    deadlineMs: LISTEN_DEADLINE_MS,
    maxBytes: 64 * 1024,
    onStdout: (chunk) => {
      text += chunk;
      const found = /--peer (\S+)\n/.exec(text);
      if (found?.[1] !== undefined) heard(found[1]);
    },
  });
  const first = await Promise.race([peer, listener.done]);
  if (typeof first !== 'string') throw new Error(`listen on ${node}: ${tail(first)}`);
  return { listener, peer: first };
}

/** `node`'s check alone, `runs` times, with every other node listening. */
export async function checkAlone(lab: FleetLab, node: string, nodes: readonly string[], runs: number): Promise<AloneRun[]> {
  const listeners: TimedProcess[] = [];
  try {
    const peers: string[] = [];
    for (const other of nodes.filter((n) => n !== node)) {
      const started = await startListener(lab, other);
      listeners.push(started.listener);
      peers.push(started.peer);
    }
    const argv = [SINGLE_FILE, 'check', '--role', FLEET_ROLE, ...siteFlags(lab), '--format', 'json', ...peers.flatMap((p) => ['--peer', p])];
    const measured: AloneRun[] = [];
    for (let i = 0; i < runs; i += 1) {
      const result = await runTimed(...inNamespace(nsName(lab, node), process.execPath, argv), { deadlineMs: RUN_DEADLINE_MS });
      if (result.code !== 0 && result.code !== 1) throw new Error(`check alone on ${node}: ${tail(result)}`);
      const outcome = nodeOutcome(node, JSON.parse(result.stdout || 'null') as unknown, nodes);
      if (outcome instanceof Error) throw outcome;
      if (outcome.peersChecked !== nodes.length - 1) throw new Error(`check alone on ${node} reached ${outcome.peersChecked} of ${nodes.length - 1} peers`);
      measured.push({ wallMs: result.wallMs, runMs: outcome.runMs });
    }
    return measured;
  } finally {
    for (const listener of listeners) listener.stop();
    await Promise.allSettled(listeners.map((l) => l.done));
  }
}
