import { memo } from 'react';
import { Text } from 'ink';
import type { RootCause } from '../../schema/index.js';
import { flatText } from '../root-cause-lines.js';
import { statusStyle } from '../status-style.js';
import { padEnd, truncate } from '../text-layout.js';
import { tint, useTheme } from '../theme-context.js';

export interface RootCauseRowProps {
  readonly cause: RootCause;
  /** How many of the report's findings it explains. */
  readonly explains: number;
  readonly selected: boolean;
  /** The title's and the count's columns, the same for every row of the list. */
  readonly titleWidth: number;
  readonly countWidth: number;
}

/** `explains 24` */
export function explainsText(explains: number): string {
  return `explains ${explains}`;
}

/** `> x This machine resolves no public names   explains 24   Resolver 10.0.0.2 answered NXDOMAIN...` */
function RootCauseRowView({ cause, explains, selected, titleWidth, countWidth }: RootCauseRowProps) {
  const theme = useTheme();
  const style = statusStyle(cause.status, theme.ascii);
  // The marker, the symbol, the title and the count take this much; the summary gets the rest of the line.
  const summaryWidth = theme.columns - 1 - (4 + titleWidth + 2 + countWidth + 2);
  return (
    <Text wrap="truncate" bold={selected}>
      <Text {...tint(theme, selected ? 'cyan' : undefined)}>{selected ? '> ' : '  '}</Text>
      <Text {...tint(theme, style.color)}>{style.symbol}</Text> {padEnd(flatText(cause.title), titleWidth)}{'  '}
      {padEnd(explainsText(explains), countWidth)}{'  '}
      <Text dimColor>{truncate(flatText(cause.summary), summaryWidth)}</Text>
    </Text>
  );
}

export const RootCauseRow = memo(RootCauseRowView);
