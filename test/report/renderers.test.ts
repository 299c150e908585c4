import { describe, expect, it } from 'vitest';
import { Report, renderJson, renderJsonPieces, renderJunit, renderMarkdown, renderText, summarize } from '../../src/report/index.js';
import { sampleReport, SECRET } from './sample-report.js';
import { checkXml } from './xml-check.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const OUR_SGR = /\u001b\[\d+m/g;

const report = sampleReport();

describe('summarize', () => {
  it('counts findings by status', () => {
    expect(summarize(report.findings)).toEqual({ pass: 1, warn: 1, fail: 4, skip: 1 });
    expect(summarize([])).toEqual({ pass: 0, warn: 0, fail: 0, skip: 0 });
  });
});

describe('renderText', () => {
  const plain = renderText(report, { color: false });

  it('groups by status, failures first, with the remediation under each line', () => {
    const order = ['FAIL (4)', 'WARN (1)', 'SKIP (1)', 'PASS (1)'].map((label) => plain.indexOf(label));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const lines = plain.split('\n');
    const denied = lines.findIndex((l) => l.includes('denied.example.com:443'));
    expect(lines[denied]).toMatch(/^✗ denied\.example\.com:443 +via proxy +proxy\.denied$/);
    expect(lines[denied + 1]).toMatch(/^ {4}Ask the proxy team/);
    expect(plain).toContain('✓ pypi.org:443  direct');
  });

  it('lists the rules to check from elsewhere and ends with the summary', () => {
    expect(plain).toMatch(/runai\.node-to-node +\{nodes\}:10250 +check from k8s-node/);
    expect(plain.trimEnd().split('\n').at(-1)).toBe('Summary: 4 fail, 1 warn, 1 pass, 1 skip');
  });

  it('fits 80 columns, verbose included', () => {
    for (const options of [{ color: false }, { color: false, verbose: true }, { color: true, verbose: true }]) {
      const text = renderText(report, options).replace(OUR_SGR, '');
      const long = text.split('\n').filter((line) => [...line].length > 80);
      expect(long).toEqual([]);
    }
  });

  it('never lets a control or escape sequence from evidence through', () => {
    for (const verbose of [false, true]) {
      expect(renderText(report, { color: false, verbose })).not.toMatch(CONTROL);
      expect(renderText(report, { color: true, verbose }).replace(OUR_SGR, '')).not.toMatch(CONTROL);
      expect(renderText(report, { color: false, verbose })).not.toContain('owned');
    }
  });

  it('uses colour only when asked, and ASCII symbols on request', () => {
    expect(plain).not.toContain('\u001b');
    // eslint-disable-next-line no-control-regex -- control characters are what this matches
    expect(renderText(report, { color: true })).toMatch(/\u001b\[31m✗\u001b\[0m denied/);
    const ascii = renderText(report, { color: false, ascii: true });
    expect(ascii).toMatch(/^x denied\.example\.com:443/m);
    expect(ascii).toMatch(/^\+ pypi\.org:443/m);
  });

  it('shows explanations, notes and step evidence with -v', () => {
    const verbose = renderText(report, { color: false, verbose: true });
    expect(verbose).toContain('dns   missing.example.com: ENOTFOUND');
    expect(verbose).toContain('@10.0.0.2 A NXDOMAIN');
    expect(verbose).toContain('proxy CONNECT');
    expect(verbose).toContain('What to do: ');
  });

  it('never prints the proxy password', () => {
    for (const verbose of [false, true]) expect(renderText(report, { color: false, verbose })).not.toContain(SECRET);
  });
});

describe('renderJson', () => {
  it('is the Report, parseable and valid against its schema, without secrets', () => {
    const json = renderJson(report);
    const parsed: unknown = JSON.parse(json);
    expect(Report.safeParse(parsed).success).toBe(true);
    expect(json).not.toContain(SECRET);
    expect(json).not.toContain('\u001b');
    expect((parsed as { summary: unknown }).summary).toEqual({ pass: 1, warn: 1, fail: 4, skip: 1 });
  });

  it('in pieces, one finding at a time, is byte for byte JSON.stringify(report, null, 2)', () => {
    const pieces = [...renderJsonPieces(report)];
    expect(pieces).toHaveLength(report.findings.length + 2);
    expect(pieces.join('')).toBe(`${JSON.stringify(report, null, 2).replaceAll(SECRET, '****')}\n`.replace(/\n$/, '\n'));
    expect(JSON.parse(pieces.join(''))).toEqual(JSON.parse(renderJson(report)));
    const empty = { ...report, findings: [] };
    expect(renderJson(empty)).toBe(`${JSON.stringify(empty, null, 2)}\n`);
  });

  it('prepares each finding just before writing it', () => {
    const seen: string[] = [];
    const text = [...renderJsonPieces(report, (finding) => (seen.push(finding.target.host), { ...finding, cause: 'prepared' }))].join('');
    expect(seen).toEqual(report.findings.map((f) => f.target.host));
    expect((JSON.parse(text) as Report).findings.every((f) => f.cause === 'prepared')).toBe(true);
  });
});

describe('renderMarkdown', () => {
  const md = renderMarkdown(report);

  it('has the failures table with cause and remediation, then warnings, passes collapsed', () => {
    const failures = md.indexOf('## Failures (4)');
    const warnings = md.indexOf('## Warnings (1)');
    const passed = md.indexOf('<details><summary>Passed (1)</summary>');
    expect(failures).toBeGreaterThan(-1);
    expect(warnings).toBeGreaterThan(failures);
    expect(passed).toBeGreaterThan(warnings);
    expect(md).toMatch(/\| `denied\.example\.com` \| 443 \| proxy \| `proxy\.denied` \|.*Ask the proxy team/);
    expect(md).toContain('**4 fail, 1 warn, 1 pass, 1 skip**');
    expect(md).toContain('## Check from another machine (1)');
  });

  it('keeps every table row to its columns, whatever the evidence holds', () => {
    for (const line of md.split('\n').filter((l) => l.startsWith('|'))) {
      const cells = line.replace(/\\\|/g, '').split('|').length - 2;
      expect([4, 5, 6]).toContain(cells);
    }
    const header = md.split('\n').find((l) => l.startsWith('| Host | Port | Route | Cause'));
    expect(header?.split('|').length).toBe(8);
  });

  it('carries no control characters, raw HTML from evidence, or secrets', () => {
    expect(md).not.toMatch(CONTROL);
    expect(md).not.toContain('<b>');
    expect(md).not.toContain(SECRET);
  });
});

describe('renderJunit', () => {
  const xml = renderJunit(report);

  it('is well-formed XML with one testcase per finding', () => {
    const doc = checkXml(xml);
    expect(doc.root).toBe('testsuites');
    expect(doc.elements.filter((e) => e.name === 'testcase')).toHaveLength(report.findings.length);
    expect(doc.elements.filter((e) => e.name === 'failure')).toHaveLength(4);
    expect(doc.elements.filter((e) => e.name === 'skipped')).toHaveLength(1);
    const suite = doc.elements.find((e) => e.name === 'testsuite');
    expect(suite?.attrs).toMatchObject({ tests: '7', failures: '4', skipped: '1', time: '7.500' });
    expect(doc.elements.find((e) => e.name === 'failure')?.attrs['type']).toBe('proxy.denied');
  });

  it('escapes evidence and drops control characters', () => {
    expect(xml).not.toMatch(CONTROL);
    expect(xml).not.toContain('<b>');
    expect(xml).toContain('&lt;b&gt;&amp;');
    expect(xml).not.toContain(SECRET);
  });
});
