import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runLimits } from '../../src/cli/commands/check.js';
import { executeScenario } from '../../src/cli/execute-run.js';
import { compareScenarioRun, DEFAULT_SCENARIO, formatMismatches, loadScenarios } from '../../src/sim/index.js';
import { captureIo } from './run-scenario.js';

const { scenarios, errors } = loadScenarios();

describe('the built-in scenarios', () => {
  it('are all valid, at least 14 of them, with the default demo among them', () => {
    expect(errors).toEqual([]);
    expect(scenarios.length).toBeGreaterThanOrEqual(14);
    expect(scenarios.map((s) => s.name)).toContain(DEFAULT_SCENARIO);
  });

  it('the default demo shows several kinds of failure, each explained', () => {
    const demo = scenarios.find((s) => s.name === DEFAULT_SCENARIO);
    const causes = new Set(Object.values(demo?.expect ?? {}).flatMap((e) => (e.status === 'fail' ? [e.cause?.split('.')[0]] : [])));
    expect(causes.size).toBeGreaterThanOrEqual(3);
  });

  it('root-causes 1: every built-in says which root causes it must produce ([] for none)', () => {
    const without = scenarios.filter((s) => s.rootCauses === undefined).map((s) => s.source);
    expect(without).toEqual([]);
  });
});

// Each scenario starts its own site on loopback; silent hosts cost one short timeout, so they run side by side.
describe.concurrent('golden: every scenario end to end, through the code of check --scenario', () => {
  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const { io } = captureIo(tmpdir());
      const { report, unexercised } = await executeScenario(scenario, {}, runLimits({}, scenario.timeoutMs), io);
      expect(report.scenario).toBe(scenario.name);
      expect(report.interrupted).toBe(false);
      const mismatches = compareScenarioRun(scenario, report);
      if (mismatches.length > 0) expect.fail(`\n${formatMismatches(scenario.name, mismatches)}`);
      // A host the site names that the run never touched is a declared behaviour nobody checks.
      expect(unexercised, `${scenario.source}: site.hosts never exercised by the topology's checks`).toEqual([]);
    });
  }
});
