import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import {
  bounded,
  echoRequest,
  errorCode,
  parseEchoReply,
  parseGreeting,
  ABORTED,
  MAX_MESSAGE_BYTES,
  TIMED_OUT,
  type Deadline,
  type ListenerAnswer,
  type Network,
} from '../net/index.js';
import type { GreetingAttempt, GreetingStep } from '../schema/index.js';
import { attemptOutcome } from './tcp-probe.js';
import { cleanText } from './text.js';

export interface GreetingProbeInput {
  readonly addresses: readonly string[];
  readonly port: number;
  readonly transport: 'tcp' | 'udp';
  /** The token the listener printed, when the checker was given it. */
  readonly expectedToken?: string;
}

/** A listener greets at once: a connection that stays silent this long is something else. */
export const GREETING_WAIT_MS = 3_000;
const UDP_TRIES = 3;

type Read = { kind: 'data'; data: Buffer } | { kind: 'silent' } | { kind: 'closed' } | { kind: 'error'; code: string };

/** Up to the first line (or MAX_MESSAGE_BYTES) of what the server sends first. */
function readFirst(socket: Duplex, deadline: Deadline): Promise<Read> {
  let data = Buffer.alloc(0);
  return bounded<Read>(
    deadline,
    {
      timeout: () => (data.length > 0 ? { kind: 'data', data } : { kind: 'silent' }),
      abort: () => ({ kind: 'error', code: ABORTED }),
    },
    (settle) => {
      const onData = (chunk: Buffer): void => {
        data = Buffer.concat([data, chunk]).subarray(0, MAX_MESSAGE_BYTES);
        if (data.includes(0x0a) || data.length >= MAX_MESSAGE_BYTES) settle({ kind: 'data', data });
      };
      const onEnd = (): void => settle(data.length > 0 ? { kind: 'data', data } : { kind: 'closed' });
      const onError = (error: Error): void => settle(data.length > 0 ? { kind: 'data', data } : { kind: 'error', code: errorCode(error) });
      socket.on('data', onData);
      socket.once('end', onEnd);
      socket.once('close', onEnd);
      socket.once('error', onError);
      return () => {
        socket.removeListener('data', onData);
        socket.removeListener('end', onEnd);
        socket.removeListener('close', onEnd);
        socket.removeListener('error', onError);
        socket.on('error', () => undefined);
        socket.destroy();
      };
    },
  );
}

/** A protocol that speaks first, recognised from its first bytes. */
function protocolOf(data: Buffer): string | undefined {
  if (data.subarray(0, 4).toString('latin1') === 'SSH-') return 'ssh';
  if (data.length >= 16 && data.subarray(0, 16).every((byte) => byte === 0xff)) return 'bgp';
  if (/^220[ -]/.test(data.subarray(0, 4).toString('latin1'))) return 'smtp-or-ftp';
  return undefined;
}

function answerFacts(answer: ListenerAnswer | undefined, data: Buffer): Partial<GreetingStep['evidence']> {
  if (answer) return { listenerId: answer.token, answeredPort: answer.port };
  const protocol = protocolOf(data);
  return { received: cleanText(data.toString('latin1'), 120), ...(protocol ? { protocol } : {}) };
}

