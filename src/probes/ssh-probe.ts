import type { Duplex } from 'node:stream';
import { bounded, errorCode, ABORTED, TIMED_OUT } from '../net/index.js';
import type { Deadline } from '../net/index.js';
import type { SshStep } from '../schema/index.js';
import { cleanText } from './text.js';

/** RFC 4253: the identification line is at most 255 bytes. */
const MAX_BYTES = 255;

/**
 * Both sides send their identification at once (RFC 4253, 4.2), as OpenSSH's client does: a
 * service that waits for its client to speak first (an HTTP server on port 22) then answers.
 */
const CLIENT_IDENTIFICATION = 'SSH-2.0-netreq\r\n';

type Read = { kind: 'banner'; line: string } | { kind: 'other'; text: string } | { kind: 'silent'; code: string };

function examine(data: Buffer, ended: boolean): Read | undefined {
  if (data.length === 0) return ended ? { kind: 'silent', code: 'closed' } : undefined;
  const text = data.toString('latin1');
  const lines = text.split('\n');
  const complete = ended ? lines : lines.slice(0, -1);
  const banner = complete.find((line) => line.startsWith('SSH-'));
  if (banner) return { kind: 'banner', line: banner.replace(/\r$/, '') };
  // RFC 4253 lets a server send other lines first, but no SSH server in use does: a first
  // complete line that is not a banner is another service answering, not worth a deadline.
  if (complete.length > 0 || data.length >= MAX_BYTES || (ended && data.length > 0)) return { kind: 'other', text };
  return undefined;
}

/**
 * Sends the client's identification and waits for the server's (`SSH-2.0-...`), bounded by
 * the deadline and a byte cap. Outcomes: `banner`, `not-ssh` (something else answered: its
 * first bytes are evidence) or `no-banner` (silence or a close). The stream is closed afterwards.
 */
export async function probeSsh(socket: Duplex, deadline: Deadline): Promise<SshStep> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  let data = Buffer.alloc(0);
  const read = await bounded<Read>(
    deadline,
    {
      timeout: () => {
        const text = data.toString('latin1');
        if (text.startsWith('SSH-')) return { kind: 'banner', line: text.replace(/\r?\n?$/, '') };
        return data.length > 0 ? { kind: 'other', text } : { kind: 'silent', code: TIMED_OUT };
      },
      abort: () => ({ kind: 'silent', code: ABORTED }),
    },
    (settle) => {
      const check = (ended: boolean): void => {
        const result = examine(data, ended);
        if (result) settle(result);
      };
      const onData = (chunk: Buffer): void => {
        data = Buffer.concat([data, chunk]);
        check(false);
      };
      const onEnd = (): void => check(true);
      const onError = (error: Error): void => settle(data.length > 0 ? { kind: 'other', text: data.toString('latin1') } : { kind: 'silent', code: errorCode(error) });
      socket.on('data', onData);
      socket.once('end', onEnd);
      socket.once('close', onEnd);
      socket.once('error', onError);
      if (socket.readableEnded || socket.destroyed) check(true);
      else socket.write(CLIENT_IDENTIFICATION);
      return () => {
        socket.removeListener('data', onData);
        socket.removeListener('end', onEnd);
        socket.removeListener('close', onEnd);
        socket.removeListener('error', onError);
      };
    },
  );
  socket.destroy();
  const ms = Math.round((performance.now() - started) * 10) / 10;
  if (read.kind === 'banner') {
    return { step: 'ssh', ok: true, outcome: 'banner', ms, startedAt, evidence: { banner: cleanText(read.line, 255) } };
  }
  if (read.kind === 'other') {
    return { step: 'ssh', ok: false, outcome: 'not-ssh', ms, startedAt, evidence: { received: cleanText(read.text, 200) } };
  }
  return { step: 'ssh', ok: false, outcome: read.code === ABORTED ? 'aborted' : 'no-banner', ms, startedAt, code: read.code, evidence: {} };
}
