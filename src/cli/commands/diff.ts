import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  diffFleetReports, diffReports, renderDiffJson, renderDiffMarkdown, renderDiffText, renderFleetDiffJson, renderFleetDiffMarkdown, renderFleetDiffText, Report,
} from '../../report/index.js';
import { allowOnly, type ParsedArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { UsageError, type CliIo } from '../io.js';
import { fleetReportIn } from '../report-file.js';
import type { Command } from './types.js';

export type CompareFormat = 'text' | 'md' | 'json';
const FORMATS: readonly CompareFormat[] = ['text', 'md', 'json'];

export function parseCompareFormat(command: string, value: string | undefined): CompareFormat {
  if (value === undefined) return 'text';
  if ((FORMATS as readonly string[]).includes(value)) return value as CompareFormat;
  throw new UsageError(`--format '${value}' is not a ${command} format; expected one of: ${FORMATS.join(', ')}`);
}

/** A report written by `netreq check --format json`; a UsageError names the file and what is wrong. */
export function readReportFile(path: string, io: Pick<CliIo, 'cwd'>): Report {
  const file = resolve(io.cwd, path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error: unknown) {
    const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : 'unreadable';
    throw new UsageError(`${path}: cannot read it (${code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${path}: not JSON; give a report from 'netreq check --format json'`);
  }
  const parsed = Report.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${path}: not a netreq report (${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'invalid'})`);
  }
  return parsed.data;
}

/** The name a report stands for in a matrix: its file name without .json. */
export function machineName(path: string): string {
  return basename(path).replace(/\.json$/i, '');
}

const HELP = `netreq diff OLD.json NEW.json [--format text|md|json]: what got fixed, what broke

Compares two reports of 'netreq check --format json' target by target (host, port, transport):
broke (worse now), fixed (better now), changed (another cause, or to or from not checked),
new and no longer checked targets, unchanged. Markdown is for the ticket with the network team.

Two fleet reports ('netreq fleet --format json', or its --bundle) are compared node by node and
target by target on each node; a node that could not be checked and now can is fixed (target
'node'); nodes added and removed are listed.

Exit codes: 0 nothing broke, 1 something broke, 2 usage error.
`;

export const diffCommand: Command = {
  name: 'diff',
  summary: 'compare two reports: fixed, broke, unchanged',
  help: HELP,
  async run(args: ParsedArgs, io: CliIo): Promise<number> {
    allowOnly('diff', args.flags, ['format', 'no-color']);
    const format = parseCompareFormat('diff', args.flags.format);
    const [oldPath, newPath, ...extra] = args.positionals;
    if (oldPath === undefined || newPath === undefined || extra.length > 0) {
      throw new UsageError("'netreq diff' takes two reports: netreq diff OLD.json NEW.json");
    }
    const oldFleet = fleetReportIn(resolve(io.cwd, oldPath), oldPath);
    const newFleet = fleetReportIn(resolve(io.cwd, newPath), newPath);
    if (oldFleet !== undefined || newFleet !== undefined) {
      if (oldFleet === undefined || newFleet === undefined) {
        throw new UsageError(`${oldFleet === undefined ? oldPath : newPath}: a single machine's report; 'netreq diff' compares two fleet reports or two single reports, not one of each`);
      }
      const fleetDiff = diffFleetReports(oldFleet, newFleet);
      const renderFleet = format === 'json' ? renderFleetDiffJson : format === 'md' ? renderFleetDiffMarkdown : renderFleetDiffText;
      io.stdout.write(renderFleet(fleetDiff));
      return fleetDiff.counts.broke > 0 ? EXIT.failed : EXIT.ok;
    }
    const diff = diffReports(readReportFile(oldPath, io), readReportFile(newPath, io));
    const render = format === 'json' ? renderDiffJson : format === 'md' ? renderDiffMarkdown : renderDiffText;
    io.stdout.write(render(diff));
    return diff.counts.broke > 0 ? EXIT.failed : EXIT.ok;
  },
};
