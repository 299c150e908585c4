import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reclassifyReport } from '../../src/diagnose/index.js';
import { createRedaction, loadReportFile, redactDeep, Report, type Finding } from '../../src/report/index.js';
import { loadScenarios } from '../../src/sim/index.js';
import { netreq } from './run-scenario.js';

const { scenarios } = loadScenarios();
const dir = mkdtempSync(join(tmpdir(), 'netreq-reclassify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a judgement decides: everything of a finding but the rule ids and target, which it copies. */
function judged(finding: Finding): Pick<Finding, 'status' | 'cause' | 'notes' | 'explanation' | 'remediation' | 'verify' | 'steps'> & { key: string } {
  return {
    key: `${finding.target.host}:${finding.target.port} via ${finding.target.via}`,
    status: finding.status,
    cause: finding.cause,
    notes: finding.notes,
    explanation: finding.explanation,
    remediation: finding.remediation,
    verify: finding.verify,
    steps: finding.steps,
  };
}

/** The bundle is written for this one (`--bundle`), and judged again through `report --reclassify` as well. */
const BUNDLED = 'several-failures';

/**
 * What every output applies, `report --reclassify` too: the standard redaction. The saved texts
 * went through it (a remediation's `http://user:password@proxy` example reads `user:***@`), so the
 * texts judged again are compared as they would be shown.
 */
const shown = (report: Report): Report => redactDeep(report, createRedaction({ patterns: [], secrets: [] })).value;

// Each scenario starts its own site on loopback, so they run side by side; one run each.
describe.concurrent('one-engine 3: every built-in scenario, saved as JSON by check, judged again, gives the same findings', () => {
  it('covers every built-in scenario', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(14);
    expect(scenarios.map((s) => s.name)).toContain(BUNDLED);
  });

  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const bundle = join(dir, `${scenario.name}.tar.gz`);
      const argv = ['check', '--scenario', scenario.name, '--format', 'json', ...(scenario.name === BUNDLED ? ['--bundle', bundle] : [])];
      const run = await netreq(dir, argv);
      expect([0, 1], run.stderr).toContain(run.code);
      // What was saved: the report as `check --format json` printed it, read back with its schema.
      const saved = Report.parse(JSON.parse(run.stdout));
      expect(saved.schemaVersion).toBe(2);
      expect(saved.findings.length).toBeGreaterThan(0);
      for (const finding of saved.findings.filter((f) => f.source === undefined)) expect(finding.basis, `${finding.target.host}: no basis`).toBeDefined();
      const again = shown(reclassifyReport(saved));
      expect(again.findings.map(judged)).toEqual(saved.findings.map(judged));
      expect(again.summary).toEqual(saved.summary);

      if (scenario.name !== BUNDLED) return;
      const fromBundle = loadReportFile(bundle).report;
      expect(shown(reclassifyReport(fromBundle)).findings.map(judged)).toEqual(fromBundle.findings.map(judged));
      const output = await netreq(dir, ['report', bundle, '--reclassify', '--format', 'json']);
      expect(output.code, output.stderr).toBe(0);
      expect(output.stderr).toMatch(new RegExp(`judged again by netreq \\S+: 0 of ${fromBundle.findings.length} findings changed cause or status\\n$`));
      const rendered = Report.parse(JSON.parse(output.stdout));
      expect(rendered.reclassifiedBy?.catalogVersion).toMatch(/^sha256:/);
      expect(rendered.findings.map(judged)).toEqual(fromBundle.findings.map(judged));
      // As text too: the same page `report` shows for the saved findings.
      const text = await netreq(dir, ['report', bundle]);
      const textAgain = await netreq(dir, ['report', bundle, '--reclassify']);
      expect(textAgain.stdout).toBe(text.stdout);
    });
  }
});
