import { resolve } from 'node:path';
import { loadCatalog, siteDirectHosts } from '../catalog/index.js';
import type { Finding } from '../diagnose/index.js';
import { explain } from '../knowledge/index.js';
import type { ProxySettings } from '../net/index.js';
import { describeRecords, loadHtmlRenderer, redactDeep, renderJsonPieces, renderText, summarize, terminalSafeJson, writeBundle, WriteFileError, type Environment, type Report } from '../report/index.js';
import { gatherEnvironment, nodeAddresses } from '../host/index.js';
import { runtimeProxyFindings } from '../diagnose/index.js';
import { expandRoles, siteFlagsOf, type Topology } from '../topology/index.js';
import { VERSION } from '../version.js';
import type { Flags } from './args.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { renderReport, type OutputFormat } from './execute-run.js';
import type { CliIo } from './io.js';
import { knownSecrets, redactionFor } from './redaction.js';

/** `report`'s formats: check's, and the support page. */
export type ReportFormat = OutputFormat | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'md', 'junit', 'html'];

/** Reads /etc and /proc under this folder instead of `/` (tests; a node's file system mounted elsewhere). */
export const ENV_ROOT_VARIABLE = 'NETREQ_SYSTEM_ROOT';

/** The real site a report came from: its topology and proxy, for the container runtime findings. */
export interface RealSite {
  readonly topology: Topology;
  readonly proxy: ProxySettings;
}

export interface OutputOptions {
  readonly format: ReportFormat;
  readonly color: boolean;
  readonly flags: Flags;
  /** Absent for a simulated site: this machine's runtimes say nothing about it. */
  readonly site?: RealSite | undefined;
  readonly verbose?: boolean;
}

function withFindings(report: Report, extra: readonly Finding[]): Report {
  if (extra.length === 0) return report;
  const findings = [...report.findings, ...extra];
  return { ...report, findings, summary: summarize(findings) };
}

function environmentFor(report: Report, io: CliIo): Environment {
  // The hosts this run checked, and every host of the catalog (a pinned /etc/hosts line matters wherever it points).
  const catalogHosts = loadCatalog().rules.map((rule) => rule.to.host).filter((host) => !host.includes('{'));
  const hosts = [...report.findings.flatMap((f) => [f.target.host, f.target.pattern ?? '']), ...report.elsewhere.map((e) => e.host), ...catalogHosts].filter((h) => h !== '');
  return gatherEnvironment({
    root: io.env[ENV_ROOT_VARIABLE] ?? '/',
    env: io.env,
    hosts: [...new Set(hosts)],
    netreqVersion: VERSION,
    catalogVersion: report.tool.catalogVersion,
  });
}

/** Findings for containerd, Docker and kubelet on a node whose proxy settings differ from the run's. */
function runtimeFindings(site: RealSite, environment: Environment): Finding[] {
  const roles = expandRoles(site.topology.roles);
  if (!roles.includes('k8s-node') && !roles.includes('system-node')) return [];
  // The same site hosts `rules --format no-proxy` lists: a remote control plane is not one of them.
  const direct = [...siteDirectHosts(site.topology), ...nodeAddresses(environment.interfaces, environment.defaultRoutes)];
  const proxy = { httpsProxy: site.proxy.httpsProxy?.href, httpProxy: site.proxy.httpProxy?.href, noProxy: site.proxy.noProxy };
  return runtimeProxyFindings({ runtimes: environment.runtimes, proxy, direct, explain: (cause, facts) => explain(cause, { ...facts, siteFlags: siteFlagsOf(site.topology) }) });
}

export async function render(report: Report, options: OutputOptions, io: CliIo, environment?: Environment): Promise<string> {
  if (options.format === 'html') return (await loadHtmlRenderer())(report, environment);
  if (options.format === 'text' && options.verbose === true) {
    return renderText(report, { color: options.color, verbose: true, width: io.stdout.isTTY ? Math.min(io.stdout.columns ?? 80, 120) : 80 });
  }
  const text = renderReport(report, options.format, io, options.color);
  return options.format === 'json' ? terminalSafeJson(text) : text;
}

