import { memo } from 'react';
import { Text } from 'ink';
import { oneLine } from '../../report/index.js';
import type { RootCause } from '../../schema/index.js';
import { statusStyle } from '../status-style.js';
import { padEnd, truncate } from '../text-layout.js';
import { tint, useTheme } from '../theme-context.js';

export interface RootCauseRowProps {
  readonly cause: RootCause;
  /** How many of the report's findings it explains. */
  readonly explains: number;
  readonly selected: boolean;
}

/** `> x This machine resolves no public names   explains 24   Resolver 10.0.0.2 answered NXDOMAIN...` */
function RootCauseRowView({ cause, explains, selected }: RootCauseRowProps) {
  const theme = useTheme();
  const style = statusStyle(cause.status, theme.ascii);
  const titleWidth = Math.max(24, Math.min(48, theme.columns - 40));
  // What the marker, symbol, title and count take; the summary gets the rest of the line.
  const summaryWidth = theme.columns - 1 - (4 + titleWidth + 1 + 12 + 1);
  return (
    <Text wrap="truncate" bold={selected}>
      <Text {...tint(theme, selected ? 'cyan' : undefined)}>{selected ? '> ' : '  '}</Text>
      <Text {...tint(theme, style.color)}>{style.symbol}</Text> {padEnd(oneLine(cause.title), titleWidth)}{' '}
      {padEnd(`explains ${explains}`, 12)} <Text dimColor>{truncate(oneLine(cause.summary), summaryWidth)}</Text>
    </Text>
  );
}

export const RootCauseRow = memo(RootCauseRowView);
