// One helper around ink-testing-library: a themed render, keys by name, and waitFor instead of sleeps.
import type { ReactElement } from 'react';
import { render } from 'ink-testing-library';
import { ThemeProvider, type Theme } from '../../src/ui/theme-context.js';

export const KEY = {
  enter: '\r',
  up: '\u001B[A',
  down: '\u001B[B',
  left: '\u001B[D',
  right: '\u001B[C',
  escape: '\u001B',
  tab: '\t',
  space: ' ',
  backspace: '\u007F',
  ctrlC: '\u0003',
  ctrlU: '\u0015',
} as const;

export const THEME: Theme = { color: false, ascii: true, columns: 80, rows: 24 };

/** Lets Ink and React settle: pending input flushes, passive effects (key handlers) re-subscribe. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

export async function waitFor(predicate: () => boolean, describe: () => string = () => '', timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs}ms\n${describe()}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
  }
}

export function renderUi(node: ReactElement, theme: Partial<Theme> = {}) {
  const instance = render(<ThemeProvider theme={{ ...THEME, ...theme }}>{node}</ThemeProvider>);
  const frame = (): string => instance.lastFrame() ?? '';
  return {
    ...instance,
    frame,
    /** Writes each key and lets the UI settle before the next, as a person's keystrokes arrive. */
    async press(...keys: string[]): Promise<void> {
      for (const key of keys) {
        await settle();
        instance.stdin.write(key);
        await settle();
      }
    },
    async type(text: string): Promise<void> {
      await settle();
      instance.stdin.write(text);
      await settle();
    },
    /** Waits until the frame contains the text; fails with the frame when it never does. */
    async waitForText(text: string | RegExp, timeoutMs?: number): Promise<void> {
      const has = () => (typeof text === 'string' ? frame().includes(text) : text.test(frame()));
      await waitFor(has, () => `expected ${String(text)} in:\n${frame()}`, timeoutMs);
    },
  };
}
