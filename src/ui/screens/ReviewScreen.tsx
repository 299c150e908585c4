import { Box, Text, useInput } from 'ink';
import type { Topology } from '../../topology/index.js';
import { KeyHints } from '../components/KeyHints.js';
import { elsewhereByRoles } from '../rule-summary.js';
import { truncate } from '../text-layout.js';
import { tint, useTheme } from '../theme-context.js';
import type { RuleSummary } from '../types.js';

export interface ReviewScreenProps {
  readonly topology: Topology;
  /** The summary, or why it could not be made. */
  readonly summary: RuleSummary | { readonly error: string };
  readonly isActive: boolean;
  readonly onRun: () => void;
  readonly onExport: () => void;
  readonly onBack: () => void;
  readonly onQuit: () => void;
}

export function ReviewScreen({ topology, summary, isActive, onRun, onExport, onBack, onQuit }: ReviewScreenProps) {
  const theme = useTheme();
  const failed = 'error' in summary;
  useInput(
    (input, key) => {
      if (!failed && (key.return || input === 'r')) onRun();
      else if (!failed && input === 'e') onExport();
      else if (input === 'b' || key.escape) onBack();
      else if (input === 'q') onQuit();
    },
    { isActive },
  );
  const width = theme.columns - 2;
  const roles = topology.roles.join(', ');
  if ('error' in summary) {
    return (
      <Box flexDirection="column">
        <Text bold>Review</Text>
        <Text {...tint(theme, 'red')}>The rules could not be selected: {summary.error}</Text>
        <KeyHints hints={['b back to the answers', 'q quit']} />
      </Box>
    );
  }
  const groups = elsewhereByRoles(summary);
  const shown = groups.slice(0, Math.max(1, theme.rows - 14));
  const byRole = Object.entries(summary.byRole).map(([role, n]) => `${role} ${n}`).join(', ');
  return (
    <Box flexDirection="column">
      <Text bold>Review</Text>
      <Text>{truncate(`Platforms: ${topology.products.join(', ')}   This machine: ${roles}`, width)}</Text>
      <Box marginTop={1} flexDirection="column">
        <Text bold>{summary.total} rules apply to this site.</Text>
        <Text {...tint(theme, 'green')}>{`  ${summary.here} ${summary.here === 1 ? 'is' : 'are'} checked from this machine (${truncate(roles, width - 40)}).`}</Text>
        {summary.elsewhere.length > 0 ? (
          <Text {...tint(theme, 'yellow')}>{`  ${summary.elsewhere.length} must be checked from another machine:`}</Text>
        ) : (
          <Text>{'  None needs another machine.'}</Text>
        )}
        {shown.map(([from, n]) => (
          <Text key={from}>{truncate(`    from ${from}: ${n} rule${n === 1 ? '' : 's'}`, width)}</Text>
        ))}
        {groups.length > shown.length ? <Text dimColor>{`    and ${groups.length - shown.length} more role sets`}</Text> : null}
        {byRole !== '' ? <Text dimColor>{truncate(`  Rules per role: ${byRole}`, width)}</Text> : null}
      </Box>
      <Box marginTop={1}>
        <KeyHints hints={['Enter run the checks', 'e export the firewall request', 'b back to the answers', 'q quit']} />
      </Box>
    </Box>
  );
}
