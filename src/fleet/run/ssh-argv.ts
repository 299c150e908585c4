// Every ssh call of a fleet run, built in one place: batch mode (never a password prompt), one
// connection per node shared by every call (ControlMaster in a private folder), deadlines on the
// connection and on a silent peer, host key checking as the user's configuration says unless
// --ssh-accept-new was chosen, and `--` before the host.
import { checkedSshDestination } from './host-name.js';

export interface SshSettings {
  /** The ssh client (default `ssh` on PATH). */
  readonly ssh: string;
  /** A folder only this user can read (0700): the master connections' sockets, %C each. */
  readonly controlDir: string;
  /** Seconds to wait for the TCP connection and the handshake (ConnectTimeout). */
  readonly connectTimeoutS: number;
  /** How long the master connection outlives its last session, in seconds. */
  readonly persistS: number;
  /** `-J`: jump hosts, comma-separated, each a checked destination. */
  readonly jump?: string;
  /** `-F`: an ssh configuration file instead of ~/.ssh/config. */
  readonly configFile?: string;
  /** StrictHostKeyChecking=accept-new: only when the user asked for it (--ssh-accept-new). */
  readonly acceptNew: boolean;
}

export const SSH_DEFAULTS = { ssh: 'ssh', connectTimeoutS: 10, persistS: 60, acceptNew: false } as const;

/** The arguments of `ssh` (without the program) running `command` on `host`. */
export function sshArgv(settings: SshSettings, host: string, command: string): string[] {
  const destination = checkedSshDestination(host, 'ssh');
  const args = [
    '-o', 'BatchMode=yes',
    '-o', 'ControlMaster=auto',
    '-o', `ControlPath=${settings.controlDir}/%C`,
    '-o', `ControlPersist=${settings.persistS}`,
    '-o', `ConnectTimeout=${settings.connectTimeoutS}`,
    '-o', 'ServerAliveInterval=5',
    '-o', 'ServerAliveCountMax=3',
    // No pseudo-terminal: the channel carries the copy's bytes and the Report, not a screen.
    '-T',
  ];
  if (settings.acceptNew) args.push('-o', 'StrictHostKeyChecking=accept-new');
  if (settings.configFile !== undefined) args.push('-F', settings.configFile);
  if (settings.jump !== undefined) {
    for (const hop of settings.jump.split(',')) checkedSshDestination(hop.replace(/:\d+$/, ''), '--ssh-jump');
    args.push('-J', settings.jump);
  }
  args.push('--', destination, command);
  return args;
}

/** `ssh -O exit`: closes the master connection of `host` (at the end of a run). */
export function sshExitArgv(settings: SshSettings, host: string): string[] {
  const args = ['-o', `ControlPath=${settings.controlDir}/%C`, '-O', 'exit'];
  if (settings.configFile !== undefined) args.push('-F', settings.configFile);
  return [...args, '--', checkedSshDestination(host, 'ssh')];
}
