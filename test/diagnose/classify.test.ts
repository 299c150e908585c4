import { describe, expect, it } from 'vitest';
import { classify } from '../../src/diagnose/classify.js';
import { StepResult } from '../../src/schema/index.js';
import { DNS_CASES } from './classify-cases-dns.js';
import { HTTP_CASES, SSH_CASES } from './classify-cases-http.js';
import { PROXY_CASES } from './classify-cases-proxy.js';
import { TCP_CASES } from './classify-cases-tcp.js';
import { TLS_CASES } from './classify-cases-tls.js';
import { DESIGN_CODES } from '../knowledge/design-codes.js';
import { attempt, directTo, dnsOk, head, http, NOW, runCase, ssh, target, tcp, type Case } from './classify-fixtures.js';

const udp = (reply?: string): StepResult =>
  StepResult.parse({ step: 'udp', ok: reply !== undefined, outcome: reply !== undefined ? 'reply' : 'silent', ms: 1, evidence: { address: '203.0.113.30', port: 4789, ...(reply !== undefined ? { reply } : {}) } });

const OTHER_CASES: readonly Case[] = [
  {
    name: 'a template that cannot be filled is skip input.missing, naming the flag',
    target: { host: '{controlPlane}', pattern: '{controlPlane}', skip: { cause: 'input.missing', detail: 'needs --control-plane FQDN' } },
    steps: [],
    status: 'skip',
    cause: 'input.missing',
    mentions: ['--control-plane FQDN'],
  },
  {
    name: 'a wildcard with no concrete name is skip input.wildcard-unresolved',
    target: { host: '*.azurecr.io', pattern: '*.azurecr.io', skip: { cause: 'input.wildcard-unresolved', detail: 'Give it with --wildcard.' } },
    steps: [],
    status: 'skip',
    cause: 'input.wildcard-unresolved',
    mentions: ['*.azurecr.io'],
  },
  { name: 'a guidance rule is skip with a note', target: { check: 'guidance' }, steps: [], status: 'skip', cause: 'check.manual', notes: ['check.manual'] },
  {
    name: 'a retired host that fails is a warning, its cause kept',
    target: { retired: true },
    steps: [dnsOk('registry.example.com', ['203.0.113.10']), tcp([attempt('203.0.113.10', 'timeout', 'ETIMEDOUT')])],
    status: 'warn',
    cause: 'tcp.timeout',
    notes: ['target.retired'],
  },
  {
    name: 'a retired host that passes passes',
    target: { retired: true },
    steps: [...directTo('registry.example.com'), http(head(200))],
    status: 'pass',
  },
  { name: 'no observation at all is an error, never a pass', steps: [], status: 'fail', cause: 'check.error' },
  {
    name: 'a UDP reply passes',
    target: { transport: 'udp', scheme: 'udp', port: 4789, check: 'tcp-open' },
    steps: [dnsOk('registry.example.com', ['203.0.113.30']), udp('pong')],
    status: 'pass',
  },
  {
    name: 'UDP silence is not checkable',
    target: { transport: 'udp', scheme: 'udp', port: 4789, check: 'tcp-open' },
    steps: [dnsOk('registry.example.com', ['203.0.113.30']), udp()],
    status: 'skip',
    cause: 'udp.no-reply',
  },
];

describe('classify: inputs, retired hosts and the rest', () => {
  it.each(OTHER_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    runCase(c);
  });

  it('covers every cause code of DESIGN.md in its tables', () => {
    const all = [...DNS_CASES, ...TCP_CASES, ...PROXY_CASES, ...TLS_CASES, ...HTTP_CASES, ...SSH_CASES, ...OTHER_CASES];
    const produced = new Set(all.map((c) => c.cause));
    expect(DESIGN_CODES.filter((code) => !produced.has(code))).toEqual([]);
  });

  it('keeps escape sequences in evidence out of every text', () => {
    const t = target({ host: 'head1.example.com', port: 22, scheme: 'ssh', check: 'ssh-banner', siteOwned: true });
    const steps = [dnsOk('head1.example.com', ['203.0.113.20']), tcp([attempt('203.0.113.20', 'connected')], { port: 22 }), ssh({ received: 'evil\u001b[2J\u001b]0;pwned\u0007\u009b31m\r\nmore' })];
    const finding = classify(t, steps, { proxyConfigured: false, now: NOW });
    expect(finding.cause).toBe('ssh.not-ssh');
    // eslint-disable-next-line no-control-regex
    expect(`${finding.explanation}${finding.remediation}${finding.verify}`).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(finding.explanation).toContain('evil');
  });

  it('is pure: the same observations give the same finding, and the input is untouched', () => {
    const steps = [...directTo('registry.example.com'), http(head(429))];
    const copy = structuredClone(steps);
    const a = classify(target(), steps, { proxyConfigured: false, now: NOW });
    const b = classify(target(), steps, { proxyConfigured: false, now: NOW });
    expect(a).toEqual(b);
    expect(steps).toEqual(copy);
    expect(a.steps).toEqual(steps);
  });
});
