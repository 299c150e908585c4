import type { PullStep } from '../schema/index.js';
import { facts, stopWith, type StepJudgement } from './classify-types.js';

/**
 * A registry pull (src/probes/pull). Not yet planned by any rule (issue 21 wires it in with its own
 * causes): a pull that ended is nothing to judge; one that did not is the check's own error, named
 * by its outcome, never a pass.
 */
export function judgePull(step: PullStep): StepJudgement {
  if (step.ok) return { warns: [], notes: [] };
  return stopWith('fail', 'check.error', facts({ step: 'pull', code: step.code ?? step.outcome }));
}
