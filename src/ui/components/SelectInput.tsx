import { Box, Text, useInput } from 'ink';
import type { Choice } from '../../topology/index.js';
import { useLiveState } from '../hooks/use-live-state.js';
import { tint, useTheme } from '../theme-context.js';
import { truncate, windowStart } from '../text-layout.js';

export interface SelectInputProps {
  readonly choices: readonly Choice[];
  /** Selected values; a single select has one. */
  readonly value: readonly string[];
  readonly multiple: boolean;
  readonly isActive: boolean;
  /** Lines the list may take; longer lists scroll. */
  readonly height: number;
  readonly onSubmit: (values: readonly string[]) => void;
  readonly onCancel?: () => void;
}

export function SelectInput({ choices, value, multiple, isActive, height, onSubmit, onCancel }: SelectInputProps) {
  const theme = useTheme();
  const first = Math.max(0, choices.findIndex((c) => value.includes(c.value)));
  const [cursor, setCursor, cursorRef] = useLiveState(first);
  const [selected, setSelected, selectedRef] = useLiveState<readonly string[]>(value);
  const [start, setStart] = useLiveState(0);
  const size = Math.max(3, Math.min(height, choices.length));

  const move = (to: number) => {
    const next = (to + choices.length) % choices.length;
    setCursor(next);
    setStart((s) => windowStart(s, next, size, choices.length));
  };

  useInput(
    (input, key) => {
      const at = cursorRef.current;
      if (key.upArrow || input === 'k') move(at - 1);
      else if (key.downArrow || input === 'j') move(at + 1);
      else if (key.escape) onCancel?.();
      else if (multiple && input === ' ') {
        const v = choices[at]?.value;
        if (v !== undefined) setSelected((s) => (s.includes(v) ? s.filter((x) => x !== v) : [...s, v]));
      } else if (key.return) {
        const v = choices[at]?.value;
        if (multiple) onSubmit(choices.map((c) => c.value).filter((x) => selectedRef.current.includes(x)));
        else if (v !== undefined) onSubmit([v]);
      }
    },
    { isActive },
  );

  const top = windowStart(start, cursor, size, choices.length);
  const visible = choices.slice(top, top + size);
  const width = theme.columns - 8;
  return (
    <Box flexDirection="column">
      {top > 0 ? <Text dimColor>  {theme.ascii ? '^' : '↑'} {top} more</Text> : null}
      {visible.map((choice, i) => {
        const index = top + i;
        const here = index === cursor;
        const mark = multiple ? (selected.includes(choice.value) ? '[x] ' : '[ ] ') : '';
        const hint = choice.hint ? `  ${choice.hint}` : '';
        return (
          <Text key={choice.value} bold={here} {...tint(theme, here ? 'cyan' : undefined)} wrap="truncate">
            {here ? '> ' : '  '}
            {mark}
            {truncate(`${choice.label}${hint}`, width)}
          </Text>
        );
      })}
      {top + size < choices.length ? <Text dimColor>  {theme.ascii ? 'v' : '↓'} {choices.length - top - size} more</Text> : null}
    </Box>
  );
}