async function probeTcpGreeting(network: Network, input: GreetingProbeInput, deadline: Deadline): Promise<Omit<GreetingStep, 'ms' | 'startedAt'>> {
  const attempts: GreetingAttempt[] = [];
  const base = { transport: 'tcp' as const, port: input.port, ...(input.expectedToken !== undefined ? { expectedListenerId: input.expectedToken } : {}) };
  for (const address of input.addresses) {
    const connected = await network.connect({ address, port: input.port, ...deadline });
    if (!connected.ok) {
      attempts.push({ address, outcome: attemptOutcome(connected.code), code: connected.code, ms: connected.ms });
      continue;
    }
    const source = connected.localAddress;
    const read = await readFirst(connected.socket, { signal: deadline.signal, timeoutMs: Math.min(deadline.timeoutMs, GREETING_WAIT_MS) });
    const evidence = { ...base, address, ...(source !== undefined ? { source } : {}), attempts };
    switch (read.kind) {
      case 'data': {
        const answer = parseGreeting(read.data.toString('latin1'));
        attempts.push({ address, outcome: answer ? 'greeting' : 'other', ms: connected.ms });
        return { step: 'greeting', ok: answer !== undefined, outcome: answer ? 'greeting' : 'other', evidence: { ...evidence, ...answerFacts(answer, read.data) } };
      }
      case 'silent':
      case 'closed':
        attempts.push({ address, outcome: read.kind, ms: connected.ms });
        return { step: 'greeting', ok: false, outcome: read.kind, evidence };
      case 'error': {
        const outcome = read.code === ABORTED ? 'aborted' : 'closed';
        attempts.push({ address, outcome, code: read.code, ms: connected.ms });
        return { step: 'greeting', ok: false, outcome, code: read.code, evidence };
      }
      default: {
        const unreachable: never = read;
        return unreachable;
      }
    }
  }
  const last = attempts[attempts.length - 1];
  const source = last !== undefined ? await network.sourceAddress?.({ address: last.address, port: input.port }) : undefined;
  return {
    step: 'greeting',
    ok: false,
    outcome: last?.outcome ?? 'no-address',
    ...(last?.code !== undefined ? { code: last.code } : {}),
    evidence: { ...base, ...(last ? { address: last.address } : {}), ...(source !== undefined ? { source } : {}), attempts },
  };
}

function udpOutcome(code: string): string {
  if (code === TIMED_OUT) return 'no-reply';
  return attemptOutcome(code);
}

async function probeUdpEcho(network: Network, input: GreetingProbeInput, deadline: Deadline): Promise<Omit<GreetingStep, 'ms' | 'startedAt'>> {
  const base = { transport: 'udp' as const, port: input.port, ...(input.expectedToken !== undefined ? { expectedListenerId: input.expectedToken } : {}) };
  const address = input.addresses[0];
  if (!network.udp || address === undefined) {
    return { step: 'greeting', ok: false, outcome: address === undefined ? 'no-address' : 'unsupported', evidence: { ...base, attempts: [] } };
  }
  const attempts: GreetingAttempt[] = [];
  const nonce = randomBytes(8).toString('hex');
  const payload = Buffer.from(echoRequest(nonce), 'latin1');
  let source: string | undefined;
  // UDP may lose a datagram: a few tries within the step's deadline.
  const perTry = { signal: deadline.signal, timeoutMs: Math.max(1, Math.floor(deadline.timeoutMs / UDP_TRIES)) };
  for (let i = 0; i < UDP_TRIES; i += 1) {
    const result = await network.udp({ address, port: input.port, payload, ...perTry });
    source ??= result.localAddress;
    const where = { ...base, address, ...(source !== undefined ? { source } : {}) };
    if (result.ok) {
      const data = Buffer.from(result.reply);
      const answer = parseEchoReply(data.toString('latin1'), nonce);
      attempts.push({ address, outcome: answer ? 'echo' : 'other', ms: result.ms });
      return { step: 'greeting', ok: answer !== undefined, outcome: answer ? 'echo' : 'other', evidence: { ...where, attempts, ...answerFacts(answer, data) } };
    }
    const outcome = udpOutcome(result.code);
    attempts.push({ address, outcome, code: result.code, ms: result.ms });
    if (outcome !== 'no-reply') return { step: 'greeting', ok: false, outcome, code: result.code, evidence: { ...where, attempts } };
  }
  return { step: 'greeting', ok: false, outcome: 'no-reply', code: TIMED_OUT, evidence: { ...base, address, ...(source !== undefined ? { source } : {}), attempts } };
}

/**
 * Checks a peer running `netreq listen`: TCP connect and read its greeting, or a UDP echo.
 * Records what answered (the listener's token, another service's first bytes, silence) and
 * how the path failed; never judges, never throws for a network failure.
 */
export async function probeGreeting(network: Network, input: GreetingProbeInput, deadline: Deadline): Promise<GreetingStep> {
  const startedAt = new Date(network.now()).toISOString();
  const started = performance.now();
  const result = input.transport === 'tcp' ? await probeTcpGreeting(network, input, deadline) : await probeUdpEcho(network, input, deadline);
  return { ...result, ms: Math.round((performance.now() - started) * 10) / 10, startedAt };
}
