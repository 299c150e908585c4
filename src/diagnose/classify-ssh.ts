import type { SshStep } from '../schema/index.js';
import { facts, interrupted, isAborted, OK, stopWith, type JudgeInput, type StepJudgement } from './classify-types.js';

/** RFC 4253: `SSH-2.0-...`; `SSH-1.99-` announces a server that also speaks 2.0. */
const SSH_BANNER = /^SSH-(2\.0|1\.99)-/;

export function judgeSsh({ step }: JudgeInput<SshStep>): StepJudgement {
  const { banner, received } = step.evidence;
  if (banner !== undefined && SSH_BANNER.test(banner)) return OK;
  const seen = banner ?? received;
  if (seen !== undefined && seen.length > 0) return stopWith('fail', 'ssh.not-ssh', facts({ banner: seen, code: step.code }));
  if (isAborted(step)) return interrupted(step);
  return stopWith('fail', 'ssh.no-banner', facts({ code: step.code ?? step.outcome }));
}
