import type { Status } from '../diagnose/schema.js';

/** DESIGN.md's exit codes, in one table. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** 0 when nothing failed (warnings allowed), 1 when anything failed, 130 when interrupted. */
export function exitCodeFor(statuses: Iterable<Status>, interrupted: boolean): ExitCode {
  if (interrupted) return EXIT.interrupted;
  for (const status of statuses) if (status === 'fail') return EXIT.failed;
  return EXIT.ok;
}
