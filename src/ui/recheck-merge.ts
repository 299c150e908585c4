// The wizard's re-check: which findings go again, and how the new ones fold into the report.
import { targetKey, type Finding } from '../diagnose/index.js';
import { orderFindings } from './finding-order.js';

export interface RecheckTally {
  /** Failed or warned before, pass now. */
  readonly fixed: number;
  readonly failing: number;
  readonly warning: number;
  /** Stopped before it finished, or cut short (a skip): the earlier finding stays. */
  readonly unchecked: number;
}

/** A failure or a warning: what the re-check reruns. */
export function needsRecheck(finding: Finding): boolean {
  return finding.status === 'fail' || finding.status === 'warn';
}

/** The earlier findings by target key: the re-check's rows show them as "before". */
export function findingsByKey(findings: readonly Finding[]): ReadonlyMap<string, Finding> {
  return new Map(findings.map((f) => [targetKey(f.target), f]));
}

/**
 * Each re-checked target's new finding in place of its old one, failures first. A skip says
 * nothing new about the network (the time limit, a stop), so the earlier finding stays.
 */
export function mergeRecheck(previous: readonly Finding[], fresh: readonly Finding[]): { findings: Finding[]; tally: RecheckTally } {
  const latest = findingsByKey(fresh.filter((f) => f.status !== 'skip'));
  const tally = { fixed: 0, failing: 0, warning: 0, unchecked: 0 };
  const findings = previous.map((old) => {
    if (!needsRecheck(old)) return old;
    const now = latest.get(targetKey(old.target));
    if (!now) {
      tally.unchecked += 1;
      return old;
    }
    if (now.status === 'fail') tally.failing += 1;
    else if (now.status === 'warn') tally.warning += 1;
    else tally.fixed += 1;
    return now;
  });
  return { findings: orderFindings(findings), tally };
}

/** `Re-check: 2 fixed, 1 still failing.` */
export function recheckLine(tally: RecheckTally, stopped: boolean): string {
  const parts = [
    `${tally.fixed} fixed`,
    ...(tally.failing > 0 ? [`${tally.failing} still failing`] : []),
    ...(tally.warning > 0 ? [`${tally.warning} with a warning`] : []),
    ...(tally.unchecked > 0 ? [`${tally.unchecked} not re-checked`] : []),
  ];
  return `${stopped ? 'Re-check stopped' : 'Re-check'}: ${parts.join(', ')}.`;
}
