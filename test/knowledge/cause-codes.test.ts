import { describe, expect, it } from 'vitest';
import { classify } from '../../src/diagnose/classify.js';
import { stopWith } from '../../src/diagnose/classify-types.js';
import type { Finding } from '../../src/schema/index.js';
import { CAUSE_CODES, ROOT_CAUSE_CODES, explain, isCauseCode, isRootCauseCode, loadRemediations, type CauseCode } from '../../src/knowledge/index.js';
import type { StepResult } from '../../src/schema/index.js';
import { type RuntimeProxy } from '../../src/report/index.js';
import { RUNTIME_CAUSES, runtimeProxyFindings } from '../../src/diagnose/index.js';
import type { UnresolvedCause } from '../../src/catalog/index.js';
import { mirrorConfigFindings } from '../../src/engine/mirrors.js';
import { CONFIG_ISSUE_CODES, type ConfigIssue } from '../../src/host/index.js';
import { DNS_CASES } from '../diagnose/classify-cases-dns.js';
import { HTTP_CASES, HTTP_EXTRA_CASES, SSH_CASES } from '../diagnose/classify-cases-http.js';
import { PROXY_CASES } from '../diagnose/classify-cases-proxy.js';
import { TCP_CASES, TCP_EXTRA_CASES } from '../diagnose/classify-cases-tcp.js';
import { TLS_CASES } from '../diagnose/classify-cases-tls.js';
import { PULL_CASES } from '../diagnose/classify-cases-pull.js';
import { answers, dnsFail, directTo, head, NOW, proxy, runCase, target, tcp, attempt, throughProxy, type Case } from '../diagnose/classify-fixtures.js';
import { FLEET_FINDING_CAUSES } from '../../src/fleet/index.js';

// Codes given outside the step judges are typed with the table too: these lines stop compiling if one is not in it.
const RUNTIME: readonly CauseCode[] = RUNTIME_CAUSES;
const UNRESOLVED: readonly CauseCode[] = ['input.missing', 'input.wildcard-unresolved'] satisfies readonly UnresolvedCause[];
const MIRROR_CONFIG: readonly CauseCode[] = CONFIG_ISSUE_CODES;

const HOST = 'registry.example.com';
const PROXIED = { proxyConfigured: true, proxy: 'http://proxy.corp.example:3128' };

function greeting(outcome: string, evidence: { transport?: 'tcp' | 'udp'; port?: number; expectedListenerId?: string; listenerId?: string; protocol?: string } = {}): StepResult {
  const { transport = 'tcp', port = 10250, ...rest } = evidence;
  return { step: 'greeting', ok: outcome === 'greeting' || outcome === 'echo', outcome, ms: 1, evidence: { transport, port, address: '10.0.0.7', attempts: [], ...rest } };
}

const PEER = { host: '10.0.0.7', port: 10250, check: 'listener' as const, peer: { direction: 'internal' as const } };

/** Observations for the codes the step tables of test/diagnose do not reach: input, limits, peers, retired and site-owned hosts. */
const MORE_CASES: readonly Case[] = [
  { name: 'no resolver can be reached', steps: [dnsFail(HOST, 'ENETUNREACH', 'error', answers('10.0.0.2', undefined, [], [], 'ENETUNREACH'))], status: 'fail', cause: 'dns.resolver-unreachable' },
  { name: 'the proxy refuses a site host that belongs in NO_PROXY', target: { via: 'proxy', siteOwned: true, siteDirect: true }, context: PROXIED, steps: [...throughProxy(HOST).slice(0, 2), proxy({ response: head(403, { 'x-squid-error': 'ERR_ACCESS_DENIED 0' }), proxyError: 'ERR_ACCESS_DENIED 0' })], status: 'fail', cause: 'proxy.denied', notes: ['proxy.site-host'] },
  { name: 'a missing input', target: { host: '{controlPlane}', skip: { cause: 'input.missing', detail: 'needs --control-plane HOST' } }, steps: [], status: 'skip', cause: 'input.missing' },
  { name: 'a wildcard with no concrete name', target: { host: '*.example.com', skip: { cause: 'input.wildcard-unresolved', detail: 'no concrete name for *.example.com' } }, steps: [], status: 'skip', cause: 'input.wildcard-unresolved' },
  { name: 'a rule that is guidance only', target: { check: 'guidance' }, steps: [], status: 'skip', cause: 'check.manual', notes: ['check.manual'] },
  { name: 'out of file descriptors', steps: [dnsFail(HOST, 'EMFILE', 'error')], status: 'skip', cause: 'check.local-limit' },
  { name: 'a TCP failure with no attempt and no known code', steps: [tcp([])], status: 'fail', cause: 'check.error' },
  { name: 'a UDP probe with no reply', target: { transport: 'udp', port: 4789, check: 'tcp-open' as const }, steps: [{ step: 'udp', ok: false, outcome: 'no-reply', ms: 1, evidence: { address: '10.0.0.7', port: 4789 } }], status: 'skip', cause: 'udp.no-reply' },
  { name: 'a retired host that fails', target: { retired: true }, steps: [...directTo(HOST).slice(0, 1), tcp([attempt('203.0.113.10', 'refused', 'ECONNREFUSED')])], status: 'warn', cause: 'tcp.refused', notes: ['target.retired'] },
  { name: 'a peer that refuses', target: PEER, steps: [greeting('refused')], status: 'fail', cause: 'peer.refused' },
  { name: 'a peer that never answers', target: PEER, steps: [greeting('timeout')], status: 'fail', cause: 'peer.timeout' },
  { name: 'a peer with no route', target: PEER, steps: [greeting('unreachable')], status: 'fail', cause: 'peer.unreachable' },
  { name: 'a UDP peer with no echo', target: { ...PEER, transport: 'udp' }, steps: [greeting('no-reply', { transport: 'udp' })], status: 'fail', cause: 'peer.no-echo' },
  { name: 'another service on the peer port', target: PEER, steps: [greeting('other')], status: 'warn', cause: 'peer.other-service' },
  { name: 'the SSH server expected on port 22', target: { ...PEER, port: 22 }, steps: [greeting('other', { port: 22, protocol: 'ssh' })], status: 'pass', notes: ['peer.expected-service'] },
  { name: 'another listener\'s token', target: PEER, steps: [greeting('greeting', { expectedListenerId: 'aaaa', listenerId: 'bbbb' })], status: 'fail', cause: 'peer.token-mismatch' },
  { name: 'a listener with no token to compare', target: PEER, steps: [greeting('greeting', { listenerId: 'bbbb' })], status: 'pass', notes: ['peer.token-unchecked'] },
];

