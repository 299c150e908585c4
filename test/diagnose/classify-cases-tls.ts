import { cert, directTo, head, http, tls, tlsFail, type Case } from './classify-fixtures.js';
import type { StepResult } from '../../src/schema/index.js';

const HOST = 'registry.example.com';
const base = directTo(HOST);
const ok = http(head(200));
const INSPECTION = 'CN=Corp Inspection CA,O=Corp';
const interceptChain = [cert({ issuer: INSPECTION }), cert({ subject: INSPECTION, issuer: INSPECTION, selfIssued: true })];
const expiredLeaf = cert({ validFrom: '2024-01-01T00:00:00.000Z', validTo: '2025-01-01T00:00:00.000Z' });
const futureLeaf = cert({ validFrom: '2025-07-01T00:00:00.000Z', validTo: '2026-07-01T00:00:00.000Z' });

export const TLS_CASES: readonly Case[] = [
  { name: 'a public chain passes', steps: [...base, tls(), ok], status: 'pass' },
  {
    name: 'a public name anchored by a CA trusted only here: warn intercepted, naming the issuer',
    steps: [...base, tls({ chain: interceptChain, trust: 'extra', anchor: INSPECTION }), ok],
    status: 'warn',
    cause: 'tls.intercepted',
    mentions: [INSPECTION, 'every node'],
  },
  {
    name: 'a public name anchored by an untrusted CA: fail intercepted',
    steps: [...base, tls({ chain: interceptChain, trust: 'untrusted', authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN' })],
    status: 'fail',
    cause: 'tls.intercepted',
    mentions: [INSPECTION],
  },
  {
    name: 'a site-owned name with a private CA trusted via --ca-file passes',
    target: { host: 'cp.example.com', siteOwned: true },
    steps: [...directTo('cp.example.com'), tls({ chain: interceptChain, trust: 'extra', anchor: 'CN=Site CA', servername: 'cp.example.com' }), ok],
    status: 'pass',
  },
  {
    name: 'a site-owned name with an untrusted private CA',
    target: { host: 'cp.example.com', siteOwned: true },
    steps: [...directTo('cp.example.com'), tls({ chain: interceptChain, trust: 'untrusted', authorizationError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' })],
    status: 'fail',
    cause: 'tls.untrusted',
  },
  {
    name: 'a public name with a self-signed certificate is untrusted, not intercepted',
    steps: [...base, tls({ chain: [cert({ issuer: 'CN=registry.example.com', subject: 'CN=registry.example.com', selfIssued: true })], trust: 'untrusted', authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' })],
    status: 'fail',
    cause: 'tls.untrusted',
  },
  {
    name: 'the name does not match',
    steps: [...base, tls({ chain: [cert({ subject: 'CN=other.example.net', subjectAltNames: 'DNS:other.example.net' })], hostnameMatches: false, authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID' })],
    status: 'fail',
    cause: 'tls.hostname-mismatch',
    mentions: ['other.example.net'],
  },
  {
    name: 'expired by the local clock',
    steps: [...base, tls({ chain: [expiredLeaf], authorizationError: 'CERT_HAS_EXPIRED' }), http(head(200), { skew: 2 })],
    status: 'fail',
    cause: 'tls.expired',
    mentions: ['2025-01-01T00:00:00.000Z'],
  },
  {
    name: 'expired, with no HTTP Date to compare: still expired',
    steps: [...base, tls({ chain: [expiredLeaf], authorizationError: 'CERT_HAS_EXPIRED' })],
    status: 'fail',
    cause: 'tls.expired',
  },
  {
    name: 'not yet valid',
    steps: [...base, tls({ chain: [futureLeaf], authorizationError: 'CERT_NOT_YET_VALID' })],
    status: 'fail',
    cause: 'tls.not-yet-valid',
  },
  {
    name: 'expired by the local clock but valid by the server Date: clock.skew',
    // The local clock is a year ahead: the server's Date says 2024-06-01.
    steps: [...base, tls({ chain: [expiredLeaf], authorizationError: 'CERT_HAS_EXPIRED' }), http(head(200), { skew: 365 * 86_400 })],
    status: 'fail',
    cause: 'clock.skew',
    mentions: ['ahead of'],
  },
  {
    name: 'not yet valid, local clock behind: clock.skew from the run context',
    context: { clockSkewSeconds: -60 * 86_400 },
    steps: [...base, tls({ chain: [futureLeaf], authorizationError: 'CERT_NOT_YET_VALID' })],
    status: 'fail',
    cause: 'clock.skew',
    mentions: ['behind'],
  },
  {
    name: 'a small skew does not explain an expired certificate',
    steps: [...base, tls({ chain: [expiredLeaf] }), http(head(200), { skew: 120 })],
    status: 'fail',
    cause: 'tls.expired',
  },
  {
    name: 'a large skew with a valid certificate is a note',
    steps: [...base, tls(), http(head(200), { skew: 3600 })],
    status: 'pass',
    notes: ['clock.skew'],
  },
  {
    name: 'handshake timeout after a good TCP connect',
    steps: [...base, tlsFail('ETIMEDOUT', 'timeout')],
    status: 'fail',
    cause: 'tls.handshake-timeout',
    mentions: ['MTU'],
  },
  {
    name: 'handshake timeout with not one byte back: a silent server or a path-MTU black hole',
    steps: [...base, tlsTimeout(0)],
    status: 'fail',
    cause: 'tls.handshake-timeout',
    mentions: ['0 bytes received', 'MTU', 'tracepath'],
  },
  {
    name: 'handshake timeout after part of the answer: a path-MTU black hole',
    steps: [...base, tlsTimeout(127)],
    status: 'fail',
    cause: 'tls.handshake-timeout',
    mentions: ['127 bytes received', 'MTU'],
  },
  {
    name: 'a handshake the server refuses with an alert',
    steps: [...base, tlsFail('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'failed', 'sslv3 alert handshake failure')],
    status: 'fail',
    cause: 'tls.handshake-failed',
    mentions: ['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'],
  },
  {
    name: 'a reset as the ClientHello goes out: a filter by server name',
    steps: [...base, tlsFail('ECONNRESET', 'failed', 'Client network socket disconnected before secure TLS connection was established')],
    status: 'fail',
    cause: 'tcp.reset',
    mentions: ['ECONNRESET', 'SNI'],
  },
  {
    name: 'a public name served without its intermediate is untrusted, not intercepted',
    steps: [...base, tls({ chain: [cert()], trust: 'untrusted', authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })],
    status: 'fail',
    cause: 'tls.untrusted',
  },
];

/** A handshake timeout whose probe counted the bytes read from the socket. */
function tlsTimeout(bytesReceived: number): StepResult {
  const s = tlsFail('ETIMEDOUT', 'timeout');
  return s.step === 'tls' ? { ...s, evidence: { ...s.evidence, bytesReceived } } : s;
}
