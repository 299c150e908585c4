import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { select, type Catalog } from '../catalog/index.js';
import { checkSite, siteReport } from '../engine/index.js';
import type { Network, ProxySettings } from '../net/index.js';
import { renderMarkdown, type Report, type SiteEvent } from '../report/index.js';
import { expandRoles, type Peer, type Topology } from '../topology/index.js';
import type { RuleSummary, WizardOptions } from '../ui/index.js';
import type { Flags } from './args.js';
import { siteListing, renderRules } from './commands/rules.js';
import { changeRequest } from './change-request.js';
import { renderRequest } from './rules-from.js';
import { ENV_ROOT_VARIABLE, hostReader, registryConfigServices, runtimeProxiesReader } from './execute-run.js';
import type { CliIo } from './io.js';
import { withPeers } from './peers.js';
import type { RegistryAuth } from './registry-auth.js';
import { saveBundle, type SavedBundle } from './output-report.js';

/** What the wizard's runs go through: a real site's network, or a simulated one. */
export interface WizardSite {
  readonly network: Network;
  /** The proxy settings for a topology: its answers, or the environment's. */
  proxyFor(topology: Topology): ProxySettings;
  readonly limits: { readonly stepTimeoutMs: number; readonly maxTimeMs: number; readonly concurrency: number };
  readonly scenario?: string;
  /** `--peer`: the peers' inbound and internal rules are checked as `netreq check --peer` checks them. */
  readonly peers?: readonly Peer[];
  /** A simulated site's node root (its container runtime's drop-ins), read as this machine's would be. */
  readonly systemRoot?: string;
  /** Credentials for the registries' pulls. */
  readonly registryAuth?: RegistryAuth;
}

export type WizardServices = Pick<WizardOptions, 'summarize' | 'exportRules' | 'exportRequest' | 'startRun' | 'recheck' | 'buildReport' | 'renderMarkdown' | 'saveFile' | 'writeBundle'>;

/** The services, and the bundle of `--bundle FILE` written after the wizard ends: both redacted as the run's flags say. */
export interface WizardEngine extends WizardServices {
  saveRunBundle(report: Report, path: string): Promise<SavedBundle>;
}

/** A file holds what the terminal splits between stdout and stderr: the notes follow as `#` lines. */
const fileText = (out: { text: string; notes: readonly string[] }): string => (out.notes.length > 0 ? `${out.text}\n# ${out.notes.join('\n# ')}\n` : out.text);

/** The first entry of each rule: a rule expanded to several hosts (headnodes, wildcard names) counts once. */
function onePerRule<T>(entries: readonly T[], idOf: (entry: T) => string): T[] {
  const byId = new Map<string, T>();
  for (const entry of entries) if (!byId.has(idOf(entry))) byId.set(idOf(entry), entry);
  return [...byId.values()];
}

/**
 * The review's counts, all of rules (never of the hosts a rule expands to), so that they add
 * up: every selected rule is checked here or elsewhere, never both (`select` puts a whole rule
 * in one of them), and `total = here + elsewhere.length`.
 */
function summarize(catalog: Catalog, topology: Topology): RuleSummary {
  const selection = select(catalog, topology);
  const here = onePerRule(selection.here, (e) => e.rule.id);
  const elsewhere = onePerRule(selection.elsewhere, (e) => e.ruleId);
  const byRole: Partial<Record<string, number>> = {};
  for (const entry of here) for (const role of expandRoles(topology.roles)) if (entry.rule.from.includes(role)) byRole[role] = (byRole[role] ?? 0) + 1;
  for (const entry of elsewhere) for (const role of entry.fromRoles) byRole[role] = (byRole[role] ?? 0) + 1;
  const rules = [...here, ...onePerRule(selection.elsewhereRules, (e) => e.rule.id)].map((e) => ({ id: e.rule.id, product: e.rule.product, section: e.rule.section }));
  return {
    total: rules.length,
    here: here.length,
    elsewhere: elsewhere.map((e) => ({ ruleId: e.ruleId, fromRoles: e.fromRoles, host: e.host, port: e.port, purpose: e.purpose })),
    byRole,
    rules,
  };
}

/**
 * The engine behind the wizard's screens: the same select, plan, run and report as `netreq check`.
 * `flags` are the run's (`--redact`): every bundle the wizard writes is redacted with them.
 */
export function wizardServices(catalog: Catalog, site: WizardSite, io: CliIo, flags: Flags = {}): WizardEngine {
  const startedAt = new Map<Topology, Date>();
  let lastTopology: Topology | undefined;
  const input = (answered: Topology) => ({ topology: withPeers(answered, site.peers ?? []), catalog, proxy: site.proxyFor(answered), limits: site.limits, scenario: site.scenario });
  // A real site's own services are judged from its host facts, as `netreq check` does; a simulated one is not this machine.
  const runtimeRoot = site.scenario === undefined ? (io.env[ENV_ROOT_VARIABLE] ?? '/') : site.systemRoot;
  const services = (signal: AbortSignal) => ({
    network: site.network,
    signal,
    ...(site.scenario === undefined ? { host: hostReader(io) } : {}),
    runtimeProxies: runtimeRoot !== undefined ? runtimeProxiesReader(io, runtimeRoot) : () => [],
    ...(site.registryAuth ? { registryAuth: site.registryAuth.credentialsFor } : {}),
    ...(runtimeRoot !== undefined ? registryConfigServices(runtimeRoot) : {}),
  });
  // Redacted like `check --bundle`: --redact, and the run's proxy credentials among the secrets masked.
  const saveRunBundle = (report: Report, path: string): Promise<SavedBundle> => {
    const proxy = lastTopology ? site.proxyFor(lastTopology) : undefined;
    return saveBundle(report, path, io, { flags, ...(proxy ? { proxy } : {}) });
  };
  return {
    summarize: (topology) => summarize(catalog, topology),
    exportRules: (topology, format) => fileText(renderRules(format, siteListing(catalog, topology))),
    exportRequest: (report, format) => fileText(renderRequest(format, changeRequest(report, catalog))),
    startRun(topology: Topology, signal: AbortSignal): AsyncIterable<SiteEvent> {
      startedAt.set(topology, new Date());
      lastTopology = topology;
      return checkSite(input(topology), services(signal));
    },
    recheck: (report, topology, signal) =>
      checkSite({ ...input(topology), recheck: { report, again: (f) => f.status === 'fail' || f.status === 'warn', rounds: { intervalMs: 0, maxRounds: 1 } } }, services(signal)),
    buildReport: (findings, topology, interrupted) =>
      siteReport({ ...input(topology), network: site.network, startedAt: startedAt.get(topology) ?? new Date(), finishedAt: new Date(), interrupted, findings, elsewhere: select(catalog, topology).elsewhere }),
    renderMarkdown,
    saveFile: (path, text) => writeFile(resolve(io.cwd, path), text, { mode: 0o600 }),
    async writeBundle(report, path) {
      const saved = await saveRunBundle(report, path);
      if (!saved.ok) throw new Error(saved.text);
    },
    saveRunBundle,
  };
}
