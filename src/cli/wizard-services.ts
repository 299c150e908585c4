import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { select, type Catalog } from '../catalog/index.js';
import { buildReport, plan, run, targetKey, type Finding, type RunEvent, type Target } from '../diagnose/index.js';
import type { Network, ProxySettings } from '../net/index.js';
import { renderMarkdown } from '../report/index.js';
import { expandRoles, siteFlagsOf, type Topology } from '../topology/index.js';
import type { RuleSummary, WizardOptions } from '../ui/types.js';
import { VERSION } from '../version.js';
import { siteListing, renderRules } from './commands/rules.js';
import { environmentOf, redactTopology } from './execute-run.js';
import type { CliIo } from './io.js';
import { saveBundle } from './commands/report.js';

/** What the wizard's runs go through: a real site's network, or a simulated one. */
export interface WizardSite {
  readonly network: Network;
  /** The proxy settings for a topology: its answers, or the environment's. */
  proxyFor(topology: Topology): ProxySettings;
  readonly limits: { readonly stepTimeoutMs: number; readonly maxTimeMs: number; readonly concurrency: number };
  readonly scenario?: string;
}

export type WizardServices = Pick<WizardOptions, 'summarize' | 'exportRules' | 'startRun' | 'recheck' | 'buildReport' | 'renderMarkdown' | 'saveFile' | 'writeBundle'>;

function summarize(catalog: Catalog, topology: Topology): RuleSummary {
  const selection = select(catalog, topology);
  const byRole: Partial<Record<string, number>> = {};
  for (const entry of selection.here) for (const role of expandRoles(topology.roles)) if (entry.rule.from.includes(role)) byRole[role] = (byRole[role] ?? 0) + 1;
  for (const entry of selection.elsewhere) for (const role of entry.fromRoles) byRole[role] = (byRole[role] ?? 0) + 1;
  const rules = [...selection.here, ...selection.elsewhereRules].map((e) => ({ id: e.rule.id, product: e.rule.product, section: e.rule.section }));
  return {
    total: new Set(rules.map((r) => r.id)).size,
    here: new Set(selection.here.map((e) => e.rule.id)).size,
    elsewhere: selection.elsewhere.map((e) => ({ ruleId: e.ruleId, fromRoles: e.fromRoles, host: e.host, port: e.port, purpose: e.purpose })),
    byRole,
    rules,
  };
}

/** The targets of the findings that failed or warned, as planned again for the topology. */
export function recheckTargets(planned: readonly Target[], findings: readonly Finding[]): Target[] {
  const keys = new Set(findings.filter((f) => f.status === 'fail' || f.status === 'warn').map((f) => targetKey(f.target)));
  return planned.filter((t) => keys.has(t.key));
}

/** The engine behind the wizard's screens: the same select, plan, run and report as `netreq check`. */
export function wizardServices(catalog: Catalog, site: WizardSite, io: CliIo): WizardServices {
  const startedAt = new Map<Topology, Date>();
  let lastTopology: Topology | undefined;
  const runTargets = (targets: readonly Target[], topology: Topology, signal: AbortSignal): AsyncIterable<RunEvent> => {
    const proxy = site.proxyFor(topology);
    const proxyUrl = proxy.httpsProxy ?? proxy.httpProxy;
    return run(targets, {
      network: site.network,
      ...(proxyUrl ? { proxyUrl } : {}),
      signal,
      ...site.limits,
      proxyConcurrency: Math.min(16, site.limits.concurrency),
      siteFlags: siteFlagsOf(topology),
    });
  };
  const planFor = (topology: Topology): Target[] => plan(select(catalog, topology), site.proxyFor(topology));
  return {
    summarize: (topology) => summarize(catalog, topology),
    exportRules: (topology, format) => {
      const out = renderRules(format, siteListing(catalog, topology));
      return out.notes.length > 0 ? `${out.text}\n# ${out.notes.join('\n# ')}\n` : out.text;
    },
    startRun(topology: Topology, signal: AbortSignal): AsyncIterable<RunEvent> {
      startedAt.set(topology, new Date());
      lastTopology = topology;
      return runTargets(planFor(topology), topology, signal);
    },
    recheck: (failed, topology, signal) => runTargets(recheckTargets(planFor(topology), failed), topology, signal),
    buildReport: (findings, topology, interrupted) =>
      buildReport({
        version: VERSION,
        catalogVersion: catalog.version,
        startedAt: startedAt.get(topology) ?? new Date(),
        finishedAt: new Date(),
        interrupted,
        topology: redactTopology(topology),
        environment: environmentOf(site.network, site.proxyFor(topology)),
        ...(site.scenario !== undefined ? { scenario: site.scenario } : {}),
        findings,
        elsewhere: select(catalog, topology).elsewhere,
      }),
    renderMarkdown,
    saveFile: (path, text) => writeFile(resolve(io.cwd, path), text, { mode: 0o600 }),
    async writeBundle(report, path) {
      // Redacted like `check --bundle`: the run's proxy credentials are among the secrets masked.
      const proxy = lastTopology ? site.proxyFor(lastTopology) : undefined;
      const saved = await saveBundle(report, path, io, { ...(proxy ? { proxy } : {}) });
      if (!saved.ok) throw new Error(saved.text);
    },
  };
}
