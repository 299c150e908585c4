// The isolated node netreq is carried to: a namespace whose only interface is `lo`, with no route
// at all, its resolv.conf naming a resolver in TEST-NET-1 (nothing could ever leave). The built
// single file runs there as a person runs it: `check`, and the wizard in a real terminal (tmux
// under `ip netns exec`; an in-process test worker cannot enter a namespace).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Report } from '../../src/report/index.js';
import { isRoot, useNamespace } from '../harness/index.js';
import { TmuxSession } from './tmux.js';

const root = join(import.meta.dirname, '..', '..');
const built = join(root, 'dist', 'netreq.mjs');
const RESOLVER = '192.0.2.53';
const needed = TmuxSession.available() && existsSync(built) && isRoot();
const CHECK = ['check', '--product', 'runai', '--role', 'installer', '--timeout', '3000', '--format', 'json'];

function finding(stdout: string, host: string): Report['findings'][number] | undefined {
  return Report.parse(JSON.parse(stdout)).findings.find((f) => f.target.host === host);
}

describe.skipIf(!needed && !process.env['CI'])('a machine with no route to its resolver (the built file, in a namespace with only lo)', () => {
  const env = useNamespace({ hostAddresses: [], nameservers: [RESOLVER], resolvOptions: ['timeout:1', 'attempts:1'] });
  let session: TmuxSession | undefined;
  afterEach(() => session?.close());

  for (const [how, extra] of [['--dns-server', ['--dns-server', RESOLVER]], ['the system resolver (resolv.conf)', []]] as const) {
    it(`field-ready 1: check through ${how} reports fail dns.resolver-unreachable naming the resolver and the errno, exit 1`, async () => {
      expect(needed).toBe(true);
      const r = await env().ns.exec(process.execPath, [built, ...CHECK, ...extra], { cwd: root, timeoutMs: 60_000, env: { NO_COLOR: '1' } });
      expect(r.stderr).not.toMatch(/RangeError|ERR_SOCKET_BAD_PORT|\n\s+at /);
      expect(r.code).toBe(1);
      const f = finding(r.stdout, 'runai.jfrog.io');
      expect(f).toMatchObject({ status: 'fail', cause: 'dns.resolver-unreachable' });
      expect(f?.explanation).toContain(RESOLVER);
      expect(f?.explanation).toContain('ENETUNREACH');
    }, 90_000);
  }

  it('field-ready 1: a UDP peer check with no route is an observation (peer.unreachable, ENETUNREACH), not a crash', async () => {
    expect(needed).toBe(true);
    const args = ['check', '--product', 'runai', '--role', 'k8s-node', '--cni', 'calico', '--peer', '192.0.2.77', '--timeout', '3000', '--format', 'json'];
    const r = await env().ns.exec(process.execPath, [built, ...args], { cwd: root, timeoutMs: 60_000, env: { NO_COLOR: '1' } });
    expect(r.stderr).not.toMatch(/RangeError|ERR_SOCKET_BAD_PORT|\n\s+at /);
    expect(r.code).toBe(1);
    const udp = Report.parse(JSON.parse(r.stdout)).findings.find((f) => f.target.transport === 'udp');
    expect(udp).toMatchObject({ status: 'fail', cause: 'peer.unreachable' });
    expect(udp?.explanation).toContain('ENETUNREACH');
  }, 90_000);

  it('field-ready 1: the wizard reaches its results and exits 1, no stack trace', async () => {
    expect(needed).toBe(true);
    session = TmuxSession.start(['ip', 'netns', 'exec', env().ns.name, 'node', built], {
      cwd: root,
      env: { NO_COLOR: '1', TERM: 'xterm-256color', CI: '0' },
      width: 120,
      height: 40,
    });
    const tmux = session;
    await tmux.waitFor((s) => /Question 1\b/.test(s), 60_000);
    // Every default answer, one key per screen; the review screen's Enter starts the checks.
    for (let i = 0; i < 20; i += 1) {
      const before = tmux.screen();
      if (/Results|Checking|\[exit \d+\]/.test(before)) break;
      tmux.send('Enter');
      await tmux.waitFor((s) => s !== before, 10_000);
    }
    const results = await tmux.waitFor((s) => /Results/.test(s) || /\[exit \d+\]/.test(s), 60_000);
    expect(results).not.toMatch(/RangeError|ERR_SOCKET_BAD_PORT/);
    // Every lookup failed the same way: one root cause leads (the findings under it carry dns.resolver-unreachable).
    expect(results).toMatch(/dns\.resolver-unreachable|resolver does not answer|resolves no names at all/);
    tmux.send('n');
    await tmux.waitFor((s) => /Before you go/.test(s) && /> Quit/.test(s));
    tmux.send('Enter');
    const end = await tmux.waitFor((s) => /\[exit \d+\]/.test(s), 20_000);
    expect(end).toContain('[exit 1]');
    expect(end).not.toMatch(/RangeError|\n\s+at /);
  }, 180_000);
});
