// The wizard's entry: the CLI loads this with import() so that `--version` never pays for Ink.
import { createElement } from 'react';
import { render } from 'ink';
import { answersFromTopology } from '../topology/index.js';
import { App } from './components/App.js';
import { questionContext } from './question-context.js';
import { supportsUnicode } from './status-style.js';
import { ThemeProvider, type Theme } from './theme-context.js';
import type { WizardOptions, WizardOutcome } from './types.js';

export type { ElsewhereRule, RuleBrief, RuleSummary, RulesFormat, WizardOptions, WizardOutcome } from './types.js';
export { RULES_FORMATS } from './types.js';
export { colorWanted, statusStyle, supportsUnicode, type RowStatus, type StatusStyle } from './status-style.js';

export { questionContext } from './question-context.js';

/** Asks, checks and explains on a terminal; resolves when the person quits. */
export async function runWizard(options: WizardOptions): Promise<WizardOutcome> {
  const ctx = questionContext(options);
  const seed = options.initial ? answersFromTopology(options.initial, ctx) : {};
  const theme: Theme = {
    color: options.color,
    ascii: options.ascii ?? !supportsUnicode(options.env),
    columns: Math.max(40, options.stdout.columns ?? 80),
    rows: Math.max(12, options.stdout.rows ?? 24),
  };
  const { stdin, stdout, stderr, color: _color, ascii: _ascii, initial: _initial, env: _env, regions: _regions, editions: _editions, readers: _readers, ...services } = options;
  let outcome: WizardOutcome = { interrupted: false, quit: true };
  const app = createElement(App, { services, ctx, seed, onExit: (result: WizardOutcome) => (outcome = result) });
  const instance = render(createElement(ThemeProvider, { theme, children: app }), {
    // Ink wants the process's stream types; the CLI's streams are those or compatible test doubles.
    stdin: stdin as NodeJS.ReadStream,
    stdout: stdout as NodeJS.WriteStream,
    ...(stderr ? { stderr: stderr as NodeJS.WriteStream } : {}),
    exitOnCtrlC: false,
    patchConsole: false,
  });
  await instance.waitUntilExit();
  return outcome;
}
