import type { ProxySettings } from '../net/index.js';
import { nodeProxyUrl, startScenarioSite, type LoadedScenario, type SimSite } from '../sim/index.js';
import type { Topology } from '../topology/index.js';
import type { Flags } from './args.js';
import type { CliIo } from './io.js';
import { proxySettingsFrom, registryAuthFrom, topologyFrom } from './site-input.js';
import type { RunLimits } from './execute-run.js';
import { startWizard } from './commands/wizard.js';

/** The proxy settings of a scenario's node for the wizard's answers: a proxy answer naming the site's proxy goes to the simulated one. */
export function scenarioProxyFor(scenario: LoadedScenario, site: SimSite): (answers: Topology) => ProxySettings {
  return (answers) => {
    const url = answers.proxy ? nodeProxyUrl(answers.proxy.url, scenario.site, site) : undefined;
    const routed: Topology = answers.proxy && url ? { ...answers, proxy: { ...answers.proxy, url } } : answers;
    // The simulated node's environment is the scenario's: this machine's HTTPS_PROXY must not leak in.
    return proxySettingsFrom({}, {}, routed);
  };
}

/**
 * The wizard against a scenario's simulated site: its answers prefilled and editable, its
 * network on loopback. A proxy answer naming the site's proxy goes to the simulated one.
 */
export async function demoWizard(scenario: LoadedScenario, flags: Flags, limits: RunLimits, io: CliIo): Promise<number> {
  const topology = topologyFrom(flags, io, scenario.topology);
  const { site } = await startScenarioSite(scenario.site, topology);
  try {
    const proxyFor = scenarioProxyFor(scenario, site);
    return await startWizard(
      {
        site: { network: site.network, proxyFor, limits, scenario: scenario.name, ...(site.systemRoot !== undefined ? { systemRoot: site.systemRoot } : {}), registryAuth: registryAuthFrom(flags, io, undefined) },
        initial: scenario.topology,
        title: `demo: ${scenario.name}`,
      },
      flags,
      io,
    );
  } finally {
    await site.close();
  }
}
