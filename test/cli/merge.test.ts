import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeReports, summarize, type Report } from '../../src/report/index.js';
import { sampleReport } from '../report/sample-report.js';
import { netreqIn } from './diff-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A node's report: the sample with pypi.org passing, or failing on the odd nodes. */
function nodeReport(failing: boolean): Report {
  const base = sampleReport();
  const findings = base.findings.map((f) => {
    if (f.target.host !== 'pypi.org') return f;
    return failing ? { ...f, status: 'fail' as const, cause: 'tcp.timeout' } : f;
  });
  return { ...base, findings, summary: summarize(findings) };
}

describe('mergeReports', () => {
  it('makes a rule that fails on 2 nodes of 40 stand out, naming them', () => {
    const inputs = Array.from({ length: 40 }, (_, i) => ({ machine: `node-${String(i + 1).padStart(2, '0')}`, report: nodeReport(i === 6 || i === 18) }));
    const merged = mergeReports(inputs);
    expect(merged.machines).toHaveLength(40);
    const first = merged.rows[0];
    expect(first?.target).toBe('pypi.org:443/tcp https');
    expect(first?.counts).toMatchObject({ pass: 38, fail: 2 });
    expect(first?.outliers).toEqual(['node-07', 'node-19']);
    expect(first?.cells['node-07']).toEqual({ status: 'fail', cause: 'tcp.timeout' });
    // A row where every node agrees has no outliers.
    expect(merged.rows.find((r) => r.target.startsWith('missing.example.com'))?.outliers).toEqual([]);
  });
});

describe('netreq merge', () => {
  it('renders the matrix in text, Markdown and JSON', async () => {
    for (let i = 1; i <= 3; i += 1) writeFileSync(join(dir, `node-${i}.json`), JSON.stringify(nodeReport(i === 2)));
    const text = await netreqIn(dir, 'merge', 'node-1.json', 'node-2.json', 'node-3.json');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/pypi\.org:443\/tcp https {2}1 fail, 2 pass {2}<- node-2 fail tcp\.timeout/);
    const md = await netreqIn(dir, 'merge', 'node-1.json', 'b=node-2.json', 'node-3.json', '--format', 'md');
    expect(md.stdout).toContain('| Target | node-1 | b | node-3 |');
    const json = JSON.parse((await netreqIn(dir, 'merge', 'node-1.json', 'node-3.json', '--format', 'json')).stdout) as { machines: string[] };
    expect(json.machines).toEqual(['node-1', 'node-3']);
  });

  it('refuses no reports and two with one name', async () => {
    expect(await netreqIn(dir, 'merge')).toMatchObject({ code: 2 });
    writeFileSync(join(dir, 'a.json'), JSON.stringify(nodeReport(false)));
    expect(await netreqIn(dir, 'merge', 'a.json', 'a.json')).toMatchObject({ code: 2, stderr: expect.stringContaining("both named 'a'") });
  });
});
