// netreq against real squid 5 as the site's forward proxy, run as a user runs it: HTTPS_PROXY from
// the environment, the namespace's own resolver, no test-only flags but --ca-file where TLS must
// validate. What squid really answers is in OBSERVED.md; these tests hold netreq's findings to it.
import { describe, expect, it } from 'vitest';
import {
  describeWithDeps,
  findingFor,
  PUBLIC_CA_NAME,
  runNetreq,
  startDnsmasq,
  startOrigins,
  startSquid,
  useNamespace,
  type NetreqRun,
} from '../harness/index.js';

const REGISTRY = 'runai.jfrog.io'; // public: its chain ends at the namespace's test CA, never a public one
const CONTROL_PLANE = 'acme.run.ai'; // site-owned (--control-plane): a private CA trusted by --ca-file passes
const K8S_REGISTRY = 'registry.k8s.io'; // outside the allowlist
const REFUSING = 'gcr.io'; // resolves, but nothing listens: squid's connect() gets RST
const UNKNOWN = 'docker.io'; // NXDOMAIN on the site's resolver, which squid uses too
const HTTP_SITE = 'ctldl.windowsupdate.com'; // an http-any port-80 row: GET with an absolute URI through squid
const HTTP_UNKNOWN = 'security.ubuntu.com'; // port 80, NXDOMAIN: squid 5 answers GET with 502 ERR_READ_ERROR
const INSPECTION_CA = 'netreq test squid inspection CA';
const P = { open: 3128, auth: 3129, allow: 3130, parent: 3131, bump: 3132 } as const;
const USER = 'svc-netreq';
const PASSWORD = 'Pw-4u9!squid';

const SITE = ['check', '--product', 'runai', '--runai-version', 'runai-bcm-guide', '--role', 'system-node', '--role', 'k8s-node', '--prereqs', '--control-plane', CONTROL_PLANE];
const FAST = ['--timeout', '3000', '--format', 'json'];

type Finding = ReturnType<typeof findingFor>;

