import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderText } from '../../src/report/index.js';
import { rootCauseView } from '../../src/report/root-cause-view.js';
import { CAUSE_SECRET, hostileCauseReport, plainReport, rootCauseReport } from './root-cause-report.js';

// eslint-disable-next-line no-control-regex -- control characters are what this matches
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- our own colour codes
const OUR_SGR = /\u001b\[\d+m/g;
const EXPLAINED = { dns: ['gcr.io', 'quay.io', 'registry-1.docker.io'], tls: ['a.blob.core.windows.net', 'b.blob.core.windows.net'] };

/** Markdown without its code blocks and code spans (where markup is text). */
function outsideCode(md: string): string {
  return md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '').replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, '');
}

describe('rootCauseView', () => {
  it('root-causes 2: matches causes to findings by key; the rest stand alone; none without causes', () => {
    const report = rootCauseReport();
    const view = rootCauseView(report);
    expect(view?.groups.map((g) => g.findings.map((f) => f.target.host))).toEqual([EXPLAINED.dns, EXPLAINED.tls]);
    expect(view?.standingAlone.map((f) => f.target.host)).toEqual(['denied.example.com', 'pypi.org', '{controlPlane}']);
    expect(view?.groupOf(report.findings[0]!)?.cause.code).toBe('root.dns-public-unresolved');
    expect(rootCauseView(plainReport())).toBeUndefined();
    expect(rootCauseView(plainReport([]))).toBeUndefined();
  });
});

