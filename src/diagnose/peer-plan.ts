import { peerTemplateOf, portSample, type Selection } from '../catalog/index.js';
import type { Peer } from '../topology/index.js';
import { targetKey } from './plan.js';
import type { Target } from '../schema/index.js';

/** A target whose host stands for a peer (`{peer}`, `{systemNode}`), filled or not. */
export function isPeerTarget(target: Pick<Target, 'pattern'>): boolean {
  return target.pattern !== undefined && peerTemplateOf(target.pattern) !== undefined;
}

/**
 * The peer checks of a selection: every rule whose host stands for a peer, at each sampled port
 * of its range, checked against `netreq listen` on that peer (greeting or echo), always direct.
 * Rules still waiting for a `--peer` are left to `plan`, which makes them `input.missing`.
 */
export function planPeers(selection: Selection, peers: readonly Peer[]): Target[] {
  const tokens = new Map(peers.map((peer) => [peer.host.toLowerCase(), peer.listenerId]));
  const byKey = new Map<string, Target>();
  for (const expanded of selection.here) {
    const { rule } = expanded;
    if (expanded.unresolved || rule.check === 'guidance' || expanded.pattern === undefined || peerTemplateOf(expanded.pattern) === undefined) continue;
    if (rule.direction === 'outbound') continue;
    const token = tokens.get(expanded.host);
    for (const port of portSample(rule.to.port)) {
      const draft = {
        host: expanded.host,
        pattern: expanded.pattern,
        port,
        transport: rule.to.transport,
        scheme: rule.to.transport,
        via: 'direct' as const,
      };
      const key = targetKey(draft);
      const existing = byKey.get(key);
      if (existing) {
        if (!existing.ruleIds.includes(rule.id)) byKey.set(key, { ...existing, ruleIds: [...existing.ruleIds, rule.id] });
        continue;
      }
      byKey.set(key, {
        ...draft,
        key,
        check: 'listener',
        ruleIds: [rule.id],
        siteOwned: true,
        retired: false,
        peer: { direction: rule.direction, ...(token !== undefined ? { listenerId: token } : {}) },
      });
    }
  }
  return [...byKey.values()];
}

/**
 * The targets of a peer run: the peer checks, and the peer rules that still lack a `--peer`
 * (their `input.missing` says which). Everything else is left to a run without `--peer`.
 */
export function peerRunTargets(planned: readonly Target[], selection: Selection, peers: readonly Peer[]): Target[] {
  const waiting = planned.filter((target) => isPeerTarget(target) && target.skip !== undefined);
  return [...planPeers(selection, peers), ...waiting];
}
