// The fan-out's bounds: at most `fanout` nodes at once, a node's own deadline, the run's total
// deadline; against a real sshd and a silent TCP listener (a node whose sshd never greets) in a
// namespace the test creates.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWithDeps, useNamespace } from '../../harness/index.js';
import { hashFile, runFleet, SSH_DEFAULTS, type FleetNode, type NodeRunSettings } from '../../../src/fleet/index.js';
import { boundedPool } from '../../../src/fleet/run/pool.js';
import { clientKeys, leftovers, singleFile, sshInNamespace, startNodeSshd } from './fleet-lab.js';

describe('bounded pool', () => {
  it('fleet 3: never more than the fanout at once, every item once, none started after the abort', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await boundedPool(Array.from({ length: 20 }, (_, i) => i), 3, new AbortController().signal, async (i) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(i);
      running -= 1;
    });
    expect(most).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const stop = new AbortController();
    const started: number[] = [];
    await boundedPool([1, 2, 3, 4, 5], 2, stop.signal, async (i) => {
      started.push(i);
      if (i === 2) stop.abort();
      await Promise.resolve();
    });
    expect(started).toEqual([1, 2]);
  });
});

const node = (name: string): FleetNode => ({ name, roles: ['k8s-node'], origin: '--nodes' });

describeWithDeps('fleet: deadlines against a real sshd and a silent one', ['ip', '/usr/sbin/sshd', 'ssh', 'ssh-keygen'], () => {
  const env = useNamespace({}, async (ns) => {
    const keys = await clientKeys(join(ns.dir, 'client'));
    const sshd = await startNodeSshd(ns, '127.0.0.1', keys.publicKey);
    await writeFile(keys.knownHosts, `${sshd.hostKeyLine}\n`);
    await ns.addAddress('127.0.0.3');
    // Accepts and says nothing: ssh waits for a banner that never comes.
    const silent = ns.spawn(process.execPath, ['-e', "require('node:net').createServer(() => undefined).listen(22, '127.0.0.3')"]);
    await ns.waitForPort(22);
    const settings = async (): Promise<NodeRunSettings> => ({
      ssh: { ...SSH_DEFAULTS, ssh: await sshInNamespace(ns), controlDir: await ns.tempDir('control'), configFile: keys.config },
      payloads: { mjs: { kind: 'mjs', path: singleFile(ns.dir), sha256: await hashFile(singleFile(ns.dir)) } },
      sudo: false,
    });
    return { sshd, silent, settings };
  }, 180_000);

  const options = (settings: NodeRunSettings, nodes: FleetNode[], nodeTimeoutMs: number, totalTimeMs: number) => ({
    nodes, peersOf: () => [], settings, fanout: 2, nodeTimeoutMs, totalTimeMs, signal: new AbortController().signal,
    listenArgv: () => ['--role', 'k8s-node'],
    checkArgv: () => ['--role', 'k8s-node', '--product', 'runai', '--timeout', '200', '--max-time', '10', '--dns-server', '127.0.0.1:5'],
  });

  it('fleet 3: a node that never greets is node.timeout at its own deadline, while the other node is checked', async () => {
    const { sshd, settings } = env();
    // The healthy node's deadline is generous (this machine may be busy); the silent one's is not.
    const run = await runFleet({ ...options(await settings(), [node('127.0.0.3'), node('127.0.0.1')], 60_000, 120_000), nodeTimeoutMs: 60_000 });
    expect(run.results[1]?.failure).toBeUndefined();
    expect(run.results[1]?.report?.findings.length).toBeGreaterThan(0);
    expect(await leftovers(sshd.tmp)).toEqual([]);
    const alone = Date.now();
    const silentOnly = await runFleet(options(await settings(), [node('127.0.0.3')], 3_000, 60_000));
    expect(silentOnly.results[0]).toMatchObject({ failure: { cause: 'node.timeout' } });
    expect(Date.now() - alone).toBeLessThan(30_000);
    expect(silentOnly.interrupted).toBe(false);
  }, 120_000);

  it('fleet 3: the run\'s total deadline ends every node still running as node.timeout', async () => {
    const { settings } = env();
    const run = await runFleet(options(await settings(), [node('127.0.0.3')], 60_000, 2_000));
    expect(run.timedOut).toBe(true);
    expect(run.results[0]).toMatchObject({ failure: { cause: 'node.timeout', detail: expect.stringContaining('time limit') } });
  }, 30_000);
});
