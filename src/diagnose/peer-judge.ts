import type { CauseCode } from '../knowledge/index.js';
import type { GreetingStep } from '../schema/index.js';
import { facts, interrupted, OK, stopWith, type Facts, type JudgeInput, type StepJudgement } from './classify-types.js';
import { expectedService } from './peer-expected.js';
import type { Target } from '../schema/index.js';

/** Which way the rule goes, in words for the texts. */
function directionOf(target: Target): string {
  return target.peer?.direction === 'inbound' ? 'inbound' : 'internal (node to node)';
}

function peerFacts(step: GreetingStep, target: Target): Facts {
  const ev = step.evidence;
  return facts({
    direction: directionOf(target),
    source: ev.source,
    address: ev.address,
    transport: ev.transport,
    code: step.code,
    received: ev.received,
    token: ev.listenerId,
    expected: ev.expectedListenerId,
  });
}

const FAILURES: Readonly<Record<string, CauseCode>> = {
  refused: 'peer.refused',
  reset: 'peer.refused',
  timeout: 'peer.timeout',
  unreachable: 'peer.unreachable',
  'no-reply': 'peer.no-echo',
};

/**
 * A peer check's verdict: the listener's greeting (or echo) with the right token passes; a
 * different token means the traffic reached another listener; another service answering is a
 * warning unless it is the one expected on that port; refused, silent and unreachable fail.
 */
export function judgeGreeting({ step, target }: JudgeInput<GreetingStep>): StepJudgement {
  const ev = step.evidence;
  const f = peerFacts(step, target);
  if (step.outcome === 'greeting' || step.outcome === 'echo') {
    if (ev.expectedListenerId !== undefined && ev.listenerId !== ev.expectedListenerId) return stopWith('fail', 'peer.token-mismatch', f);
    if (ev.answeredPort !== undefined && ev.answeredPort !== ev.port) return stopWith('fail', 'peer.token-mismatch', { ...f, variant: 'port', detail: String(ev.answeredPort) });
    if (ev.expectedListenerId === undefined) return { warns: [], notes: [{ code: 'peer.token-unchecked', facts: f }] };
    return OK;
  }
  switch (step.outcome) {
    case 'other':
    case 'silent':
    case 'closed': {
      const service = expectedService(ev.port, ev.protocol);
      if (service !== undefined) return { warns: [], notes: [{ code: 'peer.expected-service', facts: { ...f, detail: service } }] };
      return stopWith('warn', 'peer.other-service', { ...f, variant: step.outcome === 'other' ? 'answered' : 'silent' });
    }
    case 'aborted':
      return interrupted(step);
    case 'unsupported':
      return stopWith('skip', 'udp.no-reply', f);
    default: {
      const cause = FAILURES[step.outcome];
      if (cause !== undefined) return stopWith('fail', cause, f);
      return stopWith('fail', 'check.error', facts({ step: 'greeting', code: step.code ?? step.outcome }));
    }
  }
}
