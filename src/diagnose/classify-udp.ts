import type { UdpStep } from '../schema/index.js';
import { facts, interrupted, isAborted, OK, stopWith, type JudgeInput, type StepJudgement } from './classify-types.js';

/** UDP has no handshake: a reply confirms the path, silence confirms nothing. */
export function judgeUdp({ step }: JudgeInput<UdpStep>): StepJudgement {
  if (step.ok || step.evidence.reply !== undefined) return OK;
  if (isAborted(step)) return interrupted(step);
  return stopWith('skip', 'udp.no-reply', facts({ address: step.evidence.address, code: step.code ?? step.outcome }));
}