function codesOf(finding: Pick<Finding, 'cause' | 'notes'>): string[] {
  return [...(finding.cause !== undefined ? [finding.cause] : []), ...finding.notes.map((note) => note.code)];
}

/** Runtime drop-ins as host collection reads them: one per runtime cause. */
function runtimeCodes(): string[] {
  const runtime = (effective: RuntimeProxy['effective']): RuntimeProxy => ({ name: 'containerd', present: true, evidence: ['/etc/systemd/system/containerd.service.d/http-proxy.conf'], sources: [], effective });
  const proxy = { httpsProxy: 'http://proxy.corp.example:3128', noProxy: '' };
  const direct = ['runai.corp.example'];
  return [
    runtime({}),
    runtime({ httpsProxy: 'http://old-proxy:8080', noProxy: 'runai.corp.example' }),
    runtime({ httpsProxy: 'http://proxy.corp.example:3128', noProxy: 'other.example' }),
  ].flatMap((r) => runtimeProxyFindings({ runtimes: [r], proxy, direct, explain }).flatMap(codesOf));
}

/** The registry files' problems as the readers of src/host/registry-config give them (their tests read real files): one per code, each severity. */
function mirrorConfigCodes(): string[] {
  const severities: readonly ConfigIssue['severity'][] = ['error', 'warning', 'info'];
  const issues = CONFIG_ISSUE_CODES.map((code, index): ConfigIssue => ({
    code, severity: severities[index % severities.length] ?? 'error', runtime: 'containerd',
    file: '/etc/containerd/certs.d/docker.io/hosts.toml', line: 2, registry: 'docker.io', detail: 'what the reader found',
  }));
  return mirrorConfigFindings(issues).flatMap(codesOf);
}

describe('cause codes: one typed table', () => {
  it('one-engine 5: the table and catalog/remediations.yaml name the same codes, both ways', () => {
    const table = loadRemediations();
    expect(table.issues).toEqual([]);
    const yamlCodes = [...table.entries.keys()];
    expect(CAUSE_CODES.filter((code) => !table.entries.has(code))).toEqual([]);
    expect(ROOT_CAUSE_CODES.filter((code) => !table.entries.has(code))).toEqual([]);
    expect(yamlCodes.filter((code) => !isCauseCode(code) && !isRootCauseCode(code))).toEqual([]);
    expect(new Set(CAUSE_CODES).size).toBe(CAUSE_CODES.length);
    expect([...RUNTIME, ...UNRESOLVED, ...MIRROR_CONFIG].filter((code) => !isCauseCode(code))).toEqual([]);
  });

  it('one-engine 5: every code is reachable from some observation', () => {
    const reached = new Set<string>();
    const cases = [...DNS_CASES, ...HTTP_CASES, ...HTTP_EXTRA_CASES, ...SSH_CASES, ...PROXY_CASES, ...TCP_CASES, ...TCP_EXTRA_CASES, ...TLS_CASES, ...MORE_CASES, ...PULL_CASES];
    for (const c of cases) for (const code of codesOf(runCase(c))) reached.add(code);
    for (const code of runtimeCodes()) reached.add(code);
    // A fleet run's own findings (a node not checked), given by src/fleet/run and tested in test/fleet.
    for (const code of FLEET_FINDING_CAUSES) reached.add(code);
    for (const code of mirrorConfigCodes()) reached.add(code);
    expect(CAUSE_CODES.filter((code) => !reached.has(code))).toEqual([]);
    // and nothing outside the table was given
    expect([...reached].filter((code) => !isCauseCode(code))).toEqual([]);
  });

  it('one-engine 5: a judge cannot name a code that has no remediation (tsc checks this file)', () => {
    // @ts-expect-error 'proxy.no-such-code' is not a CauseCode: tsc refuses it (npm test runs tsc over test/ too).
    const refused = stopWith('fail', 'proxy.no-such-code', {});
    const accepted = stopWith('fail', 'proxy.denied', {});
    expect(isCauseCode(String(refused.stop?.cause))).toBe(false);
    expect(isCauseCode(String(accepted.stop?.cause))).toBe(true);
  });

  it('one-engine 5: a saved report\'s code this version no longer knows still parses and explains in words', () => {
    const finding = classify(target(), [dnsFail(HOST, 'ENOTFOUND', 'nxdomain')], { proxyConfigured: false, now: NOW });
    expect(isCauseCode(finding.cause ?? '')).toBe(true);
    expect(isCauseCode('dns.renamed-long-ago')).toBe(false);
    expect(explain('dns.renamed-long-ago', { host: HOST }).explanation).toContain('dns.renamed-long-ago');
  });
});
