import type { CauseCode, KnowledgeData } from '../knowledge/index.js';
import type { StepResult } from '../schema/index.js';
import type { Target } from '../schema/index.js';

/** Evidence turned into words for the knowledge templates: placeholder name -> value. */
export type Facts = Record<string, string>;

/** What the classifier needs beyond the target and its steps. */
export interface ClassifyContext {
  /** A proxy is configured for this run (HTTPS_PROXY, HTTP_PROXY or --proxy). */
  readonly proxyConfigured: boolean;
  /** The proxy URL, already redacted; credentials are stripped again here anyway. */
  readonly proxy?: string;
  /** Milliseconds since the epoch as this machine believes, when the TLS evidence has no local time. */
  readonly now?: number;
  /**
   * A server `Date` against the local clock seen elsewhere in the run, in seconds (positive:
   * local clock ahead), for a certificate whose own check gave no HTTP answer.
   */
  readonly clockSkewSeconds?: number;
  /**
   * The steps end before the check did (Ctrl-C, or the run's time limit): with no failure
   * among them, the finding is a `skip` with this cause, never a pass.
   */
  readonly cutShort?: 'check.interrupted' | 'check.time-limit';
  /** The site's `netreq check` flags (`--product runai --role k8s-node ...`), so printed commands run as printed. */
  readonly siteFlags?: string;
  /**
   * Issuers that sign the leaves of several unrelated public names while no trusted root anchors
   * them (found over the whole run, src/diagnose/site-findings.ts): a box that issues a
   * certificate per name, so such a chain is interception by that CA, not a missing intermediate.
   */
  readonly interceptors?: readonly string[];
  /** Squid's error names and the errno sentences to judge by; catalog/knowledge/ by default. */
  readonly knowledge?: KnowledgeData;
}

/** A judgement on one step: why the check stops there, or why it is only a warning. */
export interface Issue {
  readonly status: 'warn' | 'fail' | 'skip';
  /** One of the table's codes: a judge cannot name a cause that has no remediation. */
  readonly cause: CauseCode;
  readonly facts: Facts;
}

/** A secondary observation; its text comes from the knowledge base. */
export interface NoteDraft {
  readonly code: CauseCode;
  readonly facts: Facts;
}

export interface StepJudgement {
  /** The check ends here with this cause. */
  readonly stop?: Issue;
  /** Reachable, but something will bite later; the check goes on. */
  readonly warns: readonly Issue[];
  readonly notes: readonly NoteDraft[];
}

/** What every step judge receives. */
export interface JudgeInput<S extends StepResult> {
  readonly step: S;
  readonly target: Target;
  readonly context: ClassifyContext;
  /** Every step of the check, for evidence that spans steps (the server's Date for a certificate). */
  readonly steps: readonly StepResult[];
}

export const OK: StepJudgement = { warns: [], notes: [] };

export function stopWith(status: Issue['status'], cause: CauseCode, facts: Facts, notes: readonly NoteDraft[] = []): StepJudgement {
  return { stop: { status, cause, facts }, warns: [], notes };
}

/** Facts from optional values: undefined and empty entries are left out. */
export function facts(entries: Readonly<Record<string, string | number | undefined>>): Facts {
  const out: Facts = {};
  for (const [key, value] of Object.entries(entries)) {
    if (value === undefined || value === '') continue;
    out[key] = String(value);
  }
  return out;
}

/** Error codes that mean a deadline passed or a signal stopped us. */
export const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'ETIMEDOUT',
  'ETIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ERR_TLS_HANDSHAKE_TIMEOUT',
]);
export const ABORT_CODES: ReadonlySet<string> = new Set(['ABORT_ERR', 'ABORTED', 'UND_ERR_ABORTED']);

export function isTimeout(step: { readonly code?: string | undefined; readonly outcome: string }): boolean {
  return (step.code !== undefined && TIMEOUT_CODES.has(step.code)) || step.outcome === 'timeout';
}

export function isAborted(step: { readonly code?: string | undefined; readonly outcome: string }): boolean {
  return (step.code !== undefined && ABORT_CODES.has(step.code)) || step.outcome === 'aborted';
}

/** A check stopped by Ctrl-C or the whole-run deadline: not a verdict on the network. */
export function interrupted(step: StepResult): StepJudgement {
  return stopWith('skip', 'check.interrupted', facts({ step: step.step }));
}
