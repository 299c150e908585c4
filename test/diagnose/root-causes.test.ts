import { describe, expect, it } from 'vitest';
import { classify, type ClassifyContext } from '../../src/diagnose/classify.js';
import { rootCausesOf } from '../../src/diagnose/index.js';
import { findingKey, RootCause, type Finding, type StepResult, type Target } from '../../src/schema/index.js';
import { answers, attempt, cert, dnsFail, dnsOk, directTo, head, http, NOW, proxy, target, tcp, throughProxy, tls } from './classify-fixtures.js';

/** A finding as the classifier makes it from these steps (never a hand-written cause). */
function judged(over: Partial<Target>, steps: readonly StepResult[], context: Partial<ClassifyContext> = {}): Finding {
  const t = target(over);
  return classify(t, steps, { proxyConfigured: over.via === 'proxy', now: NOW, ...(over.via === 'proxy' ? { proxy: 'http://proxy.corp.example:3128' } : {}), ...context });
}

const nxdomain = (host: string, resolver = '10.0.0.2'): Finding => judged({ host }, [dnsFail(host, 'ENOTFOUND', 'nxdomain', answers(resolver, 'NXDOMAIN'))]);
const resolves = (host: string, resolver = '10.0.0.2', siteOwned = false): Finding =>
  judged({ host, siteOwned }, [dnsOk(host, ['203.0.113.10'], answers(resolver, 'NOERROR', ['203.0.113.10'])), tcp([attempt('203.0.113.10', 'connected')]), tls({ servername: host, chain: [cert({ subject: `CN=${host}`, subjectAltNames: `DNS:${host}` })] }), http(head(200))]);
const dropped = (host: string, port = 443): Finding => judged({ host, port }, [dnsOk(host, ['203.0.113.20'], answers('10.0.0.2', 'NOERROR', ['203.0.113.20'])), tcp([attempt('203.0.113.20', 'timeout', 'ETIMEDOUT')], { port })]);
/** The proxy step as it is seen through `proxyUrl`. */
function via(step: StepResult, proxyUrl: string): StepResult {
  return step.step === 'proxy' ? { ...step, evidence: { ...step.evidence, proxy: proxyUrl } } : step;
}
const proxyAuth = (host: string, proxyUrl = 'http://proxy.corp.example:3128'): Finding =>
  judged({ host, via: 'proxy' }, [dnsOk(host, [], [], true), tcp([attempt('198.51.100.3', 'connected')], { port: 3128, to: 'proxy' }), via(proxy({ response: head(407, { 'proxy-authenticate': 'Basic realm="corp"' }), authSchemes: ['Basic'] }), proxyUrl)], { proxy: proxyUrl });
const proxyDenied = (host: string, pattern?: string): Finding =>
  judged({ host, via: 'proxy', ...(pattern !== undefined ? { pattern } : {}) }, [dnsOk(host, [], [], true), tcp([attempt('198.51.100.3', 'connected')], { port: 3128, to: 'proxy' }), proxy({ response: head(403, { 'x-squid-error': 'ERR_ACCESS_DENIED 0' }), proxyError: 'ERR_ACCESS_DENIED 0' })]);
