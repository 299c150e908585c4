import type { Expectation, ExpectedStatus } from './scenario-schema.js';

/** What the comparison needs of a finding (the Report's Finding fits it). */
export interface ObservedFinding {
  readonly ruleIds: readonly string[];
  readonly target: { readonly host: string; readonly port: number };
  readonly status: ExpectedStatus;
  readonly cause?: string | undefined;
}

/** One disagreement: a listed expectation not met, or an unlisted finding that is not a pass or a skip. */
export interface Mismatch {
  /** Set on a root-cause row (a root cause missing or extra, or what it explains); absent on a finding's. */
  readonly about?: 'root-cause';
  /** The expectation's key, or the finding's host:port when no key lists it. */
  readonly key: string;
  readonly target: string;
  readonly rules: readonly string[];
  readonly expected: string;
  readonly got: string;
}

const label = (status: string, cause: string | undefined): string => (cause === undefined ? status : `${status} ${cause}`);
const hostPort = (finding: ObservedFinding): string => `${finding.target.host}:${finding.target.port}`;

/** Does the expectation's key (a rule id or host:port) name this finding? */
export function keyMatches(key: string, finding: ObservedFinding): boolean {
  return finding.ruleIds.includes(key) || hostPort(finding) === key;
}

/**
 * Listed expectations must hold exactly for every finding their key names (and name at least one);
 * every finding no key names must be a pass or a skip.
 */
export function compareExpectations(expect: Readonly<Record<string, Expectation>>, findings: readonly ObservedFinding[]): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const [key, expectation] of Object.entries(expect)) {
    const expected = label(expectation.status, expectation.cause);
    const named = findings.filter((finding) => keyMatches(key, finding));
    if (named.length === 0) mismatches.push({ key, target: key.includes(':') ? key : '-', rules: key.includes(':') ? [] : [key], expected, got: '(no finding)' });
    for (const finding of named) {
      if (finding.status === expectation.status && finding.cause === expectation.cause) continue;
      mismatches.push({ key, target: hostPort(finding), rules: finding.ruleIds, expected, got: label(finding.status, finding.cause) });
    }
  }
  const keys = Object.keys(expect);
  for (const finding of findings) {
    if (keys.some((key) => keyMatches(key, finding))) continue;
    if (finding.status === 'pass' || finding.status === 'skip') continue;
    mismatches.push({ key: hostPort(finding), target: hostPort(finding), rules: finding.ruleIds, expected: 'pass or skip (unlisted)', got: label(finding.status, finding.cause) });
  }
  return mismatches;
}

/** The mismatches as a table, one row per target (or root cause): expected against got. */
export function formatMismatches(scenario: string, mismatches: readonly Mismatch[]): string {
  if (mismatches.length === 0) return `scenario ${scenario}: every expectation holds\n`;
  const rows = [['TARGET', 'RULES', 'EXPECTED', 'GOT'], ...mismatches.map((m) => [m.target, m.rules.join(',') || '-', m.expected, m.got])];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const lines = rows.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  ').trimEnd());
  const [one, many] = mismatches.some((m) => m.about === 'root-cause') ? (['finding or root cause', 'findings or root causes'] as const) : (['finding', 'findings'] as const);
  const noun = mismatches.length === 1 ? `${one} differs` : `${many} differ`;
  return `scenario ${scenario}: ${mismatches.length} ${noun} from its expectations\n  ${lines.join('\n  ')}\n`;
}
