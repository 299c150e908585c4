import * as dnsPacket from 'dns-packet';
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';

/** Plain node clients for the simulator's servers: what a probe would see, without src/net. */

export type ConnectOutcome = { kind: 'connected'; socket: Socket } | { kind: 'error'; code: string } | { kind: 'pending' };

export function tcpConnect(port: number, waitMs = 1_000, host = '127.0.0.1'): Promise<ConnectOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ kind: 'pending' });
    }, waitMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ kind: 'connected', socket });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ kind: 'error', code: error.code ?? 'UNKNOWN' });
    });
  });
}

/** Everything the server sends until it closes or `waitMs` passes; and how it ended. */
export function readAll(socket: Socket, send?: string, waitMs = 1_000): Promise<{ data: string; ended: 'end' | 'reset' | 'timeout'; code?: string }> {
  return new Promise((resolve) => {
    let data = '';
    const finish = (ended: 'end' | 'reset' | 'timeout', code?: string): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(code === undefined ? { data, ended } : { data, ended, code });
    };
    const timer = setTimeout(() => finish('timeout'), waitMs);
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.once('end', () => finish('end'));
    socket.once('error', (error: NodeJS.ErrnoException) => finish('reset', error.code));
    if (send !== undefined) socket.write(send);
  });
}

/** Read until `until` appears in the data (or the socket ends / time runs out). */
export function readUntil(socket: Socket | TLSSocket, until: string, send?: string, waitMs = 2_000): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    const done = (): void => {
      clearTimeout(timer);
      socket.removeAllListeners('data');
      resolve(data);
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      if (data.includes(until)) done();
    });
    socket.once('end', done);
    socket.once('error', done);
    if (send !== undefined) socket.write(send);
  });
}

export interface TlsOutcome {
  ok: boolean;
  authorized?: boolean;
  authorizationError?: string;
  code?: string;
  peer?: PeerCertificate;
  socket?: TLSSocket;
}

export function tlsHandshake(options: { port?: number; socket?: Socket; servername?: string; ca?: string[] }, waitMs = 2_000): Promise<TlsOutcome> {
  return new Promise((resolve) => {
    const socket = tlsConnect({
      ...(options.socket === undefined ? { host: '127.0.0.1', port: options.port ?? 0 } : { socket: options.socket }),
      ...(options.servername === undefined ? {} : { servername: options.servername }),
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      rejectUnauthorized: false,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, code: 'ETIMEDOUT' });
    }, waitMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const authorizationError = socket.authorizationError === null ? undefined : String(socket.authorizationError);
      resolve({
        ok: true,
        authorized: socket.authorized,
        ...(authorizationError === undefined ? {} : { authorizationError }),
        peer: socket.getPeerCertificate(true),
        socket,
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ok: false, code: error.code ?? 'UNKNOWN' });
    });
  });
}

/** One HTTP/1.1 request with `Connection: close`; the whole response, read until the server closes. */
export function httpOver(socket: Socket | TLSSocket, host: string, path = '/', extraHeaders = ''): Promise<string> {
  return readUntil(socket, '\u0000', `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n${extraHeaders}Connection: close\r\n\r\n`);
}

export function statusOf(response: string): number {
  return Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1] ?? 0);
}

export function headerOf(response: string, name: string): string[] {
  const head = response.split('\r\n\r\n')[0] ?? '';
  return head
    .split('\r\n')
    .slice(1)
    .filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    .map((line) => line.slice(name.length + 1).trim());
}

export interface DnsReplySeen {
  id: number;
  rcode: string;
  flag_tc: boolean;
  answers: Array<{ type: string; name: string; ttl: number; data: string }>;
}

export type DnsOutcome = { kind: 'reply'; packet: DnsReplySeen } | { kind: 'timeout' };

function seen(bytes: Buffer): DnsReplySeen {
  // @types/dns-packet omits `rcode` on decoded packets; the library sets it.
  const packet = dnsPacket.decode(bytes) as dnsPacket.DecodedPacket & { rcode?: string };
  return {
    id: packet.id ?? 0,
    rcode: packet.rcode ?? '',
    flag_tc: packet.flag_tc,
    answers: (packet.answers ?? []).map((a) => ({
      type: a.type,
      name: a.name,
      ttl: 'ttl' in a ? (a.ttl ?? 0) : 0,
      data: 'data' in a && typeof a.data === 'string' ? a.data : '',
    })),
  };
}

export function dnsUdp(port: number, name: string, type: 'A' | 'AAAA' = 'A', waitMs = 500): Promise<DnsOutcome> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve({ kind: 'timeout' });
    }, waitMs);
    socket.once('message', (message) => {
      clearTimeout(timer);
      socket.close();
      resolve({ kind: 'reply', packet: seen(message) });
    });
    socket.send(dnsPacket.encode({ type: 'query', id: 7, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] }), port, '127.0.0.1');
  });
}

export function dnsTcp(port: number, name: string, type: 'A' | 'AAAA' = 'A', waitMs = 500): Promise<DnsOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buffered = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ kind: 'timeout' });
    }, waitMs);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ kind: 'reply', packet: seen(buffered.subarray(2, 2 + buffered.readUInt16BE(0))) });
      }
    });
    socket.on('error', () => undefined);
    socket.write(dnsPacket.streamEncode({ type: 'query', id: 9, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] }));
  });
}
