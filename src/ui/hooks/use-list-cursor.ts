import { itemWindow, type ResultList } from '../result-items.js';
import { useLiveState } from './use-live-state.js';

export interface ListCursor {
  readonly cursor: number;
  /** Current at once, for handlers that get several keys before a render. */
  readonly cursorRef: { readonly current: number };
  /** The first line of the window. */
  readonly top: (list: ResultList) => number;
  /** To row `to` of `list`, kept within it; the window moves as little as possible. */
  readonly move: (to: number, list: ResultList) => void;
  readonly reset: () => void;
}

/** A cursor over a list's rows in a window of `size` lines; headings take lines but are never selected. */
export function useListCursor(size: number): ListCursor {
  const [cursor, setCursor, cursorRef] = useLiveState(0);
  const [start, setStart] = useLiveState(0);
  return {
    cursor,
    cursorRef,
    top: (list) => itemWindow(start, list.at[cursor] ?? 0, size, list.items),
    move: (to, list) => {
      const next = Math.max(0, Math.min(list.rows.length - 1, to));
      setCursor(next);
      setStart((s) => itemWindow(s, list.at[next] ?? 0, size, list.items));
    },
    reset: () => {
      setCursor(0);
      setStart(0);
    },
  };
}
