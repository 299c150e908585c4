import { resolve } from 'node:path';
import { loadReportFile, redactDeep, ReportFileError } from '../../report/index.js';
import { allowOnly, type ParsedArgs } from '../args.js';
import { useColor } from '../color.js';
import { EXIT } from '../exit-codes.js';
import { UsageError, type CliIo } from '../io.js';
import { render, REPORT_FORMATS, type ReportFormat } from '../output-report.js';
import { redactionFor } from '../redaction.js';
import type { Command } from './types.js';

const HELP = `netreq report FILE: show a support bundle or a report.json again

  netreq report support.tar.gz             the bundle's report, as text
  netreq report report.json --format html  the support page, to save and open in a browser

Options
  --format F        text (default) | json | md | junit | html
  -v, --verbose     text: explanations and each step's evidence too
  --redact PATTERN  also mask what matches this regular expression (repeat)
  --no-color        no colours (NO_COLOR is honoured)

The report is validated; an error names the file and the field. Exit codes: 0 shown, 2 the
file cannot be read or is not a netreq report.
`;

export const reportCommand: Command = {
  name: 'report',
  summary: 're-render a bundle or a report.json',
  help: HELP,
  async run(args: ParsedArgs, io: CliIo): Promise<number> {
    const { flags } = args;
    allowOnly('report', flags, ['format', 'redact', 'no-color', 'verbose']);
    const [file, ...extra] = args.positionals;
    if (file === undefined || extra.length > 0) throw new UsageError("'netreq report' takes one FILE: a bundle (.tar.gz) or a report.json");
    const format = flags.format ?? 'text';
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format '${format}' is not a report format; expected one of: ${REPORT_FORMATS.join(', ')}`);
    const chain = redactionFor(flags, io);
    let loaded;
    try {
      loaded = loadReportFile(resolve(io.cwd, file));
    } catch (error: unknown) {
      if (error instanceof ReportFileError) throw new UsageError(error.message);
      throw error;
    }
    for (const warning of loaded.warnings) io.stderr.write(`netreq: ${warning}\n`);
    const report = redactDeep(loaded.report, chain).value;
    const environment = loaded.environment !== undefined ? redactDeep(loaded.environment, chain).value : undefined;
    const options = { format: format as ReportFormat, color: useColor(flags, io), flags, verbose: (flags.verbose?.length ?? 0) > 0 };
    io.stdout.write(chain(await render(report, options, io, environment)).text);
    return EXIT.ok;
  },
};
