import { useProbeFixture } from './probe-fixture.js';
import { describe, expect, it } from 'vitest';
import { probeSsh, SshStep } from '../../src/probes/index.js';
import { deadline, tcpServer } from '../net/fixtures/servers.js';

const fx = useProbeFixture();
const { connect, keep } = fx;

describe('probeSsh', () => {
  it('reads an SSH banner', async () => {
    const server = await keep(tcpServer((socket) => socket.write('SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n')));
    const step = await probeSsh(await connect(server.port), deadline(2000));
    expect(SshStep.parse(step)).toEqual(step);
    expect(step).toMatchObject({ ok: true, outcome: 'banner', evidence: { banner: 'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13' } });
  });

  it('something else answering: not-ssh with what it sent', async () => {
    const server = await keep(tcpServer((socket) => socket.write('HTTP/1.1 400 Bad Request\r\n\x00\x07Server: corp-filter\r\n')));
    const step = await probeSsh(await connect(server.port), deadline(2000));
    expect(step).toMatchObject({ ok: false, outcome: 'not-ssh' });
    expect(step.evidence.received).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    // eslint-disable-next-line no-control-regex -- control characters are what this matches
    expect(step.evidence.received).not.toMatch(/[\x00-\x08]/);
  });

  it('a service that waits for its client (HTTP on port 22) answers the client identification: not-ssh', async () => {
    const server = await keep(
      tcpServer((socket) => socket.once('data', (line: Buffer) => socket.end(/^SSH-2\.0-\S+\r\n$/.test(line.toString('latin1')) ? 'HTTP/1.1 400 Bad Request\r\n\r\n' : ''))),
    );
    const step = await probeSsh(await connect(server.port), deadline(2000));
    expect(step).toMatchObject({ ok: false, outcome: 'not-ssh', evidence: { received: expect.stringMatching(/^HTTP\/1\.1 400/) } });
  });

  it('silence: no-banner with ETIMEDOUT', async () => {
    const server = await keep(tcpServer(() => undefined));
    expect(await probeSsh(await connect(server.port), deadline(300))).toMatchObject({ ok: false, outcome: 'no-banner', code: 'ETIMEDOUT' });
  });

  it('a close without a word: no-banner', async () => {
    const server = await keep(tcpServer((socket) => socket.end()));
    expect(await probeSsh(await connect(server.port), deadline(2000))).toMatchObject({ ok: false, outcome: 'no-banner', code: 'closed' });
  });
});
