import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { loadCatalog } from '../../src/catalog/index.js';
import { proxySettingsFrom } from '../../src/cli/site-input.js';
import { wizardServices, type WizardServices } from '../../src/cli/wizard-services.js';
import { targetKey, type Finding, type Target } from '../../src/diagnose/index.js';
import { recheckTargets } from '../../src/engine/index.js';
import type { Report, SiteEvent } from '../../src/report/index.js';
import { SiteSpec, startScenarioSite, type SimSite } from '../../src/sim/index.js';
import { Topology } from '../../src/topology/index.js';
import type { CliIo } from '../../src/cli/io.js';

const topology = Topology.parse({
  products: ['runai'],
  roles: ['installer'],
  bcm: { enabled: true, headnodes: ['bcm-head-01.corp.example', 'bcm-head-02.corp.example'] },
});
// The first headnode's firewall rejects SSH; the second and the Helm repository answer.
const spec = SiteSpec.parse({
  hosts: {
    'bcm-head-01.corp.example': { dns: { addresses: ['10.20.0.2'] }, ports: { 22: 'refused' } },
    'bcm-head-02.corp.example': { dns: { addresses: ['10.20.0.3'] } },
  },
});

const io: CliIo = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: process.cwd(), signal: new AbortController().signal };

async function collect(events: AsyncIterable<SiteEvent>): Promise<{ planned: readonly Target[]; findings: Finding[]; report: Report }> {
  let planned: readonly Target[] = [];
  const findings: Finding[] = [];
  let report: Report | undefined;
  for await (const event of events) {
    if (event.type === 'planned') planned = event.targets;
    if (event.type === 'finding') findings.push(event.finding);
    if (event.type === 'done') report = event.report;
  }
  if (report === undefined) throw new Error('the engine ends with a report');
  return { planned, findings, report };
}

describe('the wizard services: re-check', () => {
  let site: SimSite;
  let services: WizardServices;
  beforeAll(async () => {
    ({ site } = await startScenarioSite(spec, topology));
    services = wizardServices(loadCatalog(), { network: site.network, proxyFor: (t) => proxySettingsFrom({}, {}, t), limits: { stepTimeoutMs: 2_000, maxTimeMs: 10_000, concurrency: 8 } }, io);
  });
  afterAll(async () => site.close());

  it('plans only the failed targets again and runs them with the same runner', async () => {
    const first = await collect(services.startRun(topology, new AbortController().signal));
    const byHost = new Map(first.findings.map((f) => [`${f.target.host}:${f.target.port}`, f]));
    expect(byHost.get('bcm-head-01.corp.example:22')).toMatchObject({ status: 'fail', cause: 'tcp.refused' });
    expect(byHost.get('bcm-head-02.corp.example:22')?.status).toBe('pass');
    expect(first.planned.length).toBeGreaterThan(2);

    const failed = first.findings.filter((f) => f.status === 'fail' || f.status === 'warn');
    const recheck = services.recheck;
    if (!recheck) throw new Error('the wizard services offer a re-check');
    // The whole report is given: the engine re-checks only what failed or warned.
    const again = await collect(recheck(first.report, topology, new AbortController().signal));
    expect(again.planned.map((t) => t.key).sort()).toEqual(failed.map((f) => targetKey(f.target)).sort());
    expect(again.planned.map((t) => t.host)).toContain('bcm-head-01.corp.example');
    expect(again.findings.map((f) => [targetKey(f.target), f.status, f.cause])).toEqual(
      expect.arrayContaining(failed.map((f) => [targetKey(f.target), f.status, f.cause])),
    );
    expect(again.findings).toHaveLength(failed.length);
  });

  it('matches findings to planned targets by the whole target key', async () => {
    const { report: first } = await collect(services.startRun(topology, new AbortController().signal));
    const draft = { host: 'a.example', port: 443, transport: 'tcp' as const, scheme: 'https' as const };
    const planned: Target[] = (['direct', 'proxy'] as const).map((via) => ({ ...draft, via, key: targetKey({ ...draft, via }), check: 'https-reachable', ruleIds: ['r'], siteOwned: false, retired: false }));
    const failedViaProxy: Finding = { ruleIds: ['r'], target: { ...draft, via: 'proxy' }, status: 'fail', cause: 'proxy.denied', notes: [], steps: [] };
    const failing = (f: Finding): boolean => f.status === 'fail';
    const reportOf = (findings: Finding[]): Report => ({ ...first, findings });
    expect(recheckTargets(reportOf([failedViaProxy]), planned, failing).targets.map((t) => t.via)).toEqual(['proxy']);
    expect(recheckTargets(reportOf([{ ...failedViaProxy, status: 'pass' }]), planned, failing).targets).toEqual([]);
  });
});
