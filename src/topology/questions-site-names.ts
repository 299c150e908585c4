// The optional concrete names for wildcard hosts that belong to the site (its registry, storage, vault).
import type { QuestionId } from './questions-values.js';

export interface SiteResource {
  readonly id: Extract<QuestionId, 'acr' | 'storageAccount' | 'keyVault'>;
  readonly prompt: string;
  readonly help: string;
  /** The host suffix a full name may be given with (`myacr.azurecr.io`). */
  readonly suffix: string;
  /** The catalog's wildcard patterns this name makes concrete: `{name}.` + the pattern's tail. */
  readonly patterns: readonly string[];
  readonly valid: RegExp;
  readonly expected: string;
}

export const SITE_RESOURCES: readonly SiteResource[] = [
  {
    id: 'acr',
    prompt: 'Your Azure Container Registry name (optional)',
    help: 'Checks *.azurecr.io through your registry; leave empty to report it as not verified.',
    suffix: 'azurecr.io',
    patterns: ['*.azurecr.io'],
    valid: /^[a-z0-9]{5,50}$/,
    expected: '5-50 letters or digits, e.g. myregistry',
  },
  {
    id: 'storageAccount',
    prompt: 'Your storage account name (optional)',
    help: 'Checks *.blob/table/queue.core.windows.net through it; empty: not verified.',
    suffix: 'blob.core.windows.net',
    patterns: ['*.blob.core.windows.net', '*.table.core.windows.net', '*.queue.core.windows.net'],
    valid: /^[a-z0-9]{3,24}$/,
    expected: '3-24 lower-case letters or digits, e.g. mystorage01',
  },
  {
    id: 'keyVault',
    prompt: 'Your Azure Key Vault name (optional)',
    help: 'Checks *.vault.azure.net through it; empty: not verified.',
    suffix: 'vault.azure.net',
    patterns: ['*.vault.azure.net'],
    valid: /^[a-z0-9-]{3,24}$/,
    expected: '3-24 letters, digits or hyphens, e.g. my-vault',
  },
];

/** The concrete host a name stands for under a pattern: `myacr` + `*.azurecr.io` -> `myacr.azurecr.io`. */
export function concreteHost(name: string, pattern: string): string {
  return `${name}${pattern.slice(1)}`;
}

/** Every pattern some site-name question owns: the rest of a prefilled `wildcards` is kept as given. */
export const OWNED_PATTERNS: ReadonlySet<string> = new Set(SITE_RESOURCES.flatMap((resource) => resource.patterns));

/**
 * What to give for a wildcard nobody named, as a sentence: the site's own resource (its registry,
 * storage account, key vault: the wizard asks for those), or a name the vendor chooses.
 */
export function wildcardNameHint(pattern: string): string {
  const resource = SITE_RESOURCES.find((r) => r.patterns.includes(pattern));
  if (resource !== undefined) {
    const noun = resource.prompt.replace(/^Your /, '').replace(/ name \(optional\)$/, '');
    return `Give your ${noun}'s name under it with --wildcard '${pattern}=NAME${pattern.slice(1)}' (the wizard asks for it too).`;
  }
  return `The names under ${pattern} are the vendor's, not the site's: give one that the platform's components really use (their logs or the vendor's documentation show it) with --wildcard '${pattern}=HOST'.`;
}
