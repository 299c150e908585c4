// `--from-kubernetes`: the nodes of the cluster kubectl is configured for, from
// `kubectl get nodes -o json` (a v1 List of Node objects: metadata.name, metadata.labels,
// status.addresses [{type: InternalIP | ExternalIP | Hostname, address}]). The name is the Node's
// name (what ssh is given; a Kubernetes node name is a DNS name), the address its first
// InternalIP (what the other nodes use). Roles: every node is a k8s-node; a node labelled as
// Run:ai's system node is a system-node too. Run:ai's "Node roles" guide
// (run-ai-docs.nvidia.com, infrastructure setup > advanced setup > node roles; docs.run.ai
// v2.20 admin/config/node-roles) names the labels: node-role.kubernetes.io/runai-system for
// system nodes, node-role.kubernetes.io/runai-gpu-worker and .../runai-cpu-worker for workers;
// the older runai administrator CLI wrote node-role.kubernetes.io/runai-system-worker.
import { z } from 'zod';
import type { Role } from '../../vocabulary/index.js';
import type { FleetNode } from '../types.js';
import { HOST_RANGE_LIMITS } from './host-range.js';
import { checkNodeName, isIpAddress } from './node-name.js';
import { commandLine, NodeSourceError, quoteLine, sourceOutput, type NodeSourceOptions, type NodeSourceResult } from './node-source.js';

export const RUNAI_SYSTEM_LABELS = ['node-role.kubernetes.io/runai-system', 'node-role.kubernetes.io/runai-system-worker'] as const;

const LIMITS = { timeoutMs: 60_000, maxOutputBytes: 64 * 1024 * 1024 } as const;

/** kubectl's argv; the request timeout keeps kubectl's own wait inside ours. */
export function kubectlArgs(timeoutMs: number): string[] {
  return ['get', 'nodes', '-o', 'json', `--request-timeout=${Math.max(1, Math.floor(timeoutMs / 1000) - 1)}s`];
}

// Only what is read; everything else in a Node is ignored, and nothing here is trusted further.
const NodeItem = z.object({
  metadata: z.object({ name: z.string(), labels: z.record(z.string(), z.string()).optional() }),
  status: z.object({ addresses: z.array(z.object({ type: z.string(), address: z.string() })).optional() }).optional(),
});
const NodeList = z.object({ items: z.array(z.unknown()).max(HOST_RANGE_LIMITS.names) });

/** The roles a Node's labels give it. */
export function rolesOfLabels(labels: Readonly<Record<string, string>>): Role[] {
  return RUNAI_SYSTEM_LABELS.some((label) => Object.hasOwn(labels, label)) ? ['k8s-node', 'system-node'] : ['k8s-node'];
}

/** The nodes in kubectl's JSON; Nodes that are not valid are skipped with the reason. */
export function parseKubernetesNodes(output: string): Omit<NodeSourceResult, 'command'> {
  let json: unknown;
  try {
    json = JSON.parse(output);
  } catch {
    throw new NodeSourceError('kubectl', `expected the JSON of a node list (kubectl get nodes -o json), got: "${quoteLine(output)}"`);
  }
  const list = NodeList.safeParse(json);
  if (!list.success) {
    const issue = list.error.issues[0];
    throw new NodeSourceError('kubectl', `expected a node list with 'items' (at most ${HOST_RANGE_LIMITS.names}): ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  const nodes: FleetNode[] = [];
  const skipped: { name: string; reason: string }[] = [];
  list.data.items.forEach((raw, i) => {
    const item = NodeItem.safeParse(raw);
    if (!item.success) {
      skipped.push({ name: `items[${i}]`, reason: 'not a Node with metadata.name' });
      return;
    }
    const name = checkNodeName(item.data.metadata.name);
    if (!name.ok) {
      skipped.push({ name: quoteLine(item.data.metadata.name, 64), reason: `not a usable host name (expected ${name.expected})` });
      return;
    }
    const internal = (item.data.status?.addresses ?? []).find((a) => a.type === 'InternalIP' && isIpAddress(a.address));
    nodes.push({
      name: name.name,
      roles: rolesOfLabels(item.data.metadata.labels ?? {}),
      ...(internal === undefined ? {} : { address: internal.address.toLowerCase() }),
      origin: 'kubectl',
    });
  });
  return { nodes, skipped };
}

/** Runs `kubectl get nodes -o json` and reads the nodes. Throws NodeSourceError saying what went wrong. */
export async function nodesFromKubernetes(options: NodeSourceOptions = {}): Promise<NodeSourceResult> {
  const file = options.executable ?? 'kubectl';
  const timeoutMs = options.timeoutMs ?? LIMITS.timeoutMs;
  const args = kubectlArgs(timeoutMs);
  const output = await sourceOutput(
    'kubectl',
    { file, args, timeoutMs, maxOutputBytes: options.maxOutputBytes ?? LIMITS.maxOutputBytes },
    options,
    '--from-kubernetes needs kubectl in PATH, configured for the cluster (KUBECONFIG or ~/.kube/config)',
  );
  const result = parseKubernetesNodes(output);
  if (result.nodes.length === 0) throw new NodeSourceError('kubectl', `the cluster lists no usable nodes${result.skipped.length > 0 ? ` (${result.skipped.length} skipped)` : ''}`);
  return { ...result, command: commandLine(file, args) };
}
