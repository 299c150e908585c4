import { mergeReports, renderMergeJson, renderMergeMarkdown, renderMergeText, type MachineReport } from '../../report/index.js';
import { allowOnly, type ParsedArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { UsageError, type CliIo } from '../io.js';
import { machineName, parseCompareFormat, readReportFile } from './diff.js';
import type { Command } from './types.js';

const HELP = `netreq merge REPORT... [--format text|md|json]: one matrix of targets by machine

Joins the reports of several machines ('netreq check --format json' on each node, however
they were collected) into one view: every target with how many machines pass, warn, fail or
skip it, and the odd machines named, so a rule that fails on two nodes out of forty stands out.
Each machine is named after its file (node-07.json is node-07); NAME=FILE names it yourself.

Exit codes: 0 nothing failed anywhere, 1 something failed on some machine, 2 usage error.
`;

function input(arg: string, io: CliIo): MachineReport {
  const eq = arg.indexOf('=');
  const named = eq > 0 && !arg.slice(0, eq).includes('/');
  const path = named ? arg.slice(eq + 1) : arg;
  return { machine: named ? arg.slice(0, eq) : machineName(path), report: readReportFile(path, io) };
}

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'join the reports of several machines into one matrix',
  help: HELP,
  async run(args: ParsedArgs, io: CliIo): Promise<number> {
    allowOnly('merge', args.flags, ['format', 'no-color']);
    const format = parseCompareFormat('merge', args.flags.format);
    if (args.positionals.length === 0) throw new UsageError("'netreq merge' needs reports: netreq merge node-1.json node-2.json ...");
    const inputs = args.positionals.map((arg) => input(arg, io));
    const names = inputs.map((i) => i.machine);
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice !== undefined) throw new UsageError(`two reports are both named '${twice}'; name them with NAME=FILE`);
    const merged = mergeReports(inputs);
    const render = format === 'json' ? renderMergeJson : format === 'md' ? renderMergeMarkdown : renderMergeText;
    io.stdout.write(render(merged));
    return merged.rows.some((r) => r.counts.fail > 0) ? EXIT.failed : EXIT.ok;
  },
};
