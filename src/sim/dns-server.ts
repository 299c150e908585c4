import * as dnsPacket from 'dns-packet';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Socket } from 'node:net';
import type { NameServer } from '../net/index.js';
import { LOOPBACK, closeServer, listenLoopback } from './listen.js';

export type DnsRcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';

export interface DnsRecord {
  readonly type: 'A' | 'AAAA' | 'CNAME';
  readonly name: string;
  readonly ttl: number;
  readonly data: string;
}

/** What the server does with one question. `truncate`: TC and no answers over UDP, the full answer over TCP. */
export type DnsReply =
  | { readonly kind: 'silent' }
  | { readonly kind: 'answer'; readonly rcode: DnsRcode; readonly answers: readonly DnsRecord[]; readonly truncate?: boolean };

export type DnsResponder = (name: string, type: string) => DnsReply;

export interface DnsQueryLog {
  readonly name: string;
  readonly type: string;
  readonly protocol: 'udp' | 'tcp';
}

export interface DnsServer extends NameServer {
  queries(): readonly DnsQueryLog[];
  close(): Promise<void>;
}

const RCODE: Record<DnsRcode, number> = { NOERROR: 0, NXDOMAIN: 3, SERVFAIL: 2, REFUSED: 5 };

function encodeReply(query: dnsPacket.DecodedPacket, reply: Extract<DnsReply, { kind: 'answer' }>, overUdp: boolean): Buffer {
  const truncated = overUdp && reply.truncate === true;
  const rd = query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0;
  const flags = rd | dnsPacket.RECURSION_AVAILABLE | (truncated ? dnsPacket.TRUNCATED_RESPONSE : 0) | RCODE[reply.rcode];
  const answers: dnsPacket.Answer[] = truncated ? [] : reply.answers.map((r) => ({ type: r.type, name: r.name, ttl: r.ttl, class: 'IN', data: r.data }));
  return dnsPacket.encode({ type: 'response', id: query.id ?? 0, flags, questions: query.questions ?? [], answers });
}

/** A nameserver on 127.0.0.1 speaking the wire protocol over UDP and TCP on the same port. */
export async function startDnsServer(options: { respond: DnsResponder; latencyMs?: number }): Promise<DnsServer> {
  const log: DnsQueryLog[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let closed = false;
  const latency = options.latencyMs ?? 0;

  const answer = (packet: Buffer, protocol: 'udp' | 'tcp', send: (reply: Buffer) => void): void => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(packet);
    } catch {
      return; // not DNS: a real server drops it too
    }
    const question = query.questions?.[0];
    if (question === undefined) return;
    log.push({ name: question.name, type: question.type, protocol });
    const reply = options.respond(question.name.toLowerCase().replace(/\.$/, ''), question.type);
    if (reply.kind === 'silent') return;
    const bytes = encodeReply(query, reply, protocol === 'udp');
    if (latency <= 0) return send(bytes);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) send(bytes);
    }, latency);
    timers.add(timer);
  };

  const tcp = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length < 2 + length) break;
        const message = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        answer(message, 'tcp', (reply) => {
          const framed = Buffer.alloc(2 + reply.length);
          framed.writeUInt16BE(reply.length, 0);
          reply.copy(framed, 2);
          if (!socket.destroyed) socket.write(framed);
        });
      }
    });
  });

  // UDP first, then TCP on the same port; another process may hold that TCP port, so retry.
  let udp: UdpSocket | undefined;
  let port = 0;
  for (let attempt = 0; attempt < 20 && port === 0; attempt += 1) {
    const candidate = createSocket('udp4');
    const udpPort = await new Promise<number>((resolve, reject) => {
      candidate.once('error', reject);
      candidate.bind(0, LOOPBACK, () => resolve(candidate.address().port));
    });
    try {
      await listenLoopback(tcp, { port: udpPort });
      udp = candidate;
      port = udpPort;
    } catch {
      candidate.close();
    }
  }
  if (udp === undefined) throw new Error('could not bind UDP and TCP on one loopback port');
  const udpSocket = udp;
  udpSocket.on('error', () => undefined);
  udpSocket.on('message', (message, remote) => {
    answer(message, 'udp', (reply) => {
      if (!closed) udpSocket.send(reply, remote.port, remote.address);
    });
  });

  let closing: Promise<void> | undefined;
  return {
    address: LOOPBACK,
    port,
    queries: () => log,
    close() {
      closing ??= (async () => {
        closed = true;
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        await Promise.all([closeServer(tcp), new Promise<void>((resolve) => udpSocket.close(() => resolve()))]);
      })();
      return closing;
    },
  };
}
