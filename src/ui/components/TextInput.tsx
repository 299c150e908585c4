import { Text, useInput } from 'ink';
import { maskTypedUrl } from '../../mask-userinfo.js';
import { useLiveState } from '../hooks/use-live-state.js';
import { tint, useTheme } from '../theme-context.js';

export interface TextInputProps {
  readonly value: string;
  readonly isActive: boolean;
  /** Show the value with its credentials masked. */
  readonly secret?: boolean;
  readonly onSubmit: (value: string) => void;
  readonly onCancel?: () => void;
  readonly onChange?: () => void;
}

/** A one-line editor, prefilled; Backspace deletes, Ctrl-U clears, Enter accepts, Esc goes back. */
export function TextInput({ value, isActive, secret, onSubmit, onCancel, onChange }: TextInputProps) {
  const theme = useTheme();
  const [buffer, setBuffer, bufferRef] = useLiveState(value);
  useInput(
    (input, key) => {
      if (key.return) {
        onSubmit(bufferRef.current);
        return;
      }
      if (key.escape) onCancel?.();
      else if (key.backspace || key.delete) setBuffer((b) => b.slice(0, -1));
      else if (key.ctrl && input === 'u') setBuffer('');
      else if (!key.ctrl && !key.meta && !key.tab && !key.upArrow && !key.downArrow && input !== '') {
        // Pasted text arrives as one string: its first line is the value, and an Enter in it
        // (text typed or pasted with its newline) accepts, as the Enter key would.
        const [line = '', ...after] = input.split(/\r\n|\r|\n/);
        if (after.length > 0) {
          const text = bufferRef.current + line;
          setBuffer(text);
          onSubmit(text);
          return;
        }
        setBuffer((b) => b + line);
      } else return;
      onChange?.();
    },
    { isActive },
  );
  const shown = secret === true ? maskTypedUrl(buffer) : buffer;
  return (
    <Text wrap="truncate-start">
      <Text {...tint(theme, 'cyan')}>{'> '}</Text>
      {shown}
      <Text inverse>{' '}</Text>
    </Text>
  );
}