function stepOf<N extends Finding['steps'][number]['step']>(f: Finding, name: N): Extract<Finding['steps'][number], { step: N }> | undefined {
  return f.steps.find((s): s is Extract<Finding['steps'][number], { step: N }> => s.step === name);
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

function reportOf(run: NetreqRun): NonNullable<NetreqRun['report']> {
  if (!run.report) throw new Error(`netreq gave no report (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
  return run.report;
}

describeWithDeps('netreq through real squid', ['ip', 'dnsmasq', 'squid', 'openssl'], () => {
  const env = useNamespace(
    { resolvOptions: ['timeout:1', 'attempts:1'] },
    async (ns) => {
      await startDnsmasq(ns, {
        records: { [REGISTRY]: '203.0.113.10', [K8S_REGISTRY]: '203.0.113.11', [CONTROL_PLANE]: '203.0.113.30', [REFUSING]: '203.0.113.20', [HTTP_SITE]: '203.0.113.12' },
      });
      const origins = await startOrigins(ns, {
        sites: [
          { names: [REGISTRY], address: '203.0.113.10' },
          { names: [K8S_REGISTRY], address: '203.0.113.11' },
          { names: [CONTROL_PLANE], address: '203.0.113.30' },
          { names: [HTTP_SITE], address: '203.0.113.12', https: false },
        ],
      });
      await ns.addAddress('203.0.113.20');
      const [open, auth, allow, parent, bump] = await Promise.all([
        startSquid(ns, { port: P.open, connectTimeoutSeconds: 2 }),
        startSquid(ns, { port: P.auth, auth: { user: USER, password: PASSWORD } }),
        startSquid(ns, { port: P.allow, allowDomains: ['.jfrog.io', '.run.ai'] }),
        startSquid(ns, { port: P.parent, parent: { host: '127.0.0.1', port: 3999 } }),
        startSquid(ns, { port: P.bump, bump: true, upstreamCaFile: origins.ca.certPath }),
      ]);
      return { origins, open, auth, allow, parent, bump };
    },
    60_000,
  );
  const run = (proxy: string, extra: readonly string[] = []): Promise<NetreqRun> => runNetreq(env().ns, [...SITE, ...FAST, ...extra], { env: { HTTPS_PROXY: proxy } });

  describe('an open squid', () => {
    const open = once(() => run(env().open.url, ['--ca-file', env().origins.ca.certPath]));

    it('passes the site-owned control plane through a CONNECT tunnel named in the evidence', async () => {
      const f = findingFor(reportOf(await open()), CONTROL_PLANE, 443);
      expect(f).toMatchObject({ status: 'pass', target: { via: 'proxy' } });
      expect(stepOf(f, 'proxy')?.evidence).toMatchObject({ proxy: env().open.url, method: 'CONNECT', response: { status: 200 } });
      expect(stepOf(f, 'http')?.evidence.response?.status).toBe(200);
    });

    it('warns tls.intercepted for a public registry, naming the CA the origin really uses', async () => {
      const f = findingFor(reportOf(await open()), REGISTRY, 443);
      expect(f).toMatchObject({ status: 'warn', cause: 'tls.intercepted' });
      expect(f.explanation).toContain(PUBLIC_CA_NAME);
      expect(stepOf(f, 'proxy')?.ok).toBe(true);
      expect(stepOf(f, 'http')?.evidence.response?.status).toBe(401); // the registry's Bearer challenge came through
    });

    it('is proxy.upstream-failed naming ERR_CONNECT_FAIL and its errno when the destination refuses squid', async () => {
      const f = findingFor(reportOf(await open()), REFUSING, 443);
      expect(f).toMatchObject({ status: 'fail', cause: 'proxy.upstream-failed' });
      expect(f.explanation).toContain('ERR_CONNECT_FAIL 111');
      expect(f.explanation).toContain('ECONNREFUSED');
      expect(f.explanation).toContain('503');
    });

    it('is proxy.dns-failed for a name the proxy cannot resolve, naming squid\'s error and the resolver\'s NXDOMAIN', async () => {
      const f = findingFor(reportOf(await open()), UNKNOWN, 443);
      expect(f).toMatchObject({ status: 'fail', cause: 'proxy.dns-failed' });
      expect(f.explanation).toContain('ERR_CANNOT_FORWARD');
      expect(f.explanation).toContain('NXDOMAIN');
      expect(f.explanation).toContain('127.0.0.1');
      expect(f.verify).toContain(`dig @127.0.0.1 ${UNKNOWN}`);
    });
  });

  describe('an open squid, plain HTTP (absolute-URI GET)', () => {
    const plain = once(() => runNetreq(env().ns, ['check', '--product', 'azureml-arc', '--azureml-arc-version', 'azureml-arc-reference', '--role', 'k8s-node', ...FAST], { env: { HTTP_PROXY: env().open.url, HTTPS_PROXY: env().open.url } }));

    it('passes a port-80 host the origin answers, through the proxy', async () => {
      const f = findingFor(reportOf(await plain()), HTTP_SITE, 80);
      expect(f).toMatchObject({ status: 'pass', target: { via: 'proxy' } });
      expect(stepOf(f, 'proxy')?.evidence).toMatchObject({ method: 'GET', response: { status: 200 } });
    });

    it('is proxy.dns-failed for a name nobody resolves, naming squid\'s ERR_READ_ERROR and the NXDOMAIN', async () => {
      const f = findingFor(reportOf(await plain()), HTTP_UNKNOWN, 80);
      expect(f).toMatchObject({ status: 'fail', cause: 'proxy.dns-failed' });
      expect(f.explanation).toContain('502 Bad Gateway');
      expect(f.explanation).toContain('ERR_READ_ERROR');
      expect(f.explanation).toContain('NXDOMAIN');
    });
  });

  describe('squid with Basic authentication', () => {
    it('without credentials is proxy.auth-required, naming the 407 and the scheme offered', async () => {
      const report = reportOf(await run(`http://127.0.0.1:${P.auth}`));
      const f = findingFor(report, CONTROL_PLANE, 443);
      expect(f).toMatchObject({ status: 'fail', cause: 'proxy.auth-required' });
      expect(stepOf(f, 'proxy')?.evidence).toMatchObject({ authSchemes: ['Basic'], sentCredentials: false, proxyError: 'ERR_CACHE_ACCESS_DENIED 0' });
      expect(f.explanation).toContain('407');
      expect(f.explanation).toContain('Basic');
      expect(f.explanation).toContain('no credentials were sent');
    });

    it('with a wrong password is proxy.auth-required saying the credentials were not accepted', async () => {
      const report = reportOf(await run(`http://${USER}:wrong-password@127.0.0.1:${P.auth}`));
      const f = findingFor(report, CONTROL_PLANE, 443);
      expect(f).toMatchObject({ status: 'fail', cause: 'proxy.auth-required' });
      expect(stepOf(f, 'proxy')?.evidence.sentCredentials).toBe(true);
      expect(f.explanation).toContain('not accepted');
      expect(JSON.stringify(report)).not.toContain('wrong-password');
    });

    it('with the credentials in the proxy URL works', async () => {
      const report = reportOf(await run(env().auth.url, ['--ca-file', env().origins.ca.certPath]));
      expect(findingFor(report, CONTROL_PLANE, 443)).toMatchObject({ status: 'pass' });
      const registry = findingFor(report, REGISTRY, 443);
      expect(registry).toMatchObject({ status: 'warn', cause: 'tls.intercepted' });
      expect(stepOf(registry, 'proxy')?.evidence).toMatchObject({ sentCredentials: true, response: { status: 200 } });
      expect(await env().auth.accessLog()).toContain(USER);
    });
  });

  it('a domain allowlist: the host outside it is proxy.denied naming ERR_ACCESS_DENIED, the rest goes through', async () => {
    const report = reportOf(await run(env().allow.url, ['--ca-file', env().origins.ca.certPath]));
    const denied = findingFor(report, K8S_REGISTRY, 443);
    expect(denied).toMatchObject({ status: 'fail', cause: 'proxy.denied' });
    expect(denied.explanation).toContain('ERR_ACCESS_DENIED');
    expect(denied.explanation).toContain('403 Forbidden');
    expect(denied.explanation).toContain('ERROR: The requested URL could not be retrieved');
    expect(findingFor(report, CONTROL_PLANE, 443)).toMatchObject({ status: 'pass' });
  });

  it('a dead parent proxy is proxy.upstream-failed naming ERR_CANNOT_FORWARD, not a DNS failure: the name resolves', async () => {
    const f = findingFor(reportOf(await run(env().parent.url)), CONTROL_PLANE, 443);
    expect(f).toMatchObject({ status: 'fail', cause: 'proxy.upstream-failed' });
    expect(f.explanation).toContain('ERR_CANNOT_FORWARD');
    expect(f.explanation).toContain('500 Internal Server Error');
    expect(f.explanation).toContain('parent proxy');
  });

  describe('squid bumping TLS with its own CA', () => {
    it('is warn tls.intercepted naming squid\'s CA when that CA is trusted here', async () => {
      const report = reportOf(await run(env().bump.url, ['--ca-file', env().bump.bumpCa?.certPath ?? '']));
      const f = findingFor(report, REGISTRY, 443);
      expect(f).toMatchObject({ status: 'warn', cause: 'tls.intercepted' });
      expect(f.explanation).toContain(INSPECTION_CA);
      expect(stepOf(f, 'tls')?.evidence.chain[0]?.issuer).toContain(INSPECTION_CA);
      expect(stepOf(f, 'http')?.evidence.response?.status).toBe(401);
    });

    it('is fail tls.intercepted naming squid\'s CA when only the origins\' CA is trusted', async () => {
      const report = reportOf(await run(env().bump.url, ['--ca-file', env().origins.ca.certPath]));
      const f = findingFor(report, REGISTRY, 443);
      expect(f).toMatchObject({ status: 'fail', cause: 'tls.intercepted' });
      expect(f.explanation).toContain(INSPECTION_CA);
      expect(f.explanation).not.toContain(PUBLIC_CA_NAME);
    });
  });
});