/**
 * What the bundle's redaction did, in words. The proxy password is masked in the report before
 * the bundle is written (the topology and environment hold the URL redacted), so the chain may
 * find nothing left: the password was masked all the same, and the message says so.
 */
function redactedWords(records: Parameters<typeof describeRecords>[0], proxyPassword: boolean): string {
  const chain = records.length > 0 ? describeRecords(records) : undefined;
  const parts = [proxyPassword ? 'the proxy password masked' : undefined, chain].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? `redacted: ${parts.join('; ')}` : 'nothing needed redacting';
}

export interface SavedBundle {
  readonly ok: boolean;
  /** What to tell the person: where it went and what was redacted, or why it was not written. */
  readonly text: string;
}

/**
 * Writes `report` as a support bundle at `path` (relative to io.cwd): the machine's environment
 * gathered now, everything redacted with `--redact` and the run's known secrets. Never throws for
 * a file that cannot be written: `ok` is false and `text` says why. For the wizard's finish screen too.
 */
export async function saveBundle(report: Report, path: string, io: CliIo, options: { readonly flags?: Flags; readonly proxy?: ProxySettings; readonly environment?: Environment } = {}): Promise<SavedBundle> {
  const flags = options.flags ?? {};
  const chain = redactionFor(flags, io, options.proxy);
  const full = resolve(io.cwd, path);
  try {
    const written = await writeBundle(full, { report, environment: options.environment ?? environmentFor(report, io) }, chain);
    return { ok: true, text: `support bundle written to ${full} (${written.entries.length - 1} files, ${Math.ceil(written.bytes / 1024)} KiB; ${redactedWords(written.records, knownSecrets(flags, io, options.proxy).length > 0)})` };
  } catch (error: unknown) {
    if (!(error instanceof WriteFileError)) throw error;
    return { ok: false, text: `the support bundle was not written: ${error.message}` };
  }
}

/**
 * The end of every run: the container runtime findings on a real node, the report on stdout
 * (redacted like everything else), then `--bundle`. A bundle that cannot be written is said on
 * stderr after the report, and the exit code is 2 (the FILE given could not be written) unless
 * the run was interrupted (130); otherwise the code is the findings' (0, 1, 130). An interrupted
 * run's bundle holds what finished.
 */
export async function outputReport(report: Report, options: OutputOptions, io: CliIo): Promise<number> {
  const { flags } = options;
  const chain = redactionFor(flags, io, options.site?.proxy);
  const environment = options.site !== undefined || flags.bundle !== undefined ? environmentFor(report, io) : undefined;
  const full = options.site !== undefined && environment !== undefined ? withFindings(report, runtimeFindings(options.site, environment)) : report;
  if (options.format === 'json') {
    // Streamed: a large report is never held twice (redacted copy, then its text) in memory.
    const head = redactDeep({ ...full, findings: [] }, chain).value;
    const pieces = renderJsonPieces({ ...head, findings: full.findings }, (finding) => redactDeep(finding, chain).value);
    for (const piece of pieces) io.stdout.write(chain(terminalSafeJson(piece)).text);
  } else {
    const shown = redactDeep(full, chain).value;
    io.stdout.write(chain(await render(shown, options, io, environment)).text);
  }
  const code: number = exitCodeFor(full.findings, full.interrupted);
  if (flags.bundle === undefined || environment === undefined) return code;
  const saved = await saveBundle(full, flags.bundle, io, { flags, ...(options.site ? { proxy: options.site.proxy } : {}), environment });
  io.stderr.write(`netreq: ${saved.text}\n`);
  return saved.ok || code === EXIT.interrupted ? code : EXIT.usage;
}
