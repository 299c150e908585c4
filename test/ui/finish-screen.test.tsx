import { describe, expect, it } from 'vitest';
import { FinishScreen, type SaveKind } from '../../src/ui/screens/FinishScreen.js';
import { KEY, renderUi, waitFor } from './render.js';

describe('FinishScreen', () => {
  it('saves the answers and the summary where asked, offers the bundle only with a writer, then quits', async () => {
    const saved: [SaveKind, string][] = [];
    let quit = 0;
    const ui = renderUi(
      <FinishScreen isActive canBundle={false} onSave={async (kind, path) => { saved.push([kind, path]); return { ok: true, text: `Saved ${kind} to ${path}` }; }} onBack={() => undefined} onQuit={() => (quit += 1)} />,
    );
    expect(ui.frame()).toContain('Save the answers for a rerun (netreq check --answers)');
    expect(ui.frame()).not.toContain('support bundle');
    await ui.press(KEY.up, KEY.up, KEY.up, KEY.enter);
    await ui.waitForText('netreq-answers.yaml');
    await ui.press(KEY.enter);
    await ui.waitForText('Saved answers to netreq-answers.yaml');
    await ui.press(KEY.up, KEY.up, KEY.enter);
    await ui.waitForText('netreq-report.md');
    await ui.press(KEY.enter);
    await waitFor(() => saved.length === 2);
    expect(saved).toEqual([['answers', 'netreq-answers.yaml'], ['summary', 'netreq-report.md']]);
    await ui.waitForText('Before you go');
    await ui.press(KEY.enter);
    expect(quit).toBe(1);
  });

  it('offers the support bundle when it can be written, and shows a failed save', async () => {
    const ui = renderUi(<FinishScreen isActive canBundle onSave={async () => ({ ok: false, text: 'Could not save the support bundle to /x (EACCES): denied' })} onBack={() => undefined} onQuit={() => undefined} />);
    expect(ui.frame()).toContain('Save the support bundle (redacted)');
    await ui.press(KEY.up, KEY.up, KEY.enter);
    await ui.waitForText('netreq-bundle.tar.gz');
    await ui.press(KEY.enter);
    await ui.waitForText('(EACCES)');
  });
});
