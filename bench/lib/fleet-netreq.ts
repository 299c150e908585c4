// One `netreq fleet` run over the lab's nodes, from the installer namespace, as a user runs it: the
// built single file, copied to every node, over the lab's ssh configuration; timed spawn to exit.
import { FleetReport } from '../../src/fleet/index.js';
import type { FleetLab } from '../../test/harness/fleet-lab.js';
import { inNamespace, runTimed, tail } from './fleet-exec.js';
import { NODE_LIMIT_S, RUN_DEADLINE_MS, siteFlags, type NodeOutcome } from './fleet-work.js';
import { SINGLE_FILE } from './single-file.js';

export interface NetreqFleetRun {
  readonly wallMs: number;
  readonly nodes: readonly NodeOutcome[];
}

export async function runNetreqFleet(lab: FleetLab, nodes: readonly string[]): Promise<NetreqFleetRun> {
  const argv = [
    SINGLE_FILE, 'fleet', '--nodes', nodes.join(','), ...siteFlags(lab),
    '--ssh-config', lab.config, '--single-file', SINGLE_FILE, '--node-timeout', String(NODE_LIMIT_S), '--format', 'json',
  ];
  const result = await runTimed(...inNamespace(lab.installer.name, process.execPath, argv), { deadlineMs: RUN_DEADLINE_MS });
  // Exit 1: some finding failed on some node (the lab's catalog hosts have no DNS records).
  if (result.code !== 0 && result.code !== 1) throw new Error(`netreq fleet: ${tail(result)}`);
  const parsed = FleetReport.safeParse(JSON.parse(result.stdout || 'null') as unknown);
  if (!parsed.success) throw new Error(`netreq fleet gave no fleet report: ${tail(result)}`);
  const report = parsed.data;
  const outcomes = report.nodes.map((entry): NodeOutcome => {
    if (entry.state !== 'checked') throw new Error(`netreq fleet could not check ${entry.name}: ${entry.cause ?? 'no cause'}`);
    const own = report.findings.filter((f) => f.node === entry.name);
    const hosts = new Set(own.map((f) => f.target.host));
    return { node: entry.name, findings: own.length, peersChecked: nodes.filter((n) => n !== entry.name && hosts.has(n)).length, runMs: Number.NaN };
  });
  return { wallMs: result.wallMs, nodes: outcomes };
}
