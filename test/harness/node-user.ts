// A non-root user that exists only inside one namespace, allowed to run anything as root through
// sudo without a password. `ip netns exec` bind-mounts each file of /etc/netns/NAME over /etc, so
// the namespace's passwd, group, shadow and sudoers are the machine's own plus this user: the
// machine's files are never changed, and the user goes with the namespace.
import { chown, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Netns } from './netns.js';

export interface NodeUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

const SECURE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The first id from 61000 up that the machine's passwd and group do not use. */
function freeId(passwd: string, group: string): number {
  const used = new Set([...passwd.split('\n'), ...group.split('\n')].map((line) => Number(line.split(':')[2])));
  let id = 61_000;
  while (used.has(id)) id += 1;
  return id;
}

export async function addSudoUser(ns: Netns, name: string): Promise<NodeUser> {
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(name)) throw new Error(`not a user name: ${name}`);
  const etc = `/etc/netns/${ns.name}`;
  const [passwd, group, shadow] = await Promise.all(['/etc/passwd', '/etc/group', '/etc/shadow'].map((f) => readFile(f, 'utf8')));
  const id = freeId(passwd ?? '', group ?? '');
  const home = await ns.tempDir(`home-${name}`);
  await chown(home, id, id);
  await writeFile(`${etc}/passwd`, `${(passwd ?? '').trimEnd()}\n${name}:x:${id}:${id}::${home}:/bin/sh\n`, { mode: 0o644 });
  await writeFile(`${etc}/group`, `${(group ?? '').trimEnd()}\n${name}:x:${id}:\n`, { mode: 0o644 });
  // `*`: no password (sshd lets a key in; only `!` locks an account on Linux).
  await writeFile(`${etc}/shadow`, `${(shadow ?? '').trimEnd()}\n${name}:*:19000:0:99999:7:::\n`, { mode: 0o600 });
  await writeFile(`${etc}/sudoers`, [
    'Defaults env_reset', `Defaults secure_path="${SECURE_PATH}"`, 'root ALL=(ALL:ALL) ALL', `${name} ALL=(root) NOPASSWD: ALL`, '',
  ].join('\n'), { mode: 0o440 });
  // sudo looks its host name up; the namespace's hosts file has only localhost.
  await ns.writeHosts({ '127.0.1.1': [hostname()] });
  return { name, uid: id, gid: id, home };
}
