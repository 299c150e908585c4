import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TmuxSession } from './tmux.js';

const root = join(import.meta.dirname, '..', '..');
const built = join(root, 'dist', 'netreq.mjs');
const needed = TmuxSession.available() && existsSync(built);

// In CI a missing tmux or build is a failure, not a quiet skip.
describe.skipIf(!needed && !process.env['CI'])('netreq demo in a real terminal (tmux, the built single file)', () => {
  let session: TmuxSession | undefined;
  afterEach(() => session?.close());

  it('Enter through every question reaches results with failures, explanations and remediations', async () => {
    expect(needed).toBe(true);
    session = TmuxSession.start(['node', built, 'demo'], { cwd: root, // CI=0: a person's terminal, not a CI log (Ink writes only the last frame when CI is set).
      env: { NO_COLOR: '1', TERM: 'xterm-256color', CI: '0' } });
    const tmux = session;
    // A loaded CI machine may take a while to start Node and the simulated site.
    await tmux.waitFor((s) => s.includes('Question 1'), 60_000);
    // One key at a time, each after the screen it answers: a person's pace, not a paste.
    for (let i = 0; i < 20; i += 1) {
      const before = tmux.screen();
      if (/Results/.test(before) || /Checking \d+ targets/.test(before)) break;
      tmux.send('Enter');
      await tmux.waitFor((s) => s !== before, 10_000);
    }
    const results = await tmux.waitFor((s) => /Results/.test(s), 60_000);
    expect(results).toMatch(/fail/);
    // The root cause leads: Docker Hub's names sinkholed by a DNS filter, one cause for both.
    expect(results).toMatch(/Root causes \(1\)/);
    expect(results).toMatch(/One family of related hosts is blocked/);
    // Open it: its evidence and remediation, then the findings it explains.
    tmux.send('Enter');
    const cause = await tmux.waitFor((s) => s.includes('Findings it explains'));
    expect(cause).toMatch(/What to do/);
    expect(cause).toMatch(/Check by hand/);
    // Open the first finding under it: its explanation and remediation are on screen.
    tmux.send('Enter');
    const detail = await tmux.waitFor((s) => s.includes('What happened'));
    expect(detail).toMatch(/Cause: dns\.sinkhole/);
    expect(detail).toMatch(/Check by hand/);
    tmux.send('Escape');
    await tmux.waitFor((s) => s.includes('Findings it explains'));
    tmux.send('Escape');
    await tmux.waitFor((s) => /Results/.test(s));
    tmux.send('q');
    await tmux.waitFor((s) => /\[exit \d+\]/.test(s), 10_000).catch(() => tmux.screen());
  }, 120_000);
});
