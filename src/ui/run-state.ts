// The live run's state as a pure reducer over the runner's events: one row per target, grouped.
import type { Finding, RunEvent, Target } from '../schema/index.js';
import type { Summary } from '../report/index.js';
import type { StepName } from '../schema/index.js';
import type { RowStatus } from './status-style.js';
import type { RuleBrief } from './types.js';

export interface RunRow {
  readonly key: string;
  readonly label: string;
  readonly group: string;
  readonly status: RowStatus;
  readonly step?: StepName;
  readonly cause?: string;
  /** Sum of the finished steps' durations. */
  readonly ms: number;
}

export interface RunGroup {
  readonly label: string;
  readonly keys: readonly string[];
}

export interface RunState {
  readonly rows: Readonly<Record<string, RunRow>>;
  readonly groups: readonly RunGroup[];
  readonly counts: Summary;
  readonly finished: number;
  readonly findings: readonly Finding[];
  readonly done: boolean;
  readonly interrupted: boolean;
  readonly stopping: boolean;
  readonly error?: string;
}

export type RunAction =
  | { readonly type: 'events'; readonly events: readonly RunEvent[] }
  | { readonly type: 'stopping' }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'ended'; readonly interrupted: boolean };

export const INITIAL_RUN: RunState = {
  rows: {},
  groups: [],
  counts: { pass: 0, warn: 0, fail: 0, skip: 0 },
  finished: 0,
  findings: [],
  done: false,
  interrupted: false,
  stopping: false,
};

const PRODUCT_NAMES: Readonly<Record<string, string>> = { runai: 'Run:ai', 'azureml-arc': 'Azure ML on Arc' };

/** `Run:ai / installation`: from the rule briefs, or the rule id's prefix when there are none. */
export function groupOf(ruleIds: readonly string[], briefs: ReadonlyMap<string, RuleBrief>): string {
  const first = ruleIds[0] ?? 'other';
  const brief = briefs.get(first);
  if (brief) return `${PRODUCT_NAMES[brief.product] ?? brief.product} / ${brief.section}`;
  const prefix = first.split('.')[0] ?? first;
  return PRODUCT_NAMES[prefix] ?? prefix;
}

function targetRowLabel(t: Pick<Target, 'host' | 'port' | 'transport' | 'via'>): string {
  return `${t.host}:${t.port}${t.transport === 'udp' ? '/udp' : ''}${t.via === 'proxy' ? ' (proxy)' : ''}`;
}

interface Draft {
  rows: Record<string, RunRow>;
  groups: RunGroup[];
  counts: Summary;
  finished: number;
  findings: Finding[];
  done: boolean;
  interrupted: boolean;
}

function addRow(d: Draft, key: string, label: string, group: string): void {
  if (d.rows[key]) return;
  d.rows[key] = { key, label, group, status: 'pending', ms: 0 };
  const index = d.groups.findIndex((g) => g.label === group);
  const existing = d.groups[index];
  if (existing) d.groups[index] = { label: group, keys: [...existing.keys, key] };
  else d.groups.push({ label: group, keys: [key] });
}

function apply(d: Draft, event: RunEvent, briefs: ReadonlyMap<string, RuleBrief>): void {
  switch (event.type) {
    case 'planned':
      for (const t of event.targets) addRow(d, t.key, targetRowLabel(t), groupOf(t.ruleIds, briefs));
      return;
    case 'step-started': {
      const row = d.rows[event.key];
      if (row && row.status === 'pending') d.rows[event.key] = { ...row, status: 'running', step: event.step };
      else if (row && row.status === 'running') d.rows[event.key] = { ...row, step: event.step };
      return;
    }
    case 'observed': {
      const row = d.rows[event.key];
      if (row && (row.status === 'running' || row.status === 'pending')) {
        d.rows[event.key] = { ...row, status: 'running', step: event.result.step, ms: row.ms + event.result.ms };
      }
      return;
    }
    case 'finding': {
      const f = event.finding;
      addRow(d, event.key, targetRowLabel(f.target), groupOf(f.ruleIds, briefs));
      const row = d.rows[event.key];
      if (!row || !['pending', 'running'].includes(row.status)) return;
      const ms = f.steps.reduce((sum, s) => sum + s.ms, 0);
      d.rows[event.key] = { key: row.key, label: row.label, group: row.group, status: f.status, ms, ...(f.cause !== undefined ? { cause: f.cause } : {}) };
      d.counts = { ...d.counts, [f.status]: d.counts[f.status] + 1 };
      d.finished += 1;
      d.findings.push(f);
      return;
    }
    case 'done':
      d.done = true;
      d.interrupted = event.interrupted;
      return;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

/** Unchanged rows keep their identity, so memoised row components skip them. */
export function runReducer(briefs: ReadonlyMap<string, RuleBrief>) {
  return (state: RunState, action: RunAction): RunState => {
    switch (action.type) {
      case 'events': {
        const d: Draft = {
          rows: { ...state.rows },
          groups: [...state.groups],
          counts: state.counts,
          finished: state.finished,
          findings: [...state.findings],
          done: state.done,
          interrupted: state.interrupted,
        };
        for (const event of action.events) apply(d, event, briefs);
        return { ...state, ...d };
      }
      case 'stopping':
        return { ...state, stopping: true };
      case 'failed':
        return { ...state, error: action.message };
      case 'ended':
        return { ...state, done: true, interrupted: state.interrupted || action.interrupted };
      default: {
        const unreachable: never = action;
        return unreachable;
      }
    }
  };
}

/** The rows as window lines: a group's header, then its rows. */
export type RunLine = { readonly kind: 'group'; readonly label: string } | { readonly kind: 'row'; readonly key: string };

export function runLines(groups: readonly RunGroup[]): RunLine[] {
  return groups.flatMap((g): RunLine[] => [{ kind: 'group', label: g.label }, ...g.keys.map((key): RunLine => ({ kind: 'row', key }))]);
}

/** While following, the window starts just above the first row still pending or running. */
export function followLine(lines: readonly RunLine[], rows: Readonly<Record<string, RunRow>>): number {
  const index = lines.findIndex((line) => line.kind === 'row' && ['pending', 'running'].includes(rows[line.key]?.status ?? 'pass'));
  return index < 0 ? lines.length : Math.max(0, index - 1);
}

/** The window's lines; when it starts inside a group, that group's header stays on top. */
export function visibleLines(lines: readonly RunLine[], top: number, size: number, rows: Readonly<Record<string, RunRow>>): RunLine[] {
  const first = lines[top];
  if (first?.kind !== 'row') return lines.slice(top, top + size);
  const label = rows[first.key]?.group ?? '';
  return [{ kind: 'group', label }, ...lines.slice(top + 1, top + size)];
}
