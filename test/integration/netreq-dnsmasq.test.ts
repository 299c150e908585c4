// netreq against real dnsmasq as the site's resolver, run as a user runs it: no proxy, the
// namespace's own resolv.conf (a stub address, as systemd-resolved's), and --dns-server only where
// the test is about it. Also issue 4's check: with no test-only flags netreq asks the resolver
// resolv.conf names; with --dns-server it asks that one and no other (dnsmasq logs every query).
import { describe, expect, it } from 'vitest';
import { describeWithDeps, findingFor, runNetreq, startDnsmasq, startListeners, startOrigins, useNamespace, type Dnsmasq, type NetreqRun } from '../harness/index.js';

const SITE_RESOLVER = '127.0.0.53'; // what resolv.conf names
const OTHER_RESOLVER = '127.0.0.54'; // only --dns-server names it
const CONTROL_PLANE = 'acme.run.ai'; // overridden locally to the site's own address
const OVERRIDE = '203.0.113.30';
const OTHER_ANSWER = '203.0.113.31';
const PUBLIC = 'runai.jfrog.io'; // the site resolver has no upstream: NXDOMAIN for public names
const FILTERED = 'registry-1.docker.io'; // under a domain a DNS filter sinkholes
const SILENT = 'quay.io'; // forwarded to an upstream that never answers

const SITE = ['check', '--product', 'runai', '--role', 'system-node', '--role', 'k8s-node', '--prereqs', '--control-plane', CONTROL_PLANE];

type Finding = ReturnType<typeof findingFor>;

