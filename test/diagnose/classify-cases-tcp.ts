import { answers, attempt, dnsOk, head, http, tcp, tls, type Case } from './classify-fixtures.js';

const HOST = 'registry.example.com';
const V4 = '203.0.113.10';
const V6 = '2001:db8::10';
const dns = dnsOk(HOST, [V6, V4], answers('10.0.0.2', 'NOERROR', [V4], [V6]));
const rest = [tls(), http(head(200))];

export const TCP_CASES: readonly Case[] = [
  {
    name: 'refused',
    steps: [dns, tcp([attempt(V4, 'refused', 'ECONNREFUSED'), attempt(V6, 'refused', 'ECONNREFUSED')])],
    status: 'fail',
    cause: 'tcp.refused',
    mentions: [V4],
  },
  {
    name: 'a silent SYN is a timeout',
    steps: [dns, tcp([attempt(V4, 'timeout', 'ETIMEDOUT')])],
    status: 'fail',
    cause: 'tcp.timeout',
  },
  {
    name: 'reset',
    steps: [dns, tcp([attempt(V4, 'reset', 'ECONNRESET')])],
    status: 'fail',
    cause: 'tcp.reset',
  },
  ...['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'].map(
    (code): Case => ({
      name: `${code} is unreachable`,
      steps: [dns, tcp([attempt(V4, 'unreachable', code)])],
      status: 'fail',
      cause: 'tcp.unreachable',
      mentions: [code],
    }),
  ),
  {
    name: 'editions 1: an IPv6-only machine and a host with IPv4 addresses only: NAT64/DNS64 or a mirror, not a firewall rule',
    steps: [dns, tcp([attempt(V4, 'unreachable', 'ENETUNREACH')], { v4: false, v6: true })],
    status: 'fail',
    cause: 'tcp.unreachable',
    mentions: ['IPv6-only', 'NAT64'],
  },
  {
    name: 'without an IPv6 route, the IPv4 failure is the one that counts',
    steps: [dns, tcp([attempt(V6, 'unreachable', 'ENETUNREACH'), attempt(V4, 'timeout', 'ETIMEDOUT')], { v4: true, v6: false })],
    status: 'fail',
    cause: 'tcp.timeout',
  },
  {
    name: 'IPv4 works, IPv6 fails, routes for both: family-partial warn',
    steps: [dns, tcp([attempt(V6, 'timeout', 'ETIMEDOUT'), attempt(V4, 'connected')], { v4: true, v6: true }), ...rest],
    status: 'warn',
    cause: 'tcp.family-partial',
    mentions: ['IPv6'],
  },
  {
    name: 'IPv4 works, IPv6 fails, no IPv6 route: pass',
    steps: [dns, tcp([attempt(V6, 'unreachable', 'ENETUNREACH'), attempt(V4, 'connected')], { v4: true, v6: false }), ...rest],
    status: 'pass',
  },
  {
    name: 'the other family cancelled after a success is not a failure',
    steps: [dns, tcp([attempt(V4, 'connected'), attempt(V6, 'aborted', 'ABORT_ERR')], { v4: true, v6: true }), ...rest],
    status: 'pass',
  },
  {
    name: 'a later failure wins over family-partial, which stays a note',
    steps: [dns, tcp([attempt(V6, 'refused', 'ECONNREFUSED'), attempt(V4, 'connected')], { v4: true, v6: true }), tls({ hostnameMatches: false, authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID' })],
    status: 'fail',
    cause: 'tls.hostname-mismatch',
    notes: ['tcp.family-partial'],
  },
  {
    name: 'TCP failure to the proxy is proxy.unreachable',
    target: { via: 'proxy' },
    context: { proxyConfigured: true, proxy: 'http://proxy.corp.example:3128' },
    steps: [dnsOk(HOST, [V4], [], true), tcp([attempt('198.51.100.3', 'refused', 'ECONNREFUSED')], { port: 3128, to: 'proxy' })],
    status: 'fail',
    cause: 'proxy.unreachable',
    mentions: ['http://proxy.corp.example:3128'],
  },
  {
    name: 'proxy credentials never reach the texts',
    target: { via: 'proxy' },
    context: { proxyConfigured: true, proxy: 'http://alice:s3cret@proxy.corp.example:3128' },
    steps: [dnsOk(HOST, [V4], [], true), tcp([attempt('198.51.100.3', 'timeout', 'ETIMEDOUT')], { port: 3128, to: 'proxy' })],
    status: 'fail',
    cause: 'proxy.unreachable',
  },
  {
    name: 'an interrupted connect is not a verdict',
    steps: [dns, tcp([attempt(V4, 'aborted', 'ABORT_ERR')])],
    status: 'skip',
    cause: 'check.interrupted',
  },
];

export const TCP_EXTRA_CASES: readonly Case[] = [
  {
    name: 'the proxy name does not resolve: proxy.unreachable',
    target: { via: 'proxy' },
    context: { proxyConfigured: true, proxy: 'http://proxy.corp.example:3128' },
    steps: [
      dnsOk(HOST, [V4], [], true),
      { step: 'tcp', ok: false, outcome: 'unresolved', ms: 0, code: 'ENOTFOUND', evidence: { port: 3128, to: 'proxy', attempts: [] } },
    ],
    status: 'fail',
    cause: 'proxy.unreachable',
    mentions: ['ENOTFOUND'],
  },
  {
    name: 'steps cut short by the time limit with no failure are skip, never pass',
    context: { cutShort: 'check.time-limit' },
    steps: [dns, tcp([attempt(V4, 'connected')])],
    status: 'skip',
    cause: 'check.time-limit',
  },
  {
    name: 'steps cut short after a failure keep the failure',
    context: { cutShort: 'check.time-limit' },
    steps: [dns, tcp([attempt(V4, 'refused', 'ECONNREFUSED')])],
    status: 'fail',
    cause: 'tcp.refused',
  },
];
