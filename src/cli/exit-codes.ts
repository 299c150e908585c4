import { countsAsFailure, type Finding } from '../report/index.js';

/** DESIGN.md's exit codes, in one table. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export { FAILING_SKIPS } from '../report/index.js';

/** 0 when nothing failed (warnings allowed), 1 when anything failed or was cut short, 130 when interrupted. */
export function exitCodeFor(findings: Iterable<Pick<Finding, 'status' | 'cause'>>, interrupted: boolean): ExitCode {
  if (interrupted) return EXIT.interrupted;
  for (const finding of findings) {
    if (countsAsFailure(finding)) return EXIT.failed;
  }
  return EXIT.ok;
}
