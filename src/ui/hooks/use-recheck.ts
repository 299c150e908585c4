import { useCallback, useMemo, useState } from 'react';
import type { Finding, SiteEvent } from '../../schema/index.js';
import type { Report } from '../../report/index.js';
import type { Topology } from '../../topology/index.js';
import { mergeRecheck, needsRecheck, recheckLine } from '../recheck-merge.js';
import type { WizardAction } from '../wizard-state.js';
import type { WizardOptions } from '../types.js';
import type { RunEnd } from './use-run.js';

export interface RecheckHandle {
  /** The failures and warnings of the report on screen: what a re-check reruns. */
  readonly failed: readonly Finding[];
  readonly start: (signal: AbortSignal) => AsyncIterable<SiteEvent>;
  /** Merges the new findings into the report and goes back to the results. */
  readonly onEnd: (end: RunEnd) => void;
  /** What the last re-check changed, while its report is the one on screen. */
  readonly note: string | undefined;
}

/** The Results screen's "re-check what failed": runs through `services.recheck`, merges by target. */
export function useRecheck(
  services: Pick<WizardOptions, 'recheck' | 'buildReport'>,
  topology: Topology | undefined,
  report: Report | undefined,
  dispatch: (action: WizardAction) => void,
): RecheckHandle {
  const [note, setNote] = useState<{ readonly report: Report; readonly text: string } | undefined>(undefined);
  const failed = useMemo(() => report?.findings.filter(needsRecheck) ?? [], [report]);
  const start = useCallback(
    (signal: AbortSignal) => (services.recheck && topology && report ? services.recheck(report, topology, signal) : (async function* () {})()),
    [services, topology, report],
  );
  const onEnd = useCallback(
    (end: RunEnd) => {
      if (!topology || !report) return;
      const { findings, tally } = mergeRecheck(report.findings, end.findings);
      // The engine's report; the tally (and a report when the engine never ended) from the findings that came back.
      const merged = end.report ?? services.buildReport(findings, topology, report.interrupted);
      const text = recheckLine(tally, end.interrupted);
      setNote({ report: merged, text: end.error !== undefined ? `${text} It stopped early: ${end.error}` : text });
      dispatch({ type: 'rechecked', report: merged });
    },
    [dispatch, services, topology, report],
  );
  return { failed, start, onEnd, note: note !== undefined && note.report === report ? note.text : undefined };
}
