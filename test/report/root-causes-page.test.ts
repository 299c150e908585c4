import { describe, expect, it } from 'vitest';
import { loadHtmlRenderer, renderJunit } from '../../src/report/index.js';
import { dumpDom, SKIP_CHROMIUM, textOf } from './html-chromium.js';
import { CAUSE_SECRET, hostileCauseReport, plainReport, rootCauseReport } from './root-cause-report.js';
import { checkXml } from './xml-check.js';

// eslint-disable-next-line no-control-regex -- control characters are what this matches
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Each testcase's text, by its name attribute. */
function testcases(xml: string): Map<string, string> {
  return new Map([...xml.matchAll(/<testcase [^>]*name="([^"]*)"[\s\S]*?(?:<\/testcase>)/g)].map((m) => [m[1] ?? '', m[0]]));
}

describe('JUnit with root causes', () => {
  const xml = renderJunit(rootCauseReport());
  const doc = checkXml(xml);

  it('root-causes 2: a suite of root causes comes first; a failing cause fails with its summary and remediation, a warning does not', () => {
    const suites = doc.elements.filter((e) => e.name === 'testsuite');
    expect(suites.map((s) => s.attrs['name'])).toEqual(['netreq.root-causes', 'netreq']);
    expect(suites[0]?.attrs).toMatchObject({ tests: '2', failures: '1', skipped: '0' });
    expect(suites[1]?.attrs).toMatchObject({ tests: '8', failures: '4', skipped: '1' });
    expect(doc.elements[0]?.attrs).toMatchObject({ tests: '10', failures: '5', skipped: '1' });
    const cases = testcases(xml);
    const dns = cases.get('This machine resolves no public names') ?? '';
    expect(dns).toMatch(/<failure type="root\.dns-public-unresolved" message="Resolver 10\.0\.0\.2 answered NXDOMAIN for all 3 public names checked;/);
    expect(dns).toContain('Ask the DNS team to forward public names');
    expect(dns).toContain('Verify: dig @10.0.0.2 gcr.io A');
    expect(dns).toContain('resolver: 10.0.0.2');
    const tls = cases.get('A TLS inspection proxy re-signs traffic') ?? '';
    expect(tls).not.toMatch(/<(failure|skipped|error)/);
    expect(tls).toContain('<property name="status" value="warn"/>');
    expect(tls).toContain('<system-out>WARN root.tls-inspection-ca');
  });

  it('root-causes 2: each explained finding names its root cause in a property; the standing-alone one names none', () => {
    const cases = testcases(xml);
    for (const host of ['gcr.io', 'quay.io', 'registry-1.docker.io']) expect(cases.get(`${host}:443 direct`)).toContain('<property name="rootCause" value="root.dns-public-unresolved"/>');
    for (const host of ['a.blob.core.windows.net', 'b.blob.core.windows.net']) expect(cases.get(`${host}:443 direct`)).toContain('<property name="rootCause" value="root.tls-inspection-ca"/>');
    expect(cases.get('denied.example.com:443 proxy')).not.toContain('rootCause');
    expect(cases.get('denied.example.com:443 proxy')).toContain('<failure type="proxy.denied"');
    expect(doc.elements.filter((e) => e.name === 'property' && e.attrs['name'] === 'rootCause')).toHaveLength(5);
  });

  it('root-causes 2: without root causes (absent or empty) the XML is as it was', () => {
    const plain = renderJunit(plainReport());
    expect(renderJunit(plainReport([]))).toBe(plain);
    expect(plain).not.toMatch(/root-causes|rootCause|<properties>/);
    expect(checkXml(plain).elements.filter((e) => e.name === 'testsuite')).toHaveLength(1);
  });

  it('root-causes 2: a hostile root cause stays well-formed XML: escaped, no control character, no secret', () => {
    const hostile = renderJunit(hostileCauseReport());
    expect(() => checkXml(hostile)).not.toThrow();
    expect(hostile).not.toMatch(CONTROL);
    expect(hostile).not.toMatch(/<\/?(script|b)\b/);
    expect(hostile).not.toContain(']]>');
    expect(hostile).toContain(']]&gt;&lt;b&gt;&amp;');
    expect(hostile).not.toContain(CAUSE_SECRET);
  });
});

describe('report.html with root causes', () => {
  it('root-causes 2: a root-causes section first, each cause with evidence, remediation, verify and links to the cards, which stay', async () => {
    const html = (await loadHtmlRenderer())(rootCauseReport());
    const causes = html.indexOf('<section id="root-causes">');
    expect(causes).toBeGreaterThan(0);
    expect(causes).toBeLessThan(html.indexOf('<section id="failures">'));
    const section = html.slice(causes, html.indexOf('</section>', causes));
    expect(section).toContain('<h2>Root causes (2)</h2>');
    expect(section).toContain('<dt>resolver</dt><dd><code>10.0.0.2</code></dd>');
    expect(section).toContain('What to do: </strong>Ask the DNS team');
    expect(section).toContain('Verify: <code>dig @10.0.0.2 gcr.io A</code>');
    const links = [...section.matchAll(/href="#(finding-\d+)"/g)].map((m) => m[1]);
    expect(links).toHaveLength(5);
    // Every explained card is still there, under its status, with the anchor the cause links to and a link back.
    for (const id of links) expect(html).toMatch(new RegExp(`<article class="finding (fail|warn)" id="${id ?? ''}"><h3>(?:(?!</article>)[\\s\\S])*?Explained by the root cause <a href="#root-cause-[12]">`));
    expect(html).toContain('<h2>Failures (4)</h2>');
    expect(html).toContain('<h2>Warnings (2)</h2>');
    const denied = html.slice(html.indexOf('<code>denied.example.com:443</code></h3>'));
    expect(denied.slice(0, denied.indexOf('</article>'))).not.toContain('Explained by');
  });

  it('root-causes 2: without root causes (absent or empty) the page is as it was: no section, no anchors', async () => {
    const render = await loadHtmlRenderer();
    const plain = render(plainReport());
    expect(render(plainReport([]))).toBe(plain);
    expect(plain).not.toMatch(/root-cause|id="finding-|Explained by/);
  });

  it('root-causes 2: a hostile root cause is escaped like everything else', async () => {
    const html = (await loadHtmlRenderer())(hostileCauseReport());
    expect(html).not.toMatch(/<(script|b)[\s>]/i);
    expect(html).not.toContain('</script>');
    expect(html).toContain('Summary Blocked&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;]]&gt;&lt;b&gt;&amp;|pipe next');
    expect(html).not.toMatch(CONTROL);
  });

  it.skipIf(SKIP_CHROMIUM)('root-causes 2: opened in Chromium, the causes are read first and a hostile one runs nothing', async () => {
    const render = await loadHtmlRenderer();
    const text = textOf(await dumpDom(render(rootCauseReport())));
    expect(text.indexOf('Root causes (2)')).toBeGreaterThan(0);
    expect(text.indexOf('Root causes (2)')).toBeLessThan(text.indexOf('Failures (4)'));
    expect(text).toContain('FAIL This machine resolves no public names');
    const dom = await dumpDom(render(hostileCauseReport()));
    expect(dom).not.toMatch(/<(script|b)[\s>]/i);
    expect(dom).toMatch(/<title>netreq report: [^<]*<\/title>/);
    expect(textOf(dom)).toContain('Summary Blocked</script><script>alert(1)</script>');
  });
});
