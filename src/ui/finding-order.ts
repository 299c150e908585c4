import type { Finding, Status } from '../schema/index.js';
import { compareText } from '../compare-text.js';
import { endpointText } from '../catalog/index.js';

export type StatusFilter = 'all' | Status;
export const FILTERS: readonly StatusFilter[] = ['all', 'fail', 'warn', 'skip', 'pass'];

const RANK: Readonly<Record<Status, number>> = { fail: 0, warn: 1, skip: 2, pass: 3 };

/** Failures first, then warnings, skips and passes; by host and port within each. */
export function orderFindings(findings: readonly Finding[], filter: StatusFilter = 'all'): Finding[] {
  return findings
    .filter((f) => filter === 'all' || f.status === filter)
    .sort((a, b) => RANK[a.status] - RANK[b.status] || compareText(a.target.host, b.target.host) || a.target.port - b.target.port);
}

export function nextFilter(filter: StatusFilter): StatusFilter {
  return FILTERS[(FILTERS.indexOf(filter) + 1) % FILTERS.length] ?? 'all';
}

/** `runai.jfrog.io:443` (and `via proxy` when it went through one). */
export function targetLabel(target: Finding['target']): string {
  return `${endpointText(target.host, target.port)}${target.transport === 'udp' ? '/udp' : ''}${target.via === 'proxy' ? ' via proxy' : ''}`;
}
