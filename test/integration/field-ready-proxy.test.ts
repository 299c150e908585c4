// A proxy as a site writes it: on its scheme's default port (no `:80`), or as an IP address with
// `--dns-server` given. Real squid in a namespace the test creates; netreq as a user runs it.
import { describe, expect, it } from 'vitest';
import { describeWithDeps, findingFor, runNetreq, startDnsmasq, startOrigins, startSquid, useNamespace, type NetreqRun } from '../harness/index.js';

const REGISTRY = 'runai.jfrog.io'; // the k8s-node rule; its chain ends at the namespace's test CA
const PROXY = '203.0.113.8';
const SITE = ['check', '--product', 'runai', '--runai-version', 'runai-bcm-guide', '--role', 'k8s-node', '--timeout', '3000', '--format', 'json'];

type Finding = ReturnType<typeof findingFor>;

function reportOf(run: NetreqRun): NonNullable<NetreqRun['report']> {
  if (!run.report) throw new Error(`netreq gave no report (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
  return run.report;
}

function proxyTcp(f: Finding): Extract<Finding['steps'][number], { step: 'tcp' }> | undefined {
  return f.steps.find((s): s is Extract<Finding['steps'][number], { step: 'tcp' }> => s.step === 'tcp');
}

function proxyStep(f: Finding): Extract<Finding['steps'][number], { step: 'proxy' }> | undefined {
  return f.steps.find((s): s is Extract<Finding['steps'][number], { step: 'proxy' }> => s.step === 'proxy');
}

describeWithDeps('a proxy written as sites write it', ['ip', 'dnsmasq', 'squid', 'openssl'], () => {
  const env = useNamespace(
    { resolvOptions: ['timeout:1', 'attempts:1'] },
    async (ns) => {
      await startDnsmasq(ns, { records: { [REGISTRY]: '203.0.113.10' } });
      const origins = await startOrigins(ns, { sites: [{ names: [REGISTRY], address: '203.0.113.10' }] });
      await ns.addAddress(PROXY);
      const [onDefault, onHigh] = await Promise.all([startSquid(ns, { listen: PROXY, port: 80 }), startSquid(ns, { listen: PROXY, port: 3128 })]);
      return { origins, onDefault, onHigh };
    },
    60_000,
  );

  describe('on its scheme\'s default port', () => {
    for (const proxy of [`http://${PROXY}`, `http://${PROXY}:80`]) {
      it(`field-ready 2: --proxy ${proxy} is reached on port 80, not port 0`, async () => {
        const report = reportOf(await runNetreq(env().ns, [...SITE, '--proxy', proxy, '--ca-file', env().origins.ca.certPath]));
        const f = findingFor(report, REGISTRY, 443);
        expect(proxyTcp(f)?.evidence).toMatchObject({ port: 80, to: 'proxy' });
        expect(f).toMatchObject({ status: 'warn', cause: 'tls.intercepted', target: { via: 'proxy' } });
        expect(proxyStep(f)?.evidence).toMatchObject({ method: 'CONNECT', response: { status: 200 } });
        expect(report.findings.filter((x) => x.cause === 'proxy.unreachable')).toEqual([]);
      });
    }
  });

  it('field-ready 2: --proxy https://NAME is looked for on port 443', async () => {
    // A name the site's DNS does not know: the chain stops at the TCP step, which names the port it would have used.
    const report = reportOf(await runNetreq(env().ns, [...SITE, '--proxy', 'https://gone-proxy.test']));
    const f = findingFor(report, REGISTRY, 443);
    expect(proxyTcp(f)?.evidence).toMatchObject({ port: 443, to: 'proxy' });
  });

  describe('as an IP address, with --dns-server', () => {
    it('field-ready 7: the proxy\'s address is never asked of the DNS server', async () => {
      const args = [...SITE, '--dns-server', '127.0.0.1', '--proxy', `http://${PROXY}:3128`, '--ca-file', env().origins.ca.certPath];
      const report = reportOf(await runNetreq(env().ns, args));
      const f = findingFor(report, REGISTRY, 443);
      expect(proxyTcp(f)?.evidence).toMatchObject({ port: 3128, to: 'proxy' });
      expect(proxyTcp(f)?.ok).toBe(true);
      expect(f).toMatchObject({ status: 'warn', cause: 'tls.intercepted', target: { via: 'proxy' } });
      expect(proxyStep(f)?.evidence).toMatchObject({ method: 'CONNECT', response: { status: 200 } });
      expect(report.findings.filter((x) => x.cause === 'proxy.dns-failed' || x.cause === 'proxy.unreachable')).toEqual([]);
    });
  });
});

describe('field-ready 7: an IP literal is its own address', () => {
  it('field-ready 7: directLookup answers an IPv4 or IPv6 literal without a query', async () => {
    const { directLookup } = await import('../../src/net/dns-lookup.js');
    const asked: string[] = [];
    const query = (_s: unknown, name: string): Promise<never> => {
      asked.push(name);
      return Promise.reject(new Error('no query expected'));
    };
    const deadline = { signal: new AbortController().signal, timeoutMs: 1_000 };
    const servers = [{ address: '127.0.0.1', port: 53 }];
    await expect(directLookup(servers, '203.0.113.8', deadline, query)).resolves.toMatchObject({ ok: true, addresses: [{ address: '203.0.113.8', family: 4 }] });
    await expect(directLookup(servers, '[2001:db8::8]', deadline, query)).resolves.toMatchObject({ ok: true, addresses: [{ address: '2001:db8::8', family: 6 }] });
    expect(asked).toEqual([]);
  });
});
