// One node over a real OpenSSH server in a namespace the test creates: the copy lands in a
// private folder, its digest is checked, the wrapper's agent deletes it as soon as it runs, the
// Report comes back validated, and a session cut short leaves nothing on the node.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithDeps, useNamespace } from '../../harness/index.js';
import { checkNode, hashFile, startNode, SSH_DEFAULTS, type NodeRunSettings, type Payload } from '../../../src/fleet/index.js';
import { clientKeys, leftovers, singleFile, sshInNamespace, startNodeSshd } from './fleet-lab.js';

const CHECK = ['--role', 'k8s-node', '--product', 'runai', '--timeout', '300', '--max-time', '20'];

describeWithDeps('fleet: one node over a real sshd', ['ip', '/usr/sbin/sshd', 'ssh', 'ssh-keygen'], () => {
  const env = useNamespace({ resolvOptions: ['timeout:1', 'attempts:1'] }, async (ns) => {
    const keys = await clientKeys(join(ns.dir, 'client'));
    const node = await startNodeSshd(ns, '127.0.0.1', keys.publicKey);
    await writeFile(keys.knownHosts, `${node.hostKeyLine}\n`);
    const mjs: Payload = { kind: 'mjs', path: singleFile(ns.dir), sha256: await hashFile(singleFile(ns.dir)) };
    const settings: NodeRunSettings = {
      ssh: { ...SSH_DEFAULTS, ssh: await sshInNamespace(ns), controlDir: await ns.tempDir('control'), configFile: keys.config },
      payloads: { mjs },
      sudo: false,
    };
    return { keys, node, settings, mjs };
  }, 180_000);

  it('fleet 1: copied, run, deleted at start; the Report comes back validated and nothing is left', async () => {
    const { node, settings } = env();
    const signal = new AbortController().signal;
    const started = await startNode(settings, '127.0.0.1', ['--role', 'k8s-node', '--product', 'runai'], Date.now() + 60_000, signal);
    if (!started.ok) throw new Error(`${started.failure.cause}: ${started.failure.detail}`);
    // The agent is running, and its copy is already gone.
    expect(await leftovers(node.tmp)).toEqual([]);
    expect(started.live.listening.opened.length).toBeGreaterThan(0);
    expect(started.live.root).toBe(true);
    const checked = await checkNode(started.live, CHECK, Date.now() + 60_000, signal);
    if (!checked.ok) throw new Error(`${checked.failure.cause}: ${checked.failure.detail}`);
    expect(checked.report.findings.length).toBeGreaterThan(0);
    expect(checked.report.topology).toMatchObject({ roles: ['k8s-node'] });
    const closed = await started.live.channel.close(5_000);
    expect(closed.code).toBe(0);
    expect(await leftovers(node.tmp)).toEqual([]);
  }, 120_000);

  it('fleet 1: a copy whose digest does not match is refused and removed', async () => {
    const { node, settings, mjs } = env();
    const wrong = { ...settings, payloads: { mjs: { ...mjs, sha256: '0'.repeat(64) } } };
    const started = await startNode(wrong, '127.0.0.1', [], Date.now() + 30_000, new AbortController().signal);
    expect(started.ok).toBe(false);
    if (!started.ok) expect(started.failure).toMatchObject({ cause: 'node.failed', detail: expect.stringContaining('digest') });
    expect(await leftovers(node.tmp)).toEqual([]);
  }, 60_000);

  it('fleet 4: an unknown host key is node.host-key-unknown, never accepted silently; --ssh-accept-new accepts it', async () => {
    const { keys, node, settings, ns } = { ...env(), ns: env().ns };
    const other = { ...settings, ssh: { ...settings.ssh, configFile: join(keys.dir, 'empty-known'), controlDir: await ns.tempDir('control') } };
    const emptyKnown = join(keys.dir, 'empty_known_hosts');
    await writeFile(emptyKnown, '');
    await writeFile(other.ssh.configFile, `Host *\n  User root\n  IdentityFile ${keys.key}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${emptyKnown}\n  GlobalKnownHostsFile /dev/null\n`);
    const refused = await startNode(other, '127.0.0.1', [], Date.now() + 30_000, new AbortController().signal);
    expect(refused.ok ? 'ok' : refused.failure.cause).toBe('node.host-key-unknown');
    const accepted = await startNode({ ...other, ssh: { ...other.ssh, acceptNew: true } }, '127.0.0.1', ['--role', 'k8s-node'], Date.now() + 30_000, new AbortController().signal);
    if (!accepted.ok) throw new Error(`${accepted.failure.cause}: ${accepted.failure.detail}`);
    await accepted.live.channel.close(5_000);
    expect(await leftovers(node.tmp)).toEqual([]);
  }, 60_000);

  it('fleet 5: a session killed mid-check (Ctrl-C on the installer) stops the agent and leaves nothing', async () => {
    const { node, settings, ns } = env();
    const started = await startNode(settings, '127.0.0.1', ['--role', 'k8s-node'], Date.now() + 60_000, new AbortController().signal);
    if (!started.ok) throw new Error(`${started.failure.cause}: ${started.failure.detail}`);
    // A resolver that never answers: the check waits on DNS until the session is cut.
    const silent = ns.spawn(process.execPath, ['-e', "require('node:dgram').createSocket('udp4').bind(5399, '127.0.0.1')"]);
    await ns.waitForPort(5399, { proto: 'udp' });
    const stop = new AbortController();
    const checking = checkNode(started.live, [...CHECK, '--max-time', '60', '--timeout', '10000', '--dns-server', '127.0.0.1:5399'], Date.now() + 60_000, stop.signal);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    stop.abort();
    started.live.channel.kill();
    expect(await checking).toMatchObject({ ok: false, failure: { cause: 'node.interrupted' } });
    await started.live.channel.close(5_000);
    for (let i = 0; i < 50 && (await ns.exec('pgrep', ['-f', 'fleet agent'])).stdout.trim() !== ''; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect((await ns.exec('pgrep', ['-f', 'fleet agent'])).stdout.trim()).toBe('');
    expect(await leftovers(node.tmp)).toEqual([]);
    await silent.stop();
  }, 90_000);
});
