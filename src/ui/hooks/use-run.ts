import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { Finding, Report, RunEvent, SiteEvent } from '../../schema/index.js';
import { INITIAL_RUN, runReducer, type RunState } from '../run-state.js';
import type { RuleBrief } from '../types.js';

/** Events are applied in batches at most this often: a burst of 1,000 events is a handful of renders. */
export const FLUSH_MS = 40;

export interface RunEnd {
  readonly findings: readonly Finding[];
  readonly interrupted: boolean;
  /** The engine's Report, when it ended with one. */
  readonly report?: Report;
  /** The runner threw: what finished is kept, and this says why it stopped. */
  readonly error?: string;
}

export interface RunHandle {
  readonly state: RunState;
  /** First call: ask the runner to stop. Second call: stop waiting for it, keep what finished. */
  readonly stop: () => void;
}

/** The engine's events the live rows show; the rest (rounds, host findings, causes) reach the screen through the Report. */
function rowEvent(event: SiteEvent): RunEvent | undefined {
  switch (event.type) {
    case 'planned':
    case 'step-started':
    case 'observed':
    case 'finding':
      return event;
    case 'done':
      return { type: 'done', interrupted: event.interrupted, at: 0 };
    default:
      return undefined;
  }
}

/** Subscribes to the engine's events once; `onEnd` gets the findings that finished. */
export function useRun(
  start: (signal: AbortSignal) => AsyncIterable<SiteEvent>,
  briefs: ReadonlyMap<string, RuleBrief>,
  onEnd: (end: RunEnd) => void,
  flushMs: number = FLUSH_MS,
): RunHandle {
  const reducer = useMemo(() => runReducer(briefs), [briefs]);
  const [state, dispatch] = useReducer(reducer, INITIAL_RUN);
  const controller = useRef(new AbortController());
  const endRef = useRef(onEnd);
  endRef.current = onEnd;
  const forceEnd = useRef<() => void>(() => undefined);

  useEffect(() => {
    const ctl = controller.current;
    let pending: RunEvent[] = [];
    let timer: NodeJS.Timeout | undefined;
    let ended = false;
    let interrupted = false;
    let error: string | undefined;
    let report: Report | undefined;
    const findings: Finding[] = [];
    const flush = () => {
      timer = undefined;
      if (pending.length === 0) return;
      const events = pending;
      pending = [];
      dispatch({ type: 'events', events });
    };
    const end = () => {
      if (ended) return;
      ended = true;
      if (timer) clearTimeout(timer);
      flush();
      const stopped = interrupted || ctl.signal.aborted || error !== undefined;
      dispatch({ type: 'ended', interrupted: stopped });
      endRef.current({ findings: [...findings], interrupted: stopped, ...(report !== undefined ? { report } : {}), ...(error !== undefined ? { error } : {}) });
    };
    forceEnd.current = end;
    void (async () => {
      try {
        for await (const event of start(ctl.signal)) {
          if (ended) break;
          const shown = rowEvent(event);
          if (event.type === 'finding') findings.push(event.finding);
          if (event.type === 'done') {
            interrupted = event.interrupted;
            report = event.report;
          }
          if (shown === undefined) continue;
          pending.push(shown);
          timer ??= setTimeout(flush, flushMs);
        }
      } catch (thrown: unknown) {
        error = thrown instanceof Error ? thrown.message : String(thrown);
        dispatch({ type: 'failed', message: error });
      } finally {
        end();
      }
    })();
    return () => {
      ended = true;
      if (timer) clearTimeout(timer);
      ctl.abort();
    };
    // The run starts once per mount; a new run remounts the screen.
  }, []);

  const stop = useCallback(() => {
    if (controller.current.signal.aborted) {
      forceEnd.current();
      return;
    }
    dispatch({ type: 'stopping' });
    controller.current.abort(new Error('stopped by the user'));
  }, []);
  return { state, stop };
}
