import { describe, expect, it } from 'vitest';
import { Topology } from '../../src/topology/schema.js';
import { ExportScreen } from '../../src/ui/screens/ExportScreen.js';
import { ReviewScreen } from '../../src/ui/screens/ReviewScreen.js';
import type { RulesFormat } from '../../src/ui/types.js';
import { SUMMARY } from './fixtures.js';
import { KEY, renderUi, waitFor } from './render.js';

const topology = Topology.parse({ products: ['runai'], roles: ['installer'] });

describe('ReviewScreen', () => {
  it('says how many rules apply, which are checked here and which from where', async () => {
    const actions: string[] = [];
    const ui = renderUi(
      <ReviewScreen topology={topology} summary={SUMMARY} isActive onRun={() => actions.push('run')} onExport={() => actions.push('export')} onBack={() => actions.push('back')} onQuit={() => actions.push('quit')} />,
    );
    const frame = ui.frame();
    expect(frame).toContain('9 rules apply to this site.');
    expect(frame).toContain('6 are checked from this machine (installer).');
    expect(frame).toContain('3 must be checked from another machine:');
    expect(frame).toContain('from k8s-node: 2 rules');
    expect(frame).toContain('from system-node: 1 rule');
    await ui.press('e', 'b', KEY.enter, 'q');
    expect(actions).toEqual(['export', 'back', 'run', 'quit']);
  });

  it('shows why the rules could not be selected, and offers no run', async () => {
    const actions: string[] = [];
    const ui = renderUi(<ReviewScreen topology={topology} summary={{ error: 'catalog/runai.yaml: bad rule' }} isActive onRun={() => actions.push('run')} onExport={() => actions.push('export')} onBack={() => actions.push('back')} onQuit={() => undefined} />);
    expect(ui.frame()).toContain('The rules could not be selected: catalog/runai.yaml: bad rule');
    await ui.press(KEY.enter, 'e', 'b');
    expect(actions).toEqual(['back']);
  });
});

describe('ExportScreen', () => {
  it('writes the firewall request in the chosen format to the path given, without running anything', async () => {
    const saved: [RulesFormat, string][] = [];
    const ui = renderUi(
      <ExportScreen isActive onDone={() => undefined} onExport={async (format, path) => { saved.push([format, path]); return { ok: true, text: `Saved the rules (${format}) to ${path}` }; }} />,
    );
    expect(ui.frame()).toContain('> csv');
    await ui.press(KEY.down, KEY.down, KEY.down, KEY.enter);
    await ui.waitForText('Write the rules as squid to:');
    expect(ui.frame()).toContain('netreq-rules.squid.conf');
    await ui.press(KEY.ctrlU);
    await ui.type('/tmp/out/acl.conf');
    await ui.press(KEY.enter);
    await waitFor(() => saved.length === 1);
    expect(saved).toEqual([['squid', '/tmp/out/acl.conf']]);
    await ui.waitForText('Saved the rules (squid) to /tmp/out/acl.conf');
  });
});
