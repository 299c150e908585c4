import { describe, expect, it } from 'vitest';
import type { QuestionContext, QuestionId } from '../../src/topology/questions.js';
import { AnswersScreen } from '../../src/ui/screens/AnswersScreen.js';
import { KEY, renderUi } from './render.js';

const ctx: QuestionContext = { env: {}, regions: [] };

describe('AnswersScreen', () => {
  it('lists every answer, masked, and lets any be picked to change', async () => {
    const revised: QuestionId[] = [];
    let continued = 0;
    const ui = renderUi(
      <AnswersScreen
        answers={{ products: ['runai'], roles: ['installer', 'k8s-node'], bcm: true, headnodes: 'head-1', proxy: 'http://bob:pw@proxy:3128' }}
        ctx={ctx}
        isActive
        onRevise={(id) => revised.push(id)}
        onContinue={() => (continued += 1)}
        onQuit={() => undefined}
      />,
    );
    const frame = ui.frame();
    expect(frame).toMatch(/This machine\s+installer, k8s-node/);
    expect(frame).toMatch(/BCM headnodes\s+head-1/);
    expect(frame).toMatch(/Proxy\s+http:\/\/bob:\*\*\*@proxy:3128/);
    expect(frame).not.toContain(':pw@');
    expect(frame).toContain('> Continue: review the rules');
    await ui.press(KEY.enter);
    expect(continued).toBe(1);
    // Up from Continue: prereqs, the registry mirror, NO_PROXY, the proxy, the control plane.
    await ui.press(KEY.up, KEY.up, KEY.up, KEY.up, KEY.up, KEY.enter);
    expect(revised).toEqual(['controlPlane']);
  });

  it('shows why the answers cannot be used yet', () => {
    const ui = renderUi(<AnswersScreen answers={{}} ctx={ctx} isActive error="roles: Too small" onRevise={() => undefined} onContinue={() => undefined} onQuit={() => undefined} />);
    expect(ui.frame()).toContain('roles: Too small');
  });
});
