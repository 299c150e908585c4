import { z } from 'zod';
import type { Finding } from './finding.js';

/**
 * What kind of change a root cause asks of the site. Only `allow` is a firewall or proxy
 * allow-list entry; the others say that opening ports would not help (the resolver, the trust
 * store, NO_PROXY, the proxy's own settings, the clock, IPv6 routing).
 */
export const RootCauseChange = z.enum(['allow', 'dns', 'trust', 'no-proxy', 'proxy', 'clock', 'ipv6']);
export type RootCauseChange = z.infer<typeof RootCauseChange>;

/**
 * One cause that explains several findings, as a senior engineer would name it: "this machine
 * resolves no public names" rather than twenty-four NXDOMAIN cards. Made by a pure function over
 * the findings and their observations (src/diagnose/root-causes), so `report --reclassify` makes
 * it again from a saved report.
 */
export const RootCause = z.object({
  /** A root-cause code (`root.*`, catalog/remediations.yaml). */
  code: z.string(),
  /** `fail` when any finding it explains fails, else `warn`. */
  status: z.enum(['fail', 'warn']),
  /** A short title, without evidence. */
  title: z.string(),
  /** One line with the evidence: what is wrong, for how many targets. */
  summary: z.string(),
  /** The evidence the group shares, by name (resolver, proxy, issuer, errno, family, domain...): what ties it together. */
  evidence: z.record(z.string(), z.string()),
  /** The keys (`findingKey`) of the findings it explains, in report order. */
  findings: z.array(z.string()).min(1),
  /** `host:port` of each target it explains, in report order, without repeats. */
  targets: z.array(z.string()),
  explanation: z.string(),
  /** One remediation for the whole group. */
  remediation: z.string(),
  /** A command that verifies it by hand. */
  verify: z.string(),
  /** The change the cause asks for; `entries` are the fewest allow-list entries (a vendor's wildcard where it gives one) or the NO_PROXY entries to drop. */
  request: z.object({ change: RootCauseChange, entries: z.array(z.string()) }),
});
export type RootCause = z.infer<typeof RootCause>;

/**
 * A finding's key within a report, the one root causes name: its target's key, as the run planned
 * it (`scheme://host:port/transport via route`, and what sets apart two targets on one host: a
 * mirror serving several registries, a registry pulled via a mirror whose Helm repository is still
 * checked); a finding about this machine (`source`) is named by its rule instead, since it borrows
 * the target of the reading it was judged from. A saved report without a basis: from its target.
 */
export function findingKey(finding: Pick<Finding, 'target' | 'source' | 'ruleIds'> & { readonly basis?: { readonly target: { readonly key: string } } | undefined }): string {
  const t = finding.target;
  if (finding.source !== undefined) return `${finding.source}:${finding.ruleIds.join(',')}`;
  if (finding.basis !== undefined) return finding.basis.target.key;
  return `${t.scheme}://${t.host}:${t.port}/${t.transport} via ${t.via}`;
}
