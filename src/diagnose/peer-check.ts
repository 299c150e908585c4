import { probeDns, probeGreeting, type StepResult } from '../probes/index.js';
import type { TargetCheckOptions } from './check-target.js';
import type { Target } from '../schema/index.js';

/** A peer check's steps: the peer's name (when it is one), then its listener's greeting or echo. */
export async function checkPeerTarget(target: Target, options: TargetCheckOptions): Promise<StepResult[]> {
  const { network, signal } = options;
  const steps: StepResult[] = [];
  const deadline = { signal, timeoutMs: options.stepTimeoutMs };
  options.onStepStarted('dns');
  const dns = await probeDns(network, target.host, deadline);
  steps.push(dns);
  options.onObserved(dns);
  if (!dns.ok || signal.aborted) return steps;
  options.onStepStarted('greeting');
  const transport = target.transport;
  const greeting = await probeGreeting(
    network,
    { addresses: dns.evidence.addresses, port: target.port, transport, ...(target.peer?.listenerId !== undefined ? { expectedToken: target.peer.listenerId } : {}) },
    deadline,
  );
  steps.push(greeting);
  options.onObserved(greeting);
  return steps;
}