describe('the text report with root causes', () => {
  const text = renderText(rootCauseReport(), { color: false });
  const lines = text.split('\n');

  it('root-causes 2: leads with the causes: title, summary, evidence, what it explains, one remediation, verify', () => {
    expect(lines.slice(0, 4)).toEqual(['netreq 0.1.0: 8 checks', '', 'ROOT CAUSES (2)', '✗ This machine resolves no public names  root.dns-public-unresolved']);
    const dns = lines.slice(3, lines.indexOf('', 3)).join('\n');
    expect(dns).toContain('    Resolver 10.0.0.2 answered NXDOMAIN for all 3 public names checked;');
    expect(dns).toMatch(/^ {4}resolver: 10\.0\.0\.2\n {4}rcode: NXDOMAIN\n {4}publicNames: 3\n {4}internalResolved: runai\.corp\.example$/m);
    expect(dns).toContain('    Explains 3 findings: gcr.io:443, quay.io:443, registry-1.docker.io:443');
    expect(dns).toMatch(/^ {4}What to do: Ask the DNS team to forward public names/m);
    expect(dns).toContain('    Verify: dig @10.0.0.2 gcr.io A');
    expect(text).toMatch(/^! A TLS inspection proxy re-signs traffic {2}root\.tls-inspection-ca$/m);
    expect(text.indexOf('ROOT CAUSES (2)')).toBeLessThan(text.indexOf('FAIL (1)'));
  });

  it('root-causes 2: each explained finding is one line under its cause, never a card; the standing-alone failure keeps its card', () => {
    const dnsAt = lines.findIndex((l) => l.startsWith('✗ This machine'));
    const tlsAt = lines.findIndex((l) => l.startsWith('! A TLS inspection'));
    const failAt = lines.indexOf('FAIL (1)');
    for (const [host, from, to, line] of [
      ...EXPLAINED.dns.map((h) => [h, dnsAt, tlsAt, `      ✗ ${h}:443  direct  dns.nxdomain`] as const),
      ...EXPLAINED.tls.map((h) => [h, tlsAt, failAt, `      ! ${h}:443  direct  tls.intercepted`] as const),
    ]) {
      const at = lines.filter((l) => /^\s*[✗!] /.test(l) && l.includes(` ${host}:443 `));
      expect(at).toEqual([line]);
      expect(lines.indexOf(line)).toBeGreaterThan(from);
      expect(lines.indexOf(line)).toBeLessThan(to);
    }
    expect(text).not.toContain('Check the spelling of gcr.io');
    expect(text).not.toContain('WARN (');
    const denied = lines.findIndex((l) => l.startsWith('✗ denied.example.com:443'));
    expect(denied).toBe(failAt + 1);
    expect(lines[denied + 1]).toMatch(/^ {4}Ask the proxy team/);
  });

  it('root-causes 2: keeps the summary of every finding and fits 80 columns', () => {
    expect(text.trimEnd().split('\n').at(-1)).toBe('Summary: 4 fail, 2 warn, 1 pass, 1 skip');
    for (const report of [rootCauseReport(), hostileCauseReport()]) {
      for (const options of [{ color: false }, { color: true, verbose: true }, { color: false, ascii: true }]) {
        expect(renderText(report, options).replace(OUR_SGR, '').split('\n').filter((l) => [...l].length > 80)).toEqual([]);
      }
    }
    // eslint-disable-next-line no-control-regex -- our own colour codes
    expect(renderText(rootCauseReport(), { color: true })).toMatch(/\u001b\[31mROOT CAUSES \(2\)\u001b\[0m\n\u001b\[31m✗\u001b\[0m This machine/);
    expect(renderText(rootCauseReport(), { color: false, ascii: true })).toMatch(/^x This machine resolves no public names/m);
  });

  it('root-causes 2: a cause with many targets names ten and counts the rest; its findings are still one line each', () => {
    const report = rootCauseReport();
    const many = Array.from({ length: 12 }, (_x, i) => `host${i}.example:443`);
    const wide = { ...report, rootCauses: report.rootCauses?.map((c, i) => (i === 0 ? { ...c, targets: many } : c)) };
    const out = renderText(wide, { color: false, width: 300 });
    expect(out).toContain(`    Explains 3 findings: ${many.slice(0, 10).join(', ')}, and 2 more`);
    expect(renderMarkdown(wide)).toContain('`host9.example:443`, and 2 more.');
  });

  it('root-causes 2: without root causes (absent or empty) the report is as it was', () => {
    const absent = renderText(plainReport(), { color: false });
    expect(renderText(plainReport([]), { color: false })).toBe(absent);
    expect(absent).not.toContain('ROOT CAUSES');
    expect(absent).toContain('FAIL (4)');
    expect(absent).toContain('WARN (2)');
  });

  it('root-causes 2: a hostile root cause is neutralised: no control character, no secret', () => {
    for (const verbose of [false, true]) {
      const out = renderText(hostileCauseReport(), { color: false, verbose });
      expect(out).not.toMatch(CONTROL);
      expect(out).not.toContain('owned');
      expect(out).not.toContain(CAUSE_SECRET);
      expect(out).toContain('proxy: http://alice:***@proxy.corp.example:3128');
    }
  });
});

describe('the Markdown summary with root causes', () => {
  const md = renderMarkdown(rootCauseReport());

  it('root-causes 2: ## Root causes comes first, a heading per cause with summary, evidence, targets, remediation, verify block', () => {
    const at = ['## Root causes (2)', '### FAIL: This machine resolves no public names', '### WARN: A TLS inspection proxy re-signs traffic', '## Failures (1)', '<details><summary>Passed (1)</summary>'].map((s) => md.indexOf(s));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(md).toContain('`root.dns-public-unresolved` · Resolver 10.0.0.2 answered NXDOMAIN for all 3 public names checked;');
    expect(md).toContain('| Evidence | Value |\n| --- | --- |\n| resolver | 10.0.0.2 |\n| rcode | NXDOMAIN |');
    expect(md).toContain('Explains 3 findings: `gcr.io:443`, `quay.io:443`, `registry-1.docker.io:443`.');
    expect(md).toContain('**What to do:** Ask the DNS team to forward public names from 10.0.0.2');
    expect(md).toContain('Verify:\n\n```sh\ndig @10.0.0.2 gcr.io A\n```\n');
    expect(md).toContain('**4 fail, 2 warn, 1 pass, 1 skip**');
  });

  it('root-causes 2: explained findings are rows under their cause, once; the standing-alone failure keeps its row in Failures', () => {
    for (const host of [...EXPLAINED.dns, ...EXPLAINED.tls]) {
      const rows = md.split('\n').filter((l) => l.includes(`| \`${host}\` |`));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatch(/^\| (FAIL|WARN) \| `[^`]+` \| 443 \| direct \| `(dns\.nxdomain|tls\.intercepted)` \|$/);
      expect(md.indexOf(rows[0]!)).toBeLessThan(md.indexOf('## Failures (1)'));
    }
    expect(md).not.toContain('## Warnings');
    expect(md.slice(md.indexOf('## Failures (1)'))).toMatch(/^\| `denied\.example\.com` \| 443 \| proxy \| `proxy\.denied` \|.*Ask the proxy team/m);
  });

  it('root-causes 2: without root causes (absent or empty) the summary is as it was', () => {
    expect(renderMarkdown(plainReport([]))).toBe(renderMarkdown(plainReport()));
    expect(renderMarkdown(plainReport())).not.toContain('Root causes');
    expect(renderMarkdown(plainReport())).toContain('## Failures (4)');
  });

  it('root-causes 2: a hostile root cause is neutralised: no markup outside code, no control character, tables whole, the verify block closed', () => {
    const hostile = renderMarkdown(hostileCauseReport());
    expect(hostile).not.toMatch(CONTROL);
    expect(hostile).not.toContain(CAUSE_SECRET);
    expect(outsideCode(hostile)).toContain('Summary Blocked&lt;/script&gt;&lt;script&gt;');
    expect(outsideCode(hostile)).not.toMatch(/<\/?(script|b)\b/i);
    expect(outsideCode(hostile)).not.toContain(']]>');
    for (const line of hostile.split('\n').filter((l) => l.startsWith('|'))) {
      const cells = line.replace(/\\\|/g, '').split('|').length - 2;
      expect([2, 4, 5, 6]).toContain(cells);
    }
    // The verify command holds ``` itself: its fence is longer, so the block holds exactly that one line.
    expect(hostile).toMatch(/\n````sh\ncurl -x http:\/\/alice:\*\*\*@proxy\.corp\.example:3128 https:\/\/gcr\.io\/ ``` Blocked[^\n]*\n````\n/);
  });
});
