import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/schema/index.js';
import type { Topology } from '../../src/topology/schema.js';
import { App, type AppServices } from '../../src/ui/components/App.js';
import type { WizardOutcome } from '../../src/ui/types.js';
import { SUMMARY, buildReport, eventsOf, finding, runEvents, target } from './fixtures.js';
import { KEY, renderUi, waitFor } from './render.js';

const REGIONS = [{ name: 'eastus', code: 'eus', display: 'East US' }];

function services(saved: Map<string, string>, ran: Topology[]): AppServices {
  const jfrog = target('runai.jfrog.io', 443, ['runai.jfrog']);
  const pypi = target('pypi.org', 443, ['runai.pypi']);
  const items = [
    { target: pypi, finding: finding(pypi, 'pass') },
    { target: jfrog, finding: finding(jfrog, 'fail', 'tcp.refused') },
  ];
  return {
    summarize: () => SUMMARY,
    exportRules: (_t, format) => `rules as ${format}`,
    startRun: (topology, signal) => {
      ran.push(topology);
      return eventsOf(runEvents(items), signal);
    },
    buildReport: (findings: readonly Finding[], topology: Topology, interrupted: boolean) => buildReport(findings, topology, interrupted),
    renderMarkdown: (report) => `# netreq\n${report.summary.fail} failed\n`,
    saveFile: async (path, text) => void saved.set(path, text),
  };
}

describe('the wizard, driven by keystrokes', () => {
  it('answers, revises one, reviews, runs, opens a failure, saves the answers and quits', async () => {
    const saved = new Map<string, string>();
    const ran: Topology[] = [];
    const outcomes: WizardOutcome[] = [];
    const ui = renderUi(<App services={services(saved, ran)} ctx={{ env: {}, regions: REGIONS }} seed={{}} onExit={(o) => outcomes.push(o)} />);

    await ui.waitForText('Which platform(s) is this site installing?');
    await ui.press(KEY.enter); // Run:ai
    await ui.waitForText("What is this machine's role?");
    await ui.press(KEY.enter); // installer
    await ui.waitForText('Base Command Manager');
    await ui.press('y');
    await ui.waitForText('The BCM headnodes');
    await ui.type('bcm-head-01');
    await ui.press(KEY.enter);
    await ui.waitForText('Where does the Run:ai control plane run?');
    await ui.press(KEY.enter);
    await ui.waitForText("The control plane's FQDN");
    await ui.type('acme.run.ai');
    await ui.press(KEY.enter);
    await ui.waitForText('Outbound proxy URL');
    await ui.press(KEY.enter);
    await ui.waitForText('Do your nodes pull through a registry mirror?');
    await ui.press(KEY.enter);
    await ui.waitForText('GPU Operator');
    await ui.press(KEY.enter);

    await ui.waitForText('Your answers: pick one to change it');
    expect(ui.frame()).toMatch(/BCM headnodes\s+bcm-head-01/);
    // Change "BCM used" to no: the headnodes are no longer asked or listed.
    await ui.press(KEY.up, KEY.up, KEY.up, KEY.up, KEY.up, KEY.up, KEY.up, KEY.enter);
    await ui.waitForText('Base Command Manager');
    await ui.press('n');
    await ui.waitForText('Your answers: pick one to change it');
    expect(ui.frame()).toMatch(/BCM used\s+no/);
    expect(ui.frame()).not.toContain('BCM headnodes');

    await ui.press('c');
    await ui.waitForText('9 rules apply to this site.');
    await ui.press(KEY.enter);
    await ui.waitForText('Results');
    expect(ran[0]).toMatchObject({ products: ['runai'], roles: ['installer'], bcm: { enabled: false }, controlPlane: { fqdn: 'acme.run.ai' } });
    const results = ui.frame();
    expect(results.indexOf('runai.jfrog.io')).toBeLessThan(results.indexOf('pypi.org'));

    await ui.press(KEY.enter);
    await ui.waitForText('What to do');
    expect(ui.frame()).toContain('Allow outbound TCP 443');
    expect(ui.frame()).toContain('curl -v https://runai.jfrog.io:443/');
    await ui.press(KEY.escape, 'n');
    await ui.waitForText('Before you go');
    await ui.press(KEY.up, KEY.up, KEY.up, KEY.enter);
    await ui.waitForText('Write the answers to:');
    await ui.press(KEY.enter);
    await ui.waitForText('Saved the answers to netreq-answers.yaml');
    expect(saved.get('netreq-answers.yaml')).toContain('fqdn: acme.run.ai');
    await ui.press(KEY.enter); // Quit is where the cursor rests
    await waitFor(() => outcomes.length === 1);
    expect(outcomes[0]).toMatchObject({ interrupted: false, quit: false, report: { summary: { pass: 1, fail: 1 } } });
  });

  it('with prefilled answers (a demo), Enter through every question reaches failures and their remediation', async () => {
    const ui = renderUi(
      <App
        services={{ ...services(new Map(), []), title: 'demo: broken-site' }}
        ctx={{ env: {}, regions: REGIONS, initial: { products: ['runai'], roles: ['installer'], controlPlane: { fqdn: 'cp.example' } } }}
        seed={{ products: ['runai'], roles: ['installer'], controlPlane: 'cp.example' }}
        onExit={() => undefined}
      />,
    );
    await ui.waitForText('demo: broken-site');
    for (let i = 0; i < 12 && !ui.frame().includes('Your answers'); i += 1) await ui.press(KEY.enter);
    await ui.waitForText(/Control plane FQDN\s+cp\.example/);
    await ui.press(KEY.enter, KEY.enter);
    await ui.waitForText('Results');
    await ui.press(KEY.enter);
    await ui.waitForText('What to do');
  });

  it('exports the firewall request from the review without running', async () => {
    const saved = new Map<string, string>();
    const ran: Topology[] = [];
    const ui = renderUi(<App services={services(saved, ran)} ctx={{ env: {}, regions: REGIONS }} seed={{ products: ['runai'], roles: ['installer'] }} onExit={() => undefined} />);
    for (let i = 0; i < 12 && !ui.frame().includes('Your answers'); i += 1) await ui.press(KEY.enter);
    await ui.press('c');
    await ui.waitForText('rules apply to this site');
    await ui.press('e');
    await ui.waitForText('which format?');
    await ui.press(KEY.enter, KEY.enter);
    await waitFor(() => saved.size === 1);
    expect(saved.get('netreq-rules.csv')).toBe('rules as csv');
    expect(ran).toHaveLength(0);
  });

  it('Ctrl-C before a run quits without a report, as an interruption (exit 130)', async () => {
    const outcomes: WizardOutcome[] = [];
    const ui = renderUi(<App services={services(new Map(), [])} ctx={{ env: {}, regions: [] }} seed={{}} onExit={(o) => outcomes.push(o)} />);
    await ui.press(KEY.ctrlC);
    await waitFor(() => outcomes.length === 1);
    expect(outcomes[0]).toEqual({ interrupted: true, quit: true });
  });
});
