/**
 * Observations as the probes write them (plain data following src/probes/schema.ts), for the
 * classifier's table tests. Every builder validates its result against the schema.
 */
import { expect } from 'vitest';
import { classify } from '../../src/diagnose/classify.js';
import { Finding } from '../../src/schema/index.js';
import { StepResult, type CertSummary, type DnsServerAnswer, type HttpHead, type TcpAttempt } from '../../src/schema/index.js';
import { Target } from '../../src/schema/index.js';
import type { ClassifyContext } from '../../src/diagnose/classify.js';
import type { Status } from '../../src/schema/index.js';

export interface Case {
  readonly name: string;
  readonly target?: Partial<Target>;
  readonly context?: Partial<ClassifyContext>;
  readonly steps: readonly StepResult[];
  readonly status: Status;
  readonly cause?: string;
  /** Note codes that must be present. */
  readonly notes?: readonly string[];
  /** Facts that must appear in the explanation (the issuer, the proxy error...). */
  readonly mentions?: readonly string[];
}

export const NOW = Date.parse('2025-06-01T12:00:00Z');
export const LOCAL_TIME = new Date(NOW).toISOString();

export function target(over: Partial<Target> = {}): Target {
  const host = over.host ?? 'registry.example.com';
  const port = over.port ?? 443;
  return Target.parse({
    key: `https://${host}:${port}/tcp via ${over.via ?? 'direct'}`,
    host,
    port,
    transport: 'tcp',
    scheme: 'https',
    via: 'direct',
    check: 'https-reachable',
    ruleIds: ['test.rule'],
    siteOwned: false,
    retired: false,
    ...over,
  });
}

const step = (value: unknown): StepResult => StepResult.parse(value);

export function answer(server: string, type: 'A' | 'AAAA', rcode: string | undefined, addresses: string[] = [], error?: string): DnsServerAnswer {
  return { server, type, protocol: 'udp', ms: 2, ...(rcode !== undefined ? { rcode } : {}), addresses, cnames: [], ...(error !== undefined ? { error } : {}) };
}

/** Both record types from one server. */
export function answers(server: string, rcode: string | undefined, a: string[] = [], aaaa: string[] = [], error?: string): DnsServerAnswer[] {
  return [answer(server, 'A', rcode, a, error), answer(server, 'AAAA', rcode, aaaa, error)];
}

export function dnsOk(host: string, addresses: string[], servers: DnsServerAnswer[] = [], proxyResolves?: boolean): StepResult {
  return step({
    step: 'dns',
    ok: true,
    outcome: 'resolved',
    ms: 3,
    evidence: { host, system: { via: 'getaddrinfo', addresses }, servers, addresses, ...(proxyResolves !== undefined ? { proxyResolves } : {}) },
  });
}

export function dnsFail(host: string, code: string, outcome: string, servers: DnsServerAnswer[] = [], proxyResolves?: boolean): StepResult {
  return step({
    step: 'dns',
    ok: proxyResolves === true,
    outcome,
    ms: 3,
    code,
    evidence: { host, system: { via: 'getaddrinfo', addresses: [], code }, servers, addresses: [], ...(proxyResolves !== undefined ? { proxyResolves } : {}) },
  });
}

export function attempt(address: string, outcome: TcpAttempt['outcome'], code?: string): TcpAttempt {
  return { address, family: address.includes(':') ? 6 : 4, outcome, ms: 1, ...(code !== undefined ? { code } : {}) };
}

export function tcp(attempts: TcpAttempt[], options: { port?: number; to?: 'host' | 'proxy'; v4?: boolean; v6?: boolean } = {}): StepResult {
  const connected = attempts.find((a) => a.outcome === 'connected');
  const first = attempts[0];
  return step({
    step: 'tcp',
    ok: connected !== undefined,
    outcome: connected ? 'connected' : (first?.outcome ?? 'no-address'),
    ms: 1,
    ...(connected === undefined && first?.code !== undefined ? { code: first.code } : {}),
    evidence: {
      port: options.port ?? 443,
      to: options.to ?? 'host',
      attempts,
      ...(connected ? { connected: connected.address } : {}),
      ...(options.v4 !== undefined ? { ipv4Route: options.v4 } : {}),
      ...(options.v6 !== undefined ? { ipv6Route: options.v6 } : {}),
    },
  });
}

export function head(status: number, headers: Record<string, string> = {}, title?: string, reason = ''): HttpHead {
  return { status, reason, headers, ...(title !== undefined ? { title } : {}) };
}

export interface ProxyOptions {
  readonly response?: HttpHead;
  readonly authSchemes?: string[];
  readonly sentCredentials?: boolean;
  readonly sentPassword?: boolean;
  readonly proxyError?: string;
  readonly method?: 'CONNECT' | 'GET';
  readonly code?: string;
  readonly outcome?: string;
}

export function proxy(options: ProxyOptions): StepResult {
  const r = options.response;
  const tunnelled = r !== undefined && r.status === 200 && (options.method ?? 'CONNECT') === 'CONNECT';
  return step({
    step: 'proxy',
    ok: tunnelled,
    outcome: options.outcome ?? (tunnelled ? 'connected' : r ? 'status' : 'timeout'),
    ms: 2,
    ...(options.code !== undefined ? { code: options.code } : {}),
    evidence: {
      proxy: 'http://proxy.corp.example:3128',
      method: options.method ?? 'CONNECT',
      target: 'registry.example.com:443',
      sentCredentials: options.sentCredentials ?? false,
      ...(options.sentPassword !== undefined ? { sentPassword: options.sentPassword } : {}),
      ...(r ? { response: r } : {}),
      ...(options.authSchemes ? { authSchemes: options.authSchemes } : {}),
      ...(options.proxyError !== undefined ? { proxyError: options.proxyError } : {}),
    },
  });
}

