// A system lookup that never returns: the namespace's resolver answers every UDP query truncated
// and then holds the TCP retry open without a word. glibc has no deadline of its own for that TCP
// read, so getaddrinfo blocks for as long as the connection stays up. netreq's step deadline ends
// the DNS step; once the report is written the process must exit, whatever lookups still wait.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithDeps, findingFor, runNetreq, useNamespace } from '../harness/index.js';

const HOLDING_RESOLVER = `
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

describeWithDeps('a system lookup that never returns', ['ip', 'getent'], () => {
  const env = useNamespace({ nameservers: ['127.0.0.1'], resolvOptions: ['timeout:1', 'attempts:1'] }, async (ns) => {
    const dir = await ns.tempDir('holding-resolver');
    const script = join(dir, 'holding-resolver.cjs');
    await writeFile(script, HOLDING_RESOLVER);
    const resolver = ns.spawn(process.execPath, [script]);
    await resolver.waitForOutput(/holding/, 10_000);
    return {};
  });

  it('field-ready 8: the report is written and the process exits, though getaddrinfo still waits', async () => {
    // The setup holds glibc indeed: getent is still waiting when it is killed.
    const getent = await env().ns.exec('getent', ['ahosts', 'runai.jfrog.io'], { timeoutMs: 3_000 });
    expect(getent.timedOut).toBe(true);

    const run = await runNetreq(env().ns, ['check', '--product', 'runai', '--role', 'installer', '--timeout', '2000', '--format', 'json'], { timeoutMs: 60_000 });
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(1);
    if (!run.report) throw new Error(`no report (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
    expect(findingFor(run.report, 'runai.jfrog.io', 443)).toMatchObject({ status: 'fail', cause: 'dns.timeout' });
  }, 90_000);
});
