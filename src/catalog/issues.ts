/** One problem in a catalog file: which file, which rule, which field, what was expected. */
export interface CatalogIssue {
  readonly file: string;
  /** `#3 (runai.registry)`: the rule's index in its file, and its id when it has one. */
  readonly rule?: string;
  /** Dotted field path inside the rule (or the file), e.g. `to.port`. */
  readonly path: string;
  readonly message: string;
  /** 1-based line, when the YAML parser knows it. */
  readonly line?: number;
}

export function formatIssue(issue: CatalogIssue): string {
  const where = [
    issue.line !== undefined ? `${issue.file}:${issue.line}` : issue.file,
    issue.rule !== undefined ? `rule ${issue.rule}` : undefined,
    issue.path !== '' ? issue.path : undefined,
  ].filter((part) => part !== undefined);
  return `${where.join(': ')}: ${issue.message}`;
}

/** Thrown by loadCatalog when any file is bad; carries every issue, not only the first. */
export class CatalogError extends Error {
  readonly issues: readonly CatalogIssue[];
  constructor(issues: readonly CatalogIssue[]) {
    super(`the catalog is not valid:\n${issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}`);
    this.name = 'CatalogError';
    this.issues = issues;
  }
}

export function zodPath(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === 'number' ? `[${key}]` : String(key))).join('.').replace(/\.\[/g, '[');
}
