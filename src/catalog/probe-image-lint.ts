// What a registry rule's probe image must be: present on every `registry-v2` rule, only there, and
// an image of that rule's registry (its host, or a name its wildcard covers).
import { readImageRef } from '../image-ref.js';
import { wildcardMatches } from '../wildcard.js';
import type { Rule } from './schema.js';
import { isWildcard } from './templates.js';

export interface RuleProblem {
  readonly path: string;
  readonly message: string;
}

/** The registry a rule's host names, as an image reference writes it: the port only when it is not 443. */
function registryOf(rule: Rule): string {
  const host = rule.to.host.toLowerCase();
  return rule.to.port.from === 443 ? host : `${host}:${rule.to.port.from}`;
}

export function checkProbeImage(rule: Rule): RuleProblem[] {
  const isRegistry = rule.check === 'registry-v2';
  if (!isRegistry) {
    return rule.probeImage === undefined ? [] : [{ path: 'probeImage', message: "expected a probe image only on a rule with 'check: registry-v2'" }];
  }
  if (rule.probeImage === undefined) {
    return [{ path: 'probeImage', message: 'expected a probe image on a registry-v2 rule: { ref: a small image this registry serves, source: the page that shows it exists }' }];
  }
  const read = readImageRef(rule.probeImage.ref);
  // A bad reference is already an issue of the schema.
  if ('problem' in read) return [];
  const registry = registryOf(rule);
  const covered = isWildcard(registry) ? wildcardMatches(registry, read.ref.registry) : read.ref.registry === registry;
  if (covered) return [];
  return [{ path: 'probeImage.ref', message: `'${rule.probeImage.ref}' is an image of ${read.ref.registry}, not of this rule's registry ${registry}` }];
}
