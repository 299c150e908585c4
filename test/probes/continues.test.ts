import { describe, expect, it } from 'vitest';
import { continues, StepResult } from '../../src/probes/index.js';
import { answers, attempt, cert, dnsFail, dnsOk, head, http, proxy, tcp, tls, tlsFail } from '../diagnose/classify-fixtures.js';

const HOST = 'registry-1.docker.io';
const R1 = '10.0.0.2';
const expiredLeaf = cert({ validFrom: '2024-01-01T00:00:00.000Z', validTo: '2025-01-01T00:00:00.000Z' });
const futureLeaf = cert({ validFrom: '2025-07-01T00:00:00.000Z', validTo: '2026-07-01T00:00:00.000Z' });
const INSPECTION = 'CN=Corp Inspection CA,O=Corp';
const interceptChain = [cert({ issuer: INSPECTION }), cert({ subject: INSPECTION, issuer: INSPECTION, selfIssued: true })];

describe('one-engine 2: continues, the chain rule over what a step saw', () => {
  it('one-engine 2: a failed step stops the chain, whatever the step', () => {
    expect(continues(dnsFail(HOST, 'ENOTFOUND', 'nxdomain', answers(R1, 'NXDOMAIN')))).toBe(false);
    expect(continues(tcp([attempt('192.0.2.7', 'refused', 'ECONNREFUSED')]))).toBe(false);
    expect(continues(proxy({ response: head(403) }))).toBe(false);
    expect(continues(tlsFail('ETIMEDOUT', 'timeout'))).toBe(false);
    expect(continues(http(undefined, { code: 'ETIMEDOUT' }))).toBe(false);
  });

  it('one-engine 2: a step that succeeded goes on', () => {
    expect(continues(dnsOk(HOST, ['192.0.2.7'], answers(R1, 'NOERROR', ['192.0.2.7'])))).toBe(true);
    expect(continues(tcp([attempt('192.0.2.7', 'connected')]))).toBe(true);
    expect(continues(proxy({ response: head(200, {}, undefined, 'Connection established') }))).toBe(true);
    expect(continues(tls())).toBe(true);
    expect(continues(http(head(200)))).toBe(true);
  });

  it.each(['0.0.0.0', '::', '127.0.0.1', '::1', '169.254.1.1', 'fe80::1', '224.0.0.1', 'ff02::1', '::ffff:0.0.0.0'])(
    'one-engine 2: a public name answered with the sinkhole %s stops the chain before any connection',
    (address) => {
      expect(continues(dnsOk(HOST, [address], answers(R1, 'NOERROR', [address])))).toBe(false);
    },
  );

  it('one-engine 2: one sinkhole among real addresses stops it too (the classifier fails dns.sinkhole)', () => {
    expect(continues(dnsOk(HOST, ['192.0.2.7', '0.0.0.0']))).toBe(false);
  });

  it('one-engine 2: a real DNS step as the probe writes it for a sinkholed name', () => {
    const step = StepResult.parse({
      step: 'dns',
      ok: true,
      outcome: 'resolved',
      ms: 1.4,
      startedAt: '2025-06-01T12:00:00.000Z',
      evidence: {
        host: 'docker.io',
        system: { via: 'getaddrinfo', addresses: ['0.0.0.0'] },
        servers: [
          { server: '127.0.0.1:5353', type: 'A', protocol: 'udp', ms: 0.6, rcode: 'NOERROR', addresses: ['0.0.0.0'], cnames: [], ttl: 60 },
          { server: '127.0.0.1:5353', type: 'AAAA', protocol: 'udp', ms: 0.5, rcode: 'NOERROR', addresses: ['::'], cnames: [], ttl: 60 },
        ],
        addresses: ['0.0.0.0'],
        proxyResolves: false,
      },
    });
    expect(continues(step)).toBe(false);
  });

  it('one-engine 2: loopback for a name that is the site\'s own, internal or an address literal goes on', () => {
    expect(continues(StepResult.parse({ ...dnsOk('cp.example.com', ['127.0.1.1']), evidence: { ...dnsOk('cp.example.com', ['127.0.1.1']).evidence, siteOwned: true } }))).toBe(true);
    expect(continues(dnsOk('registry.svc', ['127.0.0.1']))).toBe(true);
    expect(continues(dnsOk('headnode', ['127.0.1.1']))).toBe(true);
    expect(continues(dnsOk('169.254.169.254', ['169.254.169.254']))).toBe(true);
  });

  it('one-engine 2: a route whose proxy resolves goes on past a local sinkhole: the next step connects to the proxy', () => {
    expect(continues(dnsOk(HOST, ['0.0.0.0'], answers(R1, 'NOERROR', ['0.0.0.0']), true))).toBe(true);
    expect(continues(dnsFail(HOST, 'ENOTFOUND', 'nxdomain', answers(R1, 'NXDOMAIN'), true))).toBe(true);
  });

  it('one-engine 2: a certificate out of its dates goes on, so that the HTTP step reads the server\'s Date', () => {
    expect(continues(tls({ chain: [expiredLeaf], authorizationError: 'CERT_HAS_EXPIRED' }))).toBe(true);
    expect(continues(tls({ chain: [futureLeaf], authorizationError: 'CERT_NOT_YET_VALID' }))).toBe(true);
    // By the dates alone (the code a chain error took instead), and by the code alone.
    expect(continues(tls({ chain: [expiredLeaf] }))).toBe(true);
    expect(continues(tls({ authorizationError: 'CERT_HAS_EXPIRED', localTime: 'not a time' }))).toBe(true);
  });

  it('one-engine 2: an untrusted chain or another name stops the chain: nothing is sent through an interception box', () => {
    expect(continues(tls({ chain: interceptChain, trust: 'untrusted', authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN' }))).toBe(false);
    expect(continues(tls({ chain: [cert()], trust: 'untrusted', authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }))).toBe(false);
    expect(continues(tls({ chain: [cert({ subject: 'CN=other.example.net' })], hostnameMatches: false, authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID' }))).toBe(false);
  });

  it('one-engine 2: a chain anchored by an extra CA (--ca-file) goes on: the classifier only warns', () => {
    expect(continues(tls({ chain: interceptChain, trust: 'extra', anchor: INSPECTION }))).toBe(true);
  });
});
