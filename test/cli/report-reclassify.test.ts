import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netreqIn } from './diff-helpers.js';
import { Report } from '../../src/report/index.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-report-reclassify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A report as netreq before schema 2 wrote it: no basis, no runtime basis. */
function asSchema1(report: Report): unknown {
  const { runtime: _runtime, reclassifiedBy: _by, ...rest } = report;
  return { ...rest, schemaVersion: 1, findings: report.findings.map(({ basis: _basis, source: _source, ...f }) => f) };
}

describe('one-engine 3: reports of schema 1 are still read; only schema 2 is judged again', () => {
  let v2: Report;
  beforeAll(async () => {
    const run = await netreqIn(dir, 'check', '--scenario', 'dns-servfail', '--format', 'json');
    expect(run.code, run.stderr).toBe(1);
    writeFileSync(join(dir, 'v2.json'), run.stdout);
    v2 = Report.parse(JSON.parse(run.stdout));
    writeFileSync(join(dir, 'v1.json'), JSON.stringify(asSchema1(v2), null, 2));
  });

  it('report renders a schema 1 report as it renders the same findings of schema 2 (text, md, junit, json without basis)', async () => {
    for (const format of ['text', 'md', 'junit']) {
      const one = await netreqIn(dir, 'report', 'v1.json', '--format', format);
      const two = await netreqIn(dir, 'report', 'v2.json', '--format', format);
      expect([one.code, one.stderr], format).toEqual([0, '']);
      expect(one.stdout, format).toBe(two.stdout);
    }
    const json = await netreqIn(dir, 'report', 'v1.json', '--format', 'json');
    expect(json.code).toBe(0);
    const shown = Report.parse(JSON.parse(json.stdout));
    expect(shown.schemaVersion).toBe(1);
    expect(shown.findings.every((f) => f.basis === undefined)).toBe(true);
  });

  it('diff and merge take schema 1 and 2 together', async () => {
    const diff = await netreqIn(dir, 'diff', 'v1.json', 'v2.json');
    expect([diff.code, diff.stderr]).toEqual([0, '']);
    const merge = await netreqIn(dir, 'merge', 'v1.json', 'v2.json');
    expect(merge.stderr).toBe('');
    expect(merge.code).toBe(1);
    expect(merge.stdout).toContain(v2.findings.find((f) => f.status === 'fail')?.target.host);
  });

  it('report --reclassify of a schema 1 report: exit 2, the file and why, no stack', async () => {
    const run = await netreqIn(dir, 'report', 'v1.json', '--reclassify');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(join(dir, 'v1.json'));
    expect(run.stderr).toMatch(/cannot be judged again: made by netreq \S+ with report schema 1: it has no observations' context to judge again; run the check again with this version/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('report --reclassify of a malformed file or a missing one: exit 2 with the file and the reason', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ schemaVersion: 2, findings: 'none' }));
    writeFileSync(join(dir, 'v9.json'), JSON.stringify({ ...v2, schemaVersion: 9 }));
    for (const [file, reason] of [['bad.json', /not a netreq report/], ['v9.json', /schemaVersion/], ['absent.json', /cannot read the file \(ENOENT\)/]] as const) {
      const run = await netreqIn(dir, 'report', file, '--reclassify');
      expect(run.code, file).toBe(2);
      expect(run.stderr, file).toContain(join(dir, file));
      expect(run.stderr, file).toMatch(reason);
      expect(run.stderr, file).not.toMatch(/\n\s+at /);
    }
  });

  it('report --reclassify of schema 2: shown in the chosen format; stderr counts the findings that changed', async () => {
    const run = await netreqIn(dir, 'report', 'v2.json', '--reclassify', '--format', 'md');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe((await netreqIn(dir, 'report', 'v2.json', '--format', 'md')).stdout);
    expect(run.stderr).toBe(`netreq: judged again by netreq ${v2.tool.version}: 0 of ${v2.findings.length} findings changed cause or status\n`);
    // A saved cause edited by hand is judged again: one changed.
    const edited = { ...v2, findings: v2.findings.map((f, i) => (i === v2.findings.findIndex((x) => x.status === 'fail') ? { ...f, cause: 'dns.nxdomain' } : f)) };
    writeFileSync(join(dir, 'edited.json'), JSON.stringify(edited));
    const again = await netreqIn(dir, 'report', 'edited.json', '--reclassify', '--format', 'json');
    expect(again.stderr).toMatch(/: 1 of \d+ findings changed cause or status\n$/);
    expect(Report.parse(JSON.parse(again.stdout)).findings.map((f) => f.cause)).toEqual(v2.findings.map((f) => f.cause));
  });

  it('report --help teaches --reclassify', async () => {
    const help = await netreqIn(dir, 'report', '--help');
    expect(help.stdout).toMatch(/--reclassify\s+judge the saved observations again with this version's classifier/);
    expect(help.stdout).toContain('netreq report support.tar.gz --reclassify');
  });
});
