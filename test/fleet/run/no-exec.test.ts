// The standalone executable on a node whose temporary folders are mounted noexec: the copy moves
// to $XDG_RUNTIME_DIR, then ~/.cache; when every one refuses to execute it is node.no-exec and
// nothing is left. The mounts are tmpfs in the test sshd's own mount namespace.
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithDeps, useNamespace } from '../../harness/index.js';
import { hashFile, sshArgv, SSH_DEFAULTS, startNode, type NodeRunSettings, type SshSettings } from '../../../src/fleet/index.js';
import { COPY_SCRIPT, remoteCommand } from '../../../src/fleet/run/remote-scripts.js';
import { runSshProcess } from '../../../src/fleet/run/ssh-process.js';
import { clientKeys, sshInNamespace, startNodeSshd } from './fleet-lab.js';

const noexec = (path: string): string => `mkdir -p ${path} && mount -t tmpfs -o noexec,mode=0700,size=16m tmpfs ${path}`;

describeWithDeps('fleet: a node with noexec temporary folders', ['ip', '/usr/sbin/sshd', 'ssh', 'ssh-keygen', 'mount'], () => {
  const env = useNamespace({}, async (ns) => {
    const keys = await clientKeys(join(ns.dir, 'client'));
    await ns.addAddress('127.0.0.2');
    // 127.0.0.1: /tmp-like TMPDIR noexec, XDG_RUNTIME_DIR fine. 127.0.0.2: TMPDIR, XDG_RUNTIME_DIR and ~/.cache all noexec.
    const partly = await startNodeSshd(ns, '127.0.0.1', keys.publicKey, {
      prelude: (tmp) => noexec(tmp),
      setEnv: (dir) => ({ XDG_RUNTIME_DIR: join(dir, 'xdg'), HOME: join(dir, 'home') }),
    });
    const wholly = await startNodeSshd(ns, '127.0.0.2', keys.publicKey, {
      prelude: (tmp, dir) => [noexec(tmp), noexec(join(dir, 'xdg')), noexec(join(dir, 'home/.cache'))].join(' && '),
      setEnv: (dir) => ({ XDG_RUNTIME_DIR: join(dir, 'xdg'), HOME: join(dir, 'home') }),
    });
    await writeFile(keys.knownHosts, `${partly.hostKeyLine}\n${wholly.hostKeyLine}\n`);
    // Stands for the standalone executable: it answers --version.
    const exe = join(ns.dir, 'netreq-exe');
    await writeFile(exe, '#!/bin/sh\necho netreq 0.0.0-test\n');
    await chmod(exe, 0o755);
    const ssh: SshSettings = { ...SSH_DEFAULTS, ssh: await sshInNamespace(ns), controlDir: await ns.tempDir('control'), configFile: keys.config };
    return { ssh, exe, sha256: await hashFile(exe) };
  }, 120_000);

  const listing = async (ssh: SshSettings, host: string): Promise<string> => {
    const r = await runSshProcess({
      program: ssh.ssh, args: sshArgv(ssh, host, 'ls -A "$TMPDIR" "$XDG_RUNTIME_DIR" "$HOME/.cache"'),
      deadlineMs: 20_000, signal: new AbortController().signal, maxStdout: 65536, maxStderr: 4096,
    });
    return r.stdout;
  };

  it('fleet 1: a noexec TMPDIR sends the executable to $XDG_RUNTIME_DIR', async () => {
    const { ssh, exe, sha256 } = env();
    const copy = await runSshProcess({
      program: ssh.ssh, args: sshArgv(ssh, '127.0.0.1', remoteCommand(COPY_SCRIPT, [sha256, 'exe'])), stdinFile: exe,
      deadlineMs: 20_000, signal: new AbortController().signal, maxStdout: 4096, maxStderr: 4096,
    });
    expect(copy.code).toBe(0);
    const folder = /^netreq-fleet-copy (\S+)$/m.exec(copy.stdout)?.[1] ?? '';
    expect(folder).toMatch(/\/xdg\/netreq-fleet\.[A-Za-z0-9]+$/);
    const before = await listing(ssh, '127.0.0.1');
    expect(before.match(/netreq-fleet\./g)).toHaveLength(1);
    await runSshProcess({
      program: ssh.ssh, args: sshArgv(ssh, '127.0.0.1', `rm -rf -- '${folder}'`),
      deadlineMs: 20_000, signal: new AbortController().signal, maxStdout: 1024, maxStderr: 1024,
    });
  }, 60_000);

  it('fleet 4: noexec everywhere is node.no-exec, and nothing is left', async () => {
    const { ssh, exe, sha256 } = env();
    const settings: NodeRunSettings = { ssh, payloads: { exe: { kind: 'exe', path: exe, sha256 } }, sudo: false };
    const started = await startNode(settings, '127.0.0.2', ['--role', 'k8s-node'], Date.now() + 30_000, new AbortController().signal);
    expect(started.ok ? 'ok' : started.failure.cause).toBe('node.no-exec');
    expect(await listing(ssh, '127.0.0.2')).not.toContain('netreq-fleet.');
  }, 60_000);
});
