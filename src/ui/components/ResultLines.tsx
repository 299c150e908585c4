import { Text } from 'ink';
import type { ResultList } from '../result-items.js';
import { tint, useTheme } from '../theme-context.js';
import { ResultRow } from './ResultRow.js';
import { flatText } from '../root-cause-lines.js';
import { RootCauseRow, explainsText } from './RootCauseRow.js';

export interface ResultLinesProps {
  readonly list: ResultList;
  /** The first line shown, and how many. */
  readonly top: number;
  readonly size: number;
  /** The selected row (an index into `list.rows`). */
  readonly cursor: number;
}

/** The visible window of a results list: headings, root causes, findings. */
export function ResultLines({ list, top, size, cursor }: ResultLinesProps) {
  const theme = useTheme();
  const selectedLine = list.at[cursor];
  const causes = list.rows.flatMap((row) => (row.kind === 'cause' ? [row] : []));
  // Columns as wide as the longest title (at most what leaves the summary room) and count.
  const titleWidth = Math.min(Math.max(16, ...causes.map((row) => flatText(row.cause.title).length)), Math.max(24, theme.columns - 40));
  const countWidth = Math.max(0, ...causes.map((row) => explainsText(row.findings.length).length));
  return (
    <>
      {list.items.slice(top, top + size).map((item, i) => {
        const line = top + i;
        switch (item.kind) {
          case 'heading':
            return (
              <Text key={`heading:${line}`} bold {...tint(theme, 'blue')} wrap="truncate">
                {item.text}
              </Text>
            );
          case 'cause':
            return (
              <RootCauseRow key={`cause:${item.cause.code}:${line}`} cause={item.cause} explains={item.findings.length} selected={line === selectedLine} titleWidth={titleWidth} countWidth={countWidth} />
            );
          case 'finding': {
            const t = item.finding.target;
            return <ResultRow key={`${t.host}:${t.port}:${t.via}:${line}`} finding={item.finding} selected={line === selectedLine} />;
          }
          default: {
            const unreachable: never = item;
            return unreachable;
          }
        }
      })}
    </>
  );
}
