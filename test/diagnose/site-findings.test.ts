import { describe, expect, it } from 'vitest';
import { classify, clockFinding, withSiteFindings } from '../../src/diagnose/index.js';
import { directTo, head, http, NOW, target, tls } from './classify-fixtures.js';
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
