import { stringify } from 'yaml';
import { answersFileText, Topology } from '../../topology/index.js';
import type { Environment } from '../../schema/index.js';
import { redactDeep, mergeRecords, type RedactChain, type RedactionRecord } from '../redact.js';
import { renderJson } from '../render-json.js';
import { renderMarkdown } from '../render-markdown.js';
import type { Report } from '../../schema/index.js';
import { terminalSafeJson } from './json-text.js';
import { stepsNdjson } from './steps-ndjson.js';

/** The files of a bundle, in the order they are written (and listed by `tar -tzf`). */
export const BUNDLE_FILES = ['report.json', 'report.md', 'report.html', 'environment.json', 'answers.yaml', 'steps.ndjson'] as const;
export type BundleFileName = (typeof BUNDLE_FILES)[number];

export interface BundleFile {
  readonly name: BundleFileName;
  readonly text: string;
}

export interface BundleInput {
  /** The run's Report (its topology already without the password). */
  readonly report: Report;
  readonly environment: Environment;
  /** When the answers file says it was saved; the report's end by default. */
  readonly now?: Date;
}

export interface BundleContents {
  readonly files: readonly BundleFile[];
  /** What redaction took out, all files together. */
  readonly records: readonly RedactionRecord[];
}

/** answers.yaml from the report's topology: rerunnable with `--answers`, a proxy user kept, never its password. */
export function answersYaml(topology: Record<string, unknown>, now: Date): string {
  const parsed = Topology.safeParse(topology);
  if (parsed.success) return answersFileText(parsed.data, now);
  // A report written by another version: still the answers, for a person to adapt.
  return `# netreq answers from a report, saved ${now.toISOString()}; check them before a rerun\n${stringify(topology)}`;
}

/**
 * Every file of the bundle, redacted: the data first (structure kept, so JSON stays JSON whatever
 * a pattern matches), then the rendered text of the files that are not JSON (what a renderer
 * composed). The page renderer is loaded on demand.
 */
export async function bundleContents(input: BundleInput, chain: RedactChain): Promise<BundleContents> {
  const report = redactDeep(input.report, chain);
  const environment = redactDeep(input.environment, chain);
  const topology = redactDeep(input.report.topology, chain);
  const { renderHtml } = await import('../html/index.js');
  const now = input.now ?? new Date(input.report.finishedAt);
  const textRecords: RedactionRecord[][] = [];
  const text = (s: string): string => {
    const out = chain(s);
    textRecords.push([...out.records]);
    return out.text;
  };
  const files: BundleFile[] = [
    { name: 'report.json', text: terminalSafeJson(renderJson(report.value)) },
    { name: 'report.md', text: text(renderMarkdown(report.value)) },
    { name: 'report.html', text: text(renderHtml(report.value, environment.value)) },
    { name: 'environment.json', text: terminalSafeJson(`${JSON.stringify(environment.value, null, 2)}\n`) },
    { name: 'answers.yaml', text: text(answersYaml(topology.value, now)) },
    { name: 'steps.ndjson', text: terminalSafeJson(stepsNdjson(report.value)) },
  ];
  return { files, records: mergeRecords(report.records, environment.records, ...textRecords) };
}
