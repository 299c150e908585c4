import { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Finding } from '../../schema/index.js';
import { findingLines, type LineTone } from '../finding-lines.js';
import { tint, useTheme, type Theme } from '../theme-context.js';
import { KeyHints } from './KeyHints.js';

export interface FindingDetailProps {
  readonly finding: Finding;
  readonly isActive: boolean;
  readonly onClose: () => void;
}

const STATUS_COLOR = { pass: 'green', warn: 'yellow', fail: 'red', skip: 'gray' } as const;

function toneProps(tone: LineTone, theme: Theme, finding: Finding): { bold?: boolean; color?: string } {
  switch (tone) {
    case 'title':
      return { bold: true, ...tint(theme, STATUS_COLOR[finding.status]) };
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

/** Evidence, explanation, remediation and the by-hand command of one finding; scrolls when long. */
export function FindingDetail({ finding, isActive, onClose }: FindingDetailProps) {
  const theme = useTheme();
  const lines = findingLines(finding, theme.columns - 2);
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
        <Text key={top + i} {...toneProps(line.tone, theme, finding)} wrap="truncate">
          {line.text === '' ? ' ' : line.text}
        </Text>
      ))}
      <KeyHints hints={[...(maxStart > 0 ? [`up/down scroll${more > 0 ? ` (${more} more lines)` : ''}`] : []), 'Esc back to the list']} />
    </Box>
  );
}
