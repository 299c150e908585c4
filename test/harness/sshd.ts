// OpenSSH's sshd inside a namespace, standing for a BCM headnode: its own host key and config,
// nobody can log in (no keys, no passwords); tests only read its banner.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Netns } from './netns.js';
import { run } from './proc.js';

export const SSHD = '/usr/sbin/sshd';

export interface SshdOptions {
  readonly listen?: string;
  readonly port?: number;
  /** sshd_config VersionAddendum: text after the version in the banner. */
  readonly versionAddendum?: string;
  /** sshd_config DebianBanner (Debian's patch; default yes, adding "Debian-…" to the banner). */
  readonly debianBanner?: boolean;
}

export interface Sshd {
  readonly host: string;
  readonly port: number;
  readonly hostKeyFingerprint: string;
  log(): string;
  stop(): Promise<void>;
}

export async function startSshd(ns: Netns, opts: SshdOptions = {}): Promise<Sshd> {
  const host = opts.listen ?? '127.0.0.1';
  const port = opts.port ?? 22;
  if (host !== '127.0.0.1' && host !== '::1') await ns.addAddress(host);
  // sshd insists on its privilege separation folder; the package creates it only at boot.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = await ns.tempDir('sshd');
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'netreq-test-headnode', '-f', hostKey]);
  const fingerprint = (await run('ssh-keygen', ['-l', '-f', `${hostKey}.pub`])).trim().split(/\s+/)[1] ?? '';
  const config = join(dir, 'sshd_config');
  const lines = [
    `ListenAddress ${host.includes(':') ? `[${host}]` : host}`,
    `HostKey ${hostKey}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication no',
    'PermitRootLogin no',
    'AuthorizedKeysFile none',
    'LogLevel INFO',
  ];
  if (opts.versionAddendum !== undefined) lines.push(`VersionAddendum ${opts.versionAddendum}`);
  if (opts.debianBanner !== undefined) lines.push(`DebianBanner ${opts.debianBanner ? 'yes' : 'no'}`);
  await writeFile(config, `${lines.join('\n')}\n`, { mode: 0o600 });
  await ns.run(SSHD, ['-t', '-f', config]);
  const proc = ns.spawn(SSHD, ['-D', '-e', '-f', config, '-p', String(port)]);
  await proc.waitForOutput(/Server listening on/);
  await ns.waitForPort(port);
  const stop = (): Promise<void> => proc.stop(1_000);
  ns.onDestroy(stop);
  return { host, port, hostKeyFingerprint: fingerprint, log: () => proc.output(), stop };
}
