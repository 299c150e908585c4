import { useEffect, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { SiteEvent } from '../../schema/index.js';
import { RunHeader } from '../components/RunHeader.js';
import { KeyHints } from '../components/KeyHints.js';
import { TargetRow } from '../components/TargetRow.js';
import { useRun, type RunEnd } from '../hooks/use-run.js';
import { followLine, runLines, visibleLines } from '../run-state.js';
import { truncate } from '../text-layout.js';
import { tint, useTheme } from '../theme-context.js';
import type { RuleBrief } from '../types.js';

export interface LiveRunScreenProps {
  readonly start: (signal: AbortSignal) => AsyncIterable<SiteEvent>;
  readonly briefs: ReadonlyMap<string, RuleBrief>;
  readonly isActive: boolean;
  /** Who is checking: `installer`, shown in the title. */
  readonly roles: string;
  readonly onEnd: (end: RunEnd) => void;
  /** Aborted from outside (SIGTERM): stops like Ctrl-C. */
  readonly signal?: AbortSignal | undefined;
  /** Test hook: counts row renders. */
  readonly onRowRender?: (key: string) => void;
  /** How often events are applied (ms); tests use 0 to render per event burst. */
  readonly flushMs?: number;
}

/** One row per target grouped by platform and section, in a window that fits the terminal and follows the work. */
export function LiveRunScreen({ start, briefs, isActive, roles, onEnd, signal, onRowRender, flushMs }: LiveRunScreenProps) {
  const theme = useTheme();
  const { state, stop } = useRun(start, briefs, onEnd, flushMs);
  const [since] = useState(() => Date.now());
  const [follow, setFollow] = useState(true);
  const [offset, setOffset] = useState(0);

  useEffect(() => {
    if (!signal) return undefined;
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
    return () => signal.removeEventListener('abort', stop);
  }, [signal, stop]);

  const lines = runLines(state.groups);
  const size = Math.max(3, theme.rows - 6);
  const maxStart = Math.max(0, lines.length - size);
  const top = Math.min(follow ? followLine(lines, state.rows) : offset, maxStart);
  const scroll = (by: number) => {
    setFollow(false);
    setOffset(Math.max(0, Math.min(maxStart, top + by)));
  };

  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') stop();
      else if (key.upArrow || input === 'k') scroll(-1);
      else if (key.downArrow || input === 'j') scroll(1);
      else if (key.pageUp) scroll(-size);
      else if (key.pageDown || input === ' ') scroll(size);
      else if (input === 'f') setFollow(true);
    },
    { isActive },
  );

  const total = Object.keys(state.rows).length;
  const labelWidth = Math.max(20, theme.columns - 36);
  return (
    <Box flexDirection="column">
      <RunHeader
        title={truncate(`Checking ${total} targets from this machine (${roles})`, theme.columns - 10)}
        since={since}
        running={!state.done}
        counts={state.counts}
        finished={state.finished}
        total={total}
      />
      <Box flexDirection="column" height={size}>
        {visibleLines(lines, top, size, state.rows).map((line) => {
          if (line.kind === 'group') {
            return (
              <Text key={`group:${line.label}`} bold {...tint(theme, 'blue')} wrap="truncate">
                {line.label}
              </Text>
            );
          }
          const row = state.rows[line.key];
          return row ? <TargetRow key={line.key} row={row} labelWidth={labelWidth} onRender={onRowRender} /> : null;
        })}
      </Box>
      {state.stopping ? (
        <Text {...tint(theme, 'yellow')}>Stopping: keeping what finished (Ctrl-C again to stop waiting)</Text>
      ) : state.error !== undefined ? (
        <Text {...tint(theme, 'red')}>{truncate(`The run failed: ${state.error}`, theme.columns - 1)}</Text>
      ) : null}
      <KeyHints hints={[`up/down scroll${follow ? '' : '  f follow'}`, 'Ctrl-C stop (keeps what finished)']} />
    </Box>
  );
}