export function cert(over: Partial<CertSummary> = {}): CertSummary {
  return {
    subject: 'CN=registry.example.com',
    issuer: 'CN=Public Issuing CA,O=Public Trust',
    subjectAltNames: 'DNS:registry.example.com',
    validFrom: '2025-01-01T00:00:00.000Z',
    validTo: '2026-01-01T00:00:00.000Z',
    fingerprint256: 'AA:BB',
    selfIssued: false,
    ...over,
  };
}

export interface TlsOptions {
  readonly chain?: CertSummary[];
  readonly trust?: 'public' | 'extra' | 'untrusted';
  readonly anchor?: string;
  readonly hostnameMatches?: boolean;
  readonly authorizationError?: string;
  readonly localTime?: string;
  readonly servername?: string;
}

export function tls(options: TlsOptions = {}): StepResult {
  return step({
    step: 'tls',
    ok: true,
    outcome: 'established',
    ms: 5,
    ...(options.authorizationError !== undefined ? { code: options.authorizationError } : {}),
    evidence: {
      servername: options.servername ?? 'registry.example.com',
      protocol: 'TLSv1.3',
      chain: options.chain ?? [cert()],
      trust: options.trust ?? 'public',
      ...(options.anchor !== undefined ? { anchor: options.anchor } : {}),
      hostnameMatches: options.hostnameMatches ?? true,
      ...(options.authorizationError !== undefined ? { authorizationError: options.authorizationError } : {}),
      localTime: options.localTime ?? LOCAL_TIME,
    },
  });
}

export function tlsFail(code: string, outcome: string, message?: string): StepResult {
  return step({
    step: 'tls',
    ok: false,
    outcome,
    ms: 5000,
    code,
    evidence: { servername: 'registry.example.com', chain: [], localTime: LOCAL_TIME, ...(message !== undefined ? { message } : {}) },
  });
}

export function http(response: HttpHead | undefined, options: { check?: string; url?: string; code?: string; outcome?: string; skew?: number } = {}): StepResult {
  return step({
    step: 'http',
    ok: response !== undefined,
    outcome: options.outcome ?? (response ? 'status' : 'timeout'),
    ms: 10,
    ...(options.code !== undefined ? { code: options.code } : {}),
    evidence: {
      method: 'GET',
      url: options.url ?? 'https://registry.example.com/v2/',
      check: options.check ?? 'https-reachable',
      ...(response ? { response } : {}),
      ...(options.skew !== undefined ? { clockSkewSeconds: options.skew } : {}),
    },
  });
}

export function ssh(options: { banner?: string; received?: string; code?: string; outcome?: string }): StepResult {
  const ok = options.banner !== undefined;
  return step({
    step: 'ssh',
    ok,
    outcome: options.outcome ?? (ok ? 'banner' : options.received !== undefined ? 'not-ssh' : 'no-banner'),
    ms: 3,
    ...(options.code !== undefined ? { code: options.code } : {}),
    evidence: {
      ...(options.banner !== undefined ? { banner: options.banner } : {}),
      ...(options.received !== undefined ? { received: options.received } : {}),
    },
  });
}

/** The steps of a healthy direct HTTPS check up to TLS. */
export function directTo(host: string, address = '203.0.113.10'): StepResult[] {
  return [dnsOk(host, [address], answers('10.0.0.2', 'NOERROR', [address])), tcp([attempt(address, 'connected')])];
}

/** The steps of a proxied HTTPS check up to the tunnel. */
export function throughProxy(host: string): StepResult[] {
  return [
    dnsOk(host, ['203.0.113.10'], answers('10.0.0.2', 'NOERROR', ['203.0.113.10']), true),
    tcp([attempt('198.51.100.3', 'connected')], { port: 3128, to: 'proxy' }),
    proxy({ response: head(200, {}, undefined, 'Connection established') }),
  ];
}

/** Classifies a case and checks status, cause, notes, mentions, and that no placeholder is left. */
export function runCase(c: Case): Finding {
  const finding = classify(target(c.target), c.steps, { proxyConfigured: false, now: NOW, ...c.context });
  expect(Finding.safeParse(finding).success).toBe(true);
  expect({ status: finding.status, cause: finding.cause }).toEqual({ status: c.status, cause: c.cause });
  const codes = finding.notes.map((n) => n.code);
  for (const note of c.notes ?? []) expect(codes).toContain(note);
  for (const fact of c.mentions ?? []) expect(`${finding.explanation ?? ''} ${finding.remediation ?? ''}`).toContain(fact);
  const texts = [finding.explanation, finding.remediation, finding.verify, ...finding.notes.map((n) => n.text)];
  for (const text of texts) expect(text ?? '').not.toMatch(/\{[A-Za-z]+\}/);
  if (c.status === 'pass') expect(finding.cause).toBeUndefined();
  else expect(finding.explanation && finding.remediation && finding.verify).toBeTruthy();
  return finding;
}
