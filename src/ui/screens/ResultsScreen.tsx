import { Box, Text, useInput } from 'ink';
import type { Report } from '../../report/index.js';
import { FindingDetail } from '../components/FindingDetail.js';
import { KeyHints } from '../components/KeyHints.js';
import { ResultLines } from '../components/ResultLines.js';
import { StatusCounts } from '../components/StatusCounts.js';
import { nextFilter, type StatusFilter } from '../finding-order.js';
import { useListCursor } from '../hooks/use-list-cursor.js';
import { useLiveState } from '../hooks/use-live-state.js';
import { needsRecheck } from '../recheck-merge.js';
import { resultList } from '../result-items.js';
import { tint, useTheme } from '../theme-context.js';
import { RootCauseScreen } from './RootCauseScreen.js';

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

/** Root causes first, then the findings they do not explain, failures first; Enter opens one; Tab filters by status. */
export function ResultsScreen({ report, isActive, note, recheckNote, onNext, onRecheck }: ResultsScreenProps) {
  const theme = useTheme();
  const [filter, setFilter, filterRef] = useLiveState<StatusFilter>('all');
  const [open, setOpen, openRef] = useLiveState(false);
  const list = resultList(report, filter);
  const listNow = () => resultList(report, filterRef.current);
  const canRecheck = onRecheck !== undefined && report.findings.some(needsRecheck);
  const cutShort = report.summary.incomplete ?? 0;
  // Rules, as the review counted them: a rule listed for several hosts is one rule.
  const elsewhereRules = new Set(report.elsewhere.map((e) => e.ruleId)).size;
  const stoppedNote = note ?? (report.interrupted ? `Stopped early: ${cutShort} target${cutShort === 1 ? '' : 's'} not finished (skip check.interrupted).` : cutShort > 0 ? `Incomplete: ${cutShort} target${cutShort === 1 ? '' : 's'} not finished in the time limit; not a pass.` : undefined);
  const extra = (stoppedNote !== undefined ? 1 : 0) + (recheckNote !== undefined ? 1 : 0) + (report.elsewhere.length > 0 ? 1 : 0);
  const size = Math.max(3, theme.rows - 5 - extra);
  const cursor = useListCursor(size);
  const selected = list.rows[Math.min(cursor.cursor, list.rows.length - 1)];

  useInput(
    (input, key) => {
      if (openRef.current) return;
      const at = cursor.cursorRef.current;
      if (key.upArrow || input === 'k') cursor.move(at - 1, listNow());
      else if (key.downArrow || input === 'j') cursor.move(at + 1, listNow());
      else if (key.pageUp) cursor.move(at - size, listNow());
      else if (key.pageDown) cursor.move(at + size, listNow());
      else if (key.tab || input === 'f') {
        setFilter(nextFilter(filterRef.current));
        cursor.reset();
      } else if (key.return && listNow().rows[at]) setOpen(true);
      else if (input === 'r' && canRecheck) onRecheck?.();
      else if (input === 'n' || input === 'q' || key.escape) onNext();
    },
    { isActive: isActive && !open },
  );

  if (open && selected?.kind === 'finding') return <FindingDetail finding={selected.finding} isActive={isActive} onClose={() => setOpen(false)} />;
  if (open && selected?.kind === 'cause') return <RootCauseScreen cause={selected.cause} findings={selected.findings} isActive={isActive} onClose={() => setOpen(false)} />;

  const { summary } = report;
  const order = list.hasRootCauses ? 'root causes first' : 'failures first';
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
      <Text dimColor>{`Showing: ${filter === 'all' ? `all, ${order}` : filter} (${list.rows.length})  Tab: ${nextFilter(filter)}`}</Text>
      <Box flexDirection="column" height={size}>
        {list.rows.length === 0 ? <Text>{`  Nothing with status ${filter}.`}</Text> : null}
        <ResultLines list={list} top={cursor.top(list)} size={size} cursor={cursor.cursor} />
      </Box>
      {report.elsewhere.length > 0 ? (
        <Text dimColor wrap="truncate">{`${elsewhereRules} more rule${elsewhereRules === 1 ? '' : 's'} must be checked from another machine (in the summary).`}</Text>
      ) : null}
      <KeyHints hints={['Enter details', 'Tab filter', ...(canRecheck ? ['r re-check failures'] : ['up/down move']), 'n next: save and quit']} />
    </Box>
  );
}
