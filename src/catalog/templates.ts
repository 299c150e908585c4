/** Host templates (`{region}.api.azureml.ms`) and wildcards (`*.azurecr.io`, `*.hcp.*.azmk8s.io`). */

/** The templates a checkable rule may use, and the flag or question that fills each. */
export const TEMPLATE_FILLERS = {
  controlPlane: '--control-plane FQDN (the name the cluster uses to reach the Run:ai control plane)',
  headnode: '--headnode HOST (each Base Command Manager headnode)',
  region: '--region REGION (the Azure region, e.g. eastus)',
  regionCode: '--region-code CODE (or a --region from the table in catalog/regions.yaml)',
  systemNode: "--peer HOST:system-node (the Run:ai system nodes' names)",
  peer: '--peer HOST[:ROLE][#TOKEN] (the other Kubernetes nodes, each running netreq listen)',
} as const;
export type TemplateName = keyof typeof TEMPLATE_FILLERS;

const TEMPLATE = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The template names in a host, in order of appearance. */
export function templatesIn(host: string): string[] {
  return [...host.matchAll(TEMPLATE)].map((match) => match[1] ?? '');
}

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATE_FILLERS, name);
}

/** Replaces every `{name}` with its value; the names without a value are returned instead. */
export function fillTemplate(
  host: string,
  values: Readonly<Partial<Record<TemplateName, string>>>,
): { host: string; missing: TemplateName[] } {
  const missing: TemplateName[] = [];
  const filled = host.replace(TEMPLATE, (whole, name: string) => {
    if (!isTemplateName(name)) return whole;
    const value = values[name];
    if (value === undefined) {
      if (!missing.includes(name)) missing.push(name);
      return whole;
    }
    return value;
  });
  return { host: filled, missing };
}

export function isWildcard(host: string): boolean {
  return host.includes('*');
}

/** A `*` stands for one label or more in the leading position, exactly one label elsewhere. */
export function wildcardRegExp(pattern: string): RegExp {
  const labels = pattern.toLowerCase().split('.');
  const parts = labels.map((label, i) => {
    const escaped = label.split('*').map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return escaped.join(i === 0 && label === '*' ? '[a-z0-9-]+(?:\\.[a-z0-9-]+)*' : '[a-z0-9-]+');
  });
  return new RegExp(`^${parts.join('\\.')}$`);
}

/** Whether a concrete name is one the wildcard pattern covers. */
export function wildcardMatches(pattern: string, host: string): boolean {
  return wildcardRegExp(pattern).test(host.toLowerCase().replace(/\.$/, ''));
}
