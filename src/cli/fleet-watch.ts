// `netreq fleet --from REPORT` and `--watch`, with check's flag semantics: --from checks exactly
// the earlier fleet report's failures once (the nodes that could not be checked in full, the
// failing pairs and targets of the others); --watch checks what still fails again and again,
// every SECONDS, until everything passes or Ctrl-C. Each round's changes are one line each: to
// stdout for text, to stderr when stdout carries the report.
import { setTimeout as sleep } from 'node:timers/promises';
import { fleetRecheckPlan, fleetReport, mergeFleetRecheck, type FleetNode, type FleetRecheckPlan, type FleetReport, type FleetRun } from '../fleet/index.js';
import { diffFleetReports, oneLine, type FleetDiffEntry } from '../report/index.js';
import type { CliIo } from './io.js';

/** Runs these nodes: each checks with `checkArgv` given its live peers' values; `listenOnly` only listen. */
export type FleetRunner = (
  nodes: readonly FleetNode[],
  peersOf: (node: FleetNode) => readonly string[],
  checkArgv: (node: FleetNode, peers: readonly string[]) => readonly string[] | undefined,
  listenOnly?: ReadonlySet<string>,
) => Promise<FleetRun>;

export interface FleetRecheckContext {
  readonly run: FleetRunner;
  /** The node's check flags apart from its peers: its roles and the site's flags. */
  readonly baseArgv: (node: FleetNode) => readonly string[];
  /** A node's peers as the first run planned them (for a node tried again in full). */
  readonly plannedPeers: (name: string) => readonly string[];
  readonly meta: { readonly version: string; readonly peers: string; readonly site?: readonly string[] };
  readonly out: CliIo['stdout'];
  readonly signal: AbortSignal;
}

export interface FleetRound {
  readonly report: FleetReport;
  /** The run of the last round, when one ran (its nodes' own reports, for --bundle). */
  readonly run?: FleetRun;
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

function stateText(entry: FleetDiffEntry, side: 'before' | 'after'): string {
  const s = entry[side];
  if (s === undefined) return 'new';
  return s.cause !== undefined ? `${s.status} ${s.cause}` : s.status;
}

function planLine(plan: FleetRecheckPlan, label: string): string {
  const checking = plan.checks.size;
  const listening = plan.listenOnly.size;
  return `checking ${plan.failures} failure${plan.failures === 1 ? '' : 's'} of ${label} again on ${checking} node${checking === 1 ? '' : 's'}${listening > 0 ? ` (${listening} more only listening for them)` : ''}`;
}

/** One round: the plan's nodes run, the answers merged into `before`, each change printed. */
export async function recheckFleetOnce(before: FleetReport, label: string, context: FleetRecheckContext): Promise<FleetRound> {
  const plan = fleetRecheckPlan(before, context.plannedPeers);
  if (plan.checks.size === 0) {
    context.out.write(`${label}: no failure to check again\n`);
    return { report: before };
  }
  context.out.write(`${planLine(plan, label)}\n`);
  const run = await context.run(
    plan.nodes,
    (node) => plan.checks.get(node.name)?.peers ?? [],
    (node, peers) => {
      const check = plan.checks.get(node.name);
      // Only its checks towards peers were to be repeated, and none of them is listening.
      if (check?.kind === 'failures' && check.peersOnly && peers.length === 0) return undefined;
      return [...(check?.kind === 'failures' && check.peersOnly ? ['--peers-only'] : []), ...context.baseArgv(node), ...peers.flatMap((p) => ['--peer', p])];
    },
    plan.listenOnly,
  );
  const report = mergeFleetRecheck(before, fleetReport(run, context.meta), plan);
  for (const change of diffFleetReports(before, report).entries) {
    if (change.kind === 'unchanged') continue;
    context.out.write(`${clock()}  ${stateText(change, 'before')} -> ${stateText(change, 'after')}  ${oneLine(change.node, 80)}  ${oneLine(change.target, 200)}\n`);
  }
  return { report, run };
}

function stillFailing(report: FleetReport): boolean {
  return fleetRecheckPlan(report, () => []).checks.size > 0;
}

/** Rounds every `intervalMs` until nothing fails, `maxRounds` are done, or the signal; the last report. */
export async function watchFleet(first: FleetRound, label: string, context: FleetRecheckContext, options: { readonly intervalMs: number; readonly delayFirst: boolean; readonly maxRounds?: number }): Promise<FleetRound> {
  let round = first;
  for (let done = 0; ; done += 1) {
    if (round.report.interrupted || context.signal.aborted) return round;
    if (!stillFailing(round.report)) {
      if (done > 0) context.out.write(`${clock()}  everything checked again passes\n`);
      return round;
    }
    if (options.maxRounds !== undefined && done >= options.maxRounds) return round;
    if (done > 0 || options.delayFirst) {
      if (done === 0) context.out.write(`checking what failed again every ${options.intervalMs / 1000} s until it passes (Ctrl-C to stop)\n`);
      try {
        await sleep(options.intervalMs, undefined, { signal: context.signal });
      } catch {
        context.out.write(`${clock()}  stopped; nodes still failing: ${round.report.summary.failing}, not checked: ${round.report.summary.notChecked}\n`);
        return { ...round, report: { ...round.report, interrupted: true } };
      }
    }
    const next = await recheckFleetOnce(round.report, label, context);
    const run = next.run ?? round.run;
    round = run !== undefined ? { report: next.report, run } : { report: next.report };
  }
}
