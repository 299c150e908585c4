// A resolver that holds glibc: every UDP answer is truncated, and the TCP retry that follows is
// accepted and never answered. glibc has no deadline of its own for that read, so getaddrinfo
// blocks for as long as the connection stays up (a run of `getent ahosts` never returns).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Netns } from './netns.js';

const SCRIPT = `
const dgram = require('node:dgram');
const net = require('node:net');
const udp = dgram.createSocket('udp4');
udp.on('message', (query, from) => {
  const head = Buffer.from(query.subarray(0, 12));
  head[2] = 0x80 | 0x02 | (query[2] & 0x01); // a response, truncated (TC), RD echoed
  head[3] = 0x80;
  head.fill(0, 6, 12);
  udp.send(Buffer.concat([head, query.subarray(12)]), from.port, from.address);
});
udp.bind(53, '127.0.0.1');
const held = [];
net.createServer((socket) => { held.push(socket); socket.on('error', () => undefined); })
  .listen(53, '127.0.0.1', () => console.log('holding'));
`;

/** Starts it on the namespace's 127.0.0.1:53 (point resolv.conf there); stopped with the namespace. */
export async function startHoldingResolver(ns: Netns): Promise<void> {
  const dir = await ns.tempDir('holding-resolver');
  const script = join(dir, 'holding-resolver.cjs');
  await writeFile(script, SCRIPT);
  await ns.spawn(process.execPath, [script]).waitForOutput(/holding/, 10_000);
}
