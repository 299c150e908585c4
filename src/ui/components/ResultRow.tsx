import { memo } from 'react';
import { Text } from 'ink';
import type { Finding } from '../../schema/index.js';
import { targetLabel } from '../finding-order.js';
import { statusStyle } from '../status-style.js';
import { padEnd } from '../text-layout.js';
import { tint, useTheme } from '../theme-context.js';

export interface ResultRowProps {
  readonly finding: Finding;
  readonly selected: boolean;
}

/** `> x runai.jfrog.io:443   tcp.refused   runai.registry` */
function ResultRowView({ finding, selected }: ResultRowProps) {
  const theme = useTheme();
  const style = statusStyle(finding.status, theme.ascii);
  const labelWidth = Math.max(20, theme.columns - 48);
  return (
    <Text wrap="truncate" bold={selected}>
      <Text {...tint(theme, selected ? 'cyan' : undefined)}>{selected ? '> ' : '  '}</Text>
      <Text {...tint(theme, style.color)}>{style.symbol}</Text> {padEnd(targetLabel(finding.target), labelWidth)}{' '}
      {padEnd(finding.cause ?? (finding.status === 'pass' ? 'ok' : finding.status), 24)}{' '}
      <Text dimColor>{finding.ruleIds[0] ?? ''}</Text>
    </Text>
  );
}

export const ResultRow = memo(ResultRowView);
