// netreq against a real nftables firewall (and routes) inside the namespace, run as a user runs it:
// direct, the site's resolver, a short --timeout. The origins really listen behind the rules, so
// what netreq reports is the firewall's doing, not an empty port.
import { expect, it } from 'vitest';
import {
  addUnreachableRoute,
  applyNftRules,
  describeWithDeps,
  findingFor,
  runNetreq,
  startDnsmasq,
  startOrigins,
  useNamespace,
  type NetreqRun,
} from '../harness/index.js';

const DROPPED = { host: 'runai.jfrog.io', address: '203.0.113.40' };
const RESET = { host: 'registry.k8s.io', address: '203.0.113.41' };
const UNREACHABLE = { host: 'gcr.io', address: '203.0.113.42' };
const NO_ROUTE = { host: 'quay.io', address: '203.0.113.43' }; // never put on lo: no route at all
const OPEN = { host: 'acme.run.ai', address: '203.0.113.44' };
const TIMEOUT_MS = 1500;

function reportOf(run: NetreqRun): NonNullable<NetreqRun['report']> {
  if (!run.report) throw new Error(`netreq gave no report (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
  return run.report;
}

describeWithDeps('netreq behind a real nftables firewall', ['ip', 'nft', 'dnsmasq', 'openssl'], () => {
  let result: Promise<NetreqRun> | undefined;
  const env = useNamespace({ resolvOptions: ['timeout:1', 'attempts:1'] }, async (ns) => {
    const sites = [DROPPED, RESET, OPEN];
    await startDnsmasq(ns, { records: Object.fromEntries([...sites, UNREACHABLE, NO_ROUTE].map((s) => [s.host, s.address])) });
    const origins = await startOrigins(ns, { sites: sites.map((s) => ({ names: [s.host], address: s.address, http: false })) });
    await applyNftRules(ns, [
      { address: DROPPED.address, port: 443, action: 'drop' },
      { address: RESET.address, port: 443, action: 'reject-reset' },
    ]);
    // Not on lo (the local table would win over the route): a router's "unreachable" for it.
    await addUnreachableRoute(ns, UNREACHABLE.address);
    return { origins };
  });
  const run = (): Promise<NetreqRun> =>
    (result ??= runNetreq(env().ns, [
      'check', '--product', 'runai', '--role', 'system-node', '--role', 'k8s-node', '--prereqs', '--control-plane', OPEN.host,
      '--format', 'json', '--timeout', String(TIMEOUT_MS), '--ca-file', env().origins.ca.certPath,
    ]));

  it('the firewall lets the open host through: the origins really listen', async () => {
    expect(findingFor(reportOf(await run()), OPEN.host, 443)).toMatchObject({ status: 'pass' });
  });

  it('a dropped SYN is tcp.timeout naming the address', async () => {
    const f = findingFor(reportOf(await run()), DROPPED.host, 443);
    expect(f).toMatchObject({ status: 'fail', cause: 'tcp.timeout' });
    expect(f.explanation).toContain(`${DROPPED.address}:443`);
    expect(f.steps.find((s) => s.step === 'tcp')).toMatchObject({ evidence: { attempts: [{ address: DROPPED.address, outcome: 'timeout' }] } });
  });

  it('a reject with a TCP reset is tcp.refused naming the address and ECONNREFUSED', async () => {
    const f = findingFor(reportOf(await run()), RESET.host, 443);
    expect(f).toMatchObject({ status: 'fail', cause: 'tcp.refused' });
    expect(f.explanation).toContain(`${RESET.address}:443`);
    expect(f.explanation).toContain('ECONNREFUSED');
  });

  it('an unreachable route is tcp.unreachable naming EHOSTUNREACH', async () => {
    const f = findingFor(reportOf(await run()), UNREACHABLE.host, 443);
    expect(f).toMatchObject({ status: 'fail', cause: 'tcp.unreachable' });
    expect(f.explanation).toContain(`${UNREACHABLE.address}:443`);
    expect(f.explanation).toContain('EHOSTUNREACH');
  });

  it('no route at all is tcp.unreachable naming ENETUNREACH', async () => {
    const f = findingFor(reportOf(await run()), NO_ROUTE.host, 443);
    expect(f).toMatchObject({ status: 'fail', cause: 'tcp.unreachable' });
    expect(f.explanation).toContain('ENETUNREACH');
  });
});
