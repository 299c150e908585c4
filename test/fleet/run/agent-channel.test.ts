// The agent's channel over a real child process standing for the ssh session: lines validated
// one by one, a login script's chatter before the agent let pass, an overlong line cut.
import { describe, expect, it } from 'vitest';
import { AgentChannel } from '../../../src/fleet/run/agent-channel.js';

const STARTED = '{"t":"started","version":"1.0.0","root":false}';
const never = new AbortController().signal;

describe('agent channel', () => {
  it('fleet 5: chatter before the agent is skipped; after it, a line that is not a message is refused', async () => {
    const channel = new AgentChannel('sh', ['-c', `echo 'Welcome to gpu01'; echo '${STARTED}'; echo 'not json'; cat >/dev/null`]);
    expect(await channel.next(10_000, never)).toMatchObject({ kind: 'message', message: { t: 'started', root: false } });
    expect(await channel.next(10_000, never)).toMatchObject({ kind: 'bad', reason: expect.stringContaining('not JSON') });
    expect((await channel.close(5_000)).code).toBe(0);
  });

  it('fleet 5: a message that does not validate is refused, naming what is wrong', async () => {
    const channel = new AgentChannel('sh', ['-c', `echo '${STARTED}'; echo '{"t":"listening","token":"x y","opened":[],"failed":[]}'; cat >/dev/null`]);
    await channel.next(10_000, never);
    expect(await channel.next(10_000, never)).toMatchObject({ kind: 'bad', reason: expect.stringContaining('token') });
    await channel.close(5_000);
  });

  it('fleet 5: a line longer than the limit ends the session', async () => {
    const channel = new AgentChannel('sh', ['-c', `echo '${STARTED}'; head -c 40000000 /dev/zero | tr '\\0' a; cat >/dev/null`]);
    await channel.next(10_000, never);
    expect(await channel.next(30_000, never)).toMatchObject({ kind: 'bad', reason: expect.stringContaining('longer than') });
    await channel.close(5_000);
  }, 40_000);

  it('fleet 3: the deadline and the abort each end a wait', async () => {
    const channel = new AgentChannel('sh', ['-c', 'cat >/dev/null']);
    expect(await channel.next(200, never)).toEqual({ kind: 'timeout' });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    expect(await channel.next(10_000, stop.signal)).toEqual({ kind: 'aborted' });
    expect((await channel.close(5_000)).code).toBe(0);
  });
});
