import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runPlainWizard, type PlainChoice, type Prompter } from '../../../src/ui/plain/index.js';
import type { Report, SiteEvent } from '../../../src/schema/index.js';
import type { RulesFormat, WizardOptions } from '../../../src/ui/types.js';
import { SUMMARY, buildReport, eventsOf, finding, runEvents, target } from '../fixtures.js';
import { DNS_CAUSE, pypi as pypiPassed, reportWithRootCauses } from '../root-cause-fixtures.js';

type Step = { kind: 'select' | 'checkbox' | 'input' | 'confirm'; answer?: unknown; match?: RegExp };

/** Answers prompts from a script; a step without an answer takes the prompt's default. */
function scripted(steps: Step[], seen: string[]): Prompter {
  const next = (kind: Step['kind'], message: string) => {
    seen.push(`${kind}: ${message.split('\n')[0] ?? ''}`);
    const step = steps.shift();
    if (!step) throw Object.assign(new Error('script ended'), { name: 'ExitPromptError' });
    if (step.kind !== kind) throw new Error(`expected a ${step.kind} prompt, got ${kind}: ${message}`);
    if (step.match && !step.match.test(message)) throw new Error(`prompt '${message}' does not match ${String(step.match)}`);
    return step;
  };
  return {
    select: async (message: string, choices: readonly PlainChoice[], defaultValue?: string) => {
      const step = next('select', message);
      seen.push(`choices: ${choices.map((c) => c.value).join(', ')}`);
      return (step.answer as string | undefined) ?? defaultValue ?? '';
    },
    checkbox: async (message, _choices, checked, validate) => {
      const picked = (next('checkbox', message).answer as string[] | undefined) ?? [...checked];
      const problem = validate(picked);
      if (problem) throw new Error(problem);
      return picked;
    },
    input: async (message, defaultValue, validate, mask) => {
      const step = next('input', message);
      const value = (step.answer as string | undefined) ?? defaultValue;
      if (mask) seen.push(`shown: ${mask(value)}`);
      const problem = validate(value);
      if (problem) throw new Error(problem);
      return value;
    },
    confirm: async (message, defaultValue) => (next('confirm', message).answer as boolean | undefined) ?? defaultValue,
  };
}

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _e, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

const jfrog = target('runai.jfrog.io');
const pypi = target('pypi.org');
const items = [
  { target: pypi, finding: finding(pypi, 'pass') },
  { target: jfrog, finding: finding(jfrog, 'fail', 'tcp.refused') },
];

function options(out: Writable, saved: Map<string, string>, prompter: Prompter): WizardOptions & { prompter: Prompter } {
  return {
    stdin: process.stdin,
    stdout: out,
    color: false,
    env: { HTTPS_PROXY: 'http://alice:s3cret@proxy:3128' },
    regions: [],
    summarize: () => SUMMARY,
    exportRules: (_t, format) => `rules as ${format}`,
    startRun: (_t, signal) => eventsOf(runEvents(items), signal),
    buildReport,
    renderMarkdown: () => '# summary',
    saveFile: async (path, text) => void saved.set(path, text),
    prompter,
  };
}

/** The questions' prompts, each answered with its default but the control plane's FQDN. */
const ANSWERS: Step[] = [
  { kind: 'checkbox', match: /platform/ },
  { kind: 'checkbox', match: /role/ },
  { kind: 'confirm', match: /Base Command Manager/ },
  { kind: 'select', match: /control plane run/ },
  { kind: 'input', answer: 'acme.run.ai', match: /FQDN/ },
  { kind: 'input', match: /proxy URL/ },
  { kind: 'input', match: /NO_PROXY/ },
  { kind: 'confirm', match: /registry mirror/ },
  { kind: 'confirm', match: /prerequisites/ },
];

/** An engine whose `done` carries this report, root causes and all. */
async function* engineFor(report: Report): AsyncIterable<SiteEvent> {
  yield* runEvents(report.findings.map((f) => ({ target: target(f.target.host), finding: f })));
  yield { type: 'root-causes', rootCauses: report.rootCauses ?? [] };
  yield { type: 'done', report, interrupted: false };
}

