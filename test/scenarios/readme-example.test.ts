import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/index.js';
import { compareScenarioRun, formatMismatches, loadScenarioFile } from '../../src/sim/index.js';
import { netreq } from './run-scenario.js';

const README = join(import.meta.dirname, '..', '..', 'scenarios', 'README.md');

/** The YAML block right after the `<!-- example -->` marker. */
function example(): string {
  const text = readFileSync(README, 'utf8');
  const match = /<!-- example -->\s*```yaml\n([\s\S]*?)\n```/.exec(text);
  if (!match?.[1]) throw new Error(`${README}: no \`<!-- example -->\` YAML block`);
  return `${match[1]}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'netreq-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the documented example in scenarios/README.md', () => {
  it('runs with --scenario-file and its findings are the ones it expects', async () => {
    writeFileSync(join(dir, 'arc-lab.yaml'), example());
    const scenario = loadScenarioFile(join(dir, 'arc-lab.yaml'));
    const run = await netreq(dir, ['check', '--scenario-file', 'arc-lab.yaml', '--format', 'json']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Report;
    expect(report.scenario).toBe(scenario.name);
    const mismatches = compareScenarioRun(scenario, report);
    if (mismatches.length > 0) expect.fail(`\n${formatMismatches(scenario.name, mismatches)}`);
    // Sensible: the blocked hosts fail through the proxy (a registry by the download the proxy refused), and most of the site passes.
    expect(run.code).toBe(1);
    expect(report.findings.filter((f) => f.status === 'fail').every((f) => f.target.via === 'proxy' && (f.cause?.startsWith('proxy.') === true || f.cause === 'registry.layer-blocked'))).toBe(true);
    expect(report.summary.pass).toBeGreaterThan(report.summary.fail);
    // The proxy password never reaches the report.
    expect(run.stdout).not.toContain('Secret-123');
  });
});
