import { createContext, useContext, type ReactNode } from 'react';

export interface Theme {
  readonly color: boolean;
  readonly ascii: boolean;
  /** Columns and rows the UI lays itself out in. */
  readonly columns: number;
  readonly rows: number;
}

const ThemeContext = createContext<Theme | undefined>(undefined);

export function ThemeProvider({ theme, children }: { readonly theme: Theme; readonly children: ReactNode }) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  const theme = useContext(ThemeContext);
  if (!theme) throw new Error('useTheme() needs a <ThemeProvider>');
  return theme;
}

/** Ink colour props only when colour is on (NO_COLOR, --no-color). */
export function tint(theme: Theme, color: string | undefined): { color?: string } {
  return theme.color && color !== undefined ? { color } : {};
}
