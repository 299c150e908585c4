// Reading netreq's verdict on a pull next to containerd's: the finding of the `--image` registry
// (`site.image`) and of the hosts the pull was sent to (`pull.discovered`), and a one-line record
// of both outcomes and their times for the test's log.
import { Report } from '../../src/report/index.js';
import type { NetreqRun } from './netreq.js';
import type { CtrRun } from './pull-site.js';

export type Finding = Report['findings'][number];

function describeReport(report: Report): string {
  return report.findings.map((f) => `${f.ruleIds.join(',')} ${f.target.host}:${f.target.port} ${f.status} ${f.cause ?? ''}`).join('; ');
}

/** The report netreq printed; throws with its output when it printed none. */
export function reportOf(run: NetreqRun): Report {
  if (run.report !== undefined) return run.report;
  let why: string;
  try {
    const json: unknown = JSON.parse(run.stdout);
    const parsed = Report.safeParse(json);
    // The value the schema refused, at the first issue's path.
    const at = parsed.success ? undefined : parsed.error.issues[0]?.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], json);
    why = parsed.success ? 'parsed' : `${JSON.stringify(parsed.error.issues.slice(0, 2))}; value ${JSON.stringify(at)}`;
  } catch (error) {
    why = String(error);
  }
  throw new Error(`netreq printed no report (exit ${String(run.code)}): ${why}\n${run.stderr.slice(0, 2000)}`);
}

/** The finding of the registry the `--image` named. */
export function imageFinding(run: NetreqRun): Finding {
  const report = reportOf(run);
  const finding = report.findings.find((f) => f.ruleIds.includes('site.image'));
  if (finding === undefined) throw new Error(`no site.image finding; report has ${describeReport(report)}`);
  return finding;
}

/** The finding of a host the pull was sent to that no rule lists, when there is one. */
export function discoveredFinding(run: NetreqRun, host: string): Finding | undefined {
  return reportOf(run).findings.find((f) => f.ruleIds.includes('pull.discovered') && f.target.host === host);
}

/** Whether netreq's verdict on the pull is a pass (a warning is not). */
export const netreqPassed = (finding: Finding): boolean => finding.status === 'pass';

/** Every string the finding holds, for "it names the host" checks. */
export const findingText = (finding: Finding): string => JSON.stringify(finding);

/** One line for the log: what each said and how long it took. */
export function verdictLine(name: string, ctr: CtrRun, netreq: NetreqRun, finding: Finding): string {
  const ctrOutcome = ctr.timedOut ? `killed after ${Math.round(ctr.ms)} ms` : `exit ${String(ctr.code)} in ${Math.round(ctr.ms)} ms`;
  return `[pull-judge] ${name}: ctr ${ctrOutcome}; netreq ${finding.status} ${finding.cause ?? ''} in ${Math.round(netreq.ms)} ms`;
}
