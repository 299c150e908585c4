import type { Finding } from '../schema/index.js';

/** DESIGN.md's exit codes, in one table. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Skips that fail the run: a target the run did not finish for a reason of its own (the
 * whole-run limit, this machine's limits) is never taken for a pass (DESIGN.md, exit codes).
 */
export const FAILING_SKIPS: readonly string[] = ['check.time-limit', 'check.local-limit'];

/** 0 when nothing failed (warnings allowed), 1 when anything failed or was cut short, 130 when interrupted. */
export function exitCodeFor(findings: Iterable<Pick<Finding, 'status' | 'cause'>>, interrupted: boolean): ExitCode {
  if (interrupted) return EXIT.interrupted;
  for (const finding of findings) {
    if (finding.status === 'fail') return EXIT.failed;
    if (finding.status === 'skip' && finding.cause !== undefined && FAILING_SKIPS.includes(finding.cause)) return EXIT.failed;
  }
  return EXIT.ok;
}
