import { stripControl } from '../report/index.js';
import { defaultKnowledge } from './data-load.js';

/** Evidence in words, by placeholder name. */
export type Facts = Readonly<Record<string, string | undefined>>;

/** The placeholder words, read on first use: a command that never fills a text never loads them. */
function placeholderWords(): Readonly<Record<string, string>> {
  return defaultKnowledge().placeholders;
}

/**
 * Every placeholder the texts may use, with the words that stand in when the evidence lacks
 * it (catalog/knowledge/placeholders.yaml); a test keeps the YAML texts to this list, so no `{x}`
 * ever reaches a person. A read-only view that loads the file when first read, so importing
 * this module costs nothing.
 */
// The proxy's target stays empty and extensible: a proxy over a frozen object may not report other keys.
export const PLACEHOLDERS: Readonly<Record<string, string>> = new Proxy<Record<string, string>>({}, {
  get: (_target, name) => (typeof name === 'string' ? placeholderWords()[name] : undefined),
  has: (_target, name) => typeof name === 'string' && Object.hasOwn(placeholderWords(), name),
  ownKeys: () => Object.keys(placeholderWords()),
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
  getOwnPropertyDescriptor: (_target, name) => {
    const value = typeof name === 'string' ? placeholderWords()[name] : undefined;
    return value === undefined ? undefined : { value, enumerable: true, configurable: true, writable: false };
  },
});

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

const MAX_FACT = 300;

/** Untrusted evidence as words in a sentence: one line, no control characters, bounded; edges kept. */
function asWords(value: string): string {
  const stripped = stripControl(value, { newlines: false });
  const flat = stripped.includes('  ') ? stripped.replace(/ {2,}/g, ' ') : stripped;
  return flat.length > MAX_FACT ? `${flat.slice(0, MAX_FACT - 1)}…` : flat;
}

/** Facts that make a printed command whole: cut short, the command would no longer run. */
const WHOLE_FACTS = new Set(['siteFlags']);

/** Fills `{name}` from the facts (each made one safe line), else the placeholder's stand-in words. */
export function fillTemplate(template: string, facts: Facts): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = facts[name];
    if (value !== undefined) return WHOLE_FACTS.has(name) ? stripControl(value, { newlines: false }) : asWords(value);
    return placeholderWords()[name] ?? whole;
  });
}
