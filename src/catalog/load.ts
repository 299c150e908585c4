import { createHash } from 'node:crypto';
import { dataFiles, type DataFile } from '../data/embedded.js';
import { CatalogError, zodPath, type CatalogIssue } from './issues.js';
import { EditionsFile, RegionsFile, Rule, type Edition, type Product, type Region } from './schema.js';
import { checkRules } from './lint.js';
import { parseYamlSource } from '../yaml-source.js';
import { REGIONS_FILE } from '../vocabulary/index.js';
import { compareText } from '../compare-text.js';

export interface Catalog {
  /** `sha256:` and the first 12 hex digits of the catalog files' hash: names the catalog in reports. */
  readonly version: string;
  readonly rules: readonly Rule[];
  readonly regions: readonly Region[];
  /** Each product's editions, oldest first (catalog/editions.yaml). */
  readonly editions: Readonly<Record<Product, readonly Edition[]>>;
}

/** Values and errors together: every valid rule, and every issue of every file. */
export interface CatalogLoad {
  readonly catalog: Catalog;
  readonly issues: readonly CatalogIssue[];
}

/** Files under catalog/ that hold something other than rules. */
export const EDITIONS_FILE = 'catalog/editions.yaml';
const NOT_RULES = new Set([REGIONS_FILE, 'catalog/remediations.yaml', EDITIONS_FILE]);

export function isRuleFile(path: string): boolean {
  return /^catalog\/[^/]+\.ya?ml$/.test(path) && !NOT_RULES.has(path);
}

function ruleLabel(index: number, raw: unknown): string {
  const id = typeof raw === 'object' && raw !== null && 'id' in raw ? (raw as { id: unknown }).id : undefined;
  return typeof id === 'string' ? `#${index} (${id})` : `#${index}`;
}

/** A valid rule and where it stands, for the messages of the cross-rule checks. */
export interface PlacedRule {
  readonly rule: Rule;
  readonly file: string;
  readonly index: number;
}

function parseRuleFile(file: DataFile): { rules: PlacedRule[]; issues: CatalogIssue[] } {
  const source = parseYamlSource(file.text, file.value);
  if (source.errors.length > 0) {
    return { rules: [], issues: source.errors.map((e) => ({ file: file.path, path: '', message: `not valid YAML: ${e.message}`, ...(e.line !== undefined ? { line: e.line } : {}) })) };
  }
  if (!Array.isArray(source.value)) {
    return { rules: [], issues: [{ file: file.path, path: '', message: 'expected a list of rules' }] };
  }
  const rules: PlacedRule[] = [];
  const issues: CatalogIssue[] = [];
  source.value.forEach((raw: unknown, index) => {
    const parsed = Rule.safeParse(raw);
    if (parsed.success) {
      rules.push({ rule: parsed.data, file: file.path, index });
      return;
    }
    for (const issue of parsed.error.issues) {
      const line = source.lineOf([index, ...issue.path]);
      issues.push({ file: file.path, rule: ruleLabel(index, raw), path: zodPath(issue.path), message: issue.message, ...(line !== undefined ? { line } : {}) });
    }
  });
  return { rules, issues };
}

function parseRegions(file: DataFile | undefined): { regions: Region[]; issues: CatalogIssue[] } {
  if (!file) return { regions: [], issues: [{ file: REGIONS_FILE, path: '', message: 'missing: the region table is needed for {regionCode}' }] };
  const source = parseYamlSource(file.text, file.value);
  if (source.errors.length > 0) {
    return { regions: [], issues: source.errors.map((e) => ({ file: file.path, path: '', message: `not valid YAML: ${e.message}`, ...(e.line !== undefined ? { line: e.line } : {}) })) };
  }
  const parsed = RegionsFile.safeParse(source.value);
  if (parsed.success) return { regions: parsed.data.regions, issues: [] };
  return {
    regions: [],
    issues: parsed.error.issues.map((issue) => {
      const line = source.lineOf(issue.path);
      return { file: file.path, path: zodPath(issue.path), message: issue.message, ...(line !== undefined ? { line } : {}) };
    }),
  };
}

const NO_EDITIONS: Readonly<Record<Product, readonly Edition[]>> = { runai: [], 'azureml-arc': [] };

