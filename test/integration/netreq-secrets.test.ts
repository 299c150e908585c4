// The proxy URL's password never leaves netreq, whatever the output: text, json, md, junit, and
// -v's step-by-step evidence on stderr. Against real squid with Basic authentication, through
// HTTPS_PROXY, https_proxy and --proxy, with the right password (findings pass through the proxy)
// and a wrong one (findings quote the proxy's 407).
import { expect, it } from 'vitest';
import { describeWithDeps, runNetreq, startDnsmasq, startOrigins, startSquid, useNamespace, type NetreqRun } from '../harness/index.js';

const USER = 'svc-netreq';
const PASSWORD = 'Pw/4u9@x:Secret';
const WRONG = 'Wr0ng/Pa55@y';
const CONTROL_PLANE = 'acme.run.ai';

/** Every way a password could leak: as typed, percent-encoded, and inside a Basic credential. */
function forms(password: string): string[] {
  return [password, encodeURIComponent(password), Buffer.from(`${USER}:${password}`).toString('base64')];
}

function expectNoSecret(run: NetreqRun, password: string): void {
  for (const secret of forms(password)) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

describeWithDeps('netreq never prints the proxy password', ['ip', 'dnsmasq', 'squid', 'openssl'], () => {
  const env = useNamespace({ resolvOptions: ['timeout:1', 'attempts:1'] }, async (ns) => {
    await startDnsmasq(ns, { records: { [CONTROL_PLANE]: '203.0.113.30', 'runai.jfrog.io': '203.0.113.10' } });
    const origins = await startOrigins(ns, { sites: [{ names: [CONTROL_PLANE], address: '203.0.113.30' }, { names: ['runai.jfrog.io'], address: '203.0.113.10' }] });
    const squid = await startSquid(ns, { auth: { user: USER, password: PASSWORD } });
    return { origins, squid };
  });
  const url = (password: string): string => `http://${USER}:${encodeURIComponent(password)}@127.0.0.1:${env().squid.port}`;
  const check = (format: string, extra: readonly string[] = []): string[] => [
    'check', '--product', 'runai', '--role', 'system-node', '--role', 'k8s-node', '--prereqs', '--control-plane', CONTROL_PLANE,
    '--timeout', '3000', '--ca-file', env().origins.ca.certPath, '--format', format, ...extra,
  ];

  it('the harness gives squid exactly this password (the test would prove nothing otherwise)', () => {
    expect(env().squid.url).toBe(url(PASSWORD));
  });

  for (const format of ['text', 'json', 'md', 'junit']) {
    it(`--format ${format} -v with HTTPS_PROXY: the right password works and is never printed`, async () => {
      const r = await runNetreq(env().ns, check(format, ['-v']), { env: { HTTPS_PROXY: url(PASSWORD) } });
      expect(r.code).toBe(1); // docker.io and the other prereqs do not resolve here
      expect(r.stdout).toContain(CONTROL_PLANE);
      expect(r.stderr).toContain('127.0.0.1:3128'); // -v names the proxy, without its credentials
      expectNoSecret(r, PASSWORD);
    });
  }

  it('json: the proxy step ran authenticated, and its evidence holds the URL without the password', async () => {
    const r = await runNetreq(env().ns, check('json'), { env: { https_proxy: url(PASSWORD) } });
    const f = r.report?.findings.find((x) => x.target.host === CONTROL_PLANE);
    expect(f).toMatchObject({ status: 'pass', target: { via: 'proxy' } });
    const proxy = f?.steps.find((s) => s.step === 'proxy');
    expect(proxy).toMatchObject({ ok: true, evidence: { sentCredentials: true } });
    expect(proxy?.step === 'proxy' ? proxy.evidence.proxy : '').not.toContain(PASSWORD);
    expectNoSecret(r, PASSWORD);
  });

  for (const format of ['text', 'json', 'md', 'junit']) {
    it(`--format ${format} -v with --proxy and a wrong password: proxy.auth-required is reported, the password is not`, async () => {
      const r = await runNetreq(env().ns, check(format, ['-v', '--proxy', url(WRONG)]));
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('proxy.auth-required');
      expectNoSecret(r, WRONG);
    });
  }
});
