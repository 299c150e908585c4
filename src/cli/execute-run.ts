import { arch, platform, release } from 'node:os';
import { loadCatalog, select, type Catalog, type Selection } from '../catalog/index.js';
import { buildReport, inPlanOrder, plan, run, type Finding, type Target } from '../diagnose/index.js';
import { redactUrl, type Network, type ProxySettings } from '../net/index.js';
import { createRedaction, renderJson, renderJunit, renderMarkdown, renderStepLine, renderText, secretsOfUrl, type Report } from '../report/index.js';
import type { LoadedScenario } from '../sim/index.js';
import { siteFlagsOf, type Topology } from '../topology/index.js';
import { VERSION } from '../version.js';
import type { Flags } from './args.js';
import type { CliIo } from './io.js';
import { proxySettingsFrom, topologyFrom } from './site-input.js';

export type OutputFormat = 'text' | 'json' | 'md' | 'junit';

export interface ExecuteOptions {
  readonly topology: Topology;
  readonly network: Network;
  readonly proxy: ProxySettings;
  readonly stepTimeoutMs: number;
  readonly maxTimeMs: number;
  readonly concurrency: number;
  readonly verbose: boolean;
  readonly scenario?: string;
  readonly catalog?: Catalog;
  /** Replaces the planned targets (peer checks with `--peer`, a rerun of failures). */
  readonly adjustTargets?: (planned: readonly Target[], selection: Selection) => Target[];
  /** `--redact` patterns: -v's evidence goes through the same redaction as every output. */
  readonly redact?: readonly string[] | undefined;
}

/** The topology as it may be shown: the proxy's password masked. */
export function redactTopology(topology: Topology): Record<string, unknown> {
  return {
    ...topology,
    ...(topology.proxy ? { proxy: { ...topology.proxy, url: redactUrl(topology.proxy.url) } } : {}),
  };
}

export function environmentOf(network: Network, proxy: ProxySettings): Record<string, unknown> {
  return {
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    network: network.kind,
    resolvers: network.nameservers().map((s) => (s.port === 53 ? s.address : `${s.address}:${s.port}`)),
    ...(network.connectTo ? { connectTo: network.connectTo } : {}),
    proxy: {
      ...(proxy.httpsProxy ? { httpsProxy: redactUrl(proxy.httpsProxy) } : {}),
      ...(proxy.httpProxy ? { httpProxy: redactUrl(proxy.httpProxy) } : {}),
      noProxy: proxy.noProxy,
      sources: proxy.sources,
      ...(proxy.curlNotes.length > 0 ? { curlNotes: proxy.curlNotes } : {}),
    },
  };
}

/** One status line on a terminal, rewritten as targets finish. */
function progressWriter(io: CliIo): (done: number, total: number, failed: number) => void {
  if (!io.stderr.isTTY) return () => undefined;
  return (done, total, failed) => {
    const text = done === total ? '' : `checking: ${done}/${total} done, ${failed} failed`;
    io.stderr.write(`\r\x1b[2K${text}`);
  };
}

/** select -> plan -> run -> classify -> Report, printing evidence with -v and progress on a terminal. */
export async function executeRun(options: ExecuteOptions, io: CliIo): Promise<Report> {
  const catalog = options.catalog ?? loadCatalog();
  const selection = select(catalog, options.topology);
  const planned: Target[] = plan(selection, options.proxy);
  const targets: Target[] = options.adjustTargets ? options.adjustTargets(planned, selection) : planned;
  const startedAt = new Date();
  const findings = new Map<string, Finding>();
  const progress = progressWriter(io);
  const redact = createRedaction({ patterns: options.redact ?? [], secrets: [options.proxy.httpsProxy, options.proxy.httpProxy].flatMap((url) => secretsOfUrl(url)) });
  let failed = 0;
  const proxyUrl = options.proxy.httpsProxy ?? options.proxy.httpProxy;
  for await (const event of run(targets, {
    network: options.network,
    ...(proxyUrl ? { proxyUrl } : {}),
    signal: io.signal,
    stepTimeoutMs: options.stepTimeoutMs,
    maxTimeMs: options.maxTimeMs,
    concurrency: options.concurrency,
    proxyConcurrency: Math.min(16, options.concurrency),
    siteFlags: siteFlagsOf(options.topology),
  })) {
    if (event.type === 'observed' && options.verbose) {
      io.stderr.write(redact(`${event.key}\n${indent(renderStepLine(event.result))}\n`).text);
    }
    if (event.type === 'finding') {
      findings.set(event.key, event.finding);
      if (event.finding.status === 'fail') failed += 1;
      progress(findings.size, targets.length, failed);
    }
  }
  progress(targets.length, targets.length, failed);
  return buildReport({
    version: VERSION,
    catalogVersion: catalog.version,
    startedAt,
    finishedAt: new Date(),
    interrupted: io.signal.aborted,
    topology: redactTopology(options.topology),
    environment: environmentOf(options.network, options.proxy),
    ...(options.scenario !== undefined ? { scenario: options.scenario } : {}),
    findings: inPlanOrder(targets, findings),
    elsewhere: selection.elsewhere,
  });
}

export interface RunLimits {
  readonly stepTimeoutMs: number;
  readonly maxTimeMs: number;
  readonly concurrency: number;
}

export interface ScenarioRun {
  readonly report: Report;
  /** Hosts the scenario's site names that the run never touched (a broken scenario when selected). */
  readonly unexercised: readonly string[];
}

/**
 * `check --scenario`: the scenario's topology under the flags' overrides, run through the normal
 * engine against the scenario's simulated site, which is closed whatever happens.
 */
export async function executeScenario(scenario: LoadedScenario, flags: Flags, limits: RunLimits, io: CliIo): Promise<ScenarioRun> {
  const topology = topologyFrom(flags, io, scenario.topology);
  const { startScenarioSite } = await import('../sim/index.js');
  const { site, topology: routed } = await startScenarioSite(scenario.site, topology);
  try {
    // The simulated node's environment is the scenario's: this machine's HTTPS_PROXY must not leak in.
    const proxy = proxySettingsFrom({}, {}, routed);
    const verbose = (flags.verbose?.length ?? 0) > 0;
    const report = await executeRun({ topology, network: site.network, proxy, ...limits, verbose, scenario: scenario.name, redact: flags.redact }, io);
    return { report, unexercised: site.unexercised() };
  } finally {
    await site.close();
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

export function renderReport(report: Report, format: OutputFormat, io: CliIo, color: boolean): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'md':
      return renderMarkdown(report);
    case 'junit':
      return renderJunit(report);
    case 'text':
      return renderText(report, { color, width: io.stdout.isTTY ? Math.min(io.stdout.columns ?? 80, 120) : 80 });
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}
