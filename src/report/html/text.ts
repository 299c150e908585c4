import { stripControl } from '../sanitize.js';
import { endpointText } from '../../catalog/index.js';

/**
 * Untrusted text for the page: control characters and bidi overrides out (React escapes the
 * markup characters itself). `newlines: false` for one-line places.
 */
export function clean(text: string | undefined, newlines = true): string {
  return text === undefined ? '' : stripControl(text, { newlines });
}

export function hostPort(host: string, port: number): string {
  return endpointText(host, port);
}
