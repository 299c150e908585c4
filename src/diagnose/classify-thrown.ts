import { errorCode } from '../net/index.js';
import type { Finding, StepResult, Target, Thrown } from '../schema/index.js';
import { classify, classifyLocalLimit, type ClassifyOptions } from './classify.js';
import { isLocalLimit } from './classify-local.js';
import type { ClassifyContext } from './classify-types.js';

/** What a check threw, as the report keeps it: the error's code (`errorCode`: errno-like, else ERR_UNKNOWN) and its message. */
export function thrownOf(error: unknown): Thrown {
  const code = errorCode(error);
  return { ...(code !== undefined ? { code } : {}), message: error instanceof Error ? error.message : String(error) };
}

/**
 * The finding for a check that threw instead of finishing (the runner's catch), from what it
 * threw (`thrownOf(error)`, or a saved finding's `basis.thrown`): on one of this machine's limits
 * (EMFILE, ENFILE, ENOBUFS) `skip check.local-limit` naming it, as `classifyLocalLimit`; otherwise
 * a crash in netreq's own code: `classify`'s finding made `fail check.error`, saying what it threw.
 * The finding's basis keeps `thrown`, so judging it again makes the same. Pure, like `classify`.
 */
export function classifyThrown(target: Target, steps: readonly StepResult[], context: ClassifyContext, thrown: Thrown, options: ClassifyOptions = {}): Finding {
  const code = thrown.code;
  const finding: Finding = isLocalLimit(code)
    ? classifyLocalLimit(target, steps, context, code, options)
    : { ...classify(target, steps, context, options), status: 'fail', cause: 'check.error', explanation: `netreq could not check this target: ${thrown.message}` };
  return finding.basis ? { ...finding, basis: { ...finding.basis, thrown } } : finding;
}
