import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { Environment } from '../../schema/index.js';
import { Report } from '../../schema/index.js';
import { readTar, TarError } from './tar-read.js';

/** A report that cannot be read: names the file (and the member of a bundle) and the path in it. */
export class ReportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportFileError';
  }
}

export interface LoadedReport {
  readonly report: Report;
  /** environment.json, when the file is a bundle that has a valid one. */
  readonly environment?: Environment;
  /** Problems that did not stop the reading (an environment.json that does not validate). */
  readonly warnings: readonly string[];
}

function issues(where: string, error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${where}: ${issue.path.length > 0 ? issue.path.join('.') : '(top level)'}: ${issue.message}`)
    .join('\n');
}

function parseJson(where: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error: unknown) {
    throw new ReportFileError(`${where}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function validReport(where: string, text: string): Report {
  const parsed = Report.safeParse(parseJson(where, text));
  if (!parsed.success) throw new ReportFileError(`${where}: not a netreq report\n${issues(where, parsed.error)}`);
  return parsed.data;
}

/** A bundle (.tar.gz) or a report.json, validated with the Report schema. */
export function loadReportFile(path: string): LoadedReport {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error: unknown) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unreadable';
    throw new ReportFileError(`${path}: cannot read the file (${code})`);
  }
  if (/^\s*\{/.test(bytes.subarray(0, 64).toString('utf8'))) return { report: validReport(path, bytes.toString('utf8')), warnings: [] };
  let files;
  try {
    files = readTar(bytes);
  } catch (error: unknown) {
    if (error instanceof TarError) throw new ReportFileError(`${path}: neither a report.json nor a netreq bundle (${error.message})`);
    throw error;
  }
  const member = (name: string) => files.find((f) => f.name === name || f.name.endsWith(`/${name}`));
  const reportFile = member('report.json');
  if (!reportFile) throw new ReportFileError(`${path}: the bundle has no report.json (it holds: ${files.map((f) => f.name).join(', ') || 'nothing'})`);
  const report = validReport(`${path}:${reportFile.name}`, reportFile.content.toString('utf8'));
  const envFile = member('environment.json');
  if (!envFile) return { report, warnings: [] };
  const where = `${path}:${envFile.name}`;
  const env = Environment.safeParse(parseJson(where, envFile.content.toString('utf8')));
  return env.success ? { report, environment: env.data, warnings: [] } : { report, warnings: [`${where}: ignored\n${issues(where, env.error)}`] };
}
