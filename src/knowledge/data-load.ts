import type { z } from 'zod';
import { parseYamlSource } from '../yaml-source.js';
import { dataFiles, type DataFile } from '../data/embedded.js';
import { CausePriorityFile, ConnectErrnosFile, HostFamiliesFile, PlaceholdersFile, SquidErrorsFile, type KnowledgeData } from './data-schema.js';
import { formatKnowledgeIssue } from './load.js';
import type { KnowledgeIssue } from './schema.js';

export const SQUID_ERRORS_FILE = 'catalog/knowledge/squid-errors.yaml';
export const CONNECT_ERRNOS_FILE = 'catalog/knowledge/connect-errnos.yaml';
export const PLACEHOLDERS_FILE = 'catalog/knowledge/placeholders.yaml';
export const CAUSE_PRIORITY_FILE = 'catalog/knowledge/cause-priority.yaml';
export const HOST_FAMILIES_FILE = 'catalog/knowledge/host-families.yaml';

/** Thrown when a knowledge data file is missing or bad; names every issue (file, key, what was expected). */
export class KnowledgeDataError extends Error {
  readonly issues: readonly KnowledgeIssue[];
  constructor(issues: readonly KnowledgeIssue[]) {
    super(`the knowledge data is not valid:\n${issues.map((issue) => `  ${formatKnowledgeIssue(issue)}`).join('\n')}`);
    this.name = 'KnowledgeDataError';
    this.issues = issues;
  }
}

function parseFile<T>(files: readonly DataFile[], path: string, schema: z.ZodType<T>, what: string, issues: KnowledgeIssue[]): T | undefined {
  const file = files.find((f) => f.path === path);
  if (!file) {
    issues.push({ file: path, message: `missing: expected ${what}` });
    return undefined;
  }
  const source = parseYamlSource(file.text, file.value);
  if (source.errors.length > 0) {
    for (const e of source.errors) issues.push({ file: path, message: `not valid YAML: ${e.message}`, ...(e.line !== undefined ? { line: e.line } : {}) });
    return undefined;
  }
  const document = source.value;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    issues.push({ file: path, message: `expected ${what}` });
    return undefined;
  }
  const parsed = schema.safeParse(document);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.');
    // A bad key: zod's own words are "Invalid key in record"; the key schema's say what was expected.
    const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    const line = source.lineOf(issue.path);
    issues.push({ file: path, code: key, message: `${key}: ${message}`, ...(line !== undefined ? { line } : {}) });
  }
  return undefined;
}

/** Squid's error names, the errno sentences and the placeholder words; throws KnowledgeDataError listing every issue. */
export function parseKnowledgeData(files: readonly DataFile[]): KnowledgeData {
  const issues: KnowledgeIssue[] = [];
  const squid = parseFile(files, SQUID_ERRORS_FILE, SquidErrorsFile, 'a mapping from squid error name to cause code', issues);
  const errnos = parseFile(files, CONNECT_ERRNOS_FILE, ConnectErrnosFile, 'a mapping from errno number to its explanation', issues);
  const words = parseFile(files, PLACEHOLDERS_FILE, PlaceholdersFile, 'a mapping from placeholder name to its stand-in words', issues);
  const priority = parseFile(files, CAUSE_PRIORITY_FILE, CausePriorityFile, 'a mapping from group name to its reasoning and causes', issues);
  const causeRank = priority ? rankOf(priority, issues) : undefined;
  const families = parseFile(files, HOST_FAMILIES_FILE, HostFamiliesFile, 'a mapping from family name to its title, why and domains', issues);
  const hostFamilies = families ? familyOf(families, issues) : undefined;
  if (!squid || !errnos || !words || !causeRank || !hostFamilies || issues.length > 0) throw new KnowledgeDataError(issues);
  return {
    squidErrors: new Map(Object.entries(squid)),
    connectErrnos: new Map(Object.entries(errnos)),
    placeholders: Object.assign(Object.create(null) as Record<string, string>, words),
    causeRank,
    hostFamilies,
  };
}

/** Each domain's family; a domain in two families is an issue. */
function familyOf(families: z.infer<typeof HostFamiliesFile>, issues: KnowledgeIssue[]): Map<string, { name: string; title: string }> {
  const byDomain = new Map<string, { name: string; title: string }>();
  for (const [name, family] of Object.entries(families)) {
    for (const domain of family.domains) {
      if (byDomain.has(domain)) issues.push({ file: HOST_FAMILIES_FILE, code: `${name}.domains`, message: `${name}.domains: ${domain} is listed in two families` });
      else byDomain.set(domain, { name, title: family.title });
    }
  }
  return byDomain;
}

/** Each cause's rank: its place in the groups, in order; a cause listed twice is an issue. */
function rankOf(groups: z.infer<typeof CausePriorityFile>, issues: KnowledgeIssue[]): Map<string, number> {
  const rank = new Map<string, number>();
  for (const [name, group] of Object.entries(groups)) {
    for (const cause of group.causes) {
      if (rank.has(cause)) issues.push({ file: CAUSE_PRIORITY_FILE, code: `${name}.causes`, message: `${name}.causes: ${cause} is listed twice; a cause has one place in the order` });
      else rank.set(cause, rank.size);
    }
  }
  return rank;
}

let cached: KnowledgeData | undefined;

/** The project's knowledge data (embedded in the build, read from catalog/knowledge/ in a checkout), loaded once. */
export function defaultKnowledge(): KnowledgeData {
  cached ??= parseKnowledgeData(dataFiles('catalog'));
  return cached;
}
