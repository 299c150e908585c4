// A saved report of either kind, for `report`, `diff` and `fleet --from`: a Report (check's
// report.json, or a bundle's) or a FleetReport (fleet's JSON, or fleet.json in its bundle), told
// apart by the fleet report's `kind: "fleet"`. Untrusted input: the file is bounded in size and
// validated by its schema; every problem is a UsageError (exit 2) naming the file and the field.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { FleetReport } from '../fleet/index.js';
import { loadReportFile, readTar, ReportFileError, TarError, type LoadedReport } from '../report/index.js';
import { UsageError } from './io.js';

/** A fleet report of a few thousand nodes is tens of megabytes; anything far larger is not one. */
export const MAX_REPORT_FILE_BYTES = 256 * 1024 * 1024;

export type SavedReport = { readonly kind: 'site'; readonly loaded: LoadedReport } | { readonly kind: 'fleet'; readonly report: FleetReport };

/** The file's bytes, at most MAX_REPORT_FILE_BYTES; `cannot` words the error as its command always has. */
function readBounded(path: string, shown: string, cannot = 'cannot read it'): Buffer {
  let fd: number | undefined;
  try {
    const size = statSync(path).size;
    if (size > MAX_REPORT_FILE_BYTES) throw new UsageError(`${shown}: ${size} bytes; a netreq report is at most ${MAX_REPORT_FILE_BYTES} bytes`);
    fd = openSync(path, 'r');
    const bytes = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } catch (error: unknown) {
    if (error instanceof UsageError) throw error;
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unreadable';
    throw new UsageError(`${shown}: ${cannot} (${code})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function parseJson(where: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error: unknown) {
    throw new UsageError(`${where}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function isFleet(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'fleet';
}

/** The fleet report in `value`, validated; a UsageError listing the first problems by field. */
export function validFleetReport(where: string, value: unknown): FleetReport {
  const parsed = FleetReport.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 10).map((issue) => `${where}: ${issue.path.length > 0 ? issue.path.join('.') : '(top level)'}: ${issue.message}`);
  throw new UsageError(`${where}: not a netreq fleet report (fleetVersion 1)\n${problems.join('\n')}`);
}

function siteReport(path: string): SavedReport {
  try {
    return { kind: 'site', loaded: loadReportFile(path) };
  } catch (error: unknown) {
    if (error instanceof ReportFileError) throw new UsageError(error.message);
    throw error;
  }
}

/** A report.json, a fleet report's JSON, or a bundle of either; `shown` is how the file is named in messages. */
export function loadSavedReport(path: string, shown = path): SavedReport {
  const bytes = readBounded(path, shown, 'cannot read the file');
  if (/^\s*\{/.test(bytes.subarray(0, 64).toString('utf8'))) {
    const value = parseJson(shown, bytes.toString('utf8'));
    return isFleet(value) ? { kind: 'fleet', report: validFleetReport(shown, value) } : siteReport(path);
  }
  let fleetJson;
  try {
    fleetJson = readTar(bytes).find((f) => f.name === 'fleet.json' || f.name.endsWith('/fleet.json'));
  } catch (error: unknown) {
    if (error instanceof TarError) throw new UsageError(`${shown}: neither a report's JSON nor a netreq bundle (${error.message})`);
    throw error;
  }
  if (fleetJson === undefined) return siteReport(path);
  const where = `${shown}:${fleetJson.name}`;
  return { kind: 'fleet', report: validFleetReport(where, parseJson(where, fleetJson.content.toString('utf8'))) };
}

/** A fleet report, or a UsageError saying that the file is a single machine's report. */
export function loadFleetReportFile(path: string, shown: string, flag: string): FleetReport {
  const saved = loadSavedReport(path, shown);
  if (saved.kind === 'fleet') return saved.report;
  throw new UsageError(`${shown}: a single machine's report, not a fleet report; ${flag} needs the JSON of 'netreq fleet --format json' (or its --bundle)`);
}

/**
 * The fleet report in the file when it holds one (its JSON or a bundle with fleet.json), else
 * undefined, so that the caller reads it as a single machine's report with that reader's own
 * messages. A fleet report that does not validate is a UsageError here.
 */
export function fleetReportIn(path: string, shown: string): FleetReport | undefined {
  const bytes = readBounded(path, shown);
  if (/^\s*\{/.test(bytes.subarray(0, 64).toString('utf8'))) {
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
    return isFleet(value) ? validFleetReport(shown, value) : undefined;
  }
  let member;
  try {
    member = readTar(bytes).find((f) => f.name === 'fleet.json' || f.name.endsWith('/fleet.json'));
  } catch {
    return undefined;
  }
  if (member === undefined) return undefined;
  const where = `${shown}:${member.name}`;
  return validFleetReport(where, parseJson(where, member.content.toString('utf8')));
}
