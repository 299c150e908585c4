import { randomInt } from 'node:crypto';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import { joinChannel } from './dns-channel.js';
import { bounded, errorCode, remaining, since, ABORTED, TIMED_OUT } from './deadline.js';
import type { Deadline, DnsAnswer, DnsQueryResult, DnsRecordType, NameServer } from './types.js';

const MAX_TCP_RESPONSE = 65_537;

interface Decoded {
  readonly rcode: string;
  readonly truncated: boolean;
  readonly answers: readonly DnsAnswer[];
}

export function serverLabel(server: NameServer): string {
  const host = server.address.includes(':') ? `[${server.address}]` : server.address;
  return server.port === 53 ? server.address : `${host}:${server.port}`;
}

function encodeQuery(id: number, name: string, type: DnsRecordType): dnsPacket.Packet {
  return { type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: 'IN' }] };
}

/** Decodes a response if it answers our id and question; undefined for anything else (spoofed, stale, garbage). */
function decodeMatching(buffer: Buffer, id: number, name: string, type: DnsRecordType): Decoded | undefined {
  let packet: dnsPacket.DecodedPacket;
  try {
    packet = dnsPacket.decode(buffer);
  } catch {
    return undefined;
  }
  if (packet.id !== id || packet.type !== 'response') return undefined;
  const question = packet.questions?.[0];
  if (!question || question.type !== type || question.name.toLowerCase() !== name.toLowerCase()) return undefined;
  // dns-packet sets rcode on decoded packets but its types leave it out.
  const rcode = (packet as { rcode?: unknown }).rcode;
  const answers: DnsAnswer[] = [];
  for (const answer of packet.answers ?? []) {
    if ((answer.type === 'A' || answer.type === 'AAAA' || answer.type === 'CNAME') && typeof answer.data === 'string') {
      answers.push({ type: answer.type, name: answer.name, ttl: answer.ttl ?? 0, data: answer.data });
    }
  }
  return { rcode: typeof rcode === 'string' ? rcode : 'UNKNOWN', truncated: packet.flag_tc, answers };
}

type Attempt = { ok: true; decoded: Decoded } | { ok: false; error: string };

const RESEND_MS = 1_000;

/**
 * The error of a query that never got a slot to go out: this machine's socket buffers could not
 * take it in time (dns-channel.ts), so the server was never asked: a local limit, not its silence.
 */
export const NOT_SENT = 'ENOBUFS';

/** `sentAt` (performance.now()) is set when the query leaves its queue, for the TCP retry's share of the deadline. */
function overUdp(server: NameServer, name: string, type: DnsRecordType, deadline: Deadline, timing: { sentAt: number }): Promise<Attempt> {
  let sent = false;
  // The deadline runs from the moment the query goes out; waiting for a slot here may take up to one more.
  const bound: Deadline = { signal: deadline.signal, timeoutMs: 2 * deadline.timeoutMs };
  return bounded<Attempt>(
    bound,
    { timeout: () => ({ ok: false, error: sent ? TIMED_OUT : NOT_SENT }), abort: () => ({ ok: false, error: ABORTED }) },
    (settle) => {
      let id = -1;
      let joined: ReturnType<typeof joinChannel>;
      try {
        joined = joinChannel(server, {
          onMessage: (message) => {
            const decoded = decodeMatching(message, id, name, type);
            if (decoded) settle({ ok: true, decoded });
          },
          onError: (error) => settle({ ok: false, error }),
        });
      } catch (error) {
        // dgram throws synchronously for an unusable address; report it like any other failure.
        settle({ ok: false, error: errorCode(error, 'EINVAL') });
        return () => undefined;
      }
      const { channel } = joined;
      id = joined.id;
      const query = dnsPacket.encode(encodeQuery(id, name, type));
      let silence: NodeJS.Timeout | undefined;
      let resend: NodeJS.Timeout | undefined;
      channel.send(query, () => {
        sent = true;
        timing.sentAt = performance.now();
        silence = setTimeout(() => settle({ ok: false, error: TIMED_OUT }), Math.min(Math.max(0, deadline.timeoutMs), 2_147_483_647));
        // A lost datagram is not a dead server: resend every second until the deadline, as stub resolvers do.
        resend = setInterval(() => channel.send(query), RESEND_MS);
      });
      return () => {
        clearTimeout(silence);
        clearInterval(resend);
        channel.leave(id);
      };
    },
  );
}

