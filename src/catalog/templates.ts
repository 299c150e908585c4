/** Host templates (`{region}.api.azureml.ms`) and wildcards (`*.azurecr.io`, `*.hcp.*.azmk8s.io`). */

/** The templates a checkable rule may use, and the flag or question that fills each. */
export const TEMPLATE_FILLERS = {
  controlPlane: '--control-plane FQDN (the name the cluster uses to reach the Run:ai control plane)',
  headnode: '--headnode HOST (each Base Command Manager headnode)',
  region: '--region REGION (the Azure region, e.g. eastus)',
  regionCode: '--region-code CODE (the first label of <code>.his.arc.azure.com for the region; or a --region from the table in catalog/regions.yaml)',
  systemNode: "--peer HOST:system-node (the Run:ai system nodes' names)",
  peer: '--peer HOST[:ROLE][#TOKEN] (the other Kubernetes nodes, each running netreq listen)',
  arcGateway: '--arc-gateway HOST (the Azure Arc gateway, <prefix>.gw.arc.azure.com)',
} as const;
export type TemplateName = keyof typeof TEMPLATE_FILLERS;

/**
 * A host that is a template as a whole, in words for a person: what the rule reaches, and the
 * flag that names it. Guidance rules (`{everyK8sNode}`, `{azureArcEndpoints}`) are never filled.
 */
const HOST_WORDS: Readonly<Record<string, string>> = {
  controlPlane: 'the Run:ai control plane (give --control-plane)',
  headnode: 'each BCM headnode (give --headnode)',
  systemNode: 'each Run:ai system node (give --peer HOST:system-node)',
  peer: 'each other Kubernetes node (give --peer)',
  everyK8sNode: 'every Kubernetes node, on every port',
  azureArcEndpoints: 'the Azure Arc endpoints (Azure Arc network requirements)',
};

/** Words that already say which ports: no port number follows them (the first of 1-65535 says nothing). */
const PORTS_IN_WORDS = new Set(['everyK8sNode']);

/**
 * A host and port as a person reads them: `runai.jfrog.io:443`, `[2001:db8::1]:443`, or for a
 * host in words (see `hostInWords`) `each other Kubernetes node (give --peer), port 6443`.
 */
export function endpointText(host: string, port: number): string {
  if (host.includes(' ')) {
    const portless = [...PORTS_IN_WORDS].some((name) => HOST_WORDS[name] === host);
    return portless ? host : `${host}, port ${port}`;
  }
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A template in the vendor documents' notation, for a person: `{regionCode}.his.arc.azure.com` -> `<region-code>.his.arc.azure.com`. */
export function patternText(pattern: string): string {
  return pattern.replace(TEMPLATE, (_whole, name: string) => `<${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}>`);
}

/**
 * A host as a person reads it: a whole-host template in words, a template inside a name in the
 * vendor documents' notation (`{regionCode}.his.arc.azure.com` -> `<region-code>.his.arc.azure.com`).
 * Concrete names and wildcards are returned as they are.
 */
export function hostInWords(host: string): string {
  const whole = /^\{([A-Za-z][A-Za-z0-9]*)\}$/.exec(host)?.[1];
  if (whole !== undefined && HOST_WORDS[whole] !== undefined) return HOST_WORDS[whole];
  return patternText(host);
}

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
