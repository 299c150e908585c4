import { useEffect, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Finding, SiteEvent } from '../../schema/index.js';
import { RunHeader } from '../components/RunHeader.js';
import { KeyHints } from '../components/KeyHints.js';
import { outcomeText, RecheckRow } from '../components/RecheckRow.js';
import { useRun, type RunEnd } from '../hooks/use-run.js';
import { findingsByKey } from '../recheck-merge.js';
import { followLine, type RunLine } from '../run-state.js';
import { tint, useTheme } from '../theme-context.js';
import type { RuleBrief } from '../types.js';

export interface RecheckScreenProps {
  readonly start: (signal: AbortSignal) => AsyncIterable<SiteEvent>;
  /** The findings being re-checked: each row shows its old outcome beside the new one. */
  readonly previous: readonly Finding[];
  readonly briefs: ReadonlyMap<string, RuleBrief>;
  readonly isActive: boolean;
  readonly onEnd: (end: RunEnd) => void;
  /** Aborted from outside (SIGTERM): stops like Ctrl-C. */
  readonly signal?: AbortSignal | undefined;
  /** How often events are applied (ms); tests use 0. */
  readonly flushMs?: number;
}

/** The failures checked again: one row each, old outcome -> new, as each finishes. */
export function RecheckScreen({ start, previous, briefs, isActive, onEnd, signal, flushMs }: RecheckScreenProps) {
  const theme = useTheme();
  const { state, stop } = useRun(start, briefs, onEnd, flushMs);
  const [since] = useState(() => Date.now());
  const [before] = useState(() => findingsByKey(previous));
  const [beforeWidth] = useState(() => Math.min(24, Math.max(4, ...previous.map((f) => outcomeText(f.status, f.cause).length))));

  useEffect(() => {
    if (!signal) return undefined;
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
    return () => signal.removeEventListener('abort', stop);
  }, [signal, stop]);

  useInput((input, key) => key.ctrl && input === 'c' && stop(), { isActive });

  const lines: RunLine[] = state.groups.flatMap((g) => g.keys.map((key): RunLine => ({ kind: 'row', key })));
  const size = Math.max(3, theme.rows - 5);
  const top = Math.min(followLine(lines, state.rows), Math.max(0, lines.length - size));
  const total = lines.length > 0 ? lines.length : previous.length;
  return (
    <Box flexDirection="column">
      <RunHeader
        title={`Re-checking ${total} target${total === 1 ? '' : 's'} that failed or warned`}
        since={since}
        running={!state.done}
        counts={state.counts}
        finished={state.finished}
        total={total}
      />
      <Box flexDirection="column" height={size}>
        {lines.slice(top, top + size).map((line) => {
          const row = line.kind === 'row' ? state.rows[line.key] : undefined;
          return row ? <RecheckRow key={row.key} row={row} before={before.get(row.key)} beforeWidth={beforeWidth} /> : null;
        })}
      </Box>
      {state.stopping ? (
        <Text {...tint(theme, 'yellow')}>Stopping: the targets not re-checked keep their earlier finding</Text>
      ) : state.error !== undefined ? (
        <Text {...tint(theme, 'red')} wrap="truncate">{`The re-check failed: ${state.error}`}</Text>
      ) : null}
      <KeyHints hints={['Ctrl-C stop (keeps the earlier findings)']} />
    </Box>
  );
}
