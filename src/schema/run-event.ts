import type { Finding, Target } from './finding.js';
import type { StepResult } from './observations.js';

/** What the runner emits as it goes; every front end reads the same stream. */
export type RunEvent =
  | { readonly type: 'planned'; readonly targets: readonly Target[]; readonly at: number }
  | { readonly type: 'step-started'; readonly key: string; readonly step: StepResult['step']; readonly at: number }
  | { readonly type: 'observed'; readonly key: string; readonly result: StepResult; readonly at: number }
  | { readonly type: 'finding'; readonly key: string; readonly finding: Finding; readonly at: number }
  | { readonly type: 'done'; readonly interrupted: boolean; readonly at: number };
