import { Box, Text, useInput } from 'ink';
import type { Report } from '../../report/index.js';
import { FindingDetail } from '../components/FindingDetail.js';
import { KeyHints } from '../components/KeyHints.js';
import { useLiveState } from '../hooks/use-live-state.js';
import { ResultRow } from '../components/ResultRow.js';
import { StatusCounts } from '../components/StatusCounts.js';
import { nextFilter, orderFindings, type StatusFilter } from '../finding-order.js';
import { needsRecheck } from '../recheck-merge.js';
import { windowStart } from '../text-layout.js';
import { tint, useTheme } from '../theme-context.js';

export interface ResultsScreenProps {
  readonly report: Report;
  readonly isActive: boolean;
  /** Why the run ended early, when it did not finish on its own. */
  readonly note?: string | undefined;
  /** What the last re-check changed: `Re-check: 2 fixed, 1 still failing.` */
  readonly recheckNote?: string | undefined;
  readonly onNext: () => void;
  /** Reruns the failures and warnings; absent: no re-check is offered. */
  readonly onRecheck?: (() => void) | undefined;
}

/** Failures first; Enter opens one; Tab filters by status. */
export function ResultsScreen({ report, isActive, note, recheckNote, onNext, onRecheck }: ResultsScreenProps) {
  const theme = useTheme();
  const [filter, setFilter, filterRef] = useLiveState<StatusFilter>('all');
  const [cursor, setCursor, cursorRef] = useLiveState(0);
  const [start, setStart] = useLiveState(0);
  const [open, setOpen, openRef] = useLiveState(false);
  const findings = orderFindings(report.findings, filter);
  const selected = findings[Math.min(cursor, findings.length - 1)];
  const pick = () => orderFindings(report.findings, filterRef.current)[cursorRef.current];
  const canRecheck = onRecheck !== undefined && report.findings.some(needsRecheck);
  const cutShort = report.summary.incomplete ?? 0;
  // Rules, as the review counted them: a rule listed for several hosts is one rule.
  const elsewhereRules = new Set(report.elsewhere.map((e) => e.ruleId)).size;
  const stoppedNote = note ?? (report.interrupted ? `Stopped early: ${cutShort} target${cutShort === 1 ? '' : 's'} not finished (skip check.interrupted).` : cutShort > 0 ? `Incomplete: ${cutShort} target${cutShort === 1 ? '' : 's'} not finished in the time limit; not a pass.` : undefined);
  const extra = (stoppedNote !== undefined ? 1 : 0) + (recheckNote !== undefined ? 1 : 0) + (report.elsewhere.length > 0 ? 1 : 0);
  const size = Math.max(3, theme.rows - 5 - extra);
  const move = (to: number) => {
    const next = Math.max(0, Math.min(orderFindings(report.findings, filterRef.current).length - 1, to));
    setCursor(next);
    setStart((s) => windowStart(s, next, size, findings.length));
  };

  useInput(
    (input, key) => {
      if (openRef.current) return;
      const at = cursorRef.current;
      if (key.upArrow || input === 'k') move(at - 1);
      else if (key.downArrow || input === 'j') move(at + 1);
      else if (key.pageUp) move(at - size);
      else if (key.pageDown) move(at + size);
      else if (key.tab || input === 'f') {
        setFilter(nextFilter(filterRef.current));
        setCursor(0);
        setStart(0);
      } else if (key.return && pick()) setOpen(true);
      else if (input === 'r' && canRecheck) onRecheck?.();
      else if (input === 'n' || input === 'q' || key.escape) onNext();
    },
    { isActive: isActive && !open },
  );

  if (open && selected) return <FindingDetail finding={selected} isActive={isActive} onClose={() => setOpen(false)} />;

  const top = windowStart(start, cursor, size, findings.length);
  const { summary } = report;
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>Results  </Text>
        <StatusCounts counts={summary} />
      </Text>
      {stoppedNote !== undefined ? (
        <Text {...tint(theme, 'yellow')} wrap="truncate">
          {stoppedNote}
        </Text>
      ) : null}
      {recheckNote !== undefined ? (
        <Text {...tint(theme, 'cyan')} wrap="truncate">
          {recheckNote}
        </Text>
      ) : null}
      <Text dimColor>{`Showing: ${filter === 'all' ? 'all, failures first' : filter} (${findings.length})  Tab: ${nextFilter(filter)}`}</Text>
      <Box flexDirection="column" height={size}>
        {findings.length === 0 ? <Text>{`  Nothing with status ${filter}.`}</Text> : null}
        {findings.slice(top, top + size).map((finding, i) => (
          <ResultRow key={`${finding.target.host}:${finding.target.port}:${finding.target.via}:${top + i}`} finding={finding} selected={top + i === cursor} />
        ))}
      </Box>
      {report.elsewhere.length > 0 ? (
        <Text dimColor wrap="truncate">{`${elsewhereRules} more rule${elsewhereRules === 1 ? '' : 's'} must be checked from another machine (in the summary).`}</Text>
      ) : null}
      <KeyHints hints={['Enter details', 'Tab filter', ...(canRecheck ? ['r re-check failures'] : ['up/down move']), 'n next: save and quit']} />
    </Box>
  );
}
