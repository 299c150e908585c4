// Issue 18, item 5: errors inside an SSL-bumping proxy's tunnel. squid 5.7 bumps every CONNECT
// (`ssl_bump peek step1; ssl_bump bump all`), so CONNECT gets `200 Connection established` and the
// TLS handshake is squid's; only the request inside the tunnel makes squid resolve and connect to the
// origin, and its error page (X-Squid-Error) comes back inside the re-signed tunnel. netreq must judge
// it as it judges the same error given to CONNECT: the errno of ERR_CONNECT_FAIL, and squid 5's
// ambiguous answer for a name it cannot resolve refined by netreq's own DNS evidence.
import { expect, it } from 'vitest';
import { addUnreachableRoute, describeWithDeps, findingFor, observe, runNetreq, startDnsmasq, startOrigins, startSquid, useNamespace, type NetreqRun } from '../harness/index.js';

const REGISTRY = 'runai.jfrog.io'; // its origin answers: the bumped tunnel works
const REFUSING = 'gcr.io'; // resolves, nothing listens: squid's connect() gets RST (111)
const REFUSING_ADDRESS = '203.0.113.20';
const NO_ROUTE = 'quay.io'; // resolves to an address with an unreachable route: EHOSTUNREACH (113)
const NO_ROUTE_ADDRESS = '203.0.113.21';
const UNKNOWN = 'docker.io'; // NXDOMAIN on the site's resolver, which squid uses too
const RESOLVER = '127.0.0.1';
const INSPECTION_CA = 'netreq test squid inspection CA';
const SITE = ['check', '--product', 'runai', '--role', 'system-node', '--role', 'k8s-node', '--prereqs', '--control-plane', 'acme.run.ai', '--timeout', '4000', '--format', 'json'];

type Report = NonNullable<NetreqRun['report']>;
type Finding = Report['findings'][number];

function stepOf<N extends Finding['steps'][number]['step']>(f: Finding, name: N): Extract<Finding['steps'][number], { step: N }> | undefined {
  return f.steps.find((s): s is Extract<Finding['steps'][number], { step: N }> => s.step === name);
}

function reportOf(run: NetreqRun): Report {
  if (!run.report) throw new Error(`netreq gave no report (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
  return run.report;
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

/** What the tunnel held: the CONNECT status, the TLS issuer, the status and X-Squid-Error inside. */
function tunnelOf(f: Finding): { connect?: number | undefined; issuer?: string | undefined; status?: number | undefined; squidError?: string | undefined } {
  const response = stepOf(f, 'http')?.evidence.response;
  return {
    connect: stepOf(f, 'proxy')?.evidence.response?.status,
    issuer: stepOf(f, 'tls')?.evidence.chain[0]?.issuer,
    status: response?.status,
    squidError: response?.headers['x-squid-error'],
  };
}

describeWithDeps('diagnosis 5: errors inside a bumping squid\'s tunnel', ['ip', 'dnsmasq', 'squid', 'openssl'], () => {
  const env = useNamespace(
    { resolvOptions: ['timeout:1', 'attempts:1'] },
    async (ns) => {
      await startDnsmasq(ns, { records: { [REGISTRY]: '203.0.113.10', [REFUSING]: REFUSING_ADDRESS, [NO_ROUTE]: NO_ROUTE_ADDRESS } });
      const origins = await startOrigins(ns, { sites: [{ names: [REGISTRY], address: '203.0.113.10' }] });
      await ns.addAddress(REFUSING_ADDRESS);
      await addUnreachableRoute(ns, NO_ROUTE_ADDRESS);
      const squid = await startSquid(ns, { bump: true, upstreamCaFile: origins.ca.certPath, connectTimeoutSeconds: 2 });
      return { origins, squid };
    },
    60_000,
  );
  const run = once(() => {
    const ca = env().squid.bumpCa?.certPath;
    if (ca === undefined) throw new Error('the bumping squid has no CA');
    return runNetreq(env().ns, [...SITE, '--ca-file', ca], { env: { HTTPS_PROXY: env().squid.url } });
  });

  it('diagnosis 5: the bumped tunnel works for an origin that answers (tls.intercepted, the registry\'s 401 inside)', async () => {
    const f = findingFor(reportOf(await run()), REGISTRY, 443);
    expect(f).toMatchObject({ status: 'warn', cause: 'tls.intercepted', target: { via: 'proxy' } });
    expect(tunnelOf(f)).toMatchObject({ connect: 200, status: 401 });
    expect(tunnelOf(f).issuer).toContain(INSPECTION_CA);
  });

  it('diagnosis 5: an origin that refuses squid is proxy.upstream-failed with ERR_CONNECT_FAIL 111 inside the tunnel, its errno named', async () => {
    const f = findingFor(reportOf(await run()), REFUSING, 443);
    observe('diagnosis-5-refused', tunnelOf(f));
    expect(f).toMatchObject({ status: 'fail', cause: 'proxy.upstream-failed' });
    expect(tunnelOf(f)).toMatchObject({ connect: 200, status: 503, squidError: 'ERR_CONNECT_FAIL 111' });
    expect(tunnelOf(f).issuer).toContain(INSPECTION_CA);
    expect(f.explanation).toContain('ERR_CONNECT_FAIL 111');
    expect(f.explanation).toContain('ECONNREFUSED');
  });

  it('diagnosis 5: an origin squid has no route to is proxy.upstream-failed with ERR_CONNECT_FAIL 113 inside the tunnel', async () => {
    const f = findingFor(reportOf(await run()), NO_ROUTE, 443);
    observe('diagnosis-5-no-route', tunnelOf(f));
    expect(f).toMatchObject({ status: 'fail', cause: 'proxy.upstream-failed' });
    expect(tunnelOf(f)).toMatchObject({ connect: 200, status: 503, squidError: 'ERR_CONNECT_FAIL 113' });
    expect(f.explanation).toContain('EHOSTUNREACH');
  });

  it('diagnosis 5: a name nobody resolves is proxy.dns-failed: squid 5\'s ERR_READ_ERROR inside the tunnel and the resolver\'s NXDOMAIN', async () => {
    const f = findingFor(reportOf(await run()), UNKNOWN, 443);
    observe('diagnosis-5-nxdomain', { ...tunnelOf(f), dns: stepOf(f, 'dns')?.evidence.servers });
    expect(f).toMatchObject({ status: 'fail', cause: 'proxy.dns-failed' });
    expect(tunnelOf(f)).toMatchObject({ connect: 200, status: 502, squidError: 'ERR_READ_ERROR 0' });
    expect(stepOf(f, 'dns')?.evidence.servers.map((s) => [s.server, s.rcode])).toEqual([
      [RESOLVER, 'NXDOMAIN'],
      [RESOLVER, 'NXDOMAIN'],
    ]);
    expect(f.explanation).toContain('ERR_READ_ERROR 0');
    expect(f.explanation).toContain(`resolver ${RESOLVER} answers NXDOMAIN`);
    expect(f.verify).toContain(`dig @${RESOLVER} ${UNKNOWN}`);
    expect(f.notes.map((n) => n.code)).toContain('dns.local-only');
  });
});
