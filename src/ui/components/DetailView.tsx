import { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Status } from '../../schema/index.js';
import type { DetailLine, LineTone } from '../finding-lines.js';
import { tint, useTheme, type Theme } from '../theme-context.js';
import { KeyHints } from './KeyHints.js';

export interface DetailViewProps {
  readonly lines: readonly DetailLine[];
  /** Colours the title line. */
  readonly status: Status;
  readonly isActive: boolean;
  readonly onClose: () => void;
  /** The hint for Esc: where closing goes. */
  readonly backHint?: string;
}

const STATUS_COLOR = { pass: 'green', warn: 'yellow', fail: 'red', skip: 'gray' } as const;

/** A detail line's look: the title in its status's colour, headings bold, commands cyan. */
export function toneProps(tone: LineTone, theme: Theme, status: Status): { bold?: boolean; color?: string } {
  switch (tone) {
    case 'title':
      return { bold: true, ...tint(theme, STATUS_COLOR[status]) };
    case 'heading':
      return { bold: true };
    case 'command':
      return tint(theme, 'cyan');
    case 'plain':
      return {};
    default: {
      const unreachable: never = tone;
      return unreachable;
    }
  }
}

/** Lines of a detail screen (a finding, a root cause) that scroll when long; Esc, Enter or Backspace close it. */
export function DetailView({ lines, status, isActive, onClose, backHint = 'Esc back to the list' }: DetailViewProps) {
  const theme = useTheme();
  const size = Math.max(3, theme.rows - 3);
  const maxStart = Math.max(0, lines.length - size);
  const [top, setTop] = useState(0);
  const scroll = (by: number) => setTop((t) => Math.max(0, Math.min(maxStart, t + by)));
  useInput(
    (input, key) => {
      if (key.escape || key.return || key.backspace || key.delete || key.leftArrow || input === 'b') onClose();
      else if (key.upArrow || input === 'k') scroll(-1);
      else if (key.downArrow || input === 'j') scroll(1);
      else if (key.pageUp) scroll(-size);
      else if (key.pageDown || input === ' ') scroll(size);
    },
    { isActive },
  );
  const more = lines.length - top - size;
  return (
    <Box flexDirection="column">
      {lines.slice(top, top + size).map((line, i) => (
        <Text key={top + i} {...toneProps(line.tone, theme, status)} wrap="truncate">
          {line.text === '' ? ' ' : line.text}
        </Text>
      ))}
      <KeyHints hints={[...(maxStart > 0 ? [`up/down scroll${more > 0 ? ` (${more} more lines)` : ''}`] : []), backHint]} />
    </Box>
  );
}
