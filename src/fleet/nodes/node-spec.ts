// `--nodes` values: `EXPR[:ROLE[+ROLE]]` (a host range, then roles; k8s-node when none), or
// `@FILE` with one such spec per line (`#` comments and blank lines ignored). The same node named
// twice is one node with both roles. A colon before roles is told from an IPv6 address's by what
// follows it: role names are words no IPv6 group can be (`fd00::1:k8s-node`, `fd00::1`).
import { Role } from '../../vocabulary/index.js';
import type { FleetNode } from '../types.js';
import { expandHostRange, HostRangeError, HOST_RANGE_LIMITS } from './host-range.js';
import { checkNodeName, isIpAddress } from './node-name.js';

export const NODE_FILE_LIMITS = { bytes: 1024 * 1024, lines: 20_000 } as const;

/** A `--nodes` value or a node file line that cannot be taken: where (`--nodes`, `FILE:LINE`), what was expected. */
export class NodeSpecError extends Error {
  readonly origin: string;
  readonly expected: string;

  constructor(origin: string, expected: string) {
    super(`${origin}: ${expected}`);
    this.name = 'NodeSpecError';
    this.origin = origin;
    this.expected = expected;
  }
}

const ROLE_LIST = /^[A-Za-z][A-Za-z0-9-]*(\+[A-Za-z][A-Za-z0-9-]*)*$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const ROLES = Role.options.join(', ');

/** The expression and roles of one spec; a trailing `:word` that is no IPv6 group is a role list. */
function splitSpec(spec: string, origin: string): { expression: string; roles: Role[] } {
  const colon = spec.lastIndexOf(':');
  const whole = { expression: spec, roles: ['k8s-node' as Role] };
  if (colon < 0 || isIpAddress(spec)) return whole;
  const suffix = spec.slice(colon + 1);
  if (suffix === '') throw new NodeSpecError(origin, `a role after ':' (${ROLES}), in "${spec}"`);
  if (HEX_GROUP.test(suffix)) return whole;
  if (!ROLE_LIST.test(suffix)) throw new NodeSpecError(origin, `roles after ':' joined by '+' (${ROLES}), not "${suffix}" in "${spec}"`);
  const roles: Role[] = [];
  for (const word of suffix.split('+')) {
    const role = Role.safeParse(word.toLowerCase());
    if (!role.success) throw new NodeSpecError(origin, `a role (${ROLES}) after ':', not "${word}" in "${spec}"`);
    if (!roles.includes(role.data)) roles.push(role.data);
  }
  return { expression: spec.slice(0, colon), roles };
}

/** The nodes of one spec, `EXPR[:ROLE[+ROLE]]`, each name checked; errors name `origin`. */
export function parseNodeSpec(spec: string, origin: string): FleetNode[] {
  const text = spec.trim();
  if (text === '') throw new NodeSpecError(origin, 'a node list such as gpu[001-064]:k8s-node');
  if (text.startsWith('@')) throw new NodeSpecError(origin, `a node list, not a file ("${text}"): a node file names nodes, not other files`);
  const { expression, roles } = splitSpec(text, origin);
  let names: string[];
  try {
    names = expandHostRange(expression);
  } catch (error: unknown) {
    if (error instanceof HostRangeError) throw new NodeSpecError(origin, error.message);
    throw error;
  }
  return names.map((raw) => {
    const checked = checkNodeName(raw);
    if (!checked.ok) throw new NodeSpecError(origin, `node "${raw}" (from "${expression}"): expected ${checked.expected}`);
    return { name: checked.name, roles, ...(checked.kind === 'dns' ? {} : { address: checked.name }), origin };
  });
}

/** The specs of a node file's text: one per line, `#` to the end of a line a comment. */
export function parseNodeFile(text: string, file: string): FleetNode[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > NODE_FILE_LIMITS.lines) throw new NodeSpecError(file, `at most ${NODE_FILE_LIMITS.lines} lines in a node file`);
  const nodes: FleetNode[] = [];
  lines.forEach((line, i) => {
    const spec = line.replace(/#.*$/, '').trim();
    if (spec === '') return;
    nodes.push(...parseNodeSpec(spec, `${file}:${i + 1}`));
    if (nodes.length > HOST_RANGE_LIMITS.names) throw new NodeSpecError(`${file}:${i + 1}`, `at most ${HOST_RANGE_LIMITS.names} nodes in all`);
  });
  return nodes;
}

/** Reads a file within a size bound; throws to say why not (the caller names the file). */
export type ReadNodeFile = (path: string, maxBytes: number) => string;

/** Every `--nodes` value's nodes, merged: `@FILE` read through `readFile` (bounded). */
export function nodesFromFlags(values: readonly string[], readFile: ReadNodeFile): FleetNode[] {
  const lists: FleetNode[][] = [];
  for (const value of values) {
    const text = value.trim();
    if (!text.startsWith('@')) {
      lists.push(parseNodeSpec(text, '--nodes'));
      continue;
    }
    const path = text.slice(1);
    if (path === '') throw new NodeSpecError('--nodes', "a file name after '@'");
    let content: string;
    try {
      content = readFile(path, NODE_FILE_LIMITS.bytes);
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new NodeSpecError(path, `a readable node file of at most ${NODE_FILE_LIMITS.bytes} bytes (${reason})`);
    }
    lists.push(parseNodeFile(content, path));
  }
  return mergeFleetNodes(lists);
}

/**
 * One node per name, in first-seen order: a node named twice has the roles of both mentions
 * (first mention's first), the address first known, and every distinct origin.
 */
export function mergeFleetNodes(lists: readonly (readonly FleetNode[])[]): FleetNode[] {
  const byName = new Map<string, { name: string; roles: Role[]; address?: string; origins: string[] }>();
  for (const list of lists) {
    for (const node of list) {
      const known = byName.get(node.name);
      if (known === undefined) {
        byName.set(node.name, { name: node.name, roles: [...node.roles], ...(node.address === undefined ? {} : { address: node.address }), origins: [node.origin] });
        continue;
      }
      for (const role of node.roles) if (!known.roles.includes(role)) known.roles.push(role);
      if (known.address === undefined && node.address !== undefined) known.address = node.address;
      if (!known.origins.includes(node.origin)) known.origins.push(node.origin);
    }
  }
  if (byName.size > HOST_RANGE_LIMITS.names) throw new NodeSpecError('--nodes', `at most ${HOST_RANGE_LIMITS.names} nodes in all, not ${byName.size}`);
  return [...byName.values()].map(({ origins, ...node }) => ({ ...node, origin: origins.join(', ') }));
}
