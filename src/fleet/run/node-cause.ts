/**
 * Why a node could not be checked: each is a finding of its own in the fleet report, with the
 * texts of catalog/remediations.yaml. Never an absence: a node that was not checked says why.
 */
export const NODE_CAUSES = [
  'node.unreachable',
  'node.ssh-auth',
  'node.host-key-changed',
  'node.host-key-unknown',
  'node.no-exec',
  'node.no-runtime',
  'node.timeout',
  'node.interrupted',
  'node.failed',
] as const;

export type NodeCause = (typeof NODE_CAUSES)[number];

/** A node's failure: the cause, and the evidence in a line (ssh's own words, bounded and sanitised by the caller). */
export interface NodeFailure {
  readonly cause: NodeCause;
  readonly detail: string;
}

/** Every cause a fleet run gives a finding of its own: the node's, and a port its listener could not open without root. */
export const FLEET_FINDING_CAUSES = [...NODE_CAUSES, 'node.privileged-port'] as const;
