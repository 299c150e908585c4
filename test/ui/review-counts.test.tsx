// The review's counts from the real catalog and the wizard's own summary: they add up.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/index.js';
import type { CliIo } from '../../src/cli/io.js';
import { proxySettingsFrom } from '../../src/cli/site-input.js';
import { wizardServices } from '../../src/cli/wizard-services.js';
import { createNetwork } from '../../src/net/index.js';
import { Topology, type TopologyInput } from '../../src/topology/index.js';
import { reviewLines } from '../../src/ui/rule-summary.js';
import { ReviewScreen } from '../../src/ui/screens/ReviewScreen.js';
import { renderUi } from './render.js';

const io: CliIo = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: process.cwd(), signal: new AbortController().signal };
const services = wizardServices(loadCatalog(), { network: createNetwork({ systemCaPath: null }), proxyFor: (t) => proxySettingsFrom({}, {}, t), limits: { stepTimeoutMs: 1_000, maxTimeMs: 1_000, concurrency: 1 } }, io);

/** The counts a person reads: rules that apply, here, elsewhere, and the per-roles lines under it. */
function countsOf(text: string): { total: number; here: number; elsewhere: number; groups: number[] } {
  const number = (pattern: RegExp): number => Number(pattern.exec(text)?.[1] ?? NaN);
  return {
    total: number(/(\d+) rules apply to this site/),
    here: number(/(\d+) (?:are|is) checked from this machine/),
    elsewhere: /None needs another machine/.test(text) ? 0 : number(/(\d+) must be checked from another machine/),
    groups: [...text.matchAll(/from [a-z0-9 -]+: (\d+) rules?/g)].map((m) => Number(m[1])),
  };
}

const SITES: [string, TopologyInput][] = [
  ['both platforms from the installer (wildcards with several known names)', { products: ['runai', 'azureml-arc'], roles: ['installer'], region: { name: 'eastus' } }],
  ['BCM with two headnodes (one rule, two hosts)', { products: ['runai'], roles: ['installer'], bcm: { enabled: true, headnodes: ['bcm-01', 'bcm-02'] } }],
  ['a k8s node', { products: ['runai', 'azureml-arc'], roles: ['k8s-node'], region: { name: 'eastus' }, prereqs: true }],
];

describe('the review screen counts', () => {
  it.each(SITES)('field-ready 18: add up (total = here + elsewhere = here + the per-roles lines): %s', (_, input) => {
    const topology = Topology.parse(input);
    const summary = services.summarize(topology);
    const ui = renderUi(<ReviewScreen topology={topology} summary={summary} isActive onRun={() => undefined} onExport={() => undefined} onBack={() => undefined} onQuit={() => undefined} />, { rows: 60, columns: 120 });
    for (const text of [ui.frame(), reviewLines(summary, topology.roles).join('\n')]) {
      const counts = countsOf(text);
      expect(counts.total, text).toBe(counts.here + counts.elsewhere);
      expect(counts.groups.reduce((a, b) => a + b, 0), text).toBe(counts.elsewhere);
    }
  });
});
