import { resolve } from 'node:path';
import { Role } from '../catalog/index.js';
import { ipBytes, isToken } from '../net/index.js';
import { BoundedReadError, readBoundedText, TOPOLOGY_LIMITS, type Peer, type Topology } from '../topology/index.js';
import { UsageError, type CliIo } from './io.js';

const PEER_FILE_BYTES = 4 * 1024 * 1024;
const FORM = "HOST[:ROLE][#TOKEN], e.g. 10.0.0.12:k8s-node#3f9a1c0b2e4d or '[fd00::12]:system-node'";
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

function bad(text: string, why: string, where?: string): UsageError {
  return new UsageError(`--peer '${text}'${where !== undefined ? ` (${where})` : ''}: ${why}; expected ${FORM}`);
}

function splitHostRole(text: string): { host: string; role?: string } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return { host: text };
    const rest = text.slice(close + 1);
    return { host: text.slice(1, close), ...(rest.startsWith(':') ? { role: rest.slice(1) } : rest === '' ? {} : { role: rest }) };
  }
  // A bare IPv6 address has several colons: all of it is the host.
  if ((text.match(/:/g) ?? []).length > 1) return { host: text };
  const colon = text.indexOf(':');
  return colon < 0 ? { host: text } : { host: text.slice(0, colon), role: text.slice(colon + 1) };
}

/** One `HOST[:ROLE][#TOKEN]`; the role defaults to k8s-node. Throws a UsageError naming the bad part. */
export function parsePeer(text: string, where?: string): Peer {
  const trimmed = text.trim();
  if (trimmed === '') throw bad(text, 'empty', where);
  const hash = trimmed.indexOf('#');
  const spec = hash < 0 ? trimmed : trimmed.slice(0, hash);
  const token = hash < 0 ? undefined : trimmed.slice(hash + 1);
  if (token !== undefined && !isToken(token)) throw bad(text, `'${token}' is not a token netreq listen prints (4-64 letters, digits, - or _)`, where);
  const { host, role } = splitHostRole(spec);
  const isV6 = host.includes(':');
  if (host === '' || (isV6 ? ipBytes(host)?.length !== 16 : !HOST.test(host) || host.length > 253)) throw bad(text, `'${host}' is not a host name or address`, where);
  const roles = role === undefined || role === '' ? ['k8s-node' as const] : [role];
  const parsedRoles = roles.map((r) => {
    const result = Role.safeParse(r);
    if (!result.success) throw bad(text, `'${r}' is not a role (${Role.options.join(', ')})`, where);
    return result.data;
  });
  return { host: host.toLowerCase(), roles: parsedRoles, ...(token !== undefined ? { listenerId: token } : {}) };
}

/** The lines of a nodes file: one peer a line; blank lines and `# comments` (a # after a space or at the start) skipped. */
export function parsePeerFile(text: string, file: string): Peer[] {
  const peers: Peer[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    for (const word of line.split(/[\s,]+/).filter((w) => w !== '')) {
      if (peers.length >= TOPOLOGY_LIMITS.peers) throw new UsageError(`--peer @${file} (line ${index + 1}): more than ${TOPOLOGY_LIMITS.peers} peers; netreq checks at most ${TOPOLOGY_LIMITS.peers} from one machine`);
      peers.push(parsePeer(word, `${file} line ${index + 1}`));
    }
  });
  return peers;
}

/** Every `--peer` value: `HOST[:ROLE][#TOKEN]`, or `@FILE` for a file of them. Duplicates merge their roles. */
export function parsePeerFlags(values: readonly string[], io: Pick<CliIo, 'cwd'>): Peer[] {
  const all: Peer[] = [];
  for (const value of values) {
    if (value.startsWith('@')) {
      const file = resolve(io.cwd, value.slice(1));
      let text: string;
      try {
        // 10,000 peers of a long name, a role and a token each fit; /dev/zero is not read whole.
        text = readBoundedText(file, PEER_FILE_BYTES);
      } catch (error: unknown) {
        if (!(error instanceof BoundedReadError)) throw error;
        if (error.code === 'TOO_LARGE') throw new UsageError(`--peer ${value}: ${file} is larger than 4 MiB; a peer file lists at most ${TOPOLOGY_LIMITS.peers} peers, one a line`);
        throw new UsageError(`--peer ${value}: cannot read ${file} (${error.code})`);
      }
      const peers = parsePeerFile(text, value.slice(1));
      if (peers.length === 0) throw new UsageError(`--peer ${value}: the file names no peer`);
      for (const peer of peers) all.push(peer);
    } else {
      all.push(parsePeer(value));
    }
    if (all.length > TOPOLOGY_LIMITS.peers) throw new UsageError(`--peer: more than ${TOPOLOGY_LIMITS.peers} peers; netreq checks at most ${TOPOLOGY_LIMITS.peers} from one machine`);
  }
  const byHost = new Map<string, Peer>();
  for (const peer of all) {
    const existing = byHost.get(peer.host);
    if (!existing) {
      byHost.set(peer.host, peer);
      continue;
    }
    if (existing.listenerId !== undefined && peer.listenerId !== undefined && existing.listenerId !== peer.listenerId) {
      throw new UsageError(`--peer ${peer.host} is given twice with different tokens (${existing.listenerId}, ${peer.listenerId})`);
    }
    const token = existing.listenerId ?? peer.listenerId;
    byHost.set(peer.host, { host: peer.host, roles: [...new Set([...existing.roles, ...peer.roles])], ...(token !== undefined ? { listenerId: token } : {}) });
  }
  return [...byHost.values()];
}

/** The topology with its peers: those of the flags replace those of an answers file. */
export function withPeers(topology: Topology, peers: readonly Peer[]): Topology {
  return peers.length > 0 ? { ...topology, peers: [...peers] } : topology;
}
