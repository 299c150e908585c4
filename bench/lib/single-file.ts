import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The single file under test, and how one run of it is timed from outside. */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SINGLE_FILE = join(ROOT, 'dist', 'netreq.mjs');
const RSS_PROBE = pathToFileURL(fileURLToPath(new URL('./rss-probe.mjs', import.meta.url))).href;

export interface ProcessRun {
  readonly exitCode: number | null;
  /** Spawn to exit, as the bench process sees it. */
  readonly wallMs: number;
  readonly stdout: string;
  readonly stderr: string;
  /** ru_maxrss of the measured process (not of its node launcher: there is none), when asked for. */
  readonly peakRssMb?: number;
  /** Its CPU time, user + system, when asked for. */
  readonly cpuMs?: number;
}

/** Runs `node dist/netreq.mjs ARGS`; with `rss`, a preloaded probe reports the peak resident set. */
export interface RunOptions {
  readonly rss?: boolean;
  readonly tmpDir?: string;
  /** Keep this shell's NODE_EXTRA_CA_CERTS: Node parses that file at every start, before any of netreq runs. */
  readonly inheritExtraCa?: boolean;
}

export function runSingleFile(args: readonly string[], options: RunOptions = {}): Promise<ProcessRun> {
  return runNode([SINGLE_FILE, ...args], options);
}

/** Runs `node ARGS`, timed from spawn to exit. */
export async function runNode(args: readonly string[], options: RunOptions = {}): Promise<ProcessRun> {
  const rssFile = options.rss && options.tmpDir ? join(options.tmpDir, `rss-${process.pid}-${Date.now()}.txt`) : undefined;
  const nodeArgs = [...(rssFile ? ['--import', RSS_PROBE] : []), ...args];
  // The served site is reached directly: a proxy of the shell running the bench must not leak in, nor
  // its NODE_EXTRA_CA_CERTS unless asked (this machine's names the whole system store: ~55 ms per start).
  const dropped = options.inheritExtraCa === true ? /^(https?_proxy|no_proxy|all_proxy)$/i : /^(https?_proxy|no_proxy|all_proxy|node_extra_ca_certs)$/i;
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !dropped.test(name)));
  const env: NodeJS.ProcessEnv = { ...inherited, NO_COLOR: '1', ...(rssFile ? { BENCH_RSS_FILE: rssFile } : {}) };
  const started = performance.now();
  const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  const wallMs = performance.now() - started;
  let peakRssMb: number | undefined;
  let cpuMs: number | undefined;
  if (rssFile && existsSync(rssFile)) {
    const [maxRss = '', cpu = ''] = readFileSync(rssFile, 'utf8').split(' ');
    peakRssMb = Number(maxRss) / 1024;
    cpuMs = Number(cpu) / 1000;
    rmSync(rssFile, { force: true });
  }
  return {
    exitCode,
    wallMs,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    ...(peakRssMb === undefined ? {} : { peakRssMb }),
    ...(cpuMs === undefined ? {} : { cpuMs }),
  };
}

export interface ReportFinding {
  readonly status: string;
  readonly cause?: string;
  readonly target: { readonly host: string; readonly port: number };
  readonly steps: ReadonlyArray<{ readonly step: string; readonly ms: number }>;
}

export interface CheckRun extends ProcessRun {
  /** The report's startedAt..finishedAt: the run itself, after the site (simulator) has started. */
  readonly runMs: number;
  readonly findings: readonly ReportFinding[];
}

/** `netreq ARGS --format json` (a `check` against a served site), its report parsed; `file` is another build to run instead. */
export async function checkSite(args: readonly string[], options: RunOptions = {}, file: string = SINGLE_FILE): Promise<CheckRun> {
  const result = await runNode([file, ...args, '--format', 'json'], options);
  let report: { startedAt: string; finishedAt: string; findings: ReportFinding[] };
  try {
    report = JSON.parse(result.stdout) as typeof report;
  } catch {
    throw new Error(`netreq ${args.slice(0, 3).join(' ')} … printed no report (exit ${result.exitCode}):\n${result.stderr.slice(0, 2000)}`);
  }
  const runMs = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  return { ...result, runMs, findings: report.findings };
}

/** A finding's chain: the sum of its steps' durations. */
export function chainMs(finding: ReportFinding): number {
  return finding.steps.reduce((sum, step) => sum + step.ms, 0);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
