import { findingKey, type Finding } from '../schema/index.js';
import { append } from '../append.js';
import { compareExpectations, keyMatches, type Mismatch, type ObservedFinding } from './scenario-expect.js';
import type { Expectation, ExpectedRootCause } from './scenario-schema.js';

/** What the comparison needs of a produced root cause (the Report's RootCause fits it). */
export interface ObservedRootCause {
  readonly code: string;
  /** The `findingKey` of each finding it explains. */
  readonly findings: readonly string[];
}

/** A finding the comparison can name by its key (the Report's Finding fits it). */
export type KeyedFinding = ObservedFinding & Pick<Finding, 'target' | 'source' | 'ruleIds'>;

const hostPort = (finding: ObservedFinding): string => `${finding.target.host}:${finding.target.port}`;
const ROOT_CAUSE_ROW = 'root cause';

/** The rows by which what `expected` says it explains differs from what `produced` explains. */
function explainsDiff(expected: ExpectedRootCause, produced: ObservedRootCause, findings: readonly KeyedFinding[]): Mismatch[] {
  const keys = expected.explains;
  if (keys === undefined) return [];
  const explained = new Set(produced.findings);
  const rows: Mismatch[] = [];
  const code = expected.code;
  for (const key of keys) {
    const named = findings.filter((finding) => keyMatches(key, finding));
    if (named.some((finding) => explained.has(findingKey(finding)))) continue;
    const first = named[0];
    rows.push({
      about: 'root-cause',
      key,
      target: first !== undefined ? hostPort(first) : key.includes(':') ? key : '-',
      rules: first !== undefined ? first.ruleIds : key.includes(':') ? [] : [key],
      expected: `explained by ${code}`,
      got: named.length === 0 ? '(no finding)' : `not explained by ${code}`,
    });
  }
  for (const explainedKey of produced.findings) {
    const finding = findings.find((candidate) => findingKey(candidate) === explainedKey);
    if (finding !== undefined && keys.some((key) => keyMatches(key, finding))) continue;
    const target = finding !== undefined ? hostPort(finding) : explainedKey;
    rows.push({ about: 'root-cause', key: target, target, rules: finding?.ruleIds ?? [], expected: `not explained by ${code} (unlisted)`, got: `explained by ${code}` });
  }
  return rows;
}

/**
 * Pairs each expected root cause with a produced one of its code: first those whose `explains`
 * holds exactly, then the rest in order. Unpaired ones on either side are missing or extra.
 */
function pairUp(expected: readonly ExpectedRootCause[], produced: readonly ObservedRootCause[], findings: readonly KeyedFinding[]) {
  const pairs: Array<[ExpectedRootCause, ObservedRootCause]> = [];
  const freeExpected = [...expected];
  const freeProduced = [...produced];
  for (const entry of expected.filter((e) => e.explains !== undefined)) {
    const exact = freeProduced.find((p) => explainsDiff(entry, p, findings).length === 0);
    if (exact === undefined) continue;
    pairs.push([entry, exact]);
    freeProduced.splice(freeProduced.indexOf(exact), 1);
    freeExpected.splice(freeExpected.indexOf(entry), 1);
  }
  while (freeExpected.length > 0 && freeProduced.length > 0) {
    const next = freeExpected.shift();
    const match = freeProduced.shift();
    if (next !== undefined && match !== undefined) pairs.push([next, match]);
  }
  return { pairs, missing: freeExpected, extra: freeProduced };
}

/**
 * The produced root causes' codes must equal the expected ones as a multiset; an expected entry
 * with `explains` must name exactly the findings its produced root cause explains (each key at
 * least one of them, and each of them by some key).
 */
export function compareRootCauses(expected: readonly ExpectedRootCause[], produced: readonly ObservedRootCause[], findings: readonly KeyedFinding[]): Mismatch[] {
  const codes = [...new Set([...expected.map((e) => e.code), ...produced.map((p) => p.code)])];
  const rows: Mismatch[] = [];
  for (const code of codes) {
    const { pairs, missing, extra } = pairUp(
      expected.filter((e) => e.code === code),
      produced.filter((p) => p.code === code),
      findings,
    );
    append(rows, missing.map((): Mismatch => ({ about: 'root-cause', key: code, target: ROOT_CAUSE_ROW, rules: [], expected: code, got: '(not produced)' })));
    for (const entry of extra) {
      const count = entry.findings.length;
      rows.push({ about: 'root-cause', key: code, target: ROOT_CAUSE_ROW, rules: [], expected: '(not expected)', got: `${code} (${count} ${count === 1 ? 'finding' : 'findings'})` });
    }
    for (const [entry, match] of pairs) append(rows, explainsDiff(entry, match, findings));
  }
  return rows;
}

/**
 * Everything a scenario expects of a run: its findings, and its root causes when it lists them
 * (a report without `rootCauses` produced none).
 */
export function compareScenarioRun(
  scenario: { readonly expect: Readonly<Record<string, Expectation>>; readonly rootCauses?: readonly ExpectedRootCause[] | undefined },
  report: { readonly findings: readonly KeyedFinding[]; readonly rootCauses?: readonly ObservedRootCause[] | undefined },
): Mismatch[] {
  const mismatches = compareExpectations(scenario.expect, report.findings);
  if (scenario.rootCauses !== undefined) append(mismatches, compareRootCauses(scenario.rootCauses, report.rootCauses ?? [], report.findings));
  return mismatches;
}
