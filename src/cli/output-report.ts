import { resolve } from 'node:path';
import { hostsOfInterest } from '../engine/index.js';
import type { ProxySettings } from '../net/index.js';
import { describeRecords, loadHtmlRenderer, redactDeep, renderJsonPieces, renderText, terminalSafeJson, writeBundle, WriteFileError, type Environment, type Report } from '../report/index.js';
import type { Flags } from './args.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { hostReader, renderReport, type OutputFormat } from './execute-run.js';
import type { CliIo } from './io.js';
import { knownSecrets, redactionFor } from './redaction.js';

/** `report`'s formats: check's, and the support page. */
export type ReportFormat = OutputFormat | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'md', 'junit', 'html'];

export interface OutputOptions {
  readonly format: ReportFormat;
  readonly color: boolean;
  readonly flags: Flags;
  /** The real site's proxy: its credentials are among the secrets masked. */
  readonly proxy?: ProxySettings | undefined;
  /** This machine's facts as the engine gathered them; gathered now for a bundle when absent. */
  readonly environment?: Environment | undefined;
  readonly verbose?: boolean;
}

function environmentFor(report: Report, io: CliIo): Environment {
  return hostReader(io)(hostsOfInterest(report.findings, report.elsewhere));
}

export async function render(report: Report, options: OutputOptions, io: CliIo, environment?: Environment): Promise<string> {
  if (options.format === 'html') return (await loadHtmlRenderer())(report, environment);
  if (options.format === 'text' && options.verbose === true) {
    return renderText(report, { color: options.color, verbose: true, width: io.stdout.isTTY ? Math.min(io.stdout.columns ?? 80, 120) : 80 });
  }
  const text = renderReport(report, options.format, io, options.color);
  return options.format === 'json' ? terminalSafeJson(text) : text;
}

/**
 * What the bundle's redaction did, in words. The proxy password is masked in the report before
 * the bundle is written (the topology and environment hold the URL redacted), so the chain may
 * find nothing left: the password was masked all the same, and the message says so.
 */
function redactedWords(records: Parameters<typeof describeRecords>[0], proxyPassword: boolean): string {
  const chain = records.length > 0 ? describeRecords(records) : undefined;
  const parts = [proxyPassword ? 'the proxy password masked' : undefined, chain].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? `redacted: ${parts.join('; ')}` : 'nothing needed redacting';
}

export interface SavedBundle {
  readonly ok: boolean;
  /** What to tell the person: where it went and what was redacted, or why it was not written. */
  readonly text: string;
}

/**
 * Writes `report` as a support bundle at `path` (relative to io.cwd): the machine's environment
 * gathered now, everything redacted with `--redact` and the run's known secrets. Never throws for
 * a file that cannot be written: `ok` is false and `text` says why. For the wizard's finish screen too.
 */
export async function saveBundle(report: Report, path: string, io: CliIo, options: { readonly flags?: Flags; readonly proxy?: ProxySettings; readonly environment?: Environment } = {}): Promise<SavedBundle> {
  const flags = options.flags ?? {};
  const chain = redactionFor(flags, io, options.proxy);
  const full = resolve(io.cwd, path);
  try {
    const written = await writeBundle(full, { report, environment: options.environment ?? environmentFor(report, io) }, chain);
    return { ok: true, text: `support bundle written to ${full} (${written.entries.length - 1} files, ${Math.ceil(written.bytes / 1024)} KiB; ${redactedWords(written.records, knownSecrets(flags, io, options.proxy).length > 0)})` };
  } catch (error: unknown) {
    if (!(error instanceof WriteFileError)) throw error;
    return { ok: false, text: `the support bundle was not written: ${error.message}` };
  }
}

/**
 * The end of every run: the container runtime findings on a real node, the report on stdout
 * (redacted like everything else), then `--bundle`. A bundle that cannot be written is said on
 * stderr after the report, and the exit code is 2 (the FILE given could not be written) unless
 * the run was interrupted (130); otherwise the code is the findings' (0, 1, 130). An interrupted
 * run's bundle holds what finished.
 */
export async function outputReport(report: Report, options: OutputOptions, io: CliIo): Promise<number> {
  const { flags } = options;
  const chain = redactionFor(flags, io, options.proxy);
  const full = report;
  if (options.format === 'json') {
    // Streamed: a large report is never held twice (redacted copy, then its text) in memory.
    const head = redactDeep({ ...full, findings: [] }, chain).value;
    const pieces = renderJsonPieces({ ...head, findings: full.findings }, (finding) => redactDeep(finding, chain).value);
    for (const piece of pieces) io.stdout.write(chain(terminalSafeJson(piece)).text);
  } else {
    const shown = redactDeep(full, chain).value;
    io.stdout.write(chain(await render(shown, options, io, options.environment)).text);
  }
  const code: number = exitCodeFor(full.findings, full.interrupted);
  if (flags.bundle === undefined) return code;
  const environment = options.environment ?? environmentFor(full, io);
  const saved = await saveBundle(full, flags.bundle, io, { flags, ...(options.proxy ? { proxy: options.proxy } : {}), environment });
  io.stderr.write(`netreq: ${saved.text}\n`);
  return saved.ok || code === EXIT.interrupted ? code : EXIT.usage;
}
