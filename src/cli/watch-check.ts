import { loadCatalog } from '../catalog/index.js';
import type { Network, ProxySettings } from '../net/index.js';
import type { Report } from '../report/index.js';
import { siteFlagsOf, type Topology } from '../topology/index.js';
import type { Flags } from './args.js';
import { readReportFile } from './commands/diff.js';
import type { OutputFormat, RunLimits } from './execute-run.js';
import { UsageError, type CliIo } from './io.js';
import { networkFrom, proxySettingsFrom } from './site-input.js';
import { countsAsFailure, failedTargets, planTargets, watchFailures, watchIntervalMs } from './watch.js';
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

function linesTo(format: OutputFormat): 'stdout' | 'stderr' {
  return format === 'text' ? 'stdout' : 'stderr';
}

export interface WatchContext {
  readonly topology: Topology;
  readonly network: Network;
  readonly proxy: ProxySettings;
  readonly limits: RunLimits;
  readonly format: OutputFormat;
}

/** `check --watch`: after the first run, its failures again and again until they pass or Ctrl-C. */
export async function watchAfterRun(report: Report, flags: Flags, context: WatchContext, io: CliIo): Promise<Report> {
  if (report.interrupted || io.signal.aborted) return report;
  const { targets } = failedTargets(report, planTargets(loadCatalog(), context.topology, context.proxy));
  if (targets.length === 0) return report;
  const intervalMs = watchIntervalMs(flags.watch);
  const out = linesTo(context.format) === 'stdout' ? io.stdout : io.stderr;
  const failed = report.findings.filter((f) => f.status === 'fail').length;
  const unfinished = report.findings.filter((f) => f.status !== 'fail' && countsAsFailure(f)).length;
  const what = unfinished > 0 ? `${failed} failed and ${unfinished} not finished (the run was incomplete)` : `${failed} failed`;
  out.write(`${what}; checking them again every ${intervalMs / 1000} s until they pass (Ctrl-C to stop)\n`);
  return watchFailures({ report, targets, network: context.network, proxy: context.proxy, limits: context.limits, intervalMs, delayFirst: true, once: false, linesTo: linesTo(context.format), siteFlags: siteFlagsOf(context.topology) }, io);
}

/** `check --from REPORT.json [--watch]`: exactly the report's failures, checked again from here. */
export async function checkFromReport(flags: Flags, format: OutputFormat, limits: RunLimits, io: CliIo): Promise<Report> {
  const file = flags.from ?? '';
  const report = readReportFile(file, io);
  const topology = topologyOfReport(report, file);
  const proxy = proxySettingsFrom(flags, io.env, topology);
  const network: Network = networkFrom(flags, io);
  const catalog = loadCatalog();
  const out = linesTo(format) === 'stdout' ? io.stdout : io.stderr;
  const note = catalogNote(report, catalog);
  if (note !== undefined) out.write(`${note}\n`);
  const { targets, unmatched } = failedTargets(report, planTargets(catalog, topology, proxy));
  for (const finding of unmatched) out.write(`not checked again: ${finding.target.host}:${finding.target.port} (${finding.ruleIds.join(', ')}) is no longer in the plan\n`);
  if (targets.length === 0) {
    out.write(`${file}: no failure to check again\n`);
    return report;
  }
  out.write(`checking ${targets.length} failure${targets.length === 1 ? '' : 's'} of ${file} again\n`);
  const watching = flags.watch !== undefined;
  return watchFailures(
    { report, targets, network, proxy, limits, intervalMs: watchIntervalMs(flags.watch), delayFirst: false, once: !watching, linesTo: linesTo(format), siteFlags: siteFlagsOf(topology) },
    io,
  );
}
