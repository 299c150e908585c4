import { describe, expect, it } from 'vitest';
import type { Finding, SiteEvent } from '../../src/schema/index.js';
import { Topology } from '../../src/topology/schema.js';
import { App, type AppServices } from '../../src/ui/components/App.js';
import { ResultsScreen } from '../../src/ui/screens/ResultsScreen.js';
import { needsRecheck } from '../../src/ui/recheck-merge.js';
import type { WizardOutcome } from '../../src/ui/types.js';
import { SUMMARY, buildReport, channel, eventsOf, finding, runEvents, target } from './fixtures.js';
import { KEY, renderUi, waitFor } from './render.js';

const REGIONS = [{ name: 'eastus', code: 'eus', display: 'East US' }];
const jfrog = target('runai.jfrog.io', 443, ['runai.jfrog']);
const gcr = target('gcr.io', 443, ['runai.gcr']);
const pypi = target('pypi.org', 443, ['runai.pypi']);

interface Harness {
  readonly services: AppServices;
  readonly saved: Map<string, string>;
  /** What each re-check was asked to rerun. */
  readonly asked: (readonly Finding[])[];
  readonly recheck: ReturnType<typeof channel>;
}

function harness(): Harness {
  const saved = new Map<string, string>();
  const asked: (readonly Finding[])[] = [];
  const recheck = channel();
  const first = [
    { target: pypi, finding: finding(pypi, 'pass') },
    { target: jfrog, finding: finding(jfrog, 'fail', 'tcp.refused') },
    { target: gcr, finding: finding(gcr, 'fail', 'tcp.refused') },
  ];
  const services: AppServices = {
    summarize: () => SUMMARY,
    exportRules: () => '',
    startRun: (_topology, signal) => eventsOf(runEvents(first), signal),
    recheck: (failed, _topology, signal): AsyncIterable<SiteEvent> => {
      asked.push(failed.findings.filter(needsRecheck));
      return recheck.stream(signal);
    },
    buildReport: (findings, topology, interrupted) => buildReport(findings, topology, interrupted),
    renderMarkdown: (report) => `# netreq\n${report.summary.pass} passed, ${report.summary.fail} failed\n`,
    saveFile: async (path, text) => void saved.set(path, text),
  };
  return { services, saved, asked, recheck };
}

async function toResults(services: AppServices, outcomes: WizardOutcome[] = []) {
  const ui = renderUi(<App services={services} ctx={{ env: {}, regions: REGIONS }} seed={{ products: ['runai'], roles: ['installer'] }} onExit={(o) => outcomes.push(o)} />);
  for (let i = 0; i < 12 && !ui.frame().includes('Your answers'); i += 1) await ui.press(KEY.enter);
  await ui.press('c');
  await ui.waitForText('rules apply to this site');
  await ui.press(KEY.enter);
  await ui.waitForText('r re-check failures');
  return ui;
}

describe("the wizard's re-check of what failed", () => {
  it('reruns the failures, shows each change as it lands, and merges them into the results and the saved summary', async () => {
    const h = harness();
    const outcomes: WizardOutcome[] = [];
    const ui = await toResults(h.services, outcomes);
    expect(ui.frame()).toContain('x 2 fail');

    await ui.press('r');
    await ui.waitForText('Re-checking 2 targets');
    expect(h.asked).toHaveLength(1);
    expect(h.asked[0]?.map((f) => f.target.host).sort()).toEqual(['gcr.io', 'runai.jfrog.io']);

    h.recheck.push({ type: 'planned', targets: [jfrog, gcr], at: 0 }, { type: 'step-started', key: jfrog.key, step: 'tcp', at: 0 });
    await ui.waitForText(/runai\.jfrog\.io:443\s+x tcp\.refused -> \* tcp\.\.\./);
    h.recheck.push({ type: 'finding', key: jfrog.key, finding: finding(jfrog, 'pass'), at: 0 });
    await ui.waitForText(/runai\.jfrog\.io:443\s+x tcp\.refused -> \+ ok/);
    expect(ui.frame()).toContain('1/2 done');
    h.recheck.push({ type: 'finding', key: gcr.key, finding: finding(gcr, 'fail', 'tcp.timeout'), at: 0 });
    await ui.waitForText(/gcr\.io:443\s+x tcp\.refused -> x tcp\.timeout/);
    h.recheck.end();

    await ui.waitForText('Re-check: 1 fixed, 1 still failing.');
    const frame = ui.frame();
    expect(frame).toContain('+ 2 pass');
    expect(frame).toContain('x 1 fail');
    expect(frame).toMatch(/> x gcr\.io:443\s+tcp\.timeout/);
    expect(frame.indexOf('gcr.io')).toBeLessThan(frame.indexOf('runai.jfrog.io'));

    await ui.press('n');
    await ui.waitForText('Before you go');
    await ui.press(KEY.up, KEY.up, KEY.enter);
    await ui.waitForText('Write the summary to:');
    await ui.press(KEY.enter);
    await waitFor(() => h.saved.size === 1);
    expect(h.saved.get('netreq-report.md')).toContain('2 passed, 1 failed');
    await ui.waitForText('Saved the summary');
    await ui.press(KEY.enter); // Quit is where the cursor rests
    await waitFor(() => outcomes.length === 1);
    expect(outcomes[0]?.report?.summary).toMatchObject({ pass: 2, fail: 1 });
  });

  it('Ctrl-C during the re-check keeps the earlier findings of the targets it did not finish', async () => {
    const h = harness();
    const ui = await toResults(h.services);
    await ui.press('r');
    await ui.waitForText('Re-checking 2 targets');
    h.recheck.push({ type: 'planned', targets: [jfrog, gcr], at: 0 }, { type: 'finding', key: jfrog.key, finding: finding(jfrog, 'pass'), at: 0 });
    await ui.waitForText('1/2 done');
    await ui.press(KEY.ctrlC);

    await ui.waitForText('Re-check stopped: 1 fixed, 1 not re-checked.');
    const frame = ui.frame();
    expect(frame).toContain('+ 2 pass');
    expect(frame).toMatch(/> x gcr\.io:443\s+tcp\.refused/);
    // Back on the results, a second re-check reruns only what still fails.
    await ui.press('r');
    await ui.waitForText('Re-checking 1 target ');
    expect(h.asked[1]?.map((f) => f.target.host)).toEqual(['gcr.io']);
  });

  it('offers no re-check when nothing failed or the wizard has no re-check service', async () => {
    const topology = Topology.parse({ products: ['runai'], roles: ['installer'] });
    let asked = 0;
    const passing = buildReport([finding(pypi, 'pass')], topology, false);
    const ok = renderUi(<ResultsScreen report={passing} isActive onNext={() => undefined} onRecheck={() => (asked += 1)} />);
    expect(ok.frame()).not.toContain('re-check');
    await ok.press('r');

    const failing = buildReport([finding(jfrog, 'fail', 'tcp.refused')], topology, false);
    const none = renderUi(<ResultsScreen report={failing} isActive onNext={() => undefined} />);
    expect(none.frame()).not.toContain('re-check');
    await none.press('r');
    expect(asked).toBe(0);
  });
});
