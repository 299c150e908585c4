// A proxy as a site writes it: on its scheme's default port (no `:80`). Real squid in a namespace the test creates; netreq as a user runs it.
import { describe, expect, it } from 'vitest';
import { describeWithDeps, findingFor, runNetreq, startDnsmasq, startOrigins, startSquid, useNamespace, type NetreqRun } from '../harness/index.js';

const REGISTRY = 'runai.jfrog.io'; // the k8s-node rule; its chain ends at the namespace's test CA
const PROXY = '203.0.113.8';
const SITE = ['check', '--product', 'runai', '--role', 'k8s-node', '--timeout', '3000', '--format', 'json'];

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
      const onDefault = await startSquid(ns, { listen: PROXY, port: 80 });
      return { origins, onDefault };
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
});
