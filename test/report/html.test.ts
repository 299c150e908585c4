import { describe, expect, it } from 'vitest';
import { loadHtmlRenderer, Report, summarize } from '../../src/report/index.js';
import { gatherEnvironment } from '../../src/host/index.js';
import { CSP } from '../../src/report/html/index.js';
import { fakeRoot, INTERFACES, SYSTEM } from './environment-fixtures.js';
import { dumpDom, SKIP_CHROMIUM, textOf } from './html-chromium.js';
import { sampleReport } from './sample-report.js';

/** What a hostile server could put in its banner, headers or error page, aimed at a browser. */
const XSS = [
  `<script>document.title='pwned';document.documentElement.setAttribute('data-pwned','script')</script>`,
  `<img src=x onerror="document.documentElement.setAttribute('data-pwned','img')">`,
  `</pre></details><svg onload="document.title='pwned'"></svg>`,
  `"><iframe srcdoc="<script>parent.document.title='pwned'</script>">`,
].join(' ');

function hostileReport(): Report {
  const base = sampleReport();
  const findings = base.findings.map((f, i) =>
    i === 0
      ? {
          ...f,
          target: { ...f.target, host: `evil${XSS}.example` },
          explanation: `${f.explanation ?? ''} ${XSS}`,
          notes: [{ code: 'x.y', text: XSS }],
          ruleIds: [XSS],
        }
      : f,
  );
  return Report.parse({ ...base, tool: { ...base.tool, version: XSS }, scenario: XSS, topology: { evil: XSS }, environment: { os: XSS }, findings, summary: summarize(findings) });
}

describe('report.html', () => {
  it('is escaped by construction: no markup from evidence, no script, no handler, a CSP that forbids both', async () => {
    const html = (await loadHtmlRenderer())(hostileReport());
    expect(html).not.toMatch(/<(script|img|svg|iframe)/i);
    // No element of ours carries an event handler either.
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
    expect(html).toContain('&lt;script&gt;document.title=');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP.replace(/'/g, '&#x27;')}"/>`);
    expect(CSP).toMatch(/^default-src 'none'; style-src 'unsafe-inline'/);
    // Control characters and bidi overrides from evidence do not reach the page either.
    // eslint-disable-next-line no-control-regex -- control characters are what this matches
    expect(html).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it('shows the environment of a bundle: runtimes, resolvers, routes', async () => {
    const root = fakeRoot({ '/etc/resolv.conf': 'nameserver 10.0.0.2\nsearch corp.example\n', '/etc/systemd/system/containerd.service.d/p.conf': '[Service]\nEnvironment="HTTPS_PROXY=http://p:3128"\n' });
    try {
      const environment = gatherEnvironment({ root: root.root, env: {}, hosts: [], netreqVersion: '0.1.0', interfaces: INTERFACES, system: SYSTEM, timeZone: 'UTC' });
      const html = (await loadHtmlRenderer())(sampleReport(), environment);
      const text = textOf(html);
      expect(text).toContain('kernel 6.1.0-test');
      expect(text).toContain('10.0.0.2; search corp.example');
      expect(text).toMatch(/containerd yes HTTPS_PROXY=http:\/\/p:3128 \/etc\/systemd\/system\/containerd\.service\.d\/p\.conf/);
    } finally {
      root.remove();
    }
  });

  it.skipIf(SKIP_CHROMIUM)('opened in Chromium: failures come first with their remediation, and the evidence is visible', async () => {
    const report = sampleReport();
    const dom = await dumpDom((await loadHtmlRenderer())(report));
    const text = textOf(dom);
    const failures = text.indexOf('Failures (4)');
    expect(failures).toBeGreaterThan(0);
    expect(text.indexOf('Warnings (1)')).toBeGreaterThan(failures);
    expect(text.indexOf('Passed (1)')).toBeGreaterThan(text.indexOf('Warnings (1)'));
    for (const f of report.findings.filter((x) => x.status === 'fail')) {
      expect(text).toContain(`What to do: ${(f.remediation ?? '').replace(/\s+/g, ' ')}`);
      expect(text).toContain(f.cause ?? '');
    }
    expect(dom).toMatch(/<details open="">\s*<summary>Evidence/);
    expect(text).toContain('netreq report: 4 fail, 1 warn, 1 pass, 1 skip');
  });

  it.skipIf(SKIP_CHROMIUM)('opened in Chromium: no script of a hostile server runs, even with the CSP taken out', async () => {
    const html = (await loadHtmlRenderer())(hostileReport());
    for (const page of [html, html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')]) {
      const dom = await dumpDom(page);
      expect(dom).not.toMatch(/<html[^>]*data-pwned/);
      expect(dom).toMatch(/<title>netreq report: [^<]*<\/title>/);
      expect(dom).not.toMatch(/<title>pwned/);
      expect(dom).not.toMatch(/<(script|img|svg|iframe)[\s>]/i);
      // The evidence is there, as text a support engineer can read.
      expect(textOf(dom)).toContain("<script>document.title='pwned'");
    }
  });
});
