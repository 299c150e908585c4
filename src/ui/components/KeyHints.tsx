import { Text } from 'ink';
import { truncate } from '../text-layout.js';
import { useTheme } from '../theme-context.js';

/** The keys that work on this screen, one dim line. */
export function KeyHints({ hints }: { readonly hints: readonly string[] }) {
  const theme = useTheme();
  return <Text dimColor>{truncate(hints.join('  '), theme.columns - 1)}</Text>;
}
