import type { Finding, Target } from './finding.js';
import type { RunEvent } from './run-event.js';
import type { Report } from './report.js';
import type { Environment } from './environment.js';
import type { RootCause } from './root-cause.js';

/**
 * What `checkSite` (src/engine) yields, whatever the front end: the runner's events as steps
 * finish, the re-check rounds, the host's own findings, the causes, then the Report. Every front
 * end (check in each format, the Ink wizard, plain mode, --watch, --from, demo) reads this stream
 * and nothing else, so the same site gets the same verdict wherever it is looked at.
 */
export type SiteEvent =
  | Exclude<RunEvent, { readonly type: 'done' }>
  /** A re-check of an earlier report: the targets it checks again, and its failures no target matches any more. */
  | { readonly type: 'recheck-planned'; readonly targets: readonly Target[]; readonly unmatched: readonly Finding[] }
  | { readonly type: 'round'; readonly round: number; readonly keys: readonly string[]; readonly at: Date }
  /** A round ended; `unfinished` are the targets it did not finish (its time limit, Ctrl-C): they keep their last result. */
  | { readonly type: 'round-done'; readonly round: number; readonly unfinished: readonly string[]; readonly at: Date }
  /** A re-checked target's status or cause changed; `before` is undefined when it had no finding. */
  | { readonly type: 'change'; readonly target: Target; readonly before: Finding | undefined; readonly after: Finding; readonly at: Date }
  /** Findings about this machine itself (its container runtimes' proxy settings), judged from its host facts. */
  | { readonly type: 'host-findings'; readonly findings: readonly Finding[] }
  /** The fewest causes that explain the findings (the Report's `rootCauses`), before `done`. */
  | { readonly type: 'root-causes'; readonly rootCauses: readonly RootCause[] }
  | {
      readonly type: 'done';
      readonly report: Report;
      /** The host facts gathered for the run (real sites, and any run writing a bundle). */
      readonly environment?: Environment;
      readonly interrupted: boolean;
      /** Why re-check rounds ended, when there were rounds. */
      readonly reason?: 'all-passed' | 'interrupted' | 'max-rounds';
    };
