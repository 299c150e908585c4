import type { CatalogIssue } from './issues.js';
import type { PlacedRule } from './load.js';
import { wildcardMatches } from '../wildcard.js';
import { isTemplateName, isWildcard, templatesIn } from './templates.js';
import { checkProbeImage } from './probe-image-lint.js';

function at(entry: PlacedRule, path: string, message: string): CatalogIssue {
  return { file: entry.file, rule: `#${entry.index} (${entry.rule.id})`, path, message };
}

/** What the schema alone cannot see: unique ids, known templates, merged duplicates, consistent guidance. */
export function checkRules(rules: readonly PlacedRule[]): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const ids = new Map<string, PlacedRule>();
  const targets = new Map<string, PlacedRule>();
  for (const entry of rules) {
    const { rule } = entry;
    const first = ids.get(rule.id);
    if (first) issues.push(at(entry, 'id', `expected a unique id; ${rule.id} is also rule #${first.index} of ${first.file}`));
    else ids.set(rule.id, entry);

    const isGuidance = rule.check === 'guidance';
    if (isGuidance && rule.guidance === undefined) issues.push(at(entry, 'guidance', 'expected the guidance text of a guidance rule'));
    if (!isGuidance && rule.guidance !== undefined) issues.push(at(entry, 'check', "expected 'check: guidance' on a rule with guidance text"));
    if (!isGuidance) {
      for (const name of templatesIn(rule.to.host)) {
        if (!isTemplateName(name)) issues.push(at(entry, 'to.host', `unknown template {${name}}; expected one of {controlPlane} {headnode} {region} {regionCode} {systemNode}`));
      }
    }
    if (rule.known) {
      if (!isWildcard(rule.to.host)) issues.push(at(entry, 'known', 'expected known names only on a wildcard host'));
      for (const name of rule.known.names) {
        if (isWildcard(rule.to.host) && !wildcardMatches(rule.to.host, name)) issues.push(at(entry, 'known.names', `${name} is not covered by ${rule.to.host}`));
      }
    }
    for (const problem of checkProbeImage(rule)) issues.push(at(entry, problem.path, problem.message));
    // The same endpoint, checked the same way under the same condition, must be one rule citing every source.
    const key = JSON.stringify([rule.product, rule.direction, rule.to.host.toLowerCase(), rule.to.port, rule.to.transport, rule.check, rule.when]);
    const twin = targets.get(key);
    if (twin) issues.push(at(entry, 'to', `expected one rule per endpoint; ${twin.rule.id} has the same one (merge them and cite both sources)`));
    else targets.set(key, entry);
  }
  return issues;
}