const proxyPass = (host: string): Finding => judged({ host, via: 'proxy' }, [...throughProxy(host), tls({ servername: host, chain: [cert({ subject: `CN=${host}`, subjectAltNames: `DNS:${host}` })] }), http(head(200))]);
const inspected = (host: string, issuer: string): Finding =>
  judged({ host }, [...directTo(host), tls({ servername: host, trust: 'untrusted', authorizationError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', chain: [cert({ subject: `CN=${host}`, subjectAltNames: `DNS:${host}`, issuer })] })]);

const codes = (causes: readonly RootCause[]): string[] => causes.map((c) => c.code);
const debug = (causes: readonly RootCause[]): string[] => causes.map((c) => `${c.code} ${c.summary}`);
const rootCauses = (findings: readonly Finding[]): RootCause[] => rootCausesOf({ findings: [...findings], runtime: undefined });

describe('root causes: the fewest causes that explain the findings', () => {
  it('root-causes 1: one resolver answering NXDOMAIN for every public name is one cause, naming the resolver and the internal names it resolves', () => {
    const findings = [nxdomain('gcr.io'), nxdomain('quay.io'), nxdomain('registry.k8s.io'), resolves('runai.corp.example', '10.0.0.2', true)];
    const causes = rootCauses(findings);
    expect(codes(causes)).toEqual(['root.dns-public-unresolved']);
    const [cause] = causes;
    expect(RootCause.safeParse(cause).success).toBe(true);
    expect(cause?.findings).toEqual(findings.slice(0, 3).map(findingKey));
    expect(cause?.evidence).toMatchObject({ resolver: '10.0.0.2', answer: 'NXDOMAIN', publicNames: '3', internalResolved: 'runai.corp.example' });
    expect(cause?.summary).toContain('10.0.0.2');
    expect(cause?.request).toEqual({ change: 'dns', entries: [] });
    expect(cause?.verify).toBe('dig @10.0.0.2 gcr.io A');
  });

  it('root-causes 1: two unrelated NXDOMAINs beside public names that resolve are not "no public name resolves"', () => {
    expect(debug(rootCauses([nxdomain('typo.example.org'), nxdomain('gone.example.net'), resolves('gcr.io')]))).toEqual([]);
  });

  it('root-causes 1: the same code from different resolvers does not group', () => {
    expect(debug(rootCauses([nxdomain('gcr.io', '10.0.0.2'), nxdomain('quay.io', '10.9.9.9')]))).toEqual([]);
  });

  it('root-causes 1: when the site\'s own names fail too, the one cause says nothing resolves and explains every DNS finding', () => {
    const findings = [nxdomain('gcr.io'), nxdomain('quay.io'), judged({ host: 'runai.corp.example', siteOwned: true }, [dnsFail('runai.corp.example', 'ENOTFOUND', 'nxdomain', answers('10.0.0.2', 'NXDOMAIN'))])];
    const [cause, ...rest] = rootCauses(findings);
    expect(rest).toEqual([]);
    expect(cause?.title).toBe('This machine resolves no names at all');
    expect(cause?.findings).toHaveLength(3);
  });

  it('root-causes 1: every direct connection dropped, no proxy anywhere: no direct egress, with the allow entries', () => {
    const findings = [dropped('gcr.io'), dropped('quay.io'), judged({ host: 'x.blob.core.windows.net', pattern: '*.blob.core.windows.net' }, [dnsOk('x.blob.core.windows.net', ['203.0.113.5'], answers('10.0.0.2', 'NOERROR', ['203.0.113.5'])), tcp([attempt('203.0.113.5', 'timeout', 'ETIMEDOUT')])])];
    const [cause, ...rest] = rootCauses(findings);
    expect(rest).toEqual([]);
    expect(cause?.code).toBe('root.no-direct-egress');
    expect(cause?.summary).toContain('no proxy is configured');
    expect(cause?.request).toEqual({ change: 'allow', entries: ['gcr.io:443', 'quay.io:443', '*.blob.core.windows.net:443'] });
  });

  it('root-causes 1: a runtime proxy the shell lacks is named; one direct connection that gets through on the port breaks the group', () => {
    const runtime = { runtimes: [{ name: 'containerd' as const, present: true, evidence: [], sources: [], effective: { httpsProxy: 'http://proxy.corp.example:3128' } }], proxy: { noProxy: '' }, direct: [] };
    const [cause] = rootCausesOf({ findings: [dropped('gcr.io'), dropped('quay.io')], runtime });
    expect(cause?.summary).toContain('containerd uses http://proxy.corp.example:3128');
    expect(debug(rootCauses([dropped('gcr.io'), dropped('quay.io'), resolves('registry.k8s.io')]))).toEqual([]);
  });

  it('root-causes 1: one port closed while another gets through is a cause of its own, for that port', () => {
    const [cause, ...rest] = rootCauses([dropped('archive.ubuntu.com', 80), dropped('gcr.io', 80), resolves('gcr.io')]);
    expect(rest).toEqual([]);
    expect(cause?.title).toBe('A port is closed for direct egress');
    expect(cause?.evidence).toMatchObject({ ports: '80', openPorts: '443' });
  });

  it('root-causes 1: every target through one proxy asking for credentials is one cause; another proxy or a target that gets through breaks it', () => {
    expect(codes(rootCauses([proxyAuth('gcr.io'), proxyAuth('quay.io'), proxyAuth('nvcr.io')]))).toEqual(['root.proxy-fails-all']);
    expect(debug(rootCauses([proxyAuth('gcr.io'), proxyAuth('quay.io'), proxyPass('nvcr.io')]))).toEqual([]);
    expect(debug(rootCauses([proxyAuth('gcr.io', 'http://a.corp.example:3128'), proxyAuth('quay.io', 'http://b.corp.example:3128')]))).toEqual([]);
  });

  it('root-causes 1: one inspection CA in front of hosts of several vendors is one cause naming it; two issuers are two findings', () => {
    const [cause, ...rest] = rootCauses([inspected('gcr.io', 'CN=Corp Inspection CA'), inspected('quay.io', 'CN=Corp Inspection CA'), inspected('nvcr.io', 'CN=Corp Inspection CA')]);
    expect(rest).toEqual([]);
    expect(cause?.code).toBe('root.tls-inspection-ca');
    expect(cause?.evidence['issuer']).toBe('CN=Corp Inspection CA');
    expect(cause?.remediation).toContain('containerd');
    expect(debug(rootCauses([inspected('gcr.io', 'CN=Inspection A'), inspected('quay.io', 'CN=Inspection B')]))).toEqual([]);
  });

  it('root-causes 1: a wildcard family denied by the proxy while the rest passes is one missing entry; a single failing host stays alone', () => {
    const findings = [proxyDenied('a1.blob.core.windows.net', '*.blob.core.windows.net'), proxyDenied('b2.blob.core.windows.net', '*.blob.core.windows.net'), proxyPass('mcr.microsoft.com'), proxyDenied('pypi.org')];
    const [cause, ...rest] = rootCauses(findings);
    expect(rest).toEqual([]);
    expect(cause?.code).toBe('root.allowlist-family');
    expect(cause?.request.entries).toEqual(['*.blob.core.windows.net:443']);
    expect(cause?.findings).not.toContain(findingKey(findings[3] as Finding));
    expect(debug(rootCauses([proxyDenied('pypi.org'), proxyPass('mcr.microsoft.com')]))).toEqual([]);
  });

  it('root-causes 1: NO_PROXY sending public hosts direct, where they fail, is one cause naming the entries to drop', () => {
    const bypassed = (host: string): Finding => judged({ host, proxyDecision: { matched: '.io' } }, [dnsFail(host, 'ENOTFOUND', 'nxdomain', answers('10.0.0.2', 'NXDOMAIN'))], { proxyConfigured: true, proxy: 'http://proxy.corp.example:3128' });
    const [cause, ...rest] = rootCauses([bypassed('gcr.io'), bypassed('quay.io'), proxyPass('mcr.microsoft.com')]);
    expect(rest).toEqual([]);
    expect(cause?.code).toBe('root.no-proxy-sends-direct');
    expect(cause?.request).toEqual({ change: 'no-proxy', entries: ['.io'] });
    expect(cause?.evidence['passing']).toBe('mcr.microsoft.com');
  });

  it('root-causes 1: the clock: the host finding and one certificate it breaks are enough; without the host finding, nothing', () => {
    const host: Finding = { ...resolves('gcr.io'), ruleIds: ['host.clock'], status: 'fail', cause: 'clock.skew', source: 'site', steps: [] };
    const expired = judged({ host: 'quay.io' }, [...directTo('quay.io'), tls({ servername: 'quay.io', chain: [cert({ subject: 'CN=quay.io', subjectAltNames: 'DNS:quay.io', validTo: '2025-05-01T00:00:00.000Z' })] })]);
    expect(expired.cause).toBe('tls.expired');
    const [cause] = rootCauses([host, expired]);
    expect(cause?.code).toBe('root.clock-wrong');
    expect(cause?.findings).toEqual([findingKey(host), findingKey(expired)]);
    expect(debug(rootCauses([expired]))).toEqual([]);
  });

  it('root-causes 1: IPv6 failing where IPv4 works on every dual-stack host is one cause; one host whose IPv6 works breaks it', () => {
    const dual = (host: string, v6: 'timeout' | 'connected'): Finding =>
      judged({ host }, [dnsOk(host, ['2001:db8::5', '203.0.113.5'], answers('10.0.0.2', 'NOERROR', ['203.0.113.5'], ['2001:db8::5'])), tcp([attempt('2001:db8::5', v6, v6 === 'timeout' ? 'ETIMEDOUT' : undefined), attempt('203.0.113.5', 'connected')], { v4: true, v6: true }), tls({ servername: host, chain: [cert({ subject: `CN=${host}`, subjectAltNames: `DNS:${host}` })] }), http(head(200))]);
    const broken = [dual('gcr.io', 'timeout'), dual('quay.io', 'timeout')];
    expect(broken.map((f) => f.cause)).toEqual(['tcp.family-partial', 'tcp.family-partial']);
    expect(codes(rootCauses(broken))).toEqual(['root.ipv6-broken']);
    expect(debug(rootCauses([...broken, dual('nvcr.io', 'connected')]))).toEqual([]);
  });

  it('root-causes 1: a finding is explained by one cause at most, and two causes at once are both found', () => {
    const findings = [nxdomain('gcr.io'), nxdomain('quay.io'), proxyAuth('nvcr.io'), proxyAuth('api.ngc.nvidia.com')];
    const causes = rootCauses(findings);
    expect(codes(causes).sort()).toEqual(['root.dns-public-unresolved', 'root.proxy-fails-all']);
    const keys = causes.flatMap((c) => c.findings);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
