// Figure 7: `netreq fleet` against pdcp + pdsh doing the same work on the same namespace nodes in
// the same run, and against the slowest node's own check alone. Method: bench/README.md.
import { accessSync, constants, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fleetNodeAddress, makeFleetLab } from '../../test/harness/fleet-lab.js';
import type { BenchConfig } from './config.js';
import { checkAlone } from './fleet-alone.js';
import { runNetreqFleet } from './fleet-netreq.js';
import { runPdshSequence } from './fleet-pdsh.js';
import type { NodeOutcome } from './fleet-work.js';
import { SINGLE_FILE } from './single-file.js';

export interface FleetFigure {
  readonly nodes: number;
  /** Spawn to exit of each timed run, in the order run. */
  readonly netreqMs: readonly number[];
  readonly pdshMs: readonly number[];
  readonly netreqMedianMs: number;
  readonly pdshMedianMs: number;
  /** The node whose check ran longest under pdsh (median of its run phases), and its check alone. */
  readonly slowestNode: string;
  readonly aloneWallMs: number;
  readonly aloneRunMs: number;
  /** Findings per node, median over nodes, of each side's first timed run: the same work on both. */
  readonly findingsPerNode: { readonly netreq: number; readonly pdsh: number };
  readonly labSetupMs: number;
}

export type FleetMeasurement = { readonly ok: true; readonly figure: FleetFigure } | { readonly ok: false; readonly reason: string };

const NEEDED = ['ip', 'pdsh', 'pdcp', 'sshd', 'ssh', 'ssh-keygen', 'dnsmasq', 'openssl', 'mount'] as const;
const SEARCH = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function found(bin: string): boolean {
  return SEARCH.some((dir) => {
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why the figure cannot be measured here, or undefined. */
export function fleetUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'needs root (it makes network namespaces)';
  const missing = NEEDED.filter((bin) => !found(bin));
  if (missing.length > 0) return `missing ${missing.join(', ')} (scripts/install-test-deps.sh installs them)`;
  if (!existsSync(SINGLE_FILE)) return `no ${SINGLE_FILE} (run without --no-build)`;
  return undefined;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Throws unless every node checked every other node as a peer. */
function assertAllPairs(side: string, outcomes: readonly NodeOutcome[], nodes: readonly string[]): void {
  if (outcomes.length !== nodes.length) throw new Error(`${side}: ${outcomes.length} of ${nodes.length} nodes reported`);
  for (const o of outcomes) {
    if (o.peersChecked !== nodes.length - 1) throw new Error(`${side}: ${o.node} checked ${o.peersChecked} of ${nodes.length - 1} peers`);
  }
}

export async function measureFleet(config: BenchConfig, progress: (text: string) => void): Promise<FleetMeasurement> {
  const reason = fleetUnavailable();
  if (reason !== undefined) return { ok: false, reason };
  const nodes = Array.from({ length: config.fleetNodes }, (_, i) => fleetNodeAddress(i + 1));
  const setupStarted = performance.now();
  const lab = await makeFleetLab(nodes.map((address) => ({ address })), { commonTmp: true });
  const labSetupMs = performance.now() - setupStarted;
  try {
    const netreqMs: number[] = [];
    const pdshMs: number[] = [];
    const runPhases = new Map<string, number[]>(nodes.map((n) => [n, []]));
    let findingsPerNode: FleetFigure['findingsPerNode'] | undefined;
    const total = config.fleetWarmups + config.fleetRuns;
    for (let i = 0; i < total; i += 1) {
      const counted = i >= config.fleetWarmups;
      progress(`fleet: ${counted ? `run ${i - config.fleetWarmups + 1} of ${config.fleetRuns}` : 'warm-up'} on ${nodes.length} nodes`);
      // Alternating which side goes first, so that neither always meets the other's leftovers.
      const order = i % 2 === 0 ? (['netreq', 'pdsh'] as const) : (['pdsh', 'netreq'] as const);
      const outcomes: Partial<Record<'netreq' | 'pdsh', readonly NodeOutcome[]>> = {};
      for (const side of order) {
        const run = side === 'netreq' ? await runNetreqFleet(lab, nodes) : await runPdshSequence(lab, nodes);
        assertAllPairs(side === 'netreq' ? 'netreq fleet' : 'pdcp + pdsh', run.nodes, nodes);
        outcomes[side] = run.nodes;
        if (!counted) continue;
        (side === 'netreq' ? netreqMs : pdshMs).push(run.wallMs);
        if (side === 'pdsh') for (const o of run.nodes) runPhases.get(o.node)?.push(o.runMs);
      }
      if (counted && findingsPerNode === undefined) {
        const per = (side: 'netreq' | 'pdsh'): number => median((outcomes[side] ?? []).map((o) => o.findings));
        findingsPerNode = { netreq: per('netreq'), pdsh: per('pdsh') };
      }
    }
    const slowest = [...runPhases].map(([node, phases]) => ({ node, ms: median(phases) })).sort((a, b) => b.ms - a.ms)[0]?.node ?? nodes[0] ?? '';
    progress(`fleet: ${slowest}'s check alone, ${config.fleetAloneRuns} times`);
    const alone = await checkAlone(lab, slowest, nodes, config.fleetAloneRuns);
    return {
      ok: true,
      figure: {
        nodes: nodes.length, netreqMs, pdshMs, netreqMedianMs: median(netreqMs), pdshMedianMs: median(pdshMs), slowestNode: slowest,
        aloneWallMs: median(alone.map((a) => a.wallMs)), aloneRunMs: median(alone.map((a) => a.runMs)),
        findingsPerNode: findingsPerNode ?? { netreq: 0, pdsh: 0 }, labSetupMs,
      },
    };
  } finally {
    await lab.destroy();
  }
}
