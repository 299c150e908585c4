import { describe, expect, it } from 'vitest';
import { Topology } from '../../src/topology/schema.js';
import { ResultsScreen } from '../../src/ui/screens/ResultsScreen.js';
import { buildReport, finding, target } from './fixtures.js';
import { KEY, renderUi } from './render.js';

const topology = Topology.parse({ products: ['runai'], roles: ['installer'] });
const report = buildReport(
  [
    finding(target('pypi.org'), 'pass'),
    finding(target('gcr.io'), 'warn', 'tls.intercepted', { explanation: 'A proxy re-signs TLS with Corp CA.', remediation: 'Trust Corp CA on every node.' }),
    finding(target('runai.jfrog.io'), 'fail', 'tcp.refused'),
    finding(target('acme.azurecr.io'), 'skip', 'input.wildcard-unresolved'),
  ],
  topology,
  false,
);

describe('ResultsScreen', () => {
  it('lists failures first, then warnings, skips and passes', () => {
    const ui = renderUi(<ResultsScreen report={report} isActive onNext={() => undefined} />);
    const rows = ui.frame().split('\n').filter((line) => /^[> ] [x!+-] /.test(line));
    expect(rows.map((r) => r.slice(4).split(/\s+/)[0])).toEqual(['runai.jfrog.io:443', 'gcr.io:443', 'acme.azurecr.io:443', 'pypi.org:443']);
    expect(ui.frame()).toContain('x 1 fail');
  });

  it('opens a failure: evidence, explanation, remediation and the command to verify by hand', async () => {
    const ui = renderUi(<ResultsScreen report={report} isActive onNext={() => undefined} />);
    await ui.press(KEY.enter);
    await ui.waitForText('What to do');
    const frame = ui.frame();
    expect(frame).toContain('FAIL  runai.jfrog.io:443');
    expect(frame).toContain('Cause: tcp.refused');
    expect(frame).toContain('What happened');
    expect(frame).toContain('Allow outbound TCP 443 from the cluster');
    expect(frame).toContain('curl -v https://runai.jfrog.io:443/');
    expect(frame).toContain('tcp refused 2ms (ECONNREFUSED)');
    await ui.press(KEY.escape);
    await ui.waitForText('Tab filter');
  });

  it('filters by status with Tab, and moves on with n', async () => {
    let next = 0;
    const ui = renderUi(<ResultsScreen report={report} isActive onNext={() => (next += 1)} />);
    await ui.press(KEY.tab);
    await ui.waitForText('Showing: fail (1)');
    expect(ui.frame()).not.toContain('pypi.org');
    await ui.press(KEY.tab);
    await ui.waitForText('Showing: warn (1)');
    await ui.press(KEY.enter);
    await ui.waitForText('Trust Corp CA on every node.');
    await ui.press(KEY.escape, 'n');
    expect(next).toBe(1);
  });

  it('says when the run stopped early', () => {
    const ui = renderUi(<ResultsScreen report={{ ...report, interrupted: true, summary: { ...report.summary, incomplete: 2 } }} isActive onNext={() => undefined} />);
    expect(ui.frame()).toContain('Stopped early: 2 targets not finished (skip check.interrupted).');
  });
});
