import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { netreqIn } from './diff-helpers.js';
import { diffReports, summarize, type Report } from '../../src/report/index.js';
import { sampleReport } from '../report/sample-report.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The sample report with some findings moved to another status. */
function variant(changes: Readonly<Record<string, { status: Report['findings'][number]['status']; cause?: string }>>, drop: readonly string[] = []): Report {
  const base = sampleReport();
  const findings = base.findings
    .filter((f) => !drop.includes(f.target.host))
    .map((f) => {
      const change = changes[f.target.host];
      if (!change) return f;
      const { cause: _old, ...rest } = f;
      return { ...rest, status: change.status, ...(change.cause !== undefined ? { cause: change.cause } : {}) };
    });
  return { ...base, findings, summary: summarize(findings) };
}

function write(name: string, report: Report): string {
  writeFileSync(join(dir, name), JSON.stringify(report));
  return name;
}

describe('diffReports', () => {
  it('says what got fixed, what broke and what stayed', () => {
    const old = sampleReport();
    const now = variant({ 'denied.example.com': { status: 'pass' }, 'pypi.org': { status: 'fail', cause: 'tcp.timeout' }, 'missing.example.com': { status: 'fail', cause: 'dns.servfail' } }, ['head1.example.com']);
    const diff = diffReports(old, now);
    const kind = (host: string): string | undefined => diff.entries.find((e) => e.target.startsWith(host))?.kind;
    expect(kind('denied.example.com')).toBe('fixed');
    expect(kind('pypi.org')).toBe('broke');
    expect(kind('missing.example.com')).toBe('changed');
    expect(kind('head1.example.com')).toBe('removed');
    expect(kind('registry.example.com')).toBe('unchanged');
    expect(diff.counts).toMatchObject({ fixed: 1, broke: 1, changed: 1, removed: 1 });
    // What broke comes first.
    expect(diff.entries[0]?.kind).toBe('broke');
  });
});

describe('netreq diff', () => {
  const oldFile = write('old.json', sampleReport());
  const newFile = write('new.json', variant({ 'denied.example.com': { status: 'pass' }, 'pypi.org': { status: 'fail', cause: 'tcp.timeout' } }));

  it('prints text, Markdown and JSON, and exits 1 when something broke', async () => {
    const text = await netreqIn(dir, 'diff', oldFile, newFile);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/Broke \(1\)\n {2}pypi\.org:443\/tcp https {2}pass -> fail tcp\.timeout/);
    expect(text.stdout).toMatch(/Fixed \(1\)\n {2}denied\.example\.com:443\/tcp https {2}fail proxy\.denied -> pass/);
    const md = await netreqIn(dir, 'diff', oldFile, newFile, '--format', 'md');
    expect(md.stdout).toContain('## Broke (1)');
    const json = JSON.parse((await netreqIn(dir, 'diff', oldFile, newFile, '--format', 'json')).stdout) as { counts: Record<string, number> };
    expect(json.counts).toMatchObject({ fixed: 1, broke: 1 });
    expect((await netreqIn(dir, 'diff', oldFile, oldFile)).code).toBe(0);
  });

  it('gives a clear usage error for bad input', async () => {
    writeFileSync(join(dir, 'junk.json'), '{"hello": 1}');
    writeFileSync(join(dir, 'text.json'), 'not json');
    expect(await netreqIn(dir, 'diff', oldFile)).toMatchObject({ code: 2, stderr: expect.stringContaining('two reports') });
    expect(await netreqIn(dir, 'diff', oldFile, 'nope.json')).toMatchObject({ code: 2, stderr: expect.stringContaining('nope.json: cannot read it (ENOENT)') });
    expect(await netreqIn(dir, 'diff', oldFile, 'junk.json')).toMatchObject({ code: 2, stderr: expect.stringContaining('junk.json: not a netreq report') });
    expect(await netreqIn(dir, 'diff', oldFile, 'text.json')).toMatchObject({ code: 2, stderr: expect.stringContaining('text.json: not JSON') });
    expect(await netreqIn(dir, 'diff', oldFile, newFile, '--format', 'junit')).toMatchObject({ code: 2 });
  });
});
