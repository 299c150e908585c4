import { memo } from 'react';
import { Text } from 'ink';
import type { RunRow } from '../run-state.js';
import { statusStyle } from '../status-style.js';
import { formatMs, padEnd } from '../text-layout.js';
import { tint, useTheme } from '../theme-context.js';

export interface TargetRowProps {
  readonly row: RunRow;
  readonly labelWidth: number;
  /** Test hook: called on every render of this row. */
  readonly onRender?: ((key: string) => void) | undefined;
}

function what(row: RunRow): string {
  switch (row.status) {
    case 'pending':
      return 'waiting';
    case 'running':
      return `${row.step ?? 'starting'}...`;
    case 'pass':
      return 'ok';
    default:
      return row.cause ?? row.status;
  }
}

/** One target: symbol, host:port, the step in progress or the outcome, the time it took. */
function TargetRowView({ row, labelWidth, onRender }: TargetRowProps) {
  onRender?.(row.key);
  const theme = useTheme();
  const style = statusStyle(row.status, theme.ascii);
  const done = row.status !== 'pending' && row.status !== 'running';
  return (
    <Text wrap="truncate">
      {'  '}
      <Text {...tint(theme, style.color)}>{style.symbol}</Text> {padEnd(row.label, labelWidth)} <Text dimColor={!done}>{padEnd(what(row), 22)}</Text>
      <Text dimColor>{done ? formatMs(row.ms).padStart(7) : ''}</Text>
    </Text>
  );
}

export const TargetRow = memo(TargetRowView);
