import { select, type Catalog } from '../catalog/index.js';
import { plan, targetKey, type Finding, type Target } from '../diagnose/index.js';
import type { Network, ProxySettings } from '../net/index.js';
import { oneLine, summarize, type Report } from '../report/index.js';
import type { Topology } from '../topology/index.js';
import { intFlag } from './args.js';
import { FAILING_SKIPS } from './exit-codes.js';
import type { CliIo } from './io.js';
import { peerTargetsAdjuster } from './peers-run.js';
import { recheck, type RecheckEvent } from './watch-recheck.js';

export const DEFAULT_WATCH_SECONDS = 30;

/** `--watch [SECONDS]`: the pause between rounds, in milliseconds. */
export function watchIntervalMs(value: string | undefined): number {
  return intFlag('watch', value, DEFAULT_WATCH_SECONDS, 1, 86_400) * 1000;
}

/** The targets a run of this topology checks: the same select, plan and peer choice as `netreq check`. */
export function planTargets(catalog: Catalog, topology: Topology, proxy: ProxySettings): Target[] {
  const selection = select(catalog, topology);
  const planned = plan(selection, proxy);
  const adjust = peerTargetsAdjuster(topology.peers ?? []);
  return adjust ? adjust(planned, selection) : planned;
}

/** A finding's target key, as the plan names it. */
export function findingKey(finding: Finding): string {
  return targetKey(finding.target);
}

/** A finding the exit code counts as a failure: a fail, or a target the run did not finish in its limits. */
export function countsAsFailure(finding: Pick<Finding, 'status' | 'cause'>): boolean {
  return finding.status === 'fail' || (finding.status === 'skip' && finding.cause !== undefined && FAILING_SKIPS.includes(finding.cause));
}

/** The targets whose finding in the report failed (or was not finished), and those no target matches any more. */
export function failedTargets(report: Report, targets: readonly Target[]): { targets: Target[]; unmatched: Finding[] } {
  const byKey = new Map(targets.map((t) => [t.key, t]));
  const failed = report.findings.filter(countsAsFailure);
  const matched: Target[] = [];
  const unmatched: Finding[] = [];
  for (const finding of failed) {
    const target = byKey.get(findingKey(finding));
    if (target && !matched.includes(target)) matched.push(target);
    else if (!target) unmatched.push(finding);
  }
  return { targets: matched, unmatched };
}

function clock(at: Date): string {
  return at.toTimeString().slice(0, 8);
}

function label(target: Target): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${host}:${target.port}/${target.transport}`;
}

function statusOf(finding: Finding | undefined): string {
  if (!finding) return 'new';
  return finding.cause !== undefined ? `${finding.status} ${finding.cause}` : finding.status;
}

/** One line per event worth a person's attention; undefined for the rest. */
export function watchLine(event: RecheckEvent): string | undefined {
  switch (event.type) {
    case 'round':
      return `${clock(event.at)}  re-checking ${event.keys.length} target${event.keys.length === 1 ? '' : 's'}`;
    case 'round-done':
      return event.unfinished.length === 0
        ? undefined
        : `${clock(event.at)}  round ${event.round} incomplete: ${event.unfinished.length} target${event.unfinished.length === 1 ? '' : 's'} not finished (stopped, or --max-time per round); they keep their last result`;
    case 'change':
      return `${clock(event.at)}  ${statusOf(event.before)} -> ${statusOf(event.after)}  ${oneLine(label(event.target), 200)}  (${event.target.ruleIds.join(', ')})`;
    case 'done':
      return event.reason === 'all-passed'
        ? `${clock(event.at)}  every re-checked target passes`
        : event.reason === 'interrupted'
          ? `${clock(event.at)}  stopped; still failing: ${[...event.findings.values()].filter((f) => f.status === 'fail').length}`
          : undefined;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

export interface WatchInput {
  readonly report: Report;
  readonly targets: readonly Target[];
  readonly network: Network;
  readonly proxy: ProxySettings;
  readonly limits: { readonly stepTimeoutMs: number; readonly maxTimeMs: number; readonly concurrency: number };
  readonly intervalMs: number;
  /** Wait before the first round: the report was made just now. */
  readonly delayFirst: boolean;
  /** One round only (`--from` without `--watch`). */
  readonly once: boolean;
  /** Where the change lines go: stdout for text, stderr when stdout carries json, md or junit. */
  readonly linesTo: 'stdout' | 'stderr';
  /** The site's flags for the commands the texts print (src/topology's `siteFlagsOf`). */
  readonly siteFlags?: string;
}

/** The report with each rechecked target's latest finding in place of its old one. */
export function updatedReport(report: Report, latest: ReadonlyMap<string, Finding>, interrupted: boolean): Report {
  const findings = report.findings.map((f) => latest.get(findingKey(f)) ?? f);
  return { ...report, findings, summary: summarize(findings), finishedAt: new Date().toISOString(), interrupted };
}

/** Reruns the report's failures until they pass (or once), printing each change; returns the updated report. */
export async function watchFailures(input: WatchInput, io: CliIo): Promise<Report> {
  const out = input.linesTo === 'stdout' ? io.stdout : io.stderr;
  const previous = new Map(input.report.findings.map((f) => [findingKey(f), f]));
  const proxyUrl = input.proxy.httpsProxy ?? input.proxy.httpProxy;
  let latest: ReadonlyMap<string, Finding> = new Map();
  let interrupted = false;
  for await (const event of recheck(input.targets, {
    network: input.network,
    ...(proxyUrl ? { proxyUrl } : {}),
    ...input.limits,
    signal: io.signal,
    intervalMs: input.intervalMs,
    previous,
    delayFirst: input.delayFirst,
    ...(input.once ? { maxRounds: 1 } : {}),
    ...(input.siteFlags !== undefined ? { siteFlags: input.siteFlags } : {}),
  })) {
    const line = watchLine(event);
    if (line !== undefined) out.write(`${line}\n`);
    if (event.type === 'done') {
      latest = event.findings;
      interrupted = event.reason === 'interrupted';
    }
  }
  return updatedReport(input.report, latest, interrupted);
}
