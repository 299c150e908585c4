import { Box, Text } from 'ink';
import { KeyHints } from './KeyHints.js';
import { TextInput } from './TextInput.js';

export interface PathPromptProps {
  readonly title: string;
  readonly defaultPath: string;
  readonly isActive: boolean;
  readonly onSubmit: (path: string) => void;
  readonly onCancel: () => void;
}

/** Asks where to write a file, prefilled with a sensible name. */
export function PathPrompt({ title, defaultPath, isActive, onSubmit, onCancel }: PathPromptProps) {
  return (
    <Box flexDirection="column">
      <Text bold>{title}</Text>
      <TextInput value={defaultPath} isActive={isActive} onSubmit={(path) => path.trim() !== '' && onSubmit(path.trim())} onCancel={onCancel} />
      <KeyHints hints={['Enter save', 'Esc cancel']} />
    </Box>
  );
}
