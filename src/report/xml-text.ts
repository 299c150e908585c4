import { safeText } from './sanitize.js';

// Characters XML 1.0 cannot carry at all, even escaped (after control characters are gone).
const NOT_XML = /[\ud800-\udfff\ufffe\uffff]/g;

/** Text or attribute content: untrusted, so stripped, then escaped. */
export function xmlEscape(text: string): string {
  return safeText(text)
    .replace(NOT_XML, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;');
}

/** Element text over several lines: escaped, its line breaks kept as they are. */
export function xmlBody(text: string): string {
  return xmlEscape(text).replace(/&#10;/g, '\n');
}

/** A `<properties>` block, indented for a testcase; empty for no properties. */
export function xmlProperties(properties: readonly (readonly [string, string])[], indent: string): string {
  if (properties.length === 0) return '';
  const rows = properties.map(([name, value]) => `${indent}  <property name="${xmlEscape(name)}" value="${xmlEscape(value)}"/>`);
  return `\n${indent}<properties>\n${rows.join('\n')}\n${indent}</properties>`;
}

export function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}
