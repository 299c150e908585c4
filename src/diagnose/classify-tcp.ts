import type { TcpAttempt, TcpStep } from '../schema/index.js';
import { facts, interrupted, isAborted, OK, stopWith, type Issue, type JudgeInput, type StepJudgement } from './classify-types.js';

type TcpCause = 'tcp.refused' | 'tcp.reset' | 'tcp.timeout' | 'tcp.unreachable';

const BY_CODE: Readonly<Record<string, TcpCause>> = {
  ECONNREFUSED: 'tcp.refused',
  ECONNRESET: 'tcp.reset',
  ECONNABORTED: 'tcp.reset',
  EPIPE: 'tcp.reset',
  ETIMEDOUT: 'tcp.timeout',
  ETIMEOUT: 'tcp.timeout',
  UND_ERR_CONNECT_TIMEOUT: 'tcp.timeout',
  EHOSTUNREACH: 'tcp.unreachable',
  ENETUNREACH: 'tcp.unreachable',
  EADDRNOTAVAIL: 'tcp.unreachable',
  ENETDOWN: 'tcp.unreachable',
  EHOSTDOWN: 'tcp.unreachable',
  EPERM: 'tcp.unreachable',
  EACCES: 'tcp.unreachable',
  EAFNOSUPPORT: 'tcp.unreachable',
};

const BY_OUTCOME: Readonly<Record<TcpAttempt['outcome'], TcpCause | undefined>> = {
  connected: undefined,
  refused: 'tcp.refused',
  reset: 'tcp.reset',
  timeout: 'tcp.timeout',
  unreachable: 'tcp.unreachable',
  error: 'tcp.unreachable',
  aborted: undefined,
};

/** Which failure says most about the path: an active answer beats silence, silence beats no route. */
const PRIORITY: readonly TcpCause[] = ['tcp.refused', 'tcp.reset', 'tcp.timeout', 'tcp.unreachable'];

function causeOf(attempt: TcpAttempt): TcpCause | undefined {
  return (attempt.code !== undefined ? BY_CODE[attempt.code] : undefined) ?? BY_OUTCOME[attempt.outcome];
}

function failed(attempt: TcpAttempt): boolean {
  return attempt.outcome !== 'connected' && attempt.outcome !== 'aborted';
}

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Attempts worth judging: those of a family this machine has a route for, when it says. */
function meaningful(step: TcpStep): TcpAttempt[] {
  const { attempts, ipv4Route, ipv6Route } = step.evidence;
  const routed = attempts.filter((a) => (a.family === 4 ? ipv4Route !== false : ipv6Route !== false));
  return routed.length > 0 ? routed : attempts;
}

function judgeFailure(step: TcpStep): StepJudgement {
  const ev = step.evidence;
  const attempts = meaningful(step).filter(failed);
  if (attempts.length === 0) {
    if (isAborted(step) || ev.attempts.some((a) => a.outcome === 'aborted')) return interrupted(step);
    // No address to try: the proxy's own name did not resolve.
    if (ev.to === 'proxy') return stopWith('fail', 'proxy.unreachable', facts({ code: step.code ?? step.outcome, variant: 'unresolved' }));
    const byStepCode = step.code !== undefined ? BY_CODE[step.code] : undefined;
    if (!byStepCode) return stopWith('fail', 'check.error', facts({ step: 'tcp', code: step.code ?? step.outcome }));
    return judgeCause(step, byStepCode, []);
  }
  const ranked = attempts
    .map((attempt) => ({ attempt, cause: causeOf(attempt) ?? 'tcp.unreachable' }))
    .sort((a, b) => PRIORITY.indexOf(a.cause) - PRIORITY.indexOf(b.cause));
  const top = ranked[0];
  if (!top) return stopWith('fail', 'check.error', facts({ step: 'tcp', code: step.code }));
  return judgeCause(step, top.cause, ranked.map((r) => r.attempt), top.attempt);
}

function judgeCause(step: TcpStep, cause: TcpCause, attempts: readonly TcpAttempt[], top?: TcpAttempt): StepJudgement {
  const ev = step.evidence;
  // A `--connect-to` rule sent the connection elsewhere: the failure is that address's.
  const addresses = attempts.map((a) => a.connectTo ?? hostPort(a.address, ev.port)).join(', ');
  const f = facts({
    code: top?.code ?? step.code,
    addresses,
    address: top?.connectTo ?? top?.address,
    family: top ? `IPv${top.family}` : undefined,
  });
  if (ev.to === 'proxy') return stopWith('fail', 'proxy.unreachable', { ...f, proxyCause: cause });
  // An IPv6-only machine and a host with IPv4 addresses only (runai.jfrog.io, nvcr.io): no firewall rule is missing.
  if (cause === 'tcp.unreachable' && ev.ipv4Route === false && ev.ipv6Route === true && attempts.length > 0 && attempts.every((a) => a.family === 4)) {
    return stopWith('fail', cause, { ...f, variant: 'ipv4-only-host' });
  }
  return stopWith('fail', cause, f);
}

/** One family connects, the other fails, on a machine with routes for both: the platform may pick the broken one. */
function familyPartial(step: TcpStep): Issue | undefined {
  const ev = step.evidence;
  if (ev.to !== 'host' || ev.ipv4Route !== true || ev.ipv6Route !== true) return undefined;
  const works = new Set(ev.attempts.filter((a) => a.outcome === 'connected').map((a) => a.family));
  const broken = ev.attempts.filter((a) => failed(a) && !works.has(a.family));
  const brokenFamilies = new Set(broken.map((a) => a.family));
  if (works.size !== 1 || brokenFamilies.size !== 1) return undefined;
  const first = broken[0];
  if (!first) return undefined;
  return {
    status: 'warn',
    cause: 'tcp.family-partial',
    facts: facts({
      family: `IPv${first.family}`,
      workingFamily: `IPv${[...works][0] ?? ''}`,
      addresses: broken.map((a) => hostPort(a.address, ev.port)).join(', '),
      code: first.code ?? first.outcome,
    }),
  };
}

export function judgeTcp({ step }: JudgeInput<TcpStep>): StepJudgement {
  const connected = step.evidence.connected !== undefined || step.evidence.attempts.some((a) => a.outcome === 'connected');
  if (!connected) return judgeFailure(step);
  const partial = familyPartial(step);
  return partial ? { warns: [partial], notes: [] } : OK;
}