/** Without an editions file (a catalog of one's own), each product has one edition: every rule. */
const ONE_EDITION: Readonly<Record<Product, readonly Edition[]>> = {
  runai: [{ id: 'runai', title: 'Run:ai: every rule of this catalog', versions: [], sources: [{ doc: 'catalog' }] }],
  'azureml-arc': [{ id: 'azureml-arc', title: 'Azure ML on Arc: every rule of this catalog', versions: [], sources: [{ doc: 'catalog' }] }],
};

function parseEditions(file: DataFile | undefined): { editions: Readonly<Record<Product, readonly Edition[]>>; issues: CatalogIssue[] } {
  if (!file) return { editions: ONE_EDITION, issues: [] };
  const source = parseYamlSource(file.text, file.value);
  if (source.errors.length > 0) {
    return { editions: NO_EDITIONS, issues: source.errors.map((e) => ({ file: file.path, path: '', message: `not valid YAML: ${e.message}`, ...(e.line !== undefined ? { line: e.line } : {}) })) };
  }
  const parsed = EditionsFile.safeParse(source.value);
  if (!parsed.success) {
    return {
      editions: NO_EDITIONS,
      issues: parsed.error.issues.map((issue) => {
        const line = source.lineOf(issue.path);
        return { file: file.path, path: zodPath(issue.path), message: issue.message, ...(line !== undefined ? { line } : {}) };
      }),
    };
  }
  return { editions: { ...NO_EDITIONS, ...parsed.data }, issues: [] };
}

/** Each rule's editions must be editions of its product; each product needs one at least. */
function checkEditions(placed: readonly PlacedRule[], editions: Readonly<Record<Product, readonly Edition[]>>): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  for (const [product, list] of Object.entries(editions)) {
    if (list.length === 0) issues.push({ file: EDITIONS_FILE, path: product, message: `${product} has no edition` });
    const ids = list.map((e) => e.id);
    for (const id of ids.filter((id, i) => ids.indexOf(id) !== i)) issues.push({ file: EDITIONS_FILE, path: product, message: `edition ${id} is listed twice` });
  }
  for (const { rule, file } of placed) {
    const known = new Set((editions[rule.product] ?? []).map((e) => e.id));
    for (const id of rule.editions ?? []) {
      if (!known.has(id)) issues.push({ file, rule: rule.id, path: 'editions', message: `'${id}' is not an edition of ${rule.product} in ${EDITIONS_FILE} (known: ${[...known].join(', ')})` });
    }
  }
  return issues;
}

export function catalogVersion(files: readonly DataFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => compareText(a.path, b.path))) hash.update(`${file.path}\0${file.text}\0`);
  return `sha256:${hash.digest('hex').slice(0, 12)}`;
}

/** Parses and checks the catalog files; never throws for bad data. */
export function parseCatalog(files: readonly DataFile[]): CatalogLoad {
  const ruleFiles = files.filter((file) => isRuleFile(file.path));
  const issues: CatalogIssue[] = [];
  const placed: PlacedRule[] = [];
  for (const file of ruleFiles) {
    const result = parseRuleFile(file);
    issues.push(...result.issues);
    placed.push(...result.rules);
  }
  issues.push(...checkRules(placed));
  const rules = placed.map((entry) => entry.rule);
  const regionsFile = files.find((file) => file.path === REGIONS_FILE);
  const regions = parseRegions(regionsFile);
  issues.push(...regions.issues);
  if (ruleFiles.length === 0) issues.push({ file: 'catalog/', path: '', message: 'no rule files found' });
  const editionsFile = files.find((file) => file.path === EDITIONS_FILE);
  const editions = parseEditions(editionsFile);
  issues.push(...editions.issues, ...checkEditions(placed, editions.editions));
  const versioned = [...ruleFiles, ...(regionsFile ? [regionsFile] : []), ...(editionsFile ? [editionsFile] : [])];
  return { catalog: { version: catalogVersion(versioned), rules, regions: regions.regions, editions: editions.editions }, issues };
}

let cached: Catalog | undefined;

/** The built-in catalog (embedded in the single-file build, read from catalog/ in a checkout). Throws CatalogError listing every issue. */
export function loadCatalog(): Catalog {
  if (cached) return cached;
  const { catalog, issues } = parseCatalog(dataFiles('catalog'));
  if (issues.length > 0) throw new CatalogError(issues);
  cached = catalog;
  return catalog;
}
