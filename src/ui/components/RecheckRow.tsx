import { memo } from 'react';
import { Text } from 'ink';
import type { Finding } from '../../schema/index.js';
import type { RunRow } from '../run-state.js';
import { statusStyle } from '../status-style.js';
import { formatMs, padEnd } from '../text-layout.js';
import { tint, useTheme } from '../theme-context.js';

export interface RecheckRowProps {
  readonly row: RunRow;
  /** The target's finding before the re-check. */
  readonly before: Finding | undefined;
  /** Columns for the old outcome: the longest among the rows, so the label gets the rest. */
  readonly beforeWidth: number;
}

const NOW_WIDTH = 20;

/** `tcp.refused`, or `ok` for a pass. */
export function outcomeText(status: string, cause: string | undefined): string {
  return cause ?? (status === 'pass' ? 'ok' : status);
}

function now(row: RunRow): string {
  if (row.status === 'pending') return 'waiting';
  if (row.status === 'running') return `${row.step ?? 'starting'}...`;
  return outcomeText(row.status, row.cause);
}

/** `runai.jfrog.io:443   x tcp.refused -> + ok   12ms` */
function RecheckRowView({ row, before, beforeWidth }: RecheckRowProps) {
  const theme = useTheme();
  const after = statusStyle(row.status, theme.ascii);
  const old = statusStyle(before?.status ?? 'pending', theme.ascii);
  const done = row.status !== 'pending' && row.status !== 'running';
  const width = Math.max(16, theme.columns - 40 - beforeWidth);
  return (
    <Text wrap="truncate">
      {'  '}
      {padEnd(row.label, width)} <Text {...tint(theme, old.color)}>{old.symbol}</Text> <Text dimColor>{padEnd(before ? outcomeText(before.status, before.cause) : 'new', beforeWidth)}</Text>
      {' -> '}
      <Text {...tint(theme, after.color)}>{after.symbol}</Text>{' '}
      <Text dimColor={!done}>{padEnd(now(row), NOW_WIDTH)}</Text>
      <Text dimColor>{done ? formatMs(row.ms).padStart(7) : ''}</Text>
    </Text>
  );
}

export const RecheckRow = memo(RecheckRowView);
