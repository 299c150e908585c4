import type { Readable, Writable } from 'node:stream';
import type { Region, Role } from '../catalog/index.js';
import type { Finding, SiteEvent } from '../schema/index.js';
import type { Report } from '../report/index.js';
import type { QuestionContext, Topology, TopologyInput } from '../topology/index.js';

/** The `netreq rules --format` formats, for the firewall request. */
export const RULES_FORMATS = ['table', 'csv', 'md', 'json', 'squid', 'no-proxy'] as const;
export type RulesFormat = (typeof RULES_FORMATS)[number];

/** A selected rule that must be checked from another machine. */
export interface ElsewhereRule {
  readonly ruleId: string;
  readonly fromRoles: readonly Role[];
  readonly host?: string;
  readonly port?: string;
  readonly purpose?: string;
}

/** Where a rule stands, for grouping the live run by platform and section. */
export interface RuleBrief {
  readonly id: string;
  readonly product: string;
  readonly section: string;
}

/** What the review screen shows before anything runs. */
export interface RuleSummary {
  /** Rules selected for the site (all roles). */
  readonly total: number;
  /** Rules checked from this machine. */
  readonly here: number;
  readonly elsewhere: readonly ElsewhereRule[];
  /** Selected rules per role that needs them. */
  readonly byRole: Readonly<Partial<Record<Role, number>>>;
  /** The selected rules' product and section; without it rows are grouped by the rule id's prefix. */
  readonly rules?: readonly RuleBrief[];
}

export interface WizardOptions {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  readonly stderr?: Writable;
  /** False for NO_COLOR and --no-color. */
  readonly color: boolean;
  /** ASCII symbols instead of Unicode; default from the environment (TERM=linux, a non-UTF-8 locale). */
  readonly ascii?: boolean;
  /** Prefilled answers (a demo scenario, an answers file), all editable. */
  readonly initial?: TopologyInput;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The region table (`loadCatalog().regions`): fills the region code. */
  readonly regions: readonly Region[];
  /** Each product's editions of the requirements (`loadCatalog().editions`): the version question's choices. */
  readonly editions?: QuestionContext['editions'];
  /** Readers of the mirror question's lines (src/host's, as for --mirror); absent: their shape only. */
  readonly readers?: QuestionContext['readers'];
  /** Shown in the header, e.g. the demo's scenario name. */
  readonly title?: string;
  /** Aborted from outside (SIGTERM): a running check stops and keeps what finished. */
  readonly signal?: AbortSignal;
  summarize(topology: Topology): RuleSummary;
  exportRules(topology: Topology, format: RulesFormat): string;
  /** The change request for what failed or warned in a run's report, as `netreq rules --from` makes it. Absent: the finish offers none. */
  exportRequest?(report: Report, format: RulesFormat): string;
  /** The engine's events for this topology (src/engine's checkSite); it ends with `done` and the Report soon after `signal` aborts. */
  startRun(topology: Topology, signal: AbortSignal): AsyncIterable<SiteEvent>;
  /**
   * Checks again the targets of the report's findings that failed or warned, with the same
   * engine as `startRun`; its `done` carries the report updated. Absent: the Results screen offers no re-check.
   */
  recheck?(report: Report, topology: Topology, signal: AbortSignal): AsyncIterable<SiteEvent>;
  /** The report of what finished when the engine never said `done` (stopped twice, or it threw). */
  buildReport(findings: readonly Finding[], topology: Topology, interrupted: boolean): Report;
  renderMarkdown(report: Report): string;
  writeBundle?(report: Report, path: string): Promise<void>;
  saveFile(path: string, text: string): Promise<void>;
}

export interface WizardOutcome {
  /** Present when a run started (complete or interrupted). */
  readonly report?: Report;
  readonly interrupted: boolean;
  /** The person left before a run finished (q, Ctrl-C outside a run). */
  readonly quit: boolean;
}
