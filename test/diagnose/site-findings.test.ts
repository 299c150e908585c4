import { describe, expect, it } from 'vitest';
import { classify, clockFinding, withSiteFindings } from '../../src/diagnose/index.js';
import { cert, directTo, head, http, NOW, target, tls } from './classify-fixtures.js';
import { sampleReport } from '../report/sample-report.js';

const DAY = 86_400;

function servedWith(host: string, skew: number) {
  return classify(target({ host, check: 'registry-v2' }), [...directTo(host), tls({ servername: host }), http(head(401, { date: new Date(NOW - skew * 1000).toUTCString() }), { check: 'registry-v2', skew })], { proxyConfigured: false, now: NOW });
}

describe('diagnosis 3: a clock finding for the host, from every server\'s Date together', () => {
  it('three days ahead of every server: one fail clock.skew naming the servers and both times', () => {
    const findings = ['a.example', 'b.example', 'c.example'].map((h) => servedWith(h, 3 * DAY));
    const clock = clockFinding(findings);
    expect(clock).toMatchObject({ status: 'fail', cause: 'clock.skew', ruleIds: ['host.clock'], source: 'site' });
    expect(clock?.explanation).toContain('a.example');
  });

  it('one server with a wrong clock is that server\'s problem: the median of the Dates decides', () => {
    const findings = [servedWith('a.example', 3 * DAY), servedWith('b.example', 2), servedWith('c.example', -1)];
    expect(clockFinding(findings)).toBeUndefined();
  });

  it('within about five minutes (what token issuers allow): no finding', () => {
    expect(clockFinding(['a.example', 'b.example'].map((h) => servedWith(h, 240)))).toBeUndefined();
  });

  it('made again, not kept, when a report is judged again', () => {
    const base = sampleReport();
    const findings = ['a.example', 'b.example'].map((h) => servedWith(h, -3 * DAY));
    const once = withSiteFindings({ ...base, findings });
    const twice = withSiteFindings(once);
    expect(twice.findings.filter((f) => f.source === 'site')).toHaveLength(1);
    expect(twice.summary.fail).toBe(once.summary.fail);
  });
});

describe('diagnosis 6: transparent interception, seen over the whole run', () => {
  const GATEWAY = 'CN=Gateway Inspection CA,O=Corp';
  function leafOnly(host: string) {
    const step = tls({ servername: host, chain: [cert({ subject: `CN=${host}`, issuer: GATEWAY, subjectAltNames: `DNS:${host}` })], trust: 'untrusted', authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    return classify(target({ host, check: 'registry-v2' }), [...directTo(host), step], { proxyConfigured: false, now: NOW });
  }

  it('one public name with a leaf alone from an unknown issuer: a missing intermediate, as before', () => {
    const report = withSiteFindings({ ...sampleReport(), findings: [leafOnly('registry-1.docker.io')] });
    expect(report.findings[0]?.cause).toBe('tls.untrusted');
  });

  it('unrelated public names all signed by one issuer no root anchors: interception by that CA, named', () => {
    const findings = ['registry-1.docker.io', 'quay.io', 'nvcr.io'].map(leafOnly);
    expect(findings.map((f) => f.cause)).toEqual(['tls.untrusted', 'tls.untrusted', 'tls.untrusted']);
    const report = withSiteFindings({ ...sampleReport(), findings });
    expect(report.findings.map((f) => [f.status, f.cause])).toEqual([['fail', 'tls.intercepted'], ['fail', 'tls.intercepted'], ['fail', 'tls.intercepted']]);
    expect(report.findings[0]?.explanation).toContain(GATEWAY);
    expect(report.findings[0]?.basis?.context.interceptors).toEqual([GATEWAY]);
  });

  it('two names of one company sharing an issuer are not enough: one registrable domain', () => {
    const report = withSiteFindings({ ...sampleReport(), findings: ['a.quay.io', 'cdn.quay.io'].map(leafOnly) });
    expect(report.findings.map((f) => f.cause)).toEqual(['tls.untrusted', 'tls.untrusted']);
  });
});
