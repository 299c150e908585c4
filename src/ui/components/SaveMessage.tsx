import { Text } from 'ink';
import type { SaveResult } from '../save-file.js';
import { tint, useTheme } from '../theme-context.js';

/** `Saved ...` in green, or why it could not be saved in red. */
export function SaveMessage({ result }: { readonly result: SaveResult | undefined }) {
  const theme = useTheme();
  if (!result) return null;
  return <Text {...tint(theme, result.ok ? 'green' : 'red')}>{result.text}</Text>;
}
