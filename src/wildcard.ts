// Host wildcards as the vendor documents write them (`*.azurecr.io`, `*.hcp.*.azmk8s.io`).

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
