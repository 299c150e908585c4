import { header, type WireResponse } from './http-wire.js';
import type { HttpHead } from '../schema/index.js';
import { cleanText, htmlTitle } from './text.js';

const SNIPPET_BYTES = 512;

/** The schema's HttpHead from a wire response: the chosen headers, the title of an HTML body, a clean snippet. */
export function httpHead(response: WireResponse, names: readonly string[]): HttpHead {
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = header(response.headers, name);
    if (value !== undefined) headers[name] = cleanText(value, 300);
  }
  const text = response.body.toString('utf8');
  const title = /html/i.test(header(response.headers, 'content-type') ?? '') || /<title/i.test(text) ? htmlTitle(text) : undefined;
  const snippet = cleanText(response.body.subarray(0, SNIPPET_BYTES).toString('utf8'), 200);
  return {
    status: response.status,
    reason: cleanText(response.reason, 100),
    headers,
    ...(title ? { title } : {}),
    ...(snippet ? { bodySnippet: snippet } : {}),
  };
}
