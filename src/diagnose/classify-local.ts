import type { StepResult } from '../schema/index.js';
import { facts, stopWith, type StepJudgement } from './classify-types.js';

/**
 * Errors that are this machine's limits, never the network's: out of file descriptors for the
 * process (EMFILE, `ulimit -n`) or the whole system (ENFILE, fs.file-max), out of socket buffer
 * space (ENOBUFS). What they stopped was not checked.
 */
const LOCAL_LIMITS: Readonly<Record<string, string>> = {
  EMFILE: "this process's open-file limit (ulimit -n)",
  ENFILE: "the system's open-file table (fs.file-max)",
  ENOBUFS: "this machine's socket buffer space",
};

export function isLocalLimit(code: string | undefined): code is string {
  return code !== undefined && Object.hasOwn(LOCAL_LIMITS, code);
}

/** Every error code a failed step recorded: its own, and those of its attempts and servers. */
function codesOf(step: StepResult): (string | undefined)[] {
  switch (step.step) {
    case 'dns':
      return [step.code, step.evidence.system.code, ...step.evidence.servers.map((s) => s.error)];
    case 'tcp':
      return [step.code, ...step.evidence.attempts.map((a) => a.code)];
    default:
      return [step.code];
  }
}

/** The local limit that stopped a failed step, if one did. */
export function localLimitOf(step: StepResult): string | undefined {
  if (step.ok) return undefined;
  return codesOf(step).find(isLocalLimit);
}

/** `skip check.local-limit` naming the limit: the network was not what stopped the check. */
export function localLimitJudgement(step: StepResult, code: string): StepJudgement {
  return stopWith('skip', 'check.local-limit', localLimitFacts(code, step.step));
}

/** The same, for a check that crashed on a local limit before it could record a step. */
export function localLimitFacts(code: string, step: string | undefined): Readonly<Record<string, string>> {
  return facts({ code, limit: LOCAL_LIMITS[code], step });
}
