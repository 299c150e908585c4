import { resolve } from 'node:path';
import { CatalogError, loadCatalog } from '../../catalog/index.js';
import { changedFindings, reclassify, ReclassifyError } from '../../diagnose/index.js';
import { redactDeep, type Report } from '../../report/index.js';
import { VERSION } from '../../version.js';
import { allowOnly, type ParsedArgs } from '../args.js';
import { useColor } from '../color.js';
import { EXIT } from '../exit-codes.js';
import { UsageError, type CliIo } from '../io.js';
import { render, REPORT_FORMATS, type ReportFormat } from '../output-report.js';
import { redactionFor } from '../redaction.js';
import { fleetFormat, renderFleet } from '../render-fleet-report.js';
import { loadSavedReport } from '../report-file.js';
import type { Command } from './types.js';

const HELP = `netreq report FILE: show a support bundle, a report.json or a fleet report again

  netreq report support.tar.gz             the bundle's report, as text
  netreq report report.json --format html  the support page, to save and open in a browser
  netreq report support.tar.gz --reclassify
                                           the saved observations judged again by this version
  netreq report fleet.json --format html   a fleet report (netreq fleet --format json, or its
                                           --bundle): root causes across nodes, the matrix of
                                           nodes by targets, the nodes not checked

Options
  --reclassify      judge the saved observations again with this version's classifier, knowledge
                    (catalog/knowledge/) and texts, then show the result; stderr says how many
                    findings changed cause or status. Needs a report of schema 2 (netreq that
                    keeps each finding's basis); an older one exits 2 and says so
  --format F        text (default) | json | md | junit | html (a fleet report: text | json | md | html)
  -v, --verbose     text: explanations and each step's evidence too
  --redact PATTERN  also mask what matches this regular expression (repeat)
  --no-color        no colours (NO_COLOR is honoured)

The report is validated; an error names the file and the field. Exit codes: 0 shown, 2 the
file cannot be read, is not a netreq report, or (--reclassify) cannot be judged again.
`;

export const reportCommand: Command = {
  name: 'report',
  summary: 're-render a bundle, a report.json or a fleet report',
  help: HELP,
  async run(args: ParsedArgs, io: CliIo): Promise<number> {
    const { flags } = args;
    allowOnly('report', flags, ['format', 'redact', 'no-color', 'verbose', 'reclassify']);
    const [file, ...extra] = args.positionals;
    if (file === undefined || extra.length > 0) throw new UsageError("'netreq report' takes one FILE: a bundle (.tar.gz) or a report.json");
    const format = flags.format ?? 'text';
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format '${format}' is not a report format; expected one of: ${REPORT_FORMATS.join(', ')}`);
    const chain = redactionFor(flags, io);
    const path = resolve(io.cwd, file);
    const saved = loadSavedReport(path, path);
    if (saved.kind === 'fleet') {
      if (flags.reclassify === true) throw new UsageError(`${file}: a fleet report; --reclassify judges one machine's report (each node's is in the fleet's --bundle, under nodes/)`);
      io.stdout.write(chain(await renderFleet(redactDeep(saved.report, chain).value, fleetFormat(flags.format))).text);
      return EXIT.ok;
    }
    const loaded = saved.loaded;
    for (const warning of loaded.warnings) io.stderr.write(`netreq: ${warning}\n`);
    const judged = flags.reclassify === true ? judgedAgain(loaded.report, resolve(io.cwd, file), io) : loaded.report;
    const report = redactDeep(judged, chain).value;
    const environment = loaded.environment !== undefined ? redactDeep(loaded.environment, chain).value : undefined;
    const options = { format: format as ReportFormat, color: useColor(flags, io), flags, verbose: (flags.verbose?.length ?? 0) > 0 };
    io.stdout.write(chain(await render(report, options, io, environment)).text);
    return EXIT.ok;
  },
};

/** The saved report judged again by this version; says on stderr what changed. Exit 2 (UsageError) when it cannot be. */
function judgedAgain(saved: Report, path: string, io: CliIo): Report {
  let result;
  try {
    result = reclassify(saved, { catalog: loadCatalog(), version: VERSION });
  } catch (error: unknown) {
    if (error instanceof ReclassifyError) throw new UsageError(`${path}: cannot be judged again: ${error.message}`);
    if (error instanceof CatalogError) throw new UsageError(`the catalog is not valid: ${error.message}`);
    throw error;
  }
  const changed = changedFindings(saved, result.report);
  const total = result.report.findings.length;
  const kept = result.kept.length > 0 ? `; ${result.kept.length} kept as saved (no basis to judge them from)` : '';
  io.stderr.write(`netreq: judged again by netreq ${VERSION}: ${changed} of ${total} finding${total === 1 ? '' : 's'} changed cause or status${kept}\n`);
  return result.report;
}
