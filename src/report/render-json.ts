import { redactCredentials } from './sanitize.js';
import type { Report } from './schema.js';

/**
 * The Report as JSON. Control characters in evidence are escaped by JSON itself; credentials
 * in any URL are masked once more, whatever the producer forgot.
 */
export function renderJson(report: Report): string {
  return `${redactCredentials(JSON.stringify(report, null, 2))}\n`;
}