function dnsOf(f: Finding): Extract<Finding['steps'][number], { step: 'dns' }> {
  const step = f.steps.find((s): s is Extract<Finding['steps'][number], { step: 'dns' }> => s.step === 'dns');
  if (!step) throw new Error(`no DNS step for ${f.target.host}`);
  return step;
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

function reportOf(run: NetreqRun): NonNullable<NetreqRun['report']> {
  if (!run.report) throw new Error(`netreq gave no report (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
  return run.report;
}

/** The names a dnsmasq was asked about since `from` characters of its log. */
function queriedNames(server: Dnsmasq, from = 0): string[] {
  return [...server.log().slice(from).matchAll(/query\[[A-Z]+\] (\S+) from/g)].map((m) => m[1] ?? '');
}

describeWithDeps('netreq against a real dnsmasq resolver', ['ip', 'dnsmasq', 'openssl'], () => {
  const env = useNamespace(
    { nameservers: [SITE_RESOLVER], resolvOptions: ['timeout:1', 'attempts:1'] },
    async (ns) => {
      await startListeners(ns, [{ kind: 'udp-silent', host: '127.0.0.1', port: 5399 }]);
      const [site, other] = await Promise.all([
        startDnsmasq(ns, {
          listen: SITE_RESOLVER,
          records: { [CONTROL_PLANE]: OVERRIDE },
          sinkhole: ['docker.io'],
          forward: [{ domain: SILENT, server: '127.0.0.1#5399' }],
        }),
        startDnsmasq(ns, { listen: OTHER_RESOLVER, records: { [CONTROL_PLANE]: OTHER_ANSWER, [PUBLIC]: OTHER_ANSWER } }),
      ]);
      const origins = await startOrigins(ns, { sites: [{ names: [CONTROL_PLANE, PUBLIC], address: OVERRIDE }, { names: [CONTROL_PLANE, PUBLIC], address: OTHER_ANSWER }] });
      return { site, other, origins };
    },
    60_000,
  );

  describe('the system resolver from resolv.conf', () => {
    let logBefore = 0;
    const run = once(() => {
      logBefore = env().site.log().length;
      return runNetreq(env().ns, [...SITE, '--format', 'json', '--timeout', '3000', '--ca-file', env().origins.ca.certPath]);
    });

    it('a local override: resolves to the override and passes, the evidence naming resolv.conf\'s resolver', async () => {
      const f = findingFor(reportOf(await run()), CONTROL_PLANE, 443);
      expect(f).toMatchObject({ status: 'pass', target: { via: 'direct' } });
      const dns = dnsOf(f);
      expect(dns.evidence.addresses).toEqual([OVERRIDE]);
      expect(dns.evidence.servers.map((s) => s.server)).toEqual([SITE_RESOLVER, SITE_RESOLVER]);
      expect(dns.evidence.servers.find((s) => s.type === 'A')).toMatchObject({ rcode: 'NOERROR', addresses: [OVERRIDE], ttl: 0 });
      expect(f.steps.find((s) => s.step === 'tcp')).toMatchObject({ evidence: { connected: OVERRIDE } });
    });

    it('a public name the resolver does not know is dns.nxdomain naming that resolver', async () => {
      const f = findingFor(reportOf(await run()), PUBLIC, 443);
      expect(f).toMatchObject({ status: 'fail', cause: 'dns.nxdomain' });
      expect(f.explanation).toContain(`resolver ${SITE_RESOLVER} answered NXDOMAIN`);
      expect(f.verify).toContain(`dig @${SITE_RESOLVER} ${PUBLIC}`);
    });

    it('a filtered domain answered with the null address is dns.sinkhole naming 0.0.0.0', async () => {
      const f = findingFor(reportOf(await run()), FILTERED, 443);
      expect(f).toMatchObject({ status: 'fail', cause: 'dns.sinkhole' });
      expect(f.explanation).toContain('0.0.0.0');
      expect(dnsOf(f).evidence.servers.find((s) => s.type === 'AAAA')?.addresses).toEqual(['::']);
    });

    it('a name forwarded to a silent upstream is dns.timeout naming the resolver', async () => {
      const f = findingFor(reportOf(await run()), SILENT, 443);
      expect(f).toMatchObject({ status: 'fail', cause: 'dns.timeout' });
      expect(f.explanation).toContain(SITE_RESOLVER);
      expect(dnsOf(f).evidence.servers.every((s) => s.rcode === undefined && s.addresses.length === 0)).toBe(true);
    });

    it('asked the resolver resolv.conf names, and the other one never', async () => {
      await run();
      expect(queriedNames(env().site, logBefore)).toEqual(expect.arrayContaining([CONTROL_PLANE, PUBLIC, FILTERED, SILENT]));
      expect(queriedNames(env().other)).toEqual([]);
    });
  });

  it('with --dns-server, asks only that resolver: other answers, and resolv.conf\'s resolver hears nothing', async () => {
    const { ns, site, other, origins } = env();
    const siteBefore = site.log().length;
    const otherBefore = other.log().length;
    const r = await runNetreq(ns, [...SITE, '--format', 'json', '--timeout', '3000', '--ca-file', origins.ca.certPath, '--dns-server', OTHER_RESOLVER]);
    const report = reportOf(r);
    const cp = findingFor(report, CONTROL_PLANE, 443);
    expect(cp).toMatchObject({ status: 'pass' });
    expect(dnsOf(cp).evidence.addresses).toEqual([OTHER_ANSWER]);
    expect(dnsOf(cp).evidence.servers.every((s) => s.server === OTHER_RESOLVER)).toBe(true);
    const pub = findingFor(report, PUBLIC, 443);
    expect(dnsOf(pub).evidence.addresses).toEqual([OTHER_ANSWER]);
    const missing = findingFor(report, SILENT, 443);
    expect(missing).toMatchObject({ status: 'fail', cause: 'dns.nxdomain' });
    expect(missing.explanation).toContain(OTHER_RESOLVER);
    expect(queriedNames(other, otherBefore)).toEqual(expect.arrayContaining([CONTROL_PLANE, PUBLIC, SILENT]));
    expect(queriedNames(site, siteBefore)).toEqual([]);
  });
});
