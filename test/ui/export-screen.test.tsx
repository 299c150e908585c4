import { describe, expect, it } from 'vitest';
import type { RulesFormat } from '../../src/ui/index.js';
import { ExportScreen } from '../../src/ui/screens/ExportScreen.js';
import { KEY, renderUi, waitFor } from './render.js';

describe('ExportScreen', () => {
  it('root-causes 3: before a run it exports the rules, csv first, as it did', async () => {
    const asked: [RulesFormat, string][] = [];
    const ui = renderUi(<ExportScreen isActive onDone={() => undefined} onExport={async (format, path) => { asked.push([format, path]); return { ok: true, text: 'saved' }; }} />);
    expect(ui.frame()).toContain('Export the firewall request: which format?');
    await ui.press(KEY.enter);
    await ui.waitForText('netreq-rules.csv');
    await ui.press(KEY.enter);
    await waitFor(() => asked.length === 1);
    expect(asked).toEqual([['csv', 'netreq-rules.csv']]);
  });

  it('root-causes 3: after a check it exports the change request for what failed, Markdown first', async () => {
    const asked: [RulesFormat, string][] = [];
    const ui = renderUi(<ExportScreen isActive request onDone={() => undefined} onExport={async (format, path) => { asked.push([format, path]); return { ok: true, text: 'saved' }; }} />);
    expect(ui.frame()).toContain('Export the change request for what failed: which format?');
    await ui.press(KEY.enter);
    await ui.waitForText('Write the change request as md to:');
    expect(ui.frame()).toContain('netreq-request.md');
    await ui.press(KEY.enter);
    await waitFor(() => asked.length === 1);
    expect(asked).toEqual([['md', 'netreq-request.md']]);
  });
});
