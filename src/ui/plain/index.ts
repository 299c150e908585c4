// Plain mode (`--plain`, TERM=dumb): the same questions through @inquirer's prompts, line-by-line progress.
// Nothing here imports Ink or React.
import { answersFileText, answersFromTopology, askedQuestions, describeAnswer, finishAnswers, type Answers, type QuestionContext, type QuestionId, type Topology } from '../../topology/index.js';
import type { Report } from '../../report/index.js';
import { questionContext } from '../question-context.js';
import { reviewLines } from '../rule-summary.js';
import { trySave } from '../save-file.js';
import { RULES_FORMATS, type RulesFormat, type WizardOptions, type WizardOutcome } from '../types.js';
import { askQuestions } from './ask-questions.js';
import { resultLines } from './plain-lines.js';
import { plainRun } from './plain-run.js';
import { inquirerPrompter, type Prompter } from './prompter.js';

export type { Prompter, PlainChoice } from './prompter.js';

export interface PlainWizardOptions extends WizardOptions {
  /** Scripted prompts for tests; inquirer on stdin/stdout otherwise. */
  readonly prompter?: Prompter;
}

/** Inquirer rejects with these when the person presses Ctrl-C or the prompt is aborted. */
function leftThePrompt(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

/** The file a format is saved to by default: `netreq-rules.csv`, `netreq-request.squid.conf`, ... */
const defaultFile = (stem: string, format: RulesFormat): string => `${stem}.${format === 'squid' ? 'squid.conf' : format === 'table' || format === 'no-proxy' ? 'txt' : format}`;

/** Asks for a format and a file, and saves what `text` makes in that format: the rules, or the change request. */
async function exportAs(options: PlainWizardOptions, prompter: Prompter, what: { name: string; stem: string; first: RulesFormat }, text: (format: RulesFormat) => string, write: (line: string) => void): Promise<void> {
  const picked = await prompter.select('Which format?', RULES_FORMATS.map((f) => ({ value: f, name: f })), what.first);
  const format: RulesFormat = RULES_FORMATS.find((f) => f === picked) ?? what.first;
  const path = await prompter.input(`Write the ${what.name} to:`, defaultFile(what.stem, format), (v) => (v.trim() === '' ? 'Give a file name.' : undefined));
  write((await trySave(`the ${what.name} (${format})`, path, async () => options.saveFile(path.trim(), text(format)))).text);
}

const exportRules = (options: PlainWizardOptions, prompter: Prompter, topology: Topology, write: (line: string) => void): Promise<void> =>
  exportAs(options, prompter, { name: 'rules', stem: 'netreq-rules', first: 'csv' }, (format) => options.exportRules(topology, format), write);

/** Answers, review, and the next step, until the person runs the checks (a topology) or quits (undefined). */
async function decide(options: PlainWizardOptions, prompter: Prompter, ctx: QuestionContext, write: (line: string) => void): Promise<{ topology: Topology; answers: Answers } | undefined> {
  let answers = await askQuestions(prompter, options.initial ? answersFromTopology(options.initial, ctx) : {}, ctx);
  for (;;) {
    write('');
    for (const q of askedQuestions(answers, ctx)) write(`  ${q.id}: ${describeAnswer(q, answers, ctx)}`);
    const finished = finishAnswers(answers, ctx);
    let canRun = finished.ok;
    if (!finished.ok) write(`These answers cannot be used yet:\n${finished.error}`);
    else {
      try {
        for (const line of reviewLines(options.summarize(finished.topology), finished.topology.roles)) write(line);
      } catch (error: unknown) {
        canRun = false;
        write(`The rules could not be selected: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const next = await prompter.select(
      'What next?',
      [
        ...(canRun ? [{ value: 'run', name: 'Run the checks' }] : []),
        { value: 'change', name: 'Change an answer' },
        ...(canRun ? [{ value: 'export', name: 'Export the firewall request (no checks run)' }] : []),
        { value: 'quit', name: 'Quit' },
      ],
      canRun ? 'run' : 'change',
    );
    if (next === 'quit') return undefined;
    if (next === 'run' && finished.ok) return { topology: finished.topology, answers };
    if (next === 'export' && finished.ok) await exportRules(options, prompter, finished.topology, write);
    if (next === 'change') {
      const id = await prompter.select('Which answer?', askedQuestions(answers, ctx).map((q) => ({ value: q.id, name: `${q.id}: ${describeAnswer(q, answers, ctx)}` })));
      answers = await askQuestions(prompter, answers, ctx, id as QuestionId);
    }
  }
}

async function finish(options: PlainWizardOptions, prompter: Prompter, topology: Topology, report: Report, write: (line: string) => void): Promise<void> {
  // Offered only when something failed or warned: the change request is for what did not pass.
  const exportRequest = report.findings.some((f) => f.status === 'fail' || f.status === 'warn') ? options.exportRequest?.bind(options) : undefined;
  for (;;) {
    const choice = await prompter.select(
      'Save anything before you go?',
      [
        { value: 'answers', name: 'The answers, for a rerun (netreq check --answers)' },
        { value: 'summary', name: 'The Markdown summary' },
        ...(options.writeBundle ? [{ value: 'bundle', name: 'The support bundle (redacted)' }] : []),
        ...(exportRequest ? [{ value: 'request', name: 'The change request for what failed' }] : []),
        { value: 'quit', name: 'Nothing more: quit' },
      ],
      'quit',
    );
    if (choice === 'quit') return;
    if (choice === 'request' && exportRequest) {
      await exportAs(options, prompter, { name: 'change request', stem: 'netreq-request', first: 'md' }, (format) => exportRequest(report, format), write);
      continue;
    }
    const defaults: Record<string, string> = { answers: 'netreq-answers.yaml', summary: 'netreq-report.md', bundle: 'netreq-bundle.tar.gz' };
    const path = (await prompter.input('Write it to:', defaults[choice] ?? 'netreq-out', (v) => (v.trim() === '' ? 'Give a file name.' : undefined))).trim();
    const result =
      choice === 'answers'
        ? await trySave('the answers', path, () => options.saveFile(path, answersFileText(topology)))
        : choice === 'summary'
          ? await trySave('the summary', path, () => options.saveFile(path, options.renderMarkdown(report)))
          : await trySave('the support bundle', path, async () => options.writeBundle?.(report, path));
    write(result.text);
  }
}

/** The wizard without a full-screen terminal: same questions, same runner, line by line. */
export async function runPlainWizard(options: PlainWizardOptions): Promise<WizardOutcome> {
  const ctx = questionContext(options);
  const write = (line: string) => void options.stdout.write(`${line}\n`);
  const prompter = options.prompter ?? inquirerPrompter({ input: options.stdin, output: options.stdout });
  let report: Report | undefined;
  let interrupted: boolean;
  try {
    const decided = await decide(options, prompter, ctx, write);
    if (!decided) return { interrupted: false, quit: true };
    const controller = new AbortController();
    const stop = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', stop, { once: true });
    const end = await plainRun(options.startRun(decided.topology, controller.signal), write, controller.signal).finally(() =>
      options.signal?.removeEventListener('abort', stop),
    );
    interrupted = end.interrupted;
    report = end.report ?? options.buildReport(end.findings, decided.topology, end.interrupted);
    for (const line of resultLines(report, Math.max(40, options.stdout.columns ?? 80))) write(line);
    if (!options.signal?.aborted) await finish(options, prompter, decided.topology, report, write);
    return { report, interrupted, quit: false };
  } catch (error: unknown) {
    if (!leftThePrompt(error)) throw error;
    // Ctrl-C at a prompt (or a signal) is an interruption: exit 130, whatever was answered.
    return report ? { report, interrupted: true, quit: false } : { interrupted: true, quit: true };
  }
}
