import { parse } from 'yaml';
import { dataFiles, type DataFile } from '../data/embedded.js';
import { CodeShape, RemediationEntry, type KnowledgeIssue, type RemediationTable } from './schema.js';

export const REMEDIATIONS_FILE = 'catalog/remediations.yaml';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses the remediation texts: a mapping from code to entry. Each bad entry is an issue naming
 * the file, the code and the field; the good entries are kept.
 */
export function parseRemediations(file: DataFile): RemediationTable {
  const issues: KnowledgeIssue[] = [];
  const entries = new Map<string, RemediationEntry>();
  let document: unknown;
  try {
    document = file.value !== undefined ? file.value : parse(file.text);
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    return { entries, issues: [{ file: file.path, message: `not valid YAML: ${message}` }] };
  }
  if (!isRecord(document)) {
    return { entries, issues: [{ file: file.path, message: 'expected a mapping from cause code to its texts' }] };
  }
  for (const [code, value] of Object.entries(document)) {
    if (!CodeShape.safeParse(code).success) {
      issues.push({ file: file.path, code, message: `'${code}' is not a code such as dns.nxdomain` });
      continue;
    }
    const parsed = RemediationEntry.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const where = issue.path.length > 0 ? `${code}.${issue.path.join('.')}` : code;
        issues.push({ file: file.path, code, message: `${where}: ${issue.message}` });
      }
      continue;
    }
    entries.set(code, parsed.data);
  }
  return { entries, issues };
}

/** `catalog/remediations.yaml`, embedded in the build or read from the checkout. */
export function loadRemediations(files: readonly DataFile[] = dataFiles('catalog')): RemediationTable {
  const file = files.find((f) => f.path === REMEDIATIONS_FILE);
  if (!file) return { entries: new Map(), issues: [{ file: REMEDIATIONS_FILE, message: 'missing' }] };
  return parseRemediations(file);
}

/** Formats an issue as one line for stderr. */
export function formatKnowledgeIssue(issue: KnowledgeIssue): string {
  return `${issue.line !== undefined ? `${issue.file}:${issue.line}` : issue.file}: ${issue.message}`;
}
