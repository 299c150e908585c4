// What may be handed to ssh as a destination. ssh reads an argument that starts with '-' as an
// option (`-oProxyCommand=...` runs a command on this machine), and a space or a quote could
// reach a shell through ProxyCommand's %h: only the characters of host names, addresses and
// ~/.ssh/config aliases pass, and `--` precedes the host in every call besides.

const USER = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,31}$/;
const NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,252}$/;
const IPV6 = /^[0-9A-Fa-f]*:[0-9A-Fa-f:.]*$/;

/** Why `text` is not an ssh destination (`[USER@]HOST`), or undefined when it is one. */
export function sshDestinationProblem(text: string): string | undefined {
  if (text === '') return 'empty';
  if (text.startsWith('-')) return 'starts with "-" (ssh would read it as an option)';
  const at = text.lastIndexOf('@');
  const user = at >= 0 ? text.slice(0, at) : undefined;
  const host = at >= 0 ? text.slice(at + 1) : text;
  if (user !== undefined && !USER.test(user)) return `'${user}' is not a user name (letters, digits, '.', '_' or '-')`;
  if (host === '') return 'no host after "@"';
  if (host.includes(':')) return IPV6.test(host) && host.length <= 45 ? undefined : `'${host}' is not an IPv6 address`;
  if (!NAME.test(host)) return `'${host}' is not a host name, an address or an ssh alias (letters, digits, '.', '_' or '-')`;
  return undefined;
}

/** The ssh destination, or a thrown Error naming what is wrong (from `origin`: the flag or FILE:LINE). */
export function checkedSshDestination(text: string, origin: string): string {
  const problem = sshDestinationProblem(text);
  if (problem !== undefined) throw new Error(`${origin}: node '${text}': ${problem}`);
  return text;
}
