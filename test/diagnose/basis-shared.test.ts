import { describe, expect, it } from 'vitest';
import { classify, reclassifyReport, withBasisExpanded, withSharedBasis } from '../../src/diagnose/index.js';
import { directTo, head, http, NOW, target, tls } from './classify-fixtures.js';
import { sampleReport } from '../report/sample-report.js';

// A site with a thousand wildcard names has site flags of tens of kilobytes: once per finding they
// made the bench's 1,000-target report 72 MB instead of 6 MB, and the process twice its memory.
const FLAGS = `--product runai ${Array.from({ length: 500 }, (_, i) => `--wildcard '*.blob.core.windows.net=n${i}.blob.core.windows.net'`).join(' ')}`;

function finding(host: string) {
  return classify(target({ host, check: 'registry-v2' }), [...directTo(host), tls({ servername: host }), http(head(503), { check: 'registry-v2' })], { proxyConfigured: false, now: NOW, siteFlags: FLAGS });
}

describe('one-engine 2: what every basis shares is kept once', () => {
  it('the site flags leave each basis for the report, and come back for a second judgement', () => {
    const report = { ...sampleReport(), schemaVersion: 2 as const, findings: ['a.example', 'b.example', 'c.example'].map(finding) };
    const shared = withSharedBasis(report);
    expect(shared.basisShared?.siteFlags).toBe(FLAGS);
    expect(shared.findings.every((f) => f.basis?.context.siteFlags === undefined)).toBe(true);
    expect(JSON.stringify(shared).length).toBeLessThan(JSON.stringify(report).length - 2 * FLAGS.length);
    expect(withBasisExpanded(shared).findings.map((f) => f.basis?.context.siteFlags)).toEqual([FLAGS, FLAGS, FLAGS]);
    const again = reclassifyReport(shared);
    expect(again.findings.map((f) => [f.cause, f.remediation])).toEqual(report.findings.map((f) => [f.cause, f.remediation]));
  });
});
