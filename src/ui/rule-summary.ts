import type { RuleSummary } from './types.js';

/** `k8s-node` -> 18: the rules this machine does not check, by the roles that must check them. */
export function elsewhereByRoles(summary: RuleSummary): [string, number][] {
  const counts = new Map<string, number>();
  for (const rule of summary.elsewhere) {
    const roles = rule.fromRoles.join(' or ');
    counts.set(roles, (counts.get(roles) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

/** The review as plain lines (plain mode; the Ink screen lays out the same facts). */
export function reviewLines(summary: RuleSummary, roles: readonly string[]): string[] {
  const lines = [`${summary.total} rules apply to this site.`, `  ${summary.here} ${summary.here === 1 ? 'is' : 'are'} checked from this machine (${roles.join(', ')}).`];
  if (summary.elsewhere.length === 0) lines.push('  None needs another machine.');
  else {
    lines.push(`  ${summary.elsewhere.length} must be checked from another machine:`);
    for (const [from, n] of elsewhereByRoles(summary)) lines.push(`    from ${from}: ${n} rule${n === 1 ? '' : 's'}`);
  }
  return lines;
}
