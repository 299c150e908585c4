// The wizard as a person meets it: the built single file in a real terminal (tmux), against the
// demo's simulated site on loopback. Keys are sent one screen at a time, a paste as one chunk.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TmuxSession } from './tmux.js';

const root = join(import.meta.dirname, '..', '..');
const built = join(root, 'dist', 'netreq.mjs');
const needed = TmuxSession.available() && existsSync(built);
const dir = mkdtempSync(join(tmpdir(), 'netreq-wizard-tmux-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENV = { NO_COLOR: '1', TERM: 'xterm-256color', CI: '0' };
const exitCode = (screen: string): number | undefined => {
  const match = /\[exit (\d+)\]/.exec(screen);
  return match ? Number(match[1]) : undefined;
};

/** Enter on each screen, one at a time, until `until` holds. */
async function enterUntil(tmux: TmuxSession, until: (screen: string) => boolean): Promise<string> {
  for (let i = 0; i < 25; i += 1) {
    const before = tmux.screen();
    if (until(before)) return before;
    tmux.send('Enter');
    await tmux.waitFor((s) => s !== before, 10_000);
  }
  return tmux.waitFor(until, 60_000);
}

// In CI a missing tmux or build is a failure, not a quiet skip.
describe.skipIf(!needed && !process.env['CI'])('the wizard in a real terminal (tmux, the built single file)', () => {
  let session: TmuxSession | undefined;
  afterEach(() => session?.close());

  it.each<[string, string[], string]>([
    ['on a question screen', ['demo'], 'Question 1'],
    ['at a plain-mode prompt', ['demo', '--plain'], 'Which platform'],
  ])('field-ready 22: Ctrl-C %s exits 130', async (_where, args, shown) => {
    expect(needed).toBe(true);
    session = TmuxSession.start(['node', built, ...args], { cwd: dir, env: ENV });
    const tmux = session;
    await tmux.waitFor((s) => s.includes(shown), 60_000);
    tmux.send('C-c');
    const end = await tmux.waitFor((s) => exitCode(s) !== undefined, 20_000);
    expect(exitCode(end)).toBe(130);
  }, 120_000);

  it('field-ready 22: text pasted with its Enter is accepted; the question number has no growing total', async () => {
    expect(needed).toBe(true);
    session = TmuxSession.start(['node', built, 'demo'], { cwd: dir, env: ENV, height: 30 });
    const tmux = session;
    await tmux.waitFor((s) => s.includes('Question 1'), 60_000);
    expect(tmux.screen()).not.toMatch(/Question \d+ of \d+/);
    const atText = await enterUntil(tmux, (s) => s.includes('Ctrl-U clear'));
    const number = Number(/Question (\d+)/.exec(atText)?.[1]);
    tmux.send('C-u');
    await tmux.waitFor((s) => /^> *$/m.test(s));
    // One chunk, as a terminal delivers a paste or fast typing: the text and its Enter.
    tmux.send('cp2.example.com\r', true);
    const next = await tmux.waitFor((s) => s.includes(`Question ${number + 1}`), 10_000);
    expect(next).not.toMatch(/Question \d+ of \d+/);
    tmux.send('C-c');
    await tmux.waitFor((s) => exitCode(s) !== undefined, 20_000);
  }, 120_000);

  it('field-ready 22: the bundle of a wizard run is redacted with the run\'s --redact', async () => {
    expect(needed).toBe(true);
    const bundle = join(dir, 'wizard-bundle.tar.gz');
    session = TmuxSession.start(['node', built, 'demo', '--bundle', bundle, '--redact', 'corp\\.example'], { cwd: dir, env: ENV, height: 40, width: 120 });
    const tmux = session;
    await tmux.waitFor((s) => s.includes('Question 1'), 60_000);
    await enterUntil(tmux, (s) => /Results/.test(s));
    tmux.send('n');
    // The finish screen starts on Quit.
    await tmux.waitFor((s) => /^> *Quit/m.test(s));
    tmux.send('Enter');
    const end = await tmux.waitFor((s) => exitCode(s) !== undefined, 30_000);
    // The message may wrap at the terminal's width.
    expect(end.replace(/\n/g, '')).toMatch(/redacted: .*--redact #1/);
    const text = gunzipSync(readFileSync(bundle)).toString('latin1');
    expect(text).toContain('report.json');
    expect(text).not.toMatch(/corp\.example/);
  }, 180_000);
});
