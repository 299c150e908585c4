// Fleet nodes for tests and the bench: OpenSSH servers that accept a key the test makes (each
// node's own TMPDIR, set by sshd's SetEnv), and a client configuration naming that key and the
// known host keys. Imports no vitest: the bench runs it outside the test runner.
import { execFileSync } from 'node:child_process';
import { chown, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Netns } from './netns.js';

export interface ClientKeys {
  readonly dir: string;
  readonly key: string;
  readonly publicKey: string;
  readonly knownHosts: string;
  readonly config: string;
}

/** A user key, an empty known_hosts and an ssh_config that uses them (root, batch-friendly). */
export async function clientKeys(dir: string): Promise<ClientKeys> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const key = join(dir, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'netreq-fleet-test', '-f', key]);
  const knownHosts = join(dir, 'known_hosts');
  await writeFile(knownHosts, '', { mode: 0o600 });
  const config = join(dir, 'ssh_config');
  await writeFile(config, [
    'Host *', '  User root', `  IdentityFile ${key}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${knownHosts}`,
    '  GlobalKnownHostsFile /dev/null', '  LogLevel ERROR', '',
  ].join('\n'), { mode: 0o600 });
  return { dir, key, publicKey: await readFile(`${key}.pub`, 'utf8'), knownHosts, config };
}

export interface NodeSshd {
  readonly address: string;
  /** The node's own TMPDIR: where its copy goes, and what must be empty afterwards. */
  readonly tmp: string;
  readonly hostKeyLine: string;
  readonly pid: () => number;
  stop(): Promise<void>;
}

export interface NodeSshdOptions {
  /** Shell commands run in sshd's own mount namespace before it starts (mounts only its sessions see). */
  readonly prelude?: (tmp: string, dir: string) => string;
  /** More of the sessions' environment (sshd's SetEnv overrides the default one: HOME too). */
  readonly setEnv?: (dir: string) => Readonly<Record<string, string>>;
  /** A non-root user who logs in instead of root: its TMPDIR and authorized_keys are made its own. */
  readonly owner?: { readonly uid: number; readonly gid: number };
}

/** sshd in `ns` on `address`:22 that lets root in with `authorizedKey` (or refuses every key when none). */
export async function startNodeSshd(ns: Netns, address: string, authorizedKey: string | undefined, opts: NodeSshdOptions = {}): Promise<NodeSshd> {
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = await ns.tempDir('node-sshd');
  const tmp = join(dir, 'tmp');
  await mkdir(tmp, { mode: 0o700 });
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'netreq-fleet-node', '-f', hostKey]);
  const authorized = join(dir, 'authorized_keys');
  await writeFile(authorized, authorizedKey ?? '', { mode: 0o600 });
  // sshd reads authorized_keys as the user who logs in.
  if (opts.owner !== undefined) for (const path of [tmp, authorized]) await chown(path, opts.owner.uid, opts.owner.gid);
  const config = join(dir, 'sshd_config');
  await writeFile(config, [
    `ListenAddress ${address}`, `HostKey ${hostKey}`, `PidFile ${join(dir, 'sshd.pid')}`, 'UsePAM no', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes', 'PermitRootLogin prohibit-password', `AuthorizedKeysFile ${authorized}`,
    'StrictModes no', `SetEnv TMPDIR=${tmp} ${Object.entries(opts.setEnv?.(dir) ?? {}).map(([k, v]) => `${k}=${v}`).join(' ')}`.trim(), 'LogLevel INFO', '',
  ].join('\n'), { mode: 0o600 });
  // `ip netns exec` gives every command its own mount namespace (slave to the machine's): a mount
  // in the prelude is seen by this sshd's sessions only, and goes away with them.
  const proc = opts.prelude !== undefined
    ? ns.spawn('sh', ['-c', `${opts.prelude(tmp, dir)} && exec /usr/sbin/sshd -D -e -f ${config}`])
    : ns.spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config]);
  await proc.waitForOutput(/Server listening on/);
  const publicKey = (await readFile(`${hostKey}.pub`, 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
  const stop = (): Promise<void> => proc.stop(1_000);
  ns.onDestroy(stop);
  return { address, tmp, hostKeyLine: `${address} ${publicKey}`, pid: () => proc.pid, stop };
}

/** What a node's TMPDIR holds of fleet copies (folders named netreq-fleet.*). */
export async function leftovers(tmp: string): Promise<string[]> {
  return (await readdir(tmp)).filter((name) => name.startsWith('netreq-fleet.'));
}

/** An `ssh` that runs inside `ns` (a test's installer namespace), for code that runs outside it. */
export async function sshInNamespace(ns: Netns): Promise<string> {
  const path = join(ns.dir, 'ssh-in-ns');
  await writeFile(path, `#!/bin/sh\nexec ip netns exec ${ns.name} ssh "$@"\n`, { mode: 0o755 });
  return path;
}
