import { loadCatalog } from '../catalog/index.js';
import { countsAsFailure, type SiteEvent } from '../report/index.js';
import type { Network, ProxySettings } from '../net/index.js';
import type { Topology } from '../topology/index.js';
import type { Flags } from './args.js';
import { readReportFile } from './commands/diff.js';
import { executeRun, type OutputFormat, type RunLimits, type SiteRun } from './execute-run.js';
import { UsageError, type CliIo } from './io.js';
import { networkFrom, proxySettingsFrom } from './site-input.js';
import { watchIntervalMs, watchLine } from './watch.js';
import { catalogNote, topologyOfReport } from './watch-from.js';

/** Site flags that `--from` takes from the report instead. */
const SITE_FLAGS = [
  'answers', 'product', 'role', 'region', 'region-code', 'control-plane', 'co-located', 'headnode', 'prereqs',
  'workload', 'wildcard', 'cni', 'peer', 'peers-only',
] as const satisfies readonly (keyof Flags)[];

/** `--watch` and `--from` with what they cannot go with: a UsageError naming the clash. */
export function checkWatchFlags(flags: Flags): void {
  if (flags.watch !== undefined) watchIntervalMs(flags.watch);
  const simulated = flags.scenario !== undefined || flags['scenario-file'] !== undefined;
  if (simulated && (flags.watch !== undefined || flags.from !== undefined)) {
    throw new UsageError('--watch and --from check a real site again; they cannot be used with a scenario');
  }
  if (flags.from !== undefined) {
    const clash = SITE_FLAGS.filter((flag) => flags[flag] !== undefined);
    if (clash.length > 0) {
      throw new UsageError(`--from takes the site from the report; ${clash.map((f) => `--${f}`).join(', ')} cannot be given with it`);
    }
  }
}

/** Where the watch lines go: stdout for text, stderr when stdout carries json, md or junit. */
function linesOut(format: OutputFormat, io: CliIo): CliIo['stdout'] {
  return format === 'text' ? io.stdout : io.stderr;
}

export interface WatchContext {
  readonly topology: Topology;
  readonly network: Network;
  readonly proxy: ProxySettings;
  readonly limits: RunLimits;
  readonly format: OutputFormat;
  readonly peersOnly?: boolean;
  readonly verbose?: boolean;
  readonly redact?: readonly string[] | undefined;
}

/** Prints each re-check event's line, and calls `planned` with the engine's choice of targets. */
function watchPrinter(out: CliIo['stdout'], planned: (event: Extract<SiteEvent, { type: 'recheck-planned' }>) => void): (event: SiteEvent) => void {
  return (event) => {
    if (event.type === 'recheck-planned') planned(event);
    const line = watchLine(event);
    if (line !== undefined) out.write(`${line}\n`);
  };
}

/** `check --watch`: after the first run, its failures again and again until they pass or Ctrl-C. */
export async function watchAfterRun(first: SiteRun, flags: Flags, context: WatchContext, io: CliIo): Promise<SiteRun> {
  const report = first.report;
  if (report.interrupted || io.signal.aborted || !report.findings.some(countsAsFailure)) return first;
  const intervalMs = watchIntervalMs(flags.watch);
  const out = linesOut(context.format, io);
  const onEvent = watchPrinter(out, (event) => {
    if (event.targets.length === 0) return;
    const failed = report.findings.filter((f) => f.status === 'fail').length;
    const unfinished = report.findings.filter((f) => f.status !== 'fail' && countsAsFailure(f)).length;
    const what = unfinished > 0 ? `${failed} failed and ${unfinished} not finished (the run was incomplete)` : `${failed} failed`;
    out.write(`${what}; checking them again every ${intervalMs / 1000} s until they pass (Ctrl-C to stop)\n`);
  });
  return executeRun({
    ...context,
    verbose: context.verbose ?? false,
    hostFacts: true,
    recheck: { report, rounds: { intervalMs, delayFirst: true } },
    onEvent,
  }, io);
}

/** `check --from REPORT.json [--watch]`: exactly the report's failures, checked again from here. */
export async function checkFromReport(flags: Flags, format: OutputFormat, limits: RunLimits, io: CliIo): Promise<SiteRun & { readonly proxy: ProxySettings }> {
  const file = flags.from ?? '';
  const report = readReportFile(file, io);
  const topology = topologyOfReport(report, file);
  const proxy = proxySettingsFrom(flags, io.env, topology);
  const network: Network = networkFrom(flags, io);
  const catalog = loadCatalog();
  const out = linesOut(format, io);
  const note = catalogNote(report, catalog);
  if (note !== undefined) out.write(`${note}\n`);
  const watching = flags.watch !== undefined;
  const onEvent = watchPrinter(out, (event) => {
    for (const finding of event.unmatched) out.write(`not checked again: ${finding.target.host}:${finding.target.port} (${finding.ruleIds.join(', ')}) is no longer in the plan\n`);
    if (event.targets.length === 0) out.write(`${file}: no failure to check again\n`);
    else out.write(`checking ${event.targets.length} failure${event.targets.length === 1 ? '' : 's'} of ${file} again\n`);
  });
  const run = await executeRun({
    topology, network, proxy, limits, catalog, verbose: (flags.verbose?.length ?? 0) > 0, redact: flags.redact,
    hostFacts: true,
    recheck: { report, rounds: { intervalMs: watchIntervalMs(flags.watch), delayFirst: false, ...(watching ? {} : { maxRounds: 1 }) } },
    onEvent,
  }, io);
  return { ...run, proxy };
}
