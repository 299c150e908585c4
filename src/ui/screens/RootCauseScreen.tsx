import { Box, Text, useInput } from 'ink';
import type { Finding, RootCause } from '../../schema/index.js';
import { DetailView, toneProps } from '../components/DetailView.js';
import { FindingDetail } from '../components/FindingDetail.js';
import { KeyHints } from '../components/KeyHints.js';
import { ResultLines } from '../components/ResultLines.js';
import type { DetailLine } from '../finding-lines.js';
import { useListCursor } from '../hooks/use-list-cursor.js';
import { useLiveState } from '../hooks/use-live-state.js';
import { findingList } from '../result-items.js';
import { rootCauseHeader, rootCauseLines } from '../root-cause-lines.js';
import { tint, useTheme } from '../theme-context.js';

export interface RootCauseScreenProps {
  readonly cause: RootCause;
  /** The findings it explains, in the order the list shows them. */
  readonly findings: readonly Finding[];
  readonly isActive: boolean;
  /** Back to the results list. */
  readonly onClose: () => void;
}

type View = 'list' | 'finding' | 'cause';

/** Lines besides the header and the list: the blank line, the list's heading, the key hints, and two spare as on the results screen. */
const CHROME = 5;

/** The header in at most `room` lines; a cut one ends by saying that `d` shows it all. */
function fitHeader(header: readonly DetailLine[], room: number): readonly DetailLine[] {
  if (header.length <= room) return header;
  return [...header.slice(0, room - 1), { text: `  ... ${header.length - room + 1} more lines: d shows the full root cause`, tone: 'plain' }];
}

/** A root cause: its summary, evidence, what to do and the command above the findings it explains; Enter opens one. */
export function RootCauseScreen({ cause, findings, isActive, onClose }: RootCauseScreenProps) {
  const theme = useTheme();
  const [view, setView, viewRef] = useLiveState<View>('list');
  const list = findingList(findings);
  const wanted = Math.min(Math.max(1, findings.length), Math.max(3, Math.floor(theme.rows / 3)));
  const header = fitHeader(rootCauseHeader(cause, theme.columns - 2), Math.max(3, theme.rows - CHROME - wanted));
  const size = Math.max(3, theme.rows - CHROME - header.length);
  const cursor = useListCursor(size);

  useInput(
    (input, key) => {
      if (viewRef.current !== 'list') return;
      const at = cursor.cursorRef.current;
      if (key.upArrow || input === 'k') cursor.move(at - 1, list);
      else if (key.downArrow || input === 'j') cursor.move(at + 1, list);
      else if (key.pageUp) cursor.move(at - size, list);
      else if (key.pageDown) cursor.move(at + size, list);
      else if (key.return && list.rows[at] !== undefined) setView('finding');
      else if (input === 'd') setView('cause');
      else if (key.escape || key.backspace || key.delete || key.leftArrow || input === 'b') onClose();
    },
    { isActive: isActive && view === 'list' },
  );

  const selected = list.rows[Math.min(cursor.cursor, list.rows.length - 1)];
  if (view === 'finding' && selected?.kind === 'finding') return <FindingDetail finding={selected.finding} isActive={isActive} onClose={() => setView('list')} />;
  if (view === 'cause') {
    return <DetailView lines={rootCauseLines(cause, theme.columns - 2)} status={cause.status} isActive={isActive} onClose={() => setView('list')} backHint="Esc back to the root cause" />;
  }
  return (
    <Box flexDirection="column">
      {header.map((line, i) => (
        <Text key={i} {...toneProps(line.tone, theme, cause.status)} wrap="truncate">
          {line.text}
        </Text>
      ))}
      <Text> </Text>
      <Text bold {...tint(theme, 'blue')} wrap="truncate">{`Findings it explains (${findings.length})`}</Text>
      <Box flexDirection="column" height={size}>
        <ResultLines list={list} top={cursor.top(list)} size={size} cursor={cursor.cursor} />
      </Box>
      <KeyHints hints={['Enter details', 'd full root cause', 'up/down move', 'Esc back to the root causes']} />
    </Box>
  );
}
