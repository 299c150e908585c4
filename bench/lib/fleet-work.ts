// What both sides of the fleet figure do on every node: the same single file copied, the same
// listener (`listen` for a k8s-node), the same check (the same site flags, every other node as a
// peer). Only the tool that carries it differs: `netreq fleet`, or pdcp and pdsh.
import type { FleetLab } from '../../test/harness/fleet-lab.js';

/** Every node's role: one role, so that pdsh can send every node the same command. */
export const FLEET_ROLE = 'k8s-node';

/** Per-step and per-run bounds of the nodes' checks (the lab's DNS answers at once; nothing waits longer). */
export const CHECK_TIMEOUT_MS = 1_500;
export const CHECK_MAX_TIME_S = 40;
/**
 * Each node's own bound on either side (netreq's --node-timeout, pdsh's -u), and one run's, spawn
 * to exit: far above what a run takes on a quiet machine, so that a busy one (16 nodes on 2 shared
 * cores) slows the figure down rather than failing it.
 */
export const NODE_LIMIT_S = 300;
export const RUN_DEADLINE_MS = 600_000;

/** The site flags of every node's check, as `netreq fleet` passes them on. */
export function siteFlags(lab: FleetLab): string[] {
  return ['--product', 'runai', '--ca-file', lab.caPath, '--timeout', String(CHECK_TIMEOUT_MS), '--max-time', String(CHECK_MAX_TIME_S)];
}

/** A node's Report, as far as the figure reads it: its findings' targets and the run phase. */
export interface NodeOutcome {
  readonly node: string;
  readonly findings: number;
  /** The other nodes it reached as peers (a finding whose target is that node). */
  readonly peersChecked: number;
  readonly runMs: number;
}

interface ReportLike {
  readonly startedAt?: unknown;
  readonly finishedAt?: unknown;
  readonly findings?: unknown;
}

/** Reads a node's Report JSON (untrusted: only the fields the figure uses, each checked). */
export function nodeOutcome(node: string, report: unknown, peers: readonly string[]): NodeOutcome | Error {
  if (typeof report !== 'object' || report === null) return new Error(`${node}: no report`);
  const { startedAt, finishedAt, findings } = report as ReportLike;
  if (typeof startedAt !== 'string' || typeof finishedAt !== 'string' || !Array.isArray(findings)) return new Error(`${node}: not a netreq report`);
  const hosts = new Set(findings.map((f: unknown) => (f as { target?: { host?: unknown } }).target?.host).filter((h): h is string => typeof h === 'string'));
  return {
    node,
    findings: findings.length,
    peersChecked: peers.filter((p) => p !== node && hosts.has(p)).length,
    runMs: Date.parse(finishedAt) - Date.parse(startedAt),
  };
}