describe('runPlainWizard', () => {
  it('asks the same questions, prints a line per target, then failures first with their remediation', async () => {
    const out = sink();
    const saved = new Map<string, string>();
    const seen: string[] = [];
    const prompter = scripted(
      [
        { kind: 'checkbox', match: /platform/ },
        { kind: 'checkbox', match: /role/ },
        { kind: 'confirm', match: /Base Command Manager/ },
        { kind: 'select', match: /control plane run/ },
        { kind: 'input', answer: 'acme.run.ai', match: /FQDN/ },
        { kind: 'input', match: /proxy URL/ },
        { kind: 'input', match: /NO_PROXY/ },
        { kind: 'confirm', match: /registry mirror/ },
        { kind: 'confirm', match: /prerequisites/ },
        { kind: 'select', answer: 'export', match: /What next/ },
        { kind: 'select', answer: 'md' },
        { kind: 'input', match: /Write the rules/ },
        { kind: 'select', answer: 'run', match: /What next/ },
        { kind: 'select', answer: 'answers', match: /Save anything/ },
        { kind: 'input' },
        { kind: 'select', answer: 'quit' },
      ],
      seen,
    );
    const outcome = await runPlainWizard(options(out.stream, saved, prompter));
    expect(outcome).toMatchObject({ quit: false, interrupted: false, report: { summary: { pass: 1, fail: 1 } } });
    expect(seen).toContain('shown: http://alice:***@proxy:3128');
    const text = out.text();
    expect(text).toContain('9 rules apply to this site.');
    expect(text).toContain('[2/2] FAIL runai.jfrog.io:443  tcp.refused');
    expect(text).toContain('What to do: Allow outbound TCP 443');
    expect(text).toContain('Check by hand: curl -v https://runai.jfrog.io:443/');
    expect(text.indexOf('Results, failures first')).toBeLessThan(text.lastIndexOf('FAIL runai.jfrog.io'));
    expect(text).not.toContain('s3cret');
    expect(saved.get('netreq-rules.md')).toBe('rules as md');
    expect(saved.get('netreq-answers.yaml')).toContain('http://alice@proxy:3128');
    expect(saved.get('netreq-answers.yaml')).not.toContain('s3cret');
  });

  it("root-causes 2: plain mode prints the root causes of the engine's report first, then the findings standing alone", async () => {
    const out = sink();
    const report = reportWithRootCauses([DNS_CAUSE]);
    const prompter = scripted(
      [
        { kind: 'checkbox', match: /platform/ },
        { kind: 'checkbox', match: /role/ },
        { kind: 'confirm', match: /Base Command Manager/ },
        { kind: 'select', match: /control plane run/ },
        { kind: 'input', answer: 'acme.run.ai', match: /FQDN/ },
        { kind: 'input', match: /proxy URL/ },
        { kind: 'input', match: /NO_PROXY/ },
        { kind: 'confirm', match: /registry mirror/ },
        { kind: 'confirm', match: /prerequisites/ },
        { kind: 'select', answer: 'run', match: /What next/ },
        { kind: 'select', answer: 'quit', match: /Save anything/ },
      ],
      [],
    );
    async function* engine(): AsyncIterable<SiteEvent> {
      yield* runEvents(report.findings.map((f) => ({ target: target(f.target.host), finding: f })));
      yield { type: 'root-causes', rootCauses: report.rootCauses ?? [] };
      yield { type: 'done', report, interrupted: false };
    }
    const outcome = await runPlainWizard({ ...options(out.stream, new Map(), prompter), startRun: () => engine() });
    expect(outcome).toMatchObject({ quit: false, interrupted: false, report: { rootCauses: [{ code: 'root.dns-public-unresolved' }] } });
    const text = out.text();
    const inOrder = ['Results, root causes first:', 'FAIL This machine resolves no public names', 'Evidence: resolver 10.0.0.2', 'What to do: Ask the DNS team', 'Check by hand: dig @10.0.0.2 gcr.io A', 'Explains 2 targets: gcr.io:443, quay.io:443', 'Findings no root cause explains, failures first:', 'FAIL runai.jfrog.io:443  tcp.refused', 'WARN acme.blob.core.windows.net:443'];
    // Each after the one before, from the results on (the progress lines above name the same targets).
    let from = 0;
    for (const line of inOrder) {
      const found = text.indexOf(line, from);
      expect(found, `'${line}' after offset ${from} in:\n${text}`).toBeGreaterThanOrEqual(0);
      from = found + line.length;
    }
    expect(text.slice(text.indexOf('Results, root causes first:'))).not.toMatch(/^FAIL (gcr|quay)\.io/m);
  });

  it('root-causes 3: after failures, "request" saves the change request for the run\'s report, in the format asked, where asked', async () => {
    const out = sink();
    const saved = new Map<string, string>();
    const seen: string[] = [];
    const report = reportWithRootCauses([DNS_CAUSE]);
    const prompter = scripted(
      [
        ...ANSWERS,
        { kind: 'select', answer: 'run', match: /What next/ },
        { kind: 'select', answer: 'request', match: /Save anything/ },
        { kind: 'select', match: /Which format/ },
        { kind: 'input', match: /Write the change request to/ },
        { kind: 'select', answer: 'request', match: /Save anything/ },
        { kind: 'select', answer: 'csv', match: /Which format/ },
        { kind: 'input', answer: 'for-the-firewall.csv', match: /Write the change request to/ },
        { kind: 'select', answer: 'quit', match: /Save anything/ },
      ],
      seen,
    );
    const asked: [Report, RulesFormat][] = [];
    const exportRequest = (r: Report, format: RulesFormat) => {
      asked.push([r, format]);
      return `request as ${format}: ${(r.rootCauses ?? []).map((c) => c.code).join(', ')}`;
    };
    await runPlainWizard({ ...options(out.stream, saved, prompter), startRun: () => engineFor(report), exportRequest });
    expect(asked).toEqual([[report, 'md'], [report, 'csv']]);
    expect(saved.get('netreq-request.md')).toBe('request as md: root.dns-public-unresolved');
    expect(saved.get('for-the-firewall.csv')).toBe('request as csv: root.dns-public-unresolved');
    expect(out.text()).toContain('Saved the change request (md) to netreq-request.md');
    expect(out.text()).toContain('Saved the change request (csv) to for-the-firewall.csv');
    expect(seen).toContain('choices: answers, summary, request, quit');
  });

  it('root-causes 3: plain mode offers no change request when everything passed, nor without an exporter', async () => {
    for (const [report, exporter] of [[reportWithRootCauses([], [pypiPassed]), true], [reportWithRootCauses([DNS_CAUSE]), false]] as const) {
      const seen: string[] = [];
      const prompter = scripted([...ANSWERS, { kind: 'select', answer: 'run', match: /What next/ }, { kind: 'select', answer: 'quit', match: /Save anything/ }], seen);
      await runPlainWizard({ ...options(sink().stream, new Map(), prompter), startRun: () => engineFor(report), ...(exporter ? { exportRequest: () => 'request' } : {}) });
      expect(seen.at(-1)).toBe('choices: answers, summary, quit');
    }
  });

  it('quitting at a prompt (Ctrl-C) ends without a report, as an interruption (exit 130)', async () => {
    const out = sink();
    const outcome = await runPlainWizard(options(out.stream, new Map(), scripted([{ kind: 'checkbox' }], [])));
    expect(outcome).toEqual({ interrupted: true, quit: true });
  });

  it('never imports Ink or React, directly or through its own modules', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)) {
        const spec = match[1] ?? '';
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^(ink|react)(\/|$)/);
        if (spec.startsWith('.') && !/^import type/.test(match[0])) {
          const base = resolve(dirname(file), spec.replace(/\.js$/, ''));
          visit(existsSync(`${base}.ts`) ? `${base}.ts` : `${base}.tsx`);
        }
      }
    };
    visit(resolve('src/ui/plain/index.ts'));
    expect(seen.size).toBeGreaterThan(5);
  });
});
