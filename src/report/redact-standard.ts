import { redactChain, type RedactChain, type Redactor } from './redact.js';
import { authorizationHeaders, azureSecrets, bearerTokens, knownSecrets, patternRedactor, secretAssignments, urlCredentials } from './redact-rules.js';

export interface RedactionOptions {
  /** `--redact PATTERN` values, in the order given. */
  readonly patterns?: readonly string[];
  /** Secrets this run holds (the proxy password in its forms, see `secretsOfUrl`). */
  readonly secrets?: readonly string[];
}

/**
 * The chain every output goes through: the run's own secrets first (wherever they hide), then
 * URL credentials, Authorization headers, bearer tokens, Azure SAS and keys, secret-named
 * assignments, then the user's patterns. Throws `RedactPatternError` for a bad pattern.
 */
export function standardRedactors(options: RedactionOptions = {}): Redactor[] {
  return [
    knownSecrets(options.secrets ?? []),
    urlCredentials,
    authorizationHeaders,
    bearerTokens,
    azureSecrets,
    secretAssignments,
    ...(options.patterns ?? []).map((pattern, i) => patternRedactor(pattern, i + 1)),
  ];
}

export function createRedaction(options: RedactionOptions = {}): RedactChain {
  return redactChain(standardRedactors(options));
}
