// Issue 18, item 6: transparent TLS interception. No proxy is configured: a gateway DNATs every
// TLS connection (tcp/443) to a box that mints, for each SNI, a leaf signed by its own CA
// ("Gateway Inspection CA") and sends that leaf alone. Alone, one such chain reads as a missing
// intermediate (UNABLE_TO_VERIFY_LEAF_SIGNATURE); the same unanchored issuer on the leaves of
// unrelated companies' names is the interceptor, and netreq must name it.
import { expect, it } from 'vitest';
import {
  createCa,
  describeWithDeps,
  findingFor,
  observe,
  redirectTcp,
  runNetreq,
  startDnsmasq,
  startListeners,
  useNamespace,
  type NetreqRun,
} from '../harness/index.js';
import { chosenTexts } from './diagnosis-variant.js';

const CA_NAME = 'Gateway Inspection CA';
/** Three unrelated registrable domains (jfrog.io, quay.io, docker.io), resolved inside the namespace only. */
const NAMES = { 'runai.jfrog.io': '203.0.113.10', 'quay.io': '203.0.113.11', 'registry-1.docker.io': '203.0.113.12' } as const;
const INTERCEPTOR = { host: '198.51.100.50', port: 443 };
const SITE = ['check', '--product', 'runai', '--role', 'k8s-node', '--prereqs', '--dns-server', '127.0.0.1', '--format', 'json', '--timeout', '3000'];

type Finding = ReturnType<typeof findingFor>;

function reportOf(run: NetreqRun): NonNullable<NetreqRun['report']> {
  if (!run.report) throw new Error(`netreq gave no report (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
  return run.report;
}

const tlsStep = (f: Finding) => f.steps.find((s) => s.step === 'tls');

describeWithDeps('diagnosis 6: transparent TLS interception', ['ip', 'nft', 'dnsmasq', 'openssl'], () => {
  const env = useNamespace({ resolvOptions: ['timeout:1', 'attempts:1'] }, async (ns) => {
    const dir = await ns.tempDir('pki');
    const ca = await createCa(dir, CA_NAME, 'gateway');
    await startListeners(ns, [{ kind: 'intercept', ...INTERCEPTOR, caCert: ca.certPath, caKey: ca.keyPath, dir, names: Object.keys(NAMES) }]);
    await startDnsmasq(ns, { records: NAMES });
    const to = `${INTERCEPTOR.host}:${INTERCEPTOR.port}`;
    const all = await redirectTcp(ns, Object.values(NAMES), 443, to);
    // What openssl says of a leaf-only chain from an unknown CA (no CA file: nothing anchors it).
    const openssl = await ns.exec('openssl', ['s_client', '-connect', `${NAMES['quay.io']}:443`, '-servername', 'quay.io', '-showcerts'], { input: '', timeoutMs: 10_000 });
    const intercepted = await runNetreq(ns, SITE);
    // The control: only quay.io is redirected to the box; the other names' addresses refuse.
    const one = await redirectTcp(ns, [NAMES['quay.io']], 443, to);
    const control = await runNetreq(ns, SITE);
    observe('transparent interception: openssl s_client of a leaf-only chain', {
      rules: { all, one },
      code: openssl.code,
      certificates: (openssl.stdout.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length,
      chain: openssl.stdout.match(/Certificate chain[\s\S]*?---/)?.[0],
      verify: openssl.stdout.split('\n').filter((l) => /verify|Verif/.test(l)),
      stderr: openssl.stderr.split('\n').filter((l) => /verify/.test(l)),
    });
    return { ca, openssl, intercepted, control };
  }, 150_000);

  it('diagnosis 6: the box sends the leaf alone and openssl cannot verify it', () => {
    const { openssl } = env();
    expect((openssl.stdout.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length).toBe(1);
    expect(openssl.stdout).toMatch(new RegExp(`i:.*CN ?= ?${CA_NAME}`));
    expect(openssl.stdout).toMatch(/Verify return code: 21 \(unable to verify the first certificate\)/);
  });

  it('diagnosis 6: the names of unrelated domains are fail tls.intercepted, naming the CA, with the leaf issuer and untrusted evidence', () => {
    const report = reportOf(env().intercepted);
    for (const host of Object.keys(NAMES)) {
      const f = findingFor(report, host, 443);
      const tls = tlsStep(f);
      observe(`transparent interception: ${host}`, { status: f.status, cause: f.cause, tls, context: f.basis?.context });
      expect(f).toMatchObject({ status: 'fail', cause: 'tls.intercepted' });
      expect(f.basis?.context.interceptors).toHaveLength(1);
      expect(f.basis?.context.interceptors?.[0]).toContain(CA_NAME);
      expect(tls).toMatchObject({ evidence: { servername: host, trust: 'untrusted', authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } });
      if (tls?.step !== 'tls') throw new Error('no TLS step');
      expect(tls.evidence.chain).toHaveLength(1);
      expect(tls.evidence.chain[0]?.issuer).toContain(CA_NAME);
      expect(tls.evidence.chain[0]?.issuer).toBe(f.basis?.context.interceptors?.[0]);
      expect(chosenTexts(report, host, 443)).toBe('variant:transparent');
    }
  });

  it('diagnosis 6: with only one name intercepted the same leaf-only chain stays tls.untrusted, a missing intermediate', () => {
    const report = reportOf(env().control);
    const f = findingFor(report, 'quay.io', 443);
    const tls = tlsStep(f);
    observe('transparent interception: control, one name', { status: f.status, cause: f.cause, tls, context: f.basis?.context });
    expect(f).toMatchObject({ status: 'fail', cause: 'tls.untrusted' });
    expect(f.basis?.context.interceptors).toBeUndefined();
    expect(tls).toMatchObject({ evidence: { trust: 'untrusted', authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } });
    expect(chosenTexts(report, 'quay.io', 443)).toBe('variant:incomplete-chain');
    // The other names were not intercepted: their connections fail before TLS.
    for (const host of ['runai.jfrog.io', 'registry-1.docker.io']) {
      expect(findingFor(report, host, 443).cause).not.toMatch(/^tls\./);
    }
  });
});
