import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  renderRequestCsv,
  renderRequestJson,
  renderRequestMarkdown,
  renderRequestNoProxy,
  renderRequestSquid,
  renderRequestTable,
  type Catalog,
  type ChangeRequest,
} from '../catalog/index.js';
import { loadReportFile, MAX_TAR_BYTES, ReportFileError, stripControl, type Report } from '../report/index.js';
import { changeRequest } from './change-request.js';
import { UsageError, type CliIo } from './io.js';

/** The formats of `netreq rules`, shared with the wizard's export. */
export type RequestFormat = 'table' | 'csv' | 'md' | 'json' | 'squid' | 'no-proxy';

const REQUEST_RENDERERS: Readonly<Record<RequestFormat, (request: ChangeRequest, width: number) => { text: string; notes: readonly string[] }>> = {
  table: (request, width) => ({ text: renderRequestTable(request, width), notes: [] }),
  csv: (request) => ({ text: renderRequestCsv(request), notes: [] }),
  md: (request) => ({ text: renderRequestMarkdown(request), notes: [] }),
  json: (request) => ({ text: renderRequestJson(request), notes: [] }),
  squid: (request) => renderRequestSquid(request),
  'no-proxy': (request) => renderRequestNoProxy(request),
};

/** The change request in a rules format; `notes` are what the format cannot carry (stderr). */
export function renderRequest(format: RequestFormat, request: ChangeRequest, width = 80): { text: string; notes: readonly string[] } {
  return REQUEST_RENDERERS[format](request, width);
}

/** The file's size, or 0 when it cannot be read: loadReportFile then says why. */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * A saved report, read as `netreq report FILE` reads one (a report.json or a bundle, validated);
 * any problem is a UsageError (exit 2) naming the file, never a stack trace.
 */
export function readReportForRequest(file: string, io: CliIo): Report {
  const path = resolve(io.cwd, file);
  try {
    // A report.json is read whole: refuse one larger than a bundle may grow to once decompressed.
    const size = sizeOf(path);
    if (size > MAX_TAR_BYTES) throw new ReportFileError(`${path}: ${size} bytes, larger than a netreq report may be (${MAX_TAR_BYTES})`);
    const loaded = loadReportFile(path);
    for (const warning of loaded.warnings) io.stderr.write(`netreq: ${stripControl(warning)}\n`);
    return loaded.report;
  } catch (error: unknown) {
    // The validation's messages quote the file's keys: no control byte of them reaches the terminal.
    if (error instanceof ReportFileError) throw new UsageError(stripControl(error.message));
    throw error;
  }
}

/** `netreq rules --from FILE`: what failed in the report, as a change request. */
export function requestFromReport(file: string, catalog: Catalog, io: CliIo): ChangeRequest {
  const report = readReportForRequest(file, io);
  const made = report.tool.catalogVersion;
  if (made !== undefined && made !== catalog.version) {
    io.stderr.write(`netreq: note: the report was made with catalog ${stripControl(made, { newlines: false })}, this netreq has ${catalog.version}: purposes and sources are this catalog's\n`);
  }
  return changeRequest(report, catalog);
}
