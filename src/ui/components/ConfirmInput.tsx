import { Text, useInput } from 'ink';
import { useLiveState } from '../hooks/use-live-state.js';
import { tint, useTheme } from '../theme-context.js';

export interface ConfirmInputProps {
  readonly value: boolean;
  readonly isActive: boolean;
  readonly onSubmit: (value: boolean) => void;
  readonly onCancel?: () => void;
}

/** y / n answer at once; arrows move between them; Enter accepts the highlighted one. */
export function ConfirmInput({ value, isActive, onSubmit, onCancel }: ConfirmInputProps) {
  const theme = useTheme();
  const [yes, setYes, yesRef] = useLiveState(value);
  useInput(
    (input, key) => {
      if (input === 'y' || input === 'Y') onSubmit(true);
      else if (input === 'n' || input === 'N') onSubmit(false);
      else if (key.leftArrow || key.rightArrow || key.upArrow || key.downArrow || key.tab) setYes((v) => !v);
      else if (key.return) onSubmit(yesRef.current);
      else if (key.escape) onCancel?.();
    },
    { isActive },
  );
  return (
    <Text>
      <Text bold={yes} {...tint(theme, yes ? 'cyan' : undefined)}>{yes ? '> Yes' : '  Yes'}</Text>
      <Text>{'   '}</Text>
      <Text bold={!yes} {...tint(theme, yes ? undefined : 'cyan')}>{yes ? '  No' : '> No'}</Text>
    </Text>
  );
}