function overTcp(server: NameServer, query: Buffer, match: (b: Buffer) => Decoded | undefined, deadline: Deadline): Promise<Attempt> {
  const socket = net.connect({ host: server.address, port: server.port });
  return bounded<Attempt>(
    deadline,
    { timeout: () => ({ ok: false, error: TIMED_OUT }), abort: () => ({ ok: false, error: ABORTED }) },
    (settle) => {
      let buffered = Buffer.alloc(0);
      socket.on('error', (error) => settle({ ok: false, error: errorCode(error) }));
      socket.on('connect', () => socket.write(Buffer.concat([lengthPrefix(query.length), query])));
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        if (buffered.length > MAX_TCP_RESPONSE) return settle({ ok: false, error: 'EMSGSIZE' });
        if (buffered.length < 2) return;
        const length = buffered.readUInt16BE(0);
        if (buffered.length < length + 2) return;
        const decoded = match(buffered.subarray(2, 2 + length));
        settle(decoded ? { ok: true, decoded } : { ok: false, error: 'EBADRESP' });
      });
      socket.on('end', () => settle({ ok: false, error: 'ECONNRESET' }));
      return () => {
        socket.removeAllListeners('data');
        socket.on('error', () => undefined);
        socket.destroy();
      };
    },
  );
}

function lengthPrefix(length: number): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(length);
  return prefix;
}

/** One direct query: UDP, then TCP when the answer is truncated. Never throws. */
export async function queryServer(server: NameServer, name: string, type: DnsRecordType, deadline: Deadline): Promise<DnsQueryResult> {
  const started = performance.now();
  const label = serverLabel(server);
  const timing = { sentAt: started };
  const udp = await overUdp(server, name, type, deadline, timing);
  if (!udp.ok) return { server: label, type, protocol: 'udp', ms: since(started), answers: [], error: udp.error };
  if (!udp.decoded.truncated) {
    return { server: label, type, protocol: 'udp', ms: since(started), rcode: udp.decoded.rcode, answers: udp.decoded.answers };
  }
  const id = randomInt(0, 65_536);
  const query = dnsPacket.encode(encodeQuery(id, name, type));
  const match = (buffer: Buffer): Decoded | undefined => decodeMatching(buffer, id, name, type);
  const tcp = await overTcp(server, query, match, remaining(deadline, since(timing.sentAt)));
  if (!tcp.ok) {
    return { server: label, type, protocol: 'tcp', ms: since(started), answers: [], truncated: true, error: tcp.error };
  }
  return { server: label, type, protocol: 'tcp', ms: since(started), rcode: tcp.decoded.rcode, answers: tcp.decoded.answers, truncated: true };
}

export type QueryFn = (server: NameServer, name: string, type: DnsRecordType, deadline: Deadline) => Promise<DnsQueryResult>;

/**
 * Shares a query that is already in flight under the same signal: the lookup and the evidence
 * ask each server the same questions at the same moment, and a resolver should hear them once.
 */
export function sharedQueries(query: QueryFn = queryServer): QueryFn {
  const inFlight = new WeakMap<AbortSignal, Map<string, Promise<DnsQueryResult>>>();
  return (server, name, type, deadline) => {
    const key = `${server.address}|${server.port}|${name.toLowerCase()}|${type}`;
    let pending = inFlight.get(deadline.signal);
    if (!pending) {
      pending = new Map();
      inFlight.set(deadline.signal, pending);
    }
    const existing = pending.get(key);
    if (existing) return existing;
    const started = query(server, name, type, deadline).finally(() => pending.delete(key));
    pending.set(key, started);
    return started;
  };
}
