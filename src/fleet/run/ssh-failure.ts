// ssh says why it failed only in words: exit status 255 and a line on stderr. These are OpenSSH's
// own messages (ssh.c, sshconnect.c, sshconnect2.c), stable across its versions; anything else
// from ssh is `node.unreachable` with its words kept as the detail.
import type { NodeFailure } from './node-cause.js';

/** ssh's exit status when ssh itself failed (not the remote command). */
export const SSH_FAILED = 255;

const CAUSES: ReadonlyArray<{ readonly pattern: RegExp; readonly cause: NodeFailure['cause'] }> = [
  { pattern: /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/, cause: 'node.host-key-changed' },
  { pattern: /Host key verification failed|No (?:ED25519|RSA|ECDSA|[A-Z0-9-]+) host key is known for/, cause: 'node.host-key-unknown' },
  { pattern: /Permission denied \(|Too many authentication failures|no mutual signature algorithm/, cause: 'node.ssh-auth' },
  { pattern: /Connection timed out|Operation timed out|Connection to .* timed out|Timeout, server .* not responding/, cause: 'node.timeout' },
  { pattern: /No route to host|Network is unreachable|Connection refused|Could not resolve hostname|Name or service not known|Connection closed by|Connection reset by|kex_exchange_identification/, cause: 'node.unreachable' },
];

/** The one line of ssh's stderr worth showing: the last that is not a warning, printable, at most 300 characters. */
export function sshErrorLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.replace(/[^\x20-\x7e]/g, '?').trim())
    .filter((l) => l !== '' && !l.startsWith('Warning: Permanently added') && !/^@+$/.test(l));
  const picked = lines.find((l) => CAUSES.some((c) => c.pattern.test(l))) ?? lines.at(-1) ?? 'ssh gave no reason';
  return picked.length > 300 ? `${picked.slice(0, 297)}...` : picked;
}

/**
 * Why an ssh call failed, from its exit status and stderr; undefined when ssh itself did not fail
 * (the remote command's own status is then the caller's to read).
 */
export function classifySshFailure(exitCode: number | null, stderr: string): NodeFailure | undefined {
  if (exitCode !== SSH_FAILED) return undefined;
  const detail = sshErrorLine(stderr);
  for (const { pattern, cause } of CAUSES) {
    if (pattern.test(stderr)) return { cause, detail };
  }
  return { cause: 'node.unreachable', detail };
}
