import type { Topology } from '../topology/index.js';
import type { Catalog } from './load.js';
import { listensFor, portSample, type ListenerPortPlan } from './peer-hosts.js';
import { whenHolds } from './select.js';
import { editionsOf, inSiteEdition } from './editions.js';
import { compareText } from '../compare-text.js';

/**
 * The ports `netreq listen` opens on a machine with these roles: every sampled port of the
 * inbound and internal rules whose destination is a peer of that role, one entry per port and
 * transport, naming every rule that needs it.
 */
export function listenerPorts(catalog: Catalog, topology: Topology): ListenerPortPlan[] {
  const byKey = new Map<string, ListenerPortPlan>();
  const editions = editionsOf(catalog, topology);
  for (const rule of catalog.rules) {
    if (!inSiteEdition(rule, editions) || !whenHolds(rule.when, topology) || !listensFor(rule, topology)) continue;
    const { from, to } = rule.to.port;
    const sampled = to - from + 1 > 1 && portSample(rule.to.port).length < to - from + 1 ? `${from}-${to}` : undefined;
    for (const port of portSample(rule.to.port)) {
      const key = `${port}/${rule.to.transport}`;
      const existing = byKey.get(key);
      byKey.set(key, {
        port,
        transport: rule.to.transport,
        ruleIds: [...(existing?.ruleIds ?? []), rule.id],
        purposes: [...(existing?.purposes ?? []), rule.purpose],
        ...(sampled !== undefined ? { sampledFrom: sampled } : existing?.sampledFrom !== undefined ? { sampledFrom: existing.sampledFrom } : {}),
      });
    }
  }
  return [...byKey.values()].sort((a, b) => a.port - b.port || compareText(a.transport, b.transport));
}
