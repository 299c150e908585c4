import { PassThrough, Writable } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Ink reads CI once, when it loads, and then writes only the last frame; this test is a person's
// terminal, so it must load Ink with CI unset whatever the machine running the tests says.
const savedCi = vi.hoisted(() => {
  const saved = process.env['CI'];
  process.env['CI'] = '0';
  return saved;
});
afterAll(() => {
  if (savedCi === undefined) delete process.env['CI'];
  else process.env['CI'] = savedCi;
});
import { runWizard, type WizardOptions } from '../../src/ui/index.js';
import { SUMMARY, buildReport, channel, finding, target } from './fixtures.js';
import { KEY, settle, waitFor } from './render.js';

/** A terminal on streams: raw-mode capable stdin, an 80x24 stdout that keeps what was written. */
function terminal() {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin });
  let written = '';
  const stdout = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        written += chunk.toString();
        done();
      },
    }),
    { isTTY: true, columns: 80, rows: 24 },
  );
  // Control sequences stripped, for reading the screen as text.
  // eslint-disable-next-line no-control-regex -- control characters are what this matches
  const text = () => written.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
  return { stdin, stdout, text };
}

describe('runWizard', () => {
  it('renders on the given streams and resolves with the report after Ctrl-C stops the run and the person quits', async () => {
    const term = terminal();
    const run = channel();
    const jfrog = target('runai.jfrog.io');
    const options: WizardOptions = {
      stdin: term.stdin,
      stdout: term.stdout,
      color: false,
      env: { TERM: 'xterm', LANG: 'C.UTF-8' },
      regions: [],
      initial: { products: ['runai'], roles: ['installer'] },
      summarize: () => SUMMARY,
      exportRules: () => '',
      startRun: (_topology, signal) => run.stream(signal),
      buildReport,
      renderMarkdown: () => '',
      saveFile: async () => undefined,
    };
    const outcome = runWizard(options);
    const press = async (key: string, until: string) => {
      await settle();
      term.stdin.write(key);
      await waitFor(() => term.text().includes(until), () => term.text().slice(-2000));
    };
    await waitFor(() => term.text().includes('Which platform(s)'));
    for (let i = 0; i < 10 && !term.text().includes('Your answers'); i += 1) {
      const before = term.text().length;
      await settle();
      term.stdin.write(KEY.enter);
      await waitFor(() => term.text().length > before);
    }
    await press('c', 'rules apply to this site');
    await press(KEY.enter, 'Checking');
    run.push({ type: 'planned', targets: [jfrog, target('pypi.org')], at: 0 }, { type: 'finding', key: jfrog.key, finding: finding(jfrog, 'fail', 'tcp.refused'), at: 1 });
    await waitFor(() => term.text().includes('1/2 done'));
    await press(KEY.ctrlC, 'Stopped early');
    await press('n', 'Before you go');
    await settle();
    term.stdin.write(KEY.enter);
    const result = await outcome;
    expect(result.quit).toBe(false);
    expect(result.interrupted).toBe(true);
    expect(result.report?.findings).toHaveLength(1);
    expect(result.report?.summary.fail).toBe(1);
    // No colour was asked for: no SGR colour sequences were written.
    // eslint-disable-next-line no-control-regex -- control characters are what this matches
    expect(term.text()).not.toMatch(/\u001B\[3[0-9]m/);
  });
});
