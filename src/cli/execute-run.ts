import { loadCatalog, type Catalog } from '../catalog/index.js';
import { checkSite, type RecheckInput, type RunLimits } from '../engine/index.js';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gatherEnvironment, readRegistryConfig, readRuntimeProxies, RootFiles, type RegistryConfig, type RuntimeRegistries } from '../host/index.js';
import { splitPems } from '../net/index.js';
import type { RuntimeProxy } from '../schema/index.js';
import type { RegistryAuth } from './registry-auth.js';
import type { Network, ProxySettings } from '../net/index.js';
import { createRedaction, renderJson, renderJunit, renderMarkdown, renderStepLine, renderText, secretsOfUrl, type Environment, type Report, type SiteEvent } from '../report/index.js';
import type { LoadedScenario } from '../sim/index.js';
import type { Topology } from '../topology/index.js';
import { VERSION } from '../version.js';
import type { Flags } from './args.js';
import type { CliIo } from './io.js';
import { proxySettingsFrom, registryAuthFrom, topologyFrom } from './site-input.js';

export type OutputFormat = 'text' | 'json' | 'md' | 'junit';
export type { RunLimits } from '../engine/index.js';

/** Reads /etc and /proc under this folder instead of `/` (tests; a node's file system mounted elsewhere). */
export const ENV_ROOT_VARIABLE = 'NETREQ_SYSTEM_ROOT';

export interface ExecuteOptions {
  readonly topology: Topology;
  readonly network: Network;
  readonly proxy: ProxySettings;
  readonly limits: RunLimits;
  readonly verbose: boolean;
  readonly scenario?: string;
  readonly catalog?: Catalog;
  /** With `--peer`: only the checks towards the peers (`--peers-only`). */
  readonly peersOnly?: boolean;
  /** `--redact` patterns: -v's evidence goes through the same redaction as every output. */
  readonly redact?: readonly string[] | undefined;
  /** Gather this machine's facts (a real site always; a simulated one for its bundle only). */
  readonly hostFacts: boolean;
  /** Check an earlier report's failures again, round after round. */
  readonly recheck?: RecheckInput;
  /** Each event as it comes (the watch lines of `--watch` and `--from`). */
  readonly onEvent?: (event: SiteEvent) => void;
  /** Credentials for the registries' pulls. */
  readonly registryAuth?: RegistryAuth;
  /** A simulated site's node root: its container runtime's settings are read there. */
  readonly runtimeRoot?: string;
  /** Follow registries' pulls (default); false with --no-pull. */
  readonly pulls?: boolean;
  /** `--mirror`: mirrors planned for the runtime. */
  readonly mirrors?: RuntimeRegistries;
}

/** What a front end gets from one check of a site. */
export interface SiteRun {
  readonly report: Report;
  readonly environment?: Environment | undefined;
  /** Why re-check rounds ended, when there were rounds. */
  readonly reason?: 'all-passed' | 'interrupted' | 'max-rounds' | undefined;
}

/** This machine's facts, read under NETREQ_SYSTEM_ROOT (default /). */
export function hostReader(io: CliIo): (hosts: readonly string[]) => Environment {
  return (hosts) => gatherEnvironment({ root: io.env[ENV_ROOT_VARIABLE] ?? '/', env: io.env, hosts: [...hosts], netreqVersion: VERSION, catalogVersion: loadCatalog().version });
}

/** This machine's container runtimes' service settings, read under NETREQ_SYSTEM_ROOT (default /): the route of image pulls. */
export function runtimeProxiesReader(io: CliIo, root: string = io.env[ENV_ROOT_VARIABLE] ?? '/'): () => readonly RuntimeProxy[] {
  return () => readRuntimeProxies(new RootFiles(root), (io.env['PATH'] ?? '').split(':'));
}

/** This machine's registry configuration, and the CA files it names read under the same root. */
export function registryConfigServices(root: string): { registryConfig: () => RegistryConfig; caPems: (files: readonly string[]) => readonly string[] } {
  return { registryConfig: () => readRegistryConfig(root), caPems: (files) => readCaPems(root, files) };
}

/** A CA file is PEM text of at most this many bytes; larger or unreadable ones are left out (the configuration's findings name them). */
const MAX_CA_FILE_BYTES = 1024 * 1024;

