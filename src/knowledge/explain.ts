import { fillTemplate, type Facts } from './fill.js';
import { loadRemediations } from './load.js';
import type { Explained, RemediationEntry, RemediationTable } from './schema.js';

let cached: RemediationTable | undefined;

/** The project's remediation texts, loaded once. */
export function defaultRemediations(): RemediationTable {
  cached ??= loadRemediations();
  return cached;
}

function textsFor(entry: RemediationEntry, variant: string | undefined): RemediationEntry {
  const override = variant !== undefined ? entry.variants[variant] : undefined;
  if (!override) return entry;
  return {
    ...entry,
    title: override.title ?? entry.title,
    explanation: override.explanation ?? entry.explanation,
    remediation: override.remediation ?? entry.remediation,
    verify: override.verify ?? entry.verify,
    ...(override.note !== undefined || entry.note !== undefined ? { note: override.note ?? entry.note ?? '' } : {}),
  };
}

/**
 * What a cause means for this target, filled with its evidence. A code with no entry still
 * gets honest words, naming the code, rather than nothing.
 */
export function explain(cause: string, facts: Facts, table: RemediationTable = defaultRemediations()): Explained {
  const entry = table.entries.get(cause);
  if (!entry) {
    return {
      title: cause,
      explanation: fillTemplate(`The check of {host} port {port} ended with ${cause}.`, facts),
      remediation: 'Run the check again with -v and send the report to support.',
      verify: fillTemplate('curl -v {curlProxy}{url}', facts),
    };
  }
  const texts = textsFor(entry, facts['variant']);
  return {
    title: fillTemplate(texts.title, facts),
    explanation: fillTemplate(texts.explanation, facts),
    remediation: fillTemplate(texts.remediation, facts),
    verify: fillTemplate(texts.verify, facts),
  };
}

/** One line for a code that is a secondary note: its `note`, else its title. */
export function explainNote(code: string, facts: Facts, table: RemediationTable = defaultRemediations()): string {
  const entry = table.entries.get(code);
  if (!entry) return fillTemplate(`${code} for {host}.`, facts);
  const texts = textsFor(entry, facts['variant']);
  return fillTemplate(texts.note ?? texts.title, facts);
}
