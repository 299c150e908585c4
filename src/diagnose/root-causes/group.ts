import type { RootCauseCode } from '../../knowledge/index.js';
import type { Finding, Report, RootCauseChange } from '../../schema/index.js';

/** A cause a detector found: its findings, the evidence that ties them (the texts' facts), the change it asks for. */
export interface Group {
  readonly code: RootCauseCode;
  readonly findings: readonly Finding[];
  /** Filled into the texts; the ones named in `evidence` are shown as the group's evidence. */
  readonly facts: Readonly<Record<string, string>>;
  /** The facts' names that are the shared evidence, in the order they are shown. */
  readonly evidence: readonly string[];
  readonly change: RootCauseChange;
  readonly entries?: readonly string[];
}

/** What a detector reads: the findings no cause explains yet, every finding of the run, the report's runtime basis. */
export interface Site {
  readonly open: readonly Finding[];
  readonly all: readonly Finding[];
  readonly runtime: Report['runtime'];
}

export type Detector = (site: Site) => Group[];

/** Findings bucketed by a key; a finding with no key (undefined) is left out. */
export function bucketed(findings: readonly Finding[], keyOf: (finding: Finding) => string | undefined): Map<string, Finding[]> {
  const buckets = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = keyOf(finding);
    if (key === undefined) continue;
    const bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, [finding]);
    else bucket.push(finding);
  }
  return buckets;
}

/**
 * The fewest allow-list entries that cover the findings: the vendor's wildcard where a host came
 * from one (the catalog's pattern), else the host; with its port.
 */
export function allowEntries(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => `${f.target.pattern ?? f.target.host}:${f.target.port}`))];
}