function readCaPems(root: string, files: readonly string[]): string[] {
  const pems: string[] = [];
  for (const file of files.slice(0, 16)) {
    // The machine's paths are under its root; a --mirror CA is a path of this shell.
    for (const path of root === '/' ? [file] : [join(root, file), file]) {
      try {
        if (statSync(path).size > MAX_CA_FILE_BYTES) continue;
        pems.push(...splitPems(readFileSync(path, 'utf8'), path));
        break;
      } catch {
        // Missing, unreadable or not PEM: the next candidate, else left out.
      }
    }
  }
  return pems;
}

/** One status line on a terminal, rewritten as targets finish. */
function progressWriter(io: CliIo): (done: number, total: number, failed: number) => void {
  if (!io.stderr.isTTY) return () => undefined;
  return (done, total, failed) => {
    const text = done === total ? '' : `checking: ${done}/${total} done, ${failed} failed`;
    io.stderr.write(`\r\x1b[2K${text}`);
  };
}

/** The engine's run for `check` and `demo`: -v evidence on stderr, progress on a terminal, the Report at the end. */
export async function executeRun(options: ExecuteOptions, io: CliIo): Promise<SiteRun> {
  const progress = progressWriter(io);
  const redact = createRedaction({ patterns: options.redact ?? [], secrets: [...[options.proxy.httpsProxy, options.proxy.httpProxy].flatMap((url) => secretsOfUrl(url)), ...(options.registryAuth?.secrets ?? [])] });
  let total = 0;
  let finished = 0;
  let failed = 0;
  const input = {
    topology: options.topology,
    catalog: options.catalog ?? loadCatalog(),
    proxy: options.proxy,
    limits: options.limits,
    ...(options.peersOnly === true ? { peersOnly: true } : {}),
    scenario: options.scenario,
    ...(options.recheck ? { recheck: options.recheck } : {}),
    ...(options.pulls === false ? { pulls: false } : {}),
    ...(options.mirrors ? { mirrors: options.mirrors } : {}),
  };
  const services = {
    network: options.network,
    signal: io.signal,
    ...(options.hostFacts ? { host: hostReader(io) } : {}),
    // A simulated site is not this machine: its runtime's settings are the scenario's, never this machine's.
    // A simulated node has the runtime its scenario gives it, or none (the shell's route stands in, as on a real machine without one).
    runtimeProxies: options.runtimeRoot !== undefined ? runtimeProxiesReader(io, options.runtimeRoot) : options.scenario === undefined ? runtimeProxiesReader(io) : () => [],
    ...(options.registryAuth ? { registryAuth: options.registryAuth.credentialsFor } : {}),
    // The registry configuration (mirrors and their CAs), read as the runtime reads it: a simulated node's from its root, a real site's from this machine.
    ...(options.runtimeRoot !== undefined ? registryConfigServices(options.runtimeRoot) : options.hostFacts && options.scenario === undefined ? registryConfigServices(io.env[ENV_ROOT_VARIABLE] ?? '/') : {}),
  };
  for await (const event of checkSite(input, services)) {
    options.onEvent?.(event);
    switch (event.type) {
      case 'planned':
        total += event.targets.length;
        break;
      case 'observed':
        if (options.verbose) io.stderr.write(redact(`${event.key}\n${indent(renderStepLine(event.result))}\n`).text);
        break;
      case 'finding':
        finished += 1;
        if (event.finding.status === 'fail') failed += 1;
        progress(finished, total, failed);
        break;
      case 'done':
        progress(total, total, failed);
        return { report: event.report, environment: event.environment, reason: event.reason };
      default:
        break;
    }
  }
  throw new Error('the engine ended without a report');
}

export interface ScenarioRun extends SiteRun {
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
    const registryAuth = registryAuthFrom(flags, io, undefined);
    const run = await executeRun({ topology, network: site.network, proxy, limits, verbose, scenario: scenario.name, redact: flags.redact, hostFacts: flags.bundle !== undefined, registryAuth, pulls: flags['no-pull'] !== true, ...(site.systemRoot !== undefined ? { runtimeRoot: site.systemRoot } : {}) }, io);
    return { ...run, unexercised: site.unexercised() };
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
