// `--from-bcm`: the node list and categories of a Base Command Manager cluster, read on its
// headnode from cmsh. The command is cmsh's documented device listing with an explicit format, so
// a site's own default format (`format` in cmsh) changes nothing:
//
//   cmsh -c 'device; list -f type:22,hostname:[16-64],category:[16-64],ip:[15-45]'
//
// (fields and widths as in cmsh's default device format, `type:22, hostname:[16-32], mac:18,
// category:[16-32], ip:15, ...`, with room for longer names and IPv6; see cmsh-table.ts for the
// documented layout). Roles: a HeadNode is a bcm-headnode; a node whose category's name says
// "system" (`runai-system`, `k8s-system`) is a system-node; every other node, the Kubernetes
// control plane's included, is a k8s-node, since Run:ai's documents keep its system services off
// the control plane. `categoryRoles` overrides that per category (an empty list leaves the
// category out). Switches, PDUs and other devices that are no nodes are skipped, and listed.
import type { Role } from '../../vocabulary/index.js';
import type { FleetNode } from '../types.js';
import { parseCmshTable } from './cmsh-table.js';
import { checkNodeName, isIpAddress } from './node-name.js';
import { commandLine, NodeSourceError, quoteLine, sourceOutput, type NodeSourceOptions, type NodeSourceResult } from './node-source.js';

export const CMSH_DEVICE_LIST = ['-c', 'device; list -f type:22,hostname:[16-64],category:[16-64],ip:[15-45]'] as const;

/** Where BCM installs cmsh, tried when `cmsh` is not in PATH (root's PATH has it through a module). */
export const CMSH_PATH = '/cm/local/apps/cmd/bin/cmsh';

const LIMITS = { timeoutMs: 60_000, maxOutputBytes: 16 * 1024 * 1024 } as const;

/** Device types that are machines netreq can run on. */
const NODE_TYPES = new Set(['HeadNode', 'PhysicalNode', 'CloudNode', 'LiteNode', 'VirtualNode']);

export interface BcmOptions extends NodeSourceOptions {
  /** Roles per category name, over the rule above; `[]` leaves the category's nodes out. */
  readonly categoryRoles?: Readonly<Record<string, readonly Role[]>>;
}

/** The roles of a node of this category by the rule above (a headnode is handled apart). */
export function rolesOfCategory(category: string): Role[] {
  return /system/i.test(category) ? ['system-node'] : ['k8s-node'];
}

/** The nodes in cmsh's device table; rows that are not valid nodes are skipped with the reason. */
export function parseBcmDevices(output: string, options: Pick<BcmOptions, 'categoryRoles'> = {}): Omit<NodeSourceResult, 'command'> {
  const table = parseCmshTable(output);
  if (table === undefined) {
    throw new NodeSourceError('cmsh', `expected a device table (a header, then a line of dashes), got: "${quoteLine(output)}"`);
  }
  for (const column of ['type', 'hostname', 'category', 'ip']) {
    if (!table.columns.includes(column)) throw new NodeSourceError('cmsh', `expected a '${column}' column in the device table, found: ${table.columns.join(', ')}`);
  }
  const nodes: FleetNode[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const { cells, line } of table.rows) {
    const type = cells['type'] ?? '';
    const raw = cells['hostname'] ?? '';
    const category = cells['category'] ?? '';
    const ip = cells['ip'] ?? '';
    const shownName = quoteLine(raw, 64);
    if (!/^[A-Za-z]+$/.test(type)) {
      skipped.push({ name: shownName, reason: `line ${line}: not a device row (type "${quoteLine(type, 32)}")` });
      continue;
    }
    if (!NODE_TYPES.has(type)) {
      skipped.push({ name: shownName, reason: `a ${type}, not a node` });
      continue;
    }
    const name = checkNodeName(raw);
    if (!name.ok) {
      skipped.push({ name: shownName, reason: `line ${line}: not a usable host name (expected ${name.expected})` });
      continue;
    }
    if (!/^[A-Za-z0-9._-]*$/.test(category)) {
      skipped.push({ name: name.name, reason: `line ${line}: category "${quoteLine(category, 64)}" is not a category name` });
      continue;
    }
    const override = options.categoryRoles?.[category];
    if (override !== undefined && override.length === 0) {
      skipped.push({ name: name.name, reason: `category ${category} left out` });
      continue;
    }
    const roles: Role[] = type === 'HeadNode' ? ['bcm-headnode'] : [...(override ?? rolesOfCategory(category))];
    const address = isIpAddress(ip) && ip !== '0.0.0.0' ? ip : undefined;
    nodes.push({ name: name.name, roles, ...(address === undefined ? {} : { address }), origin: category === '' ? 'cmsh' : `cmsh category ${category}` });
  }
  return { nodes, skipped };
}

/** Runs cmsh on this headnode and reads its nodes. Throws NodeSourceError saying what went wrong. */
export async function nodesFromBcm(options: BcmOptions = {}): Promise<NodeSourceResult> {
  const request = {
    args: CMSH_DEVICE_LIST,
    timeoutMs: options.timeoutMs ?? LIMITS.timeoutMs,
    maxOutputBytes: options.maxOutputBytes ?? LIMITS.maxOutputBytes,
  };
  const notFound = `--from-bcm runs on a Base Command Manager headnode, where cmsh is in PATH or at ${CMSH_PATH}`;
  let file = options.executable ?? 'cmsh';
  let output: string;
  try {
    output = await sourceOutput('cmsh', { file, ...request }, options, notFound);
  } catch (error: unknown) {
    const missing = error instanceof NodeSourceError && error.message.includes('was not found');
    if (!missing || options.executable !== undefined) throw error;
    file = CMSH_PATH;
    output = await sourceOutput('cmsh', { file, ...request }, options, notFound).catch((second: unknown) => {
      if (second instanceof NodeSourceError && second.message.includes('was not found')) {
        throw new NodeSourceError('cmsh', `cmsh was not found in PATH nor at ${CMSH_PATH}: --from-bcm runs on a Base Command Manager headnode`);
      }
      throw second;
    });
  }
  const result = parseBcmDevices(output, options);
  if (result.nodes.length === 0) {
    throw new NodeSourceError('cmsh', `the device table lists no nodes${result.skipped.length > 0 ? ` (${result.skipped.length} devices skipped: ${result.skipped.slice(0, 3).map((s) => `${s.name}: ${s.reason}`).join('; ')})` : ''}`);
  }
  return { ...result, command: commandLine(file, CMSH_DEVICE_LIST) };
}
