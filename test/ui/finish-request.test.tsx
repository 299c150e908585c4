import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/index.js';
import type { CliIo } from '../../src/cli/io.js';
import { proxySettingsFrom } from '../../src/cli/site-input.js';
import { wizardServices } from '../../src/cli/wizard-services.js';
import type { Network } from '../../src/net/index.js';
import type { Report, SiteEvent } from '../../src/schema/index.js';
import { App, type AppServices } from '../../src/ui/components/App.js';
import type { WizardOutcome } from '../../src/ui/types.js';
import { SUMMARY, buildReport, runEvents, target } from './fixtures.js';
import { KEY, renderUi, waitFor } from './render.js';
import { pypi, reportWithRootCauses } from './root-cause-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-finish-request-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const io: CliIo = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: dir, signal: new AbortController().signal };
// Exporting runs nothing: the real services' network is never reached; the run is the fake engine below.
const engine = wizardServices(loadCatalog(), { network: {} as Network, proxyFor: (t) => proxySettingsFrom({}, {}, t), limits: { stepTimeoutMs: 1_000, maxTimeMs: 5_000, concurrency: 4 } }, io);
function exportRequest(report: Report, format: 'md'): string {
  if (!engine.exportRequest) throw new Error('the wizard services export the change request');
  return engine.exportRequest(report, format);
}

/** The engine's report at the end of a run, with its root causes, as a real engine's `done` carries it. */
async function* ranTo(report: Report): AsyncIterable<SiteEvent> {
  yield* runEvents(report.findings.map((f) => ({ target: target(f.target.host), finding: f })));
  yield { type: 'root-causes', rootCauses: report.rootCauses ?? [] };
  yield { type: 'done', report, interrupted: false };
}

/** Fake rules and run; the change request and the files are the CLI's own (files in the temp dir). */
function services(report: Report): AppServices {
  return {
    summarize: () => SUMMARY,
    exportRules: (_t, format) => `rules as ${format}`,
    exportRequest: (r, format) => engine.exportRequest?.(r, format) ?? '',
    startRun: () => ranTo(report),
    buildReport,
    renderMarkdown: () => '# summary\n',
    saveFile: (path, text) => engine.saveFile(path, text),
  };
}

async function toReview(ui: ReturnType<typeof renderUi>) {
  for (let i = 0; i < 12 && !ui.frame().includes('Your answers'); i += 1) await ui.press(KEY.enter);
  await ui.press('c');
  await ui.waitForText('rules apply to this site');
}

const SEED = { products: ['runai'], roles: ['installer'] };

describe('the change request from the finish screen', () => {
  it("root-causes 3: after a check with failures, Finish exports the change request for the run's report to a file, then goes back to Finish", async () => {
    const outcomes: WizardOutcome[] = [];
    const ui = renderUi(<App services={services(reportWithRootCauses())} ctx={{ env: {}, regions: [] }} seed={SEED} onExit={(o) => outcomes.push(o)} />);
    await toReview(ui);
    await ui.press(KEY.enter);
    await ui.waitForText('Results');
    await ui.press('n');
    await ui.waitForText('Before you go');
    expect(ui.frame()).toContain('The change request for what failed');
    await ui.press(KEY.up, KEY.up, KEY.enter); // from Quit, past "Back to the results"
    await ui.waitForText('Export the change request for what failed: which format?');
    await ui.press(KEY.enter); // md, the first offered
    await ui.waitForText('Write the change request as md to:');
    expect(ui.frame()).toContain('netreq-request.md');
    await ui.press(KEY.enter);
    await ui.waitForText('Saved the change request (md) to netreq-request.md');
    await ui.press(KEY.escape);
    await ui.waitForText('Before you go');
    await ui.press(KEY.enter); // Quit
    await waitFor(() => outcomes.length === 1);
    const report = outcomes[0]?.report;
    if (!report) throw new Error('the wizard ended with the run report');
    const written = readFileSync(join(dir, 'netreq-request.md'), 'utf8');
    expect(written).toBe(exportRequest(report, 'md'));
    expect(written).toContain('root.dns-public-unresolved');
    expect(written).toContain('runai.jfrog.io');
  });

  it('root-causes 3: the review export is still the firewall rules, csv first, back to the review', async () => {
    const ran: string[] = [];
    const ui = renderUi(<App services={{ ...services(reportWithRootCauses()), startRun: () => (ran.push('run'), ranTo(reportWithRootCauses())) }} ctx={{ env: {}, regions: [] }} seed={SEED} onExit={() => undefined} />);
    await toReview(ui);
    await ui.press('e');
    await ui.waitForText('Export the firewall request: which format?');
    await ui.press(KEY.enter);
    await ui.waitForText('Write the rules as csv to:');
    expect(ui.frame()).toContain('netreq-rules.csv');
    await ui.press(KEY.enter);
    await ui.waitForText('Saved the rules (csv) to netreq-rules.csv');
    expect(readFileSync(join(dir, 'netreq-rules.csv'), 'utf8')).toBe('rules as csv');
    await ui.press(KEY.escape);
    await ui.waitForText('rules apply to this site');
    expect(ran).toEqual([]);
  });

  it('root-causes 3: when nothing failed or warned, Finish offers no change request', async () => {
    const passed = reportWithRootCauses([], [pypi]);
    const ui = renderUi(<App services={services(passed)} ctx={{ env: {}, regions: [] }} seed={SEED} onExit={() => undefined} />);
    await toReview(ui);
    await ui.press(KEY.enter);
    await ui.waitForText('Results');
    await ui.press('n');
    await ui.waitForText('Before you go');
    expect(ui.frame()).not.toContain('change request');
  });

  it('root-causes 3: without an exporter (older services), Finish offers no change request', async () => {
    const { exportRequest: _dropped, ...older } = services(reportWithRootCauses());
    const ui = renderUi(<App services={older} ctx={{ env: {}, regions: [] }} seed={SEED} onExit={() => undefined} />);
    await toReview(ui);
    await ui.press(KEY.enter);
    await ui.waitForText('Results');
    await ui.press('n');
    await ui.waitForText('Before you go');
    expect(ui.frame()).not.toContain('change request');
  });
});
